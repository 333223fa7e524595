using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features.SpeedChroma;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class SpeedChromaTests(ITestOutputHelper output)
{
    /// <summary>The SpEED options of vmaf_v1.0.16_3d0h (feature_opts_dicts), as the model loader passes them.</summary>
    private static readonly Dictionary<string, object> V1016Options = new()
    {
        ["speed_kernelscale"] = 1.0,
        ["speed_nn_floor"] = 0.1,
        ["speed_sigma_nn"] = 0.19,
        ["speed_weight_var_mode"] = 5,
        ["speed_max_val"] = 45.0,
    };

    public static IEnumerable<object[]> ScoredCases() => CambiSpeedGolden.CaseIds("s11");

    [Theory]
    [MemberData(nameof(ScoredCases))]
    public void V1016_options_print_u_v_uv_as_in_both_v1016_golden_files(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        SpeedChromaExtractor speed = Create(c, SpeedChromaOptions.Parse(V1016Options));
        string[] keys = ["speed_chroma_u_mxv_45_nnf_0.1_snn_0.19_wvm_5", "speed_chroma_v_mxv_45_nnf_0.1_snn_0.19_wvm_5", "speed_chroma_uv_mxv_45_nnf_0.1_snn_0.19_wvm_5"];
        Assert.Equal(keys, speed.FeatureNames);
        IReadOnlyDictionary<int, string>[] golden = keys.Select(k => CambiSpeedGolden.Printed(c, "vmaf_v1.0.16_3d0h", k)).ToArray();
        for (int k = 0; k < keys.Length; k++)
        {
            Assert.Equal(golden[k], CambiSpeedGolden.Printed(c, "vmaf_v1.0.16_hfr_3d0h", keys[k]));
        }

        var mismatches = new List<string>();
        int compared = 0;
        foreach (int f in CambiSpeedGolden.Frames(c, 48))
        {
            double[] scores = Extract(c, speed, f);
            for (int k = 0; k < keys.Length; k++)
            {
                string ours = CambiSpeedGolden.Print(scores[k]);
                if (ours != golden[k][f])
                {
                    mismatches.Add($"frame {f} {keys[k]}: ours {ours} ({scores[k]:R}), libvmaf {golden[k][f]}");
                }
            }

            compared++;
        }

        Assert.True(mismatches.Count == 0, $"{caseId}: {mismatches.Count} values differ\n{string.Join('\n', mismatches.Take(10))}");
        output.WriteLine($"{caseId}: {compared} frames x 3 values, chroma {speed.ChromaWidth}x{speed.ChromaHeight}, {speed.Blocks} blocks");
    }

    internal static SpeedChromaExtractor Create(GoldenCase c, SpeedChromaOptions options) =>
        new(options, c.Width, c.Height, c.Geometry.Format.Chroma, c.BitDepth);

    internal static double[] Extract(GoldenCase c, SpeedChromaExtractor speed, int f)
    {
        using YuvFrame r = CambiSpeedGolden.ReadFrame(c, reference: true, f);
        using YuvFrame d = CambiSpeedGolden.ReadFrame(c, reference: false, f);
        int stride = c.Geometry.ChromaPlane.Width;
        return (c.BitDepth > 8
            ? speed.Extract(r.Plane16(1), r.Plane16(2), d.Plane16(1), d.Plane16(2), stride)
            : speed.Extract(r.Plane8(1), r.Plane8(2), d.Plane8(1), d.Plane8(2), stride)).ToArray();
    }
}
