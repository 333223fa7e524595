using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters;
using VmafRoi.EncoderAdapters.Adapters;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.EncoderAdapters.Prefilter;
using VmafRoi.TestShared;
using Xunit.Abstractions;

namespace VmafRoi.Tuning.Tests;

/// <summary>
/// The done-when on the shared natural clips, with the subject box as the exact saliency mask: at matched size
/// an x264 and an x265 ROI encode beat the plain one inside the salient region (PSNR and ROI-VMAF of the region) and
/// lose outside it; the SVT-AV1 prefilter raises the region's scores too.
/// </summary>
public sealed class MatchedSizeTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, string, double> Cases => new()
    {
        { "libx264", "carphone", "medium", 26 },
        { "libx265", "foreman", "fast", 30 },
        { "libsvtav1", "carphone", "10", 42 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void At_matched_size_the_roi_encode_wins_inside_the_subject_and_loses_outside(string encoder, string clipName, string preset, double crf)
    {
        using var folder = new TempFolder();
        const int Frames = 30;
        string clip = clipName == "carphone" ? NaturalClips.Carphone(Frames) : NaturalClips.Foreman(Frames);
        (int width, int height) = clipName == "carphone" ? (176, 144) : (352, 288);
        (int x0, int y0, int x1, int y1) = NaturalClips.MeanBox(clipName, Frames);
        string model = TestModels.Write(folder, "box", TestModels.BoxMask(width, height, x0, y0, x1, y1));
        var request = new SaliencyEncodeRequest
        {
            Source = clip,
            Encoder = encoder,
            Output = folder.File("roi.mkv"),
            SaliencyModel = model,
            Settings = new EncodeSettings { Preset = preset, Crf = crf },
            Plan = new PlanOptions { SalientOffset = -6 },
            Prefilter = new PrefilterOptions { Passes = 1, Strength = 0.5f },
        };

        using SaliencyEncodeSession session = SaliencyEncoder.Start(request);
        // Weight 1: the ROI score is the subject's own (everything outside it is the reference).
        var scoring = new ScoreSetup { Source = clip, SaliencyModel = model, Sidecar = session.Prepared.Sidecar, Weight = 1 };
        SaliencyEncodeVerify verify = MatchedSizeVerifier.Verify(session, scoring);
        output.WriteLine($"{encoder} on {clipName}: matched by {verify.MatchedBy} at crf {verify.PlainCrf}, size ratio {verify.SizeRatio}; delta {ContractJson.Serialize(verify.Delta)}");

        Assert.True(session.Report.RoiApplied);
        Assert.InRange(verify.SizeRatio, 0.9, 1.1);
        Assert.True(verify.Delta.PsnrInside > 0, $"PSNR inside: {verify.Delta.PsnrInside}");
        Assert.True(verify.Delta.VmafRoi > 0, $"ROI-VMAF of the subject: {verify.Delta.VmafRoi}");
        Assert.True(verify.Delta.PsnrOutside < 0, $"PSNR outside: {verify.Delta.PsnrOutside}");
        Assert.Equal(verify.Roi.VmafMasked, verify.Roi.VmafRoi, 9);
        Assert.InRange(verify.InsideFraction, 0.1, 0.6);
    }
}
