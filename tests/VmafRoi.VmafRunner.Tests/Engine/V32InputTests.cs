using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Features.Adm;
using VmafRoi.VmafRunner.Engine.Output;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine;

/// <summary>The integer inputs of the VMAF v1.0.16 models (ADM3 with CSF mode 2, motion3 with the HFR options) against libvmaf 3.2.0.</summary>
public sealed class V32InputTests(ITestOutputHelper output)
{
    /// <summary>The v1.0.16 models' ADM options (3d0h: 1080 lines at 3 heights).</summary>
    internal static readonly Dictionary<string, object> AdmOptions = new()
    {
        ["adm_dlm_weight"] = 0.7, ["adm_enhn_gain_limit"] = 1.0, ["adm_noise_weight"] = 0.02, ["adm_min_val"] = 0.5, ["adm_csf_mode"] = 2,
    };

    public static IEnumerable<object[]> Cases() =>
        from c in GoldenCase.All()
        from model in new[] { "vmaf_v1.0.16_3d0h", "vmaf_v1.0.16_hfr_3d0h" }
        where File.Exists(c.LibvmafOutput("3.2.0", model, scalar: true))
        select new object[] { c.Id, model };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Adm3_aim_and_motion3_with_the_v1_0_16_options_match_libvmaf_3_2_0(string caseId, string model)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        var motion = new Dictionary<string, object> { ["motion_max_val"] = 18.0 };
        if (model.Contains("hfr", StringComparison.Ordinal))
        {
            motion["motion_five_frame_window"] = true;
            motion["motion_moving_average"] = true;
        }

        var options = new VmafEngineOptions { MotionVariant = MotionVariant.V3_2, Features = [new FeatureRequest("adm", AdmOptions), new FeatureRequest("motion", motion)] };
        VmafScores scores = GoldenRuns.Run(c, [], options);
        var golden = LibvmafJson.Load(c.LibvmafOutput("3.2.0", model, scalar: true));
        GoldenAccuracyTests.Comparison result = GoldenAccuracyTests.Compare(scores, golden, VmafJsonFlavor.V3_2_0, requireAll: true, IsIntegerAdmOrMotion);
        output.WriteLine($"{caseId} {model}: {result.Matched}/{result.Total} ADM/motion values matched exactly");

        // adm2, aim, adm3, four scales, motion sad/2/3: per frame and pooled four ways.
        Assert.Equal(10 * (golden.Frames.Count + 4), result.Total);
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
    }

    private static bool IsIntegerAdmOrMotion(string name) =>
        name.StartsWith("integer_", StringComparison.Ordinal) || name.StartsWith("VMAF_integer_feature_motion", StringComparison.Ordinal);

    [Theory]
    [InlineData("adm_norm_view_dist=1.5", "below 3240")]
    [InlineData("adm_csf_mode=2:adm_ref_display_height=1440", "no CSF table")]
    [InlineData("adm_csf_mode=1", "Barten")]
    [InlineData("adm_ref_display_height=1080.5", "whole number")]
    [InlineData("adm_noise_weight=2000", "out of range")]
    public void Adm_settings_libvmaf_cannot_compute_are_refused_with_the_reason(string options, string reason)
    {
        var opts = options.Split(':').Select(o => o.Split('=')).ToDictionary(p => p[0], p => (object)p[1]);
        string? why = FeatureRegistry.WhyNotComputable(IntegerAdmExtractor.Adm3, opts);
        Assert.NotNull(why);
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void The_v1_0_16_adm_options_name_every_adm_key_like_libvmaf()
    {
        FeatureSettings s = FeatureSettings.Create(IntegerAdmExtractor.V32, AdmOptions);
        Assert.Equal("integer_adm3_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02", s.FeatureName(IntegerAdmExtractor.Adm3));
        Assert.Equal("integer_aim_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02", s.FeatureName(IntegerAdmExtractor.Aim));
        // Suffixes sort by option name (strcmp): adm_noise_weight before adm_norm_view_dist.
        FeatureSettings uhd = FeatureSettings.Create(IntegerAdmExtractor.V32, new Dictionary<string, object>(AdmOptions) { ["nvd"] = 1.5, ["rdh"] = 2160 });
        Assert.Equal("integer_adm2_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02_nvd_1.5_rdh_2160", uhd.FeatureName(IntegerAdmExtractor.Adm2));
        Assert.Null(FeatureRegistry.WhyNotComputable(IntegerAdmExtractor.Adm3, uhd.Extractor.Options.ToDictionary(o => o.Name, o => (object)uhd[o.Name])));
    }

    [Fact]
    public void Aim_and_adm3_need_libvmaf_3_2_mode()
    {
        Assert.Equal("adm", FeatureRegistry.ByFeature(IntegerAdmExtractor.Adm3, MotionVariant.V3_2).Name);
        var ex = Assert.Throws<VmafRoi.Contracts.InvalidInputException>(() => FeatureRegistry.ByFeature(IntegerAdmExtractor.Aim, MotionVariant.V3_0));
        Assert.Contains("3.2", ex.Message, StringComparison.Ordinal);
        Assert.Same(IntegerAdmExtractor.Instance, FeatureRegistry.ByName("adm"));
        Assert.Same(IntegerAdmExtractor.V32, FeatureRegistry.ByName("adm", MotionVariant.V3_2));
    }
}
