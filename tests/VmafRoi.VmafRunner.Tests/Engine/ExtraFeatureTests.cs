using System.Globalization;
using System.Text.RegularExpressions;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.VmafRunner.Engine.Output;
using VmafRoi.VmafRunner.Output;
using VmafRoi.VmafRunner.Tests.Engine.Features;

namespace VmafRoi.VmafRunner.Tests.Engine;

/// <summary>
/// libvmaf 3.2.0's extra extractors (psnr, float_ssim, float_ms_ssim, psnr_hvs, ciede, cambi, speed_chroma, the float
/// VMAF features) run through the engine: whole output files against libvmaf's, key order, de-duplication, refusals.
/// </summary>
public sealed partial class ExtraFeatureTests
{
    /// <summary>One case per feature where its kernel does something particular (layouts, depths), all frames.</summary>
    public static TheoryData<string, string> FeatureCases() => new()
    {
        { "s12_gradients_720x480_yuv422p_x264crf32", "psnr" },
        { "s16_gradients_320x240_yuv420p16le_bicubic_half", "psnr" },
        { "s14_mandelbrot_576x324_yuv420p10le_x265crf32", "float_ssim" },
        { "s13_mandelbrot_box_640x360_yuv444p_x264crf32", "float_ms_ssim" },
        { "s15_testsrc2_384x216_yuv420p12le_x265crf30", "psnr_hvs" },
        { "s12_gradients_720x480_yuv422p_x264crf32", "ciede" },
        { "s16_gradients_320x240_yuv420p16le_bicubic_half", "cambi" },
        { "s13_mandelbrot_box_640x360_yuv444p_x264crf32", "cambi" },
    };

    [Theory]
    [MemberData(nameof(FeatureCases))]
    public void Feature_json_is_libvmaf_3_2_0_scalar_byte_for_byte_except_fps(string caseId, string feature)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        string golden = File.ReadAllText(Path.Combine(c.Folder, $"libvmaf-3.2.0-scalar.feature.{feature}.json"));

        VmafScores scores = GoldenRuns.Run(c, [], new VmafEngineOptions { Features = [new FeatureRequest(feature)] });

        AssertSameText(golden, VmafJsonWriter.ToJson(scores, VmafJsonFlavor.V3_2_0, Fps(golden)));
    }

    [Theory]
    [InlineData("s15_testsrc2_384x216_yuv420p12le_x265crf30")]
    [InlineData("s12_gradients_720x480_yuv422p_x264crf32")]
    public void Float_model_json_is_libvmaf_3_2_0_scalar_byte_for_byte_except_fps(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        string golden = File.ReadAllText(c.LibvmafOutput("3.2.0", "vmaf_float_v0.6.1", scalar: true));

        VmafScores scores = GoldenRuns.Run(c, [GoldenRuns.Model("vmaf_float_v0.6.1")], new VmafEngineOptions());

        AssertSameText(golden, VmafJsonWriter.ToJson(scores, VmafJsonFlavor.V3_2_0, Fps(golden)));
    }

    /// <summary>Files made with libvmaf 3.2.0's CLI (Engine/Features/Data/README.md): aggregates, suffixed names, key order with a model.</summary>
    [Theory]
    [InlineData("s15-psnr-ssim-cambi", "json")]
    [InlineData("s15-psnr-ssim-cambi", "xml")]
    [InlineData("s15-psnr-ssim-cambi", "csv")]
    [InlineData("s15-float-model", "json")]
    [InlineData("s15-float-model", "xml")]
    [InlineData("s15-float-model", "csv")]
    public void Output_files_equal_libvmaf_3_2_0_cli_files_except_fps(string run, string format)
    {
        string golden = File.ReadAllText(FeatureGolden.DataFile($"{run}.{format}"));

        VmafScores scores = S15Run(run, threads: 1);

        string ours = format switch
        {
            "json" => VmafJsonWriter.ToJson(scores, VmafJsonFlavor.V3_2_0, Fps(golden)),
            "xml" => XmlFps().Replace(VmafTextWriters.Xml(scores, VmafJsonFlavor.V3_2_0), XmlFps().Match(golden).Value),
            _ => VmafTextWriters.Csv(scores, VmafJsonFlavor.V3_2_0),
        };
        AssertSameText(golden, ours);
    }

    [Fact]
    public void Two_threads_give_the_one_thread_output_with_temporal_and_per_frame_extractors()
    {
        string one = VmafJsonWriter.ToJson(S15Run("s15-float-model", threads: 1), VmafJsonFlavor.V3_2_0, fps: 1);
        string two = VmafJsonWriter.ToJson(S15Run("s15-float-model", threads: 2), VmafJsonFlavor.V3_2_0, fps: 1);

        Assert.Equal(one, two);
    }

    /// <summary>Non-default feature parameters rename the keys by libvmaf's rule; the v1.0.16 golden files hold those keys.</summary>
    [Fact]
    public void Cambi_and_speed_chroma_with_model_options_print_the_v1_0_16_golden_keys_and_values()
    {
        GoldenCase c = GoldenCase.Get("s01_testsrc2_576x324_x264crf32");
        var options = new VmafEngineOptions
        {
            FrameCount = 4,
            Features =
            [
                new FeatureRequest("cambi", new Dictionary<string, object> { ["cambi_high_res_speedup"] = 1080.0, ["cambi_vis_lum_threshold"] = 0.06, ["cambi_max_val"] = 17.0 }),
                new FeatureRequest("speed_chroma", new Dictionary<string, object> { ["speed_kernelscale"] = 1.0, ["speed_nn_floor"] = 0.1, ["speed_sigma_nn"] = 0.19, ["speed_weight_var_mode"] = 5.0, ["speed_max_val"] = 45.0 }),
            ],
        };
        LibvmafJson golden = LibvmafJson.Load(c.LibvmafOutput("3.2.0", "vmaf_v1.0.16_3d0h", scalar: true));

        VmafScores scores = GoldenRuns.Run(c, [], options);

        string[] keys = ["cambi_hrs_1080_cmxv_17_vlt_0.06", "speed_chroma_u_mxv_45_nnf_0.1_snn_0.19_wvm_5", "speed_chroma_v_mxv_45_nnf_0.1_snn_0.19_wvm_5", "speed_chroma_uv_mxv_45_nnf_0.1_snn_0.19_wvm_5"];
        Assert.Equal(keys, scores.Features.Names);
        for (int i = 0; i < 4; i++)
        {
            List<(string Name, string Text)> expected = golden.Frames[i].Metrics;
            Assert.All(keys, k => Assert.Equal(expected.Single(m => m.Name == k).Text, VmafJsonWriter.Number(scores.Features.Get(k, i), VmafJsonFlavor.V3_2_0)));
        }
    }

    [Fact]
    public void A_second_psnr_request_with_other_options_is_dropped_as_libvmaf_does()
    {
        GoldenCase c = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        var options = new VmafEngineOptions
        {
            FrameCount = 2,
            Features =
            [
                new FeatureRequest("psnr", new Dictionary<string, object> { ["enable_mse"] = true }),
                new FeatureRequest("psnr", new Dictionary<string, object> { ["enable_chroma"] = false }),
                new FeatureRequest("float_ssim"),
            ],
        };

        VmafScores scores = GoldenRuns.Run(c, [], options);

        Assert.Equal(["psnr_y", "mse_y", "psnr_cb", "mse_cb", "psnr_cr", "mse_cr", "float_ssim"], scores.Features.Names);
    }

    [Theory]
    [InlineData("s11_testsrc2_64x48_x264crf32", "float_ms_ssim", typeof(InvalidInputException))]
    [InlineData("s11_testsrc2_64x48_x264crf32", "cambi", typeof(InvalidInputException))]
    [InlineData("s16_gradients_320x240_yuv420p16le_bicubic_half", "psnr_hvs", typeof(UnsupportedFormatException))]
    public void Inputs_libvmaf_refuses_are_refused_before_any_frame_with_a_typed_error(string caseId, string feature, Type error)
    {
        GoldenCase c = GoldenCase.Get(caseId);

        Exception thrown = Assert.ThrowsAny<Exception>(() => GoldenRuns.Run(c, [], new VmafEngineOptions { Features = [new FeatureRequest(feature)] }));

        Assert.IsType(error, thrown);
        Assert.Contains(feature, thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cambi", "no_such_option", "1")]
    [InlineData("cambi", "eotf", "hlg")]
    [InlineData("float_vif", "vif_kernelscale", "9")]
    [InlineData("float_ssim", "scale", "11")]
    public void Bad_options_name_the_extractor_and_option(string feature, string option, string value)
    {
        GoldenCase c = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        var request = new FeatureRequest(feature, new Dictionary<string, object> { [option] = value });

        var thrown = Assert.Throws<InvalidInputException>(() => GoldenRuns.Run(c, [], new VmafEngineOptions { Features = [request] }));

        Assert.Contains(feature, thrown.Message, StringComparison.Ordinal);
        Assert.Contains(option, thrown.Message, StringComparison.Ordinal);
    }

    private static VmafScores S15Run(string run, int threads)
    {
        GoldenCase c = GoldenCase.Get("s15_testsrc2_384x216_yuv420p12le_x265crf30");
        IReadOnlyList<FeatureRequest> features = run == "s15-psnr-ssim-cambi"
            ? [new FeatureRequest("psnr", new Dictionary<string, object> { ["enable_apsnr"] = true }), new FeatureRequest("float_ssim"), new FeatureRequest("cambi")]
            : [new FeatureRequest("float_adm", new Dictionary<string, object> { ["adm_enhn_gain_limit"] = 1.2 }), new FeatureRequest("cambi", new Dictionary<string, object> { ["cambi_max_val"] = 17.0, ["cambi_vis_lum_threshold"] = 0.06 })];
        IReadOnlyList<VmafModel> models = run == "s15-psnr-ssim-cambi" ? [] : [GoldenRuns.Model("vmaf_float_v0.6.1")];
        return GoldenRuns.Run(c, models, new VmafEngineOptions { FrameCount = 6, Threads = threads, Features = features });
    }

    private static double Fps(string json) =>
        double.Parse(Regex.Match(json, "\"fps\": ([0-9.]+),").Groups[1].Value, CultureInfo.InvariantCulture);

    private static void AssertSameText(string expected, string actual)
    {
        if (expected == actual)
        {
            return;
        }

        string[] e = expected.Split('\n'), a = actual.Split('\n');
        int line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
        Assert.Fail($"first difference at line {line + 1}: libvmaf '{(line < e.Length ? e[line] : "<end>")}' ours '{(line < a.Length ? a[line] : "<end>")}'");
    }

    [GeneratedRegex("<fyi fps=\"[^\"]*\" />")]
    private static partial Regex XmlFps();
}
