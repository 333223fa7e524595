using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters;
using VmafRoi.EncoderAdapters.Adapters;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.TestShared;
using Xunit.Abstractions;

namespace VmafRoi.Tuning.Tests;

/// <summary>A real CRF search on a shared natural clip, saliency-aware and plain.</summary>
public sealed class CrfSearchTests(ITestOutputHelper output)
{
    [Fact]
    public void The_search_brackets_the_target_and_compares_with_plain_encodes()
    {
        using var folder = new TempFolder();
        (int x0, int y0, int x1, int y1) = NaturalClips.MeanBox("carphone", 24);
        string model = TestModels.Write(folder, "box", TestModels.BoxMask(176, 144, x0, y0, x1, y1));
        var request = new CrfSearchRequest
        {
            Encode = new SaliencyEncodeRequest
            {
                Source = NaturalClips.Carphone(24),
                Encoder = "libx264",
                Output = "unused.mkv",
                SaliencyModel = model,
                Settings = new EncodeSettings { Preset = "veryfast" },
                Plan = new PlanOptions { SalientOffset = -6 },
            },
            Target = 95,
            TargetKind = TargetKinds.VmafRoi,
            ComparePlain = true,
            Scoring = new ScoreSetup { Source = string.Empty, Weight = 1 },
        };

        CrfSearchReport report = CrfSearch.Run(request);
        output.WriteLine(ContractJson.Serialize(report));

        Assert.True(report.Result.TargetMet);
        Assert.Equal("addroi", report.RoiMechanism);
        Assert.Equal(24, report.FramesSampled);
        Assert.InRange(report.Result.PredictedScore, 95, 95.5);
        Assert.Contains(report.Result.Trace, p => p.Score >= 95);
        Assert.Contains(report.Result.Trace, p => p.Score < 95);
        Assert.All(report.Result.Trace, p => Assert.NotNull(p.VmafRoi));
        Assert.NotNull(report.Plain);
        Assert.True(report.Plain!.TargetMet);

        // Inside-the-subject target: the saliency plan reaches it with fewer bits than the plain encode.
        Assert.True(report.BitrateSavingPercent > 0, $"saving {report.BitrateSavingPercent} %");
    }
}
