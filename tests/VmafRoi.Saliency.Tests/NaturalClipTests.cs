using System.Globalization;
using VmafRoi.Saliency.Evaluation;
using VmafRoi.TestShared;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.Saliency.Tests;

/// <summary>
/// vmafroi_v2 against the subject boxes of the shared natural clips (shared/saliency/eval), on a window of each clip
/// (the model sees every frame of the window in order, as it must; AUC is taken on every few frames with a box), next
/// to the centred Gaussian (σ = 0.25 of the frame). The full evaluation over every frame, with classic_v1, mass in the
/// box and the ROI separation test, is eng/bench/VmafRoi.Bench.SaliencyEval (docs/saliency.md).
/// </summary>
public sealed class NaturalClipTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("carphone", "clips/carphone_qcif_120f.mkv", 0, 120, 4)]
    [InlineData("foreman", "vmaf/golden/s07_foreman_352x288_x264crf32/ref.mkv", 0, 48, 3)]
    [InlineData("chaplin", "clips/chaplin_360p_120f.mkv", 70, 120, 1)]
    [InlineData("bbb", "clips/bigbuckbunny_720p_132f.mp4", 0, 60, 6)]
    public void Default_model_beats_the_centre_gaussian_on_subject_box_auc_and_does_not_flicker(string clip, string path, int first, int end, int step)
    {
        SubjectBoxes boxes = SubjectBoxes.Load(SharedData.File("saliency", "eval", $"{clip}.boxes.json"));
        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.DefaultName);
        using FrameSource source = FrameReader.Open(SharedData.File(path.Split('/')));
        int width = source.Geometry.Width;
        int height = source.Geometry.Height;
        float[] mask = new float[width * height];
        float[] centre = TestImages.CentreGaussian(width, height, 0.25);
        bool[] inside = new bool[width * height];
        source.Skip(first);
        var ours = new List<double>();
        var theirs = new List<double>();
        var steadiness = new List<double>();
        float[] previous = new float[width * height];
        while (source.ReadNext() is { } frame)
        {
            using (frame)
            {
                if (frame.Index >= end)
                {
                    break;
                }

                model.Predict(frame, mask);
                if (frame.Index > first)
                {
                    steadiness.Add(TestImages.Pearson(mask, previous));
                }

                mask.CopyTo(previous, 0);
                if (boxes[frame.Index] is { Count: > 0 } b && (frame.Index - first) % step == 0)
                {
                    SubjectBoxes.Rasterise(b, width, height, inside);
                    ours.Add(MaskScores.Auc(mask, inside));
                    theirs.Add(MaskScores.Auc(centre, inside));
                }
            }
        }

        double v2 = ours.Average();
        double baseline = theirs.Average();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clip}: frames {first}..{end - 1}, AUC on {ours.Count} frames with a box: vmafroi_v2 {v2:F3}, centre Gaussian {baseline:F3} (+{v2 - baseline:F3}); consecutive masks correlate {steadiness.Average():F3} on average, {steadiness.Min():F3} at least"));
        Assert.True(ours.Count >= 4, $"only {ours.Count} frames with a box");
        Assert.True(v2 > baseline + 0.02, $"vmafroi_v2 AUC {v2:F3} does not beat the centre Gaussian's {baseline:F3} by 0.02");

        // No flicker: a mask looks like the one before it (temporal smoothing, faces carried over missed frames).
        Assert.True(steadiness.Average() >= 0.95, $"consecutive masks correlate {steadiness.Average():F3} on average");
    }
}
