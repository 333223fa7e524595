using System.Globalization;
using VmafRoi.TestShared;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.Saliency.Tests;

/// <summary>
/// How far the default model agrees with the pretrained one on real clips (README §2.2 B, §2.4 item 7). The numbers
/// are reported, not gated: only sanity (finite, better than chance on average) and temporal stability are asserted.
/// </summary>
public sealed class ClipAgreementTests(ITestOutputHelper output)
{
    private const int Step = 10;

    [Fact]
    public void Classic_model_agreement_with_deeplab_objectness_on_the_shared_clips()
    {
        using OnnxSaliencyModel classic = SaliencyModels.Load(SaliencyModels.ClassicName);
        using OnnxSaliencyModel deeplab = SaliencyModels.Load(PretrainedModelTests.DeepLabPath, PretrainedModelTests.DeepLabOptions);
        output.WriteLine($"every {Step}th frame at native size; AUC positives = objectness > 0.5; matrix auto (BT.601 < 720 lines, BT.709 from 720)");
        output.WriteLine("clip                          frames  cc(classic)  AUC(classic)  cc(centre)  AUC(centre)  tCC(classic)");
        var aucs = new List<double>();
        foreach (string clip in new[] { "carphone_qcif_120f.mkv", "chaplin_360p_120f.mkv", "bigbuckbunny_720p_132f.mp4" })
        {
            (int frames, double cc, double auc, double ccCenter, double aucCenter, double tcc) = Measure(clip, classic, deeplab);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clip,-30}{frames,6}  {cc,11:F3}  {auc,12:F3}  {ccCenter,10:F3}  {aucCenter,11:F3}  {tcc,12:F3}"));

            Assert.True(double.IsFinite(cc) && double.IsFinite(auc), $"{clip}: cc {cc}, AUC {auc}");
            Assert.True(tcc >= 0.95, $"{clip}: temporal correlation {tcc:F3} < 0.95 on a static-camera clip");
            aucs.Add(auc);
        }

        Assert.True(aucs.Average() > 0.55, $"mean AUC {aucs.Average():F3} is not clearly above chance");
    }

    private static (int Frames, double Cc, double Auc, double CcCenter, double AucCenter, double Tcc) Measure(string clip, OnnxSaliencyModel classic, OnnxSaliencyModel deeplab)
    {
        using FrameSource source = FrameReader.Open(SharedData.File("clips", clip));
        int width = source.Geometry.Width;
        int height = source.Geometry.Height;
        float[] ours = new float[width * height];
        float[] previous = new float[width * height];
        float[] reference = new float[width * height];
        bool[] positive = new bool[width * height];
        float[] center = TestImages.CentreGaussian(width, height, 0.25);
        var cc = new List<double>();
        var auc = new List<double>();
        var ccCenter = new List<double>();
        var aucCenter = new List<double>();
        var tcc = new List<double>();
        int frames = 0;
        while (true)
        {
            using YuvFrame? frame = source.ReadNext();
            if (frame is null)
            {
                break;
            }

            classic.Predict(frame, ours);
            deeplab.Predict(frame, reference);
            for (int i = 0; i < positive.Length; i++)
            {
                positive[i] = reference[i] > 0.5f;
            }

            cc.Add(TestImages.Pearson(ours, reference));
            ccCenter.Add(TestImages.Pearson(center, reference));
            double a = TestImages.RocAuc(ours, positive);
            if (!double.IsNaN(a))
            {
                auc.Add(a);
                aucCenter.Add(TestImages.RocAuc(center, positive));
            }

            if (frames > 0)
            {
                tcc.Add(TestImages.Pearson(ours, previous));
            }

            ours.CopyTo(previous, 0);
            frames++;
            source.Skip(Step - 1);
        }

        double Mean(List<double> values) => values.Count == 0 ? double.NaN : values.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        return (frames, Mean(cc), Mean(auc), Mean(ccCenter), Mean(aucCenter), Mean(tcc));
    }
}
