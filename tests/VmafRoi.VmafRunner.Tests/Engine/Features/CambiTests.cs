using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features.Cambi;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class CambiTests(ITestOutputHelper output)
{
    /// <summary>The CAMBI options every vmaf_v1.0.16 model sets (feature_opts_dicts), as the model loader passes them.</summary>
    private static readonly Dictionary<string, object> V1016Options = new()
    {
        ["cambi_high_res_speedup"] = 1080.0,
        ["cambi_vis_lum_threshold"] = 0.06,
        ["cambi_max_val"] = 17.0,
    };

    public static IEnumerable<object[]> ScoredCases() => CambiSpeedGolden.CaseIds("s11");

    [Theory]
    [MemberData(nameof(ScoredCases))]
    public void Default_cambi_prints_every_frame_as_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        var cambi = new CambiExtractor(CambiOptions.Default, c.Width, c.Height, c.BitDepth);
        Assert.Equal(["Cambi_feature_cambi_score"], cambi.FeatureNames);
        IReadOnlyDictionary<int, string> golden = CambiSpeedGolden.Printed(c, "feature.cambi", "cambi");
        int compared = CompareFrames(c, cambi, golden, CambiSpeedGolden.Frames(c, 48));
        output.WriteLine($"{caseId}: {compared} frames, window {cambi.WindowSize}");
    }

    [Theory]
    [MemberData(nameof(ScoredCases))]
    public void V1016_model_options_print_as_in_both_v1016_golden_files(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        var cambi = new CambiExtractor(CambiOptions.Parse(V1016Options), c.Width, c.Height, c.BitDepth);
        const string key = "cambi_hrs_1080_cmxv_17_vlt_0.06";
        Assert.Equal([key], cambi.FeatureNames);
        IReadOnlyDictionary<int, string> golden = CambiSpeedGolden.Printed(c, "vmaf_v1.0.16_3d0h", key);
        Assert.Equal(golden, CambiSpeedGolden.Printed(c, "vmaf_v1.0.16_hfr_3d0h", key));
        int compared = CompareFrames(c, cambi, golden, CambiSpeedGolden.Frames(c, c.Width >= 1920 ? 8 : 12));
        output.WriteLine($"{caseId}: {compared} frames, window {cambi.WindowSize}, speed-up {cambi.HighResSpeedup}");
    }

    private static int CompareFrames(GoldenCase c, CambiExtractor cambi, IReadOnlyDictionary<int, string> golden, IEnumerable<int> frames)
    {
        var mismatches = new List<string>();
        int compared = 0;
        foreach (int f in frames)
        {
            using YuvFrame dis = CambiSpeedGolden.ReadFrame(c, reference: false, f);
            ReadOnlySpan<double> scores = c.BitDepth > 8
                ? cambi.Extract(f, default, dis.Plane16(0), c.Width)
                : cambi.Extract(f, default, dis.Plane8(0), c.Width);
            string ours = CambiSpeedGolden.Print(scores[0]);
            if (ours != golden[f])
            {
                mismatches.Add($"frame {f}: ours {ours} ({scores[0]:R}), libvmaf {golden[f]}");
            }

            compared++;
        }

        Assert.True(mismatches.Count == 0, $"{c.Id}: {mismatches.Count}/{compared} frames differ\n{string.Join('\n', mismatches.Take(10))}");
        return compared;
    }
}
