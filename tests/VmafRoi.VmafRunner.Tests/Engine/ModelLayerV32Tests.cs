using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.VmafRunner.Engine.Output;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine;

/// <summary>libvmaf 3.2.0's model layer: every built-in file, the v1.0.16 transform and chroma correction, bootstrap collections.</summary>
public sealed class ModelLayerV32Tests(ITestOutputHelper output)
{
    public static TheoryData<string> BuiltInNames() => [.. BuiltInModels.Names];

    /// <summary>Accepts every feature: lets the tests load models whose extractors are registered elsewhere.</summary>
    private sealed class AcceptAll : IModelFeatureResolver
    {
        public string? WhyNotComputable(string feature, IReadOnlyDictionary<string, object> options) => null;
    }

    private static VmafModel Load(string name, IModelFeatureResolver? resolver = null) =>
        new ModelLocator([]).Load(ModelSpec.Parse(name), new VmafModelOptions { Features = resolver });

    [Fact]
    public void All_seventeen_libvmaf_3_2_0_names_are_built_in()
    {
        Assert.Equal(17, BuiltInModels.Names.Count);
        Assert.Contains("vmaf_v1.0.16_hfr_1d5h_2160", BuiltInModels.Names);
        Assert.Contains("vmaf_float_b_v0.6.3", BuiltInModels.Names);
    }

    [Theory]
    [MemberData(nameof(BuiltInNames))]
    public void Every_built_in_model_file_loads_with_its_transform_correction_and_collection(string name)
    {
        VmafModel model = Load(name, new AcceptAll());

        Assert.Equal("vmaf", model.Name);
        Assert.Equal(name.Contains("_b_", StringComparison.Ordinal) ? 20 : 0, model.Members.Count);
        if (name.StartsWith("vmaf_v1.0.16", StringComparison.Ordinal))
        {
            Assert.Equal(120.0, model.ChromaCorrection);
            Assert.NotNull(model.Transform);
            Assert.Equal(name.EndsWith("3d0h_2160", StringComparison.Ordinal) ? 110.0 : 100.0, model.Clip!.Value.Max);
            Assert.Equal(4, model.Features.Count);
        }
        else
        {
            Assert.Null(model.ChromaCorrection);
            Assert.Null(model.Transform);
        }
    }

    [Fact]
    public void The_v1_0_16_prediction_is_bit_exact_from_libvmaf_full_precision_inputs()
    {
        // spec-3.2.0 10: s01 frames 0 and 1 (cambi, speed_chroma_uv, adm3, motion3) → vmaf, libvmaf 3.2.0 %.17g.
        VmafModel model = Load("vmaf_v1.0.16_3d0h", new AcceptAll());
        Assert.Equal(93.588319068178961, model.Predict([0.53504390288349379, 0.88206839561462402, 0.97459706034717497, 2.0574538410118741]));
        Assert.Equal(92.473901543235613, model.Predict([0.30492865812310233, 1.0892213582992554, 0.97073840728544281, 2.0574538410118741]));
    }

    [Fact]
    public void A_zero_speed_chroma_input_is_replaced_by_120_times_one_minus_adm3_bit_exactly()
    {
        // s16 (flat 16-bit chroma: cambi and SpEED are exactly 0); adm3 and motion3 from this engine over a 3-frame run.
        GoldenCase c = GoldenCase.Get("s16_gradients_320x240_yuv420p16le_bicubic_half");
        var options = new VmafEngineOptions
        {
            MotionVariant = MotionVariant.V3_2,
            FrameCount = 3,
            Features = [new FeatureRequest("adm", V32InputTests.AdmOptions), new FeatureRequest("motion", new Dictionary<string, object> { ["motion_max_val"] = 18.0 })],
        };
        VmafScores scores = GoldenRuns.Run(c, [], options);
        VmafModel model = Load("vmaf_v1.0.16_3d0h", new AcceptAll());
        double[] expected = [94.409893197488543, 94.463500636757402];
        for (int i = 0; i < 2; i++)
        {
            double adm3 = scores.Features.Get("integer_adm3_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02", i);
            double motion3 = scores.Features.Get("integer_motion3_mmxv_18", i);
            Assert.Equal(expected[i], model.Predict([0, 0, adm3, motion3]));
        }
    }

    public static IEnumerable<object[]> V1016Cases() =>
        from c in GoldenCase.All()
        from model in new[] { "vmaf_v1.0.16_3d0h", "vmaf_v1.0.16_hfr_3d0h" }
        where File.Exists(c.LibvmafOutput("3.2.0", model, scalar: true))
        select new object[] { c.Id, model };

    [Theory]
    [MemberData(nameof(V1016Cases))]
    public void The_v1_0_16_scores_follow_from_the_printed_inputs_of_every_golden_frame(string caseId, string model)
    {
        // The golden inputs are printed with 6 decimals, so the prediction agrees to about 1e-4, not bit for bit.
        GoldenCase c = GoldenCase.Get(caseId);
        VmafModel m = Load(model, new AcceptAll());
        var golden = LibvmafJson.Load(c.LibvmafOutput("3.2.0", model, scalar: true));
        double worst = 0;
        var frameScores = new List<double>();
        foreach ((int frame, List<(string Name, string Text)> metrics) in golden.Frames)
        {
            double Value(string prefix) => double.Parse(metrics.First(x => x.Name.StartsWith(prefix, StringComparison.Ordinal)).Text, CultureInfo.InvariantCulture);
            double ours = m.Predict([Value("cambi"), Value("speed_chroma_uv"), Value("integer_adm3"), Value("integer_motion3")]);
            frameScores.Add(ours);
            worst = Math.Max(worst, Math.Abs(ours - Value("vmaf")));
        }

        double mean = double.Parse(golden.Pooled.First(p => p.Name == "vmaf").Methods.First(x => x.Method == "mean").Text, CultureInfo.InvariantCulture);
        output.WriteLine($"{caseId} {model}: largest per-frame difference {worst:E2}");
        Assert.True(worst < 2e-3, $"{caseId} {model}: per-frame difference {worst}");
        Assert.True(Math.Abs(frameScores.Average() - mean) < 2e-3);
    }

    [Fact]
    public void The_2160_model_corrects_a_singular_chroma_and_clips_at_110()
    {
        VmafModel model = Load("vmaf_v1.0.16_3d0h_2160", new AcceptAll());
        Assert.Equal((0.0, 110.0), model.Clip);

        // A very clean frame with zero SpEED: 120·(1 − adm3) replaces it, and the score may pass 100.
        double score = model.Predict([0.0, 0.0, 1.0, 0.0]);
        Assert.True(score > 100 && score <= 110, score.ToString("R", CultureInfo.InvariantCulture));
    }

    public static IEnumerable<object[]> BootstrapCases() =>
        GoldenCase.All().Where(c => File.Exists(c.LibvmafOutput("3.2.0", "vmaf_b_v0.6.3", scalar: true))).Select(c => new object[] { c.Id });

    [Theory]
    [MemberData(nameof(BootstrapCases))]
    public void Vmaf_b_v0_6_3_matches_libvmaf_3_2_0_on_every_frame_member_and_confidence_value(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        VmafScores scores = GoldenRuns.Run(c, [Load("vmaf_b_v0.6.3")], new VmafEngineOptions { MotionVariant = MotionVariant.V3_2 });
        var golden = LibvmafJson.Load(c.LibvmafOutput("3.2.0", "vmaf_b_v0.6.3", scalar: true));
        GoldenAccuracyTests.Comparison result = GoldenAccuracyTests.Compare(scores, golden, VmafJsonFlavor.V3_2_0, requireAll: true);
        output.WriteLine($"{caseId} vmaf_b_v0.6.3: {result.Matched}/{result.Total} values matched exactly");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
        Assert.Equal(
            ["vmaf", .. Enumerable.Range(1, 20).Select(k => $"vmaf_{k:0000}"), "vmaf_bagging", "vmaf_stddev", "vmaf_ci_p95_lo", "vmaf_ci_p95_hi"],
            scores.Features.Names.SkipWhile(n => !n.StartsWith("vmaf", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_bootstrap_aggregates_are_bit_exact_to_libvmaf_on_the_first_frames()
    {
        // spec-3.2.0 10: s01, a 2-frame run.
        GoldenCase c = GoldenCase.Get("s01_testsrc2_576x324_x264crf32");
        VmafScores s = GoldenRuns.Run(c, [Load("vmaf_b_v0.6.3")], new VmafEngineOptions { MotionVariant = MotionVariant.V3_2, FrameCount = 2 });
        Assert.Equal(87.920585597277736, s.Features.Get("vmaf", 0));
        Assert.Equal(87.113736638041814, s.Features.Get("vmaf_bagging", 0));
        Assert.Equal(3.2848299233625848, s.Features.Get("vmaf_stddev", 0));
        Assert.Equal(79.449558966242108, s.Features.Get("vmaf_ci_p95_lo", 0));
        Assert.Equal(91.896316597187919, s.Features.Get("vmaf_ci_p95_hi", 0));
        Assert.Equal(88.981947600127981, s.Features.Get("vmaf_bagging", 1));
        Assert.Equal(2.8589945775783514, s.Features.Get("vmaf_stddev", 1));
    }

    [Theory]
    [InlineData("vmaf_v0.6.1", null, MotionVariant.V3_0)]
    [InlineData("vmaf_b_v0.6.3", null, MotionVariant.V3_0)]
    [InlineData("vmaf_b_v0.6.3", MotionVariant.V3_2, MotionVariant.V3_2)]
    [InlineData("vmaf_v1.0.16_3d0h", null, MotionVariant.V3_2)]
    [InlineData("vmaf_v1.0.16_hfr_1d5h_2160", MotionVariant.V3_2, MotionVariant.V3_2)]
    [InlineData("vmaf_float_v0.6.1", null, MotionVariant.V3_2)]
    public void The_release_a_run_reproduces_is_asked_or_implied_by_its_models(string model, MotionVariant? asked, MotionVariant expected)
    {
        Assert.Equal(expected, FeatureRegistry.VersionFor(asked, [Load(model)], []));
    }

    [Fact]
    public void Extra_features_imply_3_2_and_an_explicit_3_0_refuses_a_model_only_3_2_computes()
    {
        Assert.Equal(MotionVariant.V3_2, FeatureRegistry.VersionFor(null, [Load("vmaf_v0.6.1")], [new FeatureRequest("psnr")]));
        var ex = Assert.Throws<VmafModelException>(() => FeatureRegistry.VersionFor(MotionVariant.V3_0, [Load("vmaf_v1.0.16_3d0h")], []));
        Assert.Contains("exists only in libvmaf 3.2.0", ex.Message);
    }

    [Fact]
    public void The_library_scores_a_v1_0_16_model_as_3_2_0_with_default_options()
    {
        GoldenCase c = GoldenCase.Get("s15_testsrc2_384x216_yuv420p12le_x265crf30");
        VmafScores s = GoldenRuns.Run(c, [Load("vmaf_v1.0.16_3d0h")], new VmafEngineOptions { FrameCount = 3 });
        var golden = LibvmafJson.Load(c.LibvmafOutput("3.2.0", "vmaf_v1.0.16_3d0h", scalar: true));

        Assert.Equal(MotionVariant.V3_2, s.Version);
        Assert.Equal("3.2.0", s.LibvmafVersion);
        Assert.Equal(golden.Frames[0].Metrics.Single(m => m.Name == "vmaf").Text, VmafJsonWriter.Number(s.Features.Get("vmaf", 0), VmafJsonFlavor.V3_2_0));
    }

    [Fact]
    public void A_model_naming_a_feature_the_engine_lacks_fails_at_load_with_the_feature_named()
    {
        string json = BuiltInModels.ReadText("vmaf_v1.0.16_3d0h").Replace("Cambi_feature_cambi_score", "Cambi_feature_made_up_score", StringComparison.Ordinal);
        var ex = Assert.Throws<VmafModelException>(() => VmafModelLoader.Parse(json, "made-up"));
        Assert.Contains("Cambi_feature_made_up_score", ex.Message);
        Assert.Contains("not computed by this engine", ex.Message);
        Assert.DoesNotContain("adm3", ex.Message);
    }

    [Fact]
    public void A_model_with_adm_options_the_engine_refuses_fails_at_load_with_the_reason()
    {
        string json = BuiltInModels.ReadText("vmaf_v0.6.1neg").Replace("\"adm_enhn_gain_limit\": 1.0", "\"adm_enhn_gain_limit\": 1.0, \"adm_norm_view_dist\": 1.0", StringComparison.Ordinal);
        Assert.NotEqual(BuiltInModels.ReadText("vmaf_v0.6.1neg"), json);
        var ex = Assert.Throws<VmafModelException>(() => VmafModelLoader.Parse(json, "neg-nvd1"));
        Assert.Contains("below 3240", ex.Message);
    }

    [Theory]
    [InlineData(50.0, 50.0)]
    [InlineData(-10.0, -10.0)]
    [InlineData(150.0, 150.0)]
    public void Knots_map_piecewise_linearly_and_extend_past_the_ends_like_libvmaf(double x, double y)
    {
        var t = new ScoreTransform { Enabled = true, Knots = [(0.0, 0.0), (20.0, 20.0), (100.0, 100.0)] };
        Assert.Equal(y, t.Apply(x));
        var flat = new ScoreTransform { Enabled = true, Knots = [(0.0, 0.0), (90.0, 100.0), (120.0, 100.0)] };
        Assert.Equal(100.0, flat.Apply(130.0));
    }
}
