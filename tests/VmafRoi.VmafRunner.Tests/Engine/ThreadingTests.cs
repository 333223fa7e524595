using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Tests.Engine;

public sealed class ThreadingTests
{
    [Theory]
    [InlineData("s01_testsrc2_576x324_x264crf32")]
    [InlineData("s14_mandelbrot_576x324_yuv420p10le_x265crf32")]
    [InlineData("s09_smptehdbars_noise_1920x1080_x264crf32")]
    public void Threads_1_2_and_3_give_identical_results_in_identical_order(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        VmafModel[] models = [GoldenRuns.Model("vmaf_v0.6.1"), GoldenRuns.Model("vmaf_v0.6.1neg", "vmaf_neg")];
        VmafScores one = GoldenRuns.Run(c, models, new VmafEngineOptions { Threads = 1 });
        foreach (int threads in new[] { 2, 3 })
        {
            VmafScores many = GoldenRuns.Run(c, models, new VmafEngineOptions { Threads = threads });
            AssertIdentical(one, many, $"threads={threads}");
        }
    }

    [Theory]
    [InlineData("s10_mandelbrot_box_1366x768_x264crf32")]
    [InlineData("s16_gradients_320x240_yuv420p16le_bicubic_half")]
    [InlineData("s11_testsrc2_64x48_x264crf32")]
    public void Every_vector_width_reproduces_the_scalar_run_on_golden_frames(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        VmafModel[] models = [GoldenRuns.Model("vmaf_v0.6.1"), GoldenRuns.Model("vmaf_v0.6.1neg", "vmaf_neg")];
        var debug = new FeatureRequest[] { new("vif", new Dictionary<string, object> { ["debug"] = true }), new("adm", new Dictionary<string, object> { ["debug"] = true }) };
        VmafScores scalar = GoldenRuns.Run(c, models, new VmafEngineOptions { VectorWidth = VectorWidth.Scalar, Features = debug, FrameCount = 6 });
        foreach (VectorWidth width in new[] { VectorWidth.V128, VectorWidth.V256, VectorWidth.V512 })
        {
            VmafScores vector = GoldenRuns.Run(c, models, new VmafEngineOptions { VectorWidth = width, Features = debug, FrameCount = 6, Threads = 2 });
            AssertIdentical(scalar, vector, width.ToString());
        }
    }

    [Fact]
    public void Two_models_share_identical_extractors_and_match_separate_runs()
    {
        GoldenCase c = GoldenCase.Get("s07_foreman_352x288_x264crf32");
        VmafScores both = GoldenRuns.Run(
            c,
            [GoldenRuns.Model("vmaf_v0.6.1"), GoldenRuns.Model("vmaf_v0.6.1neg", "vmaf_neg")],
            new VmafEngineOptions { CollectTimings = true });

        // adm, motion and vif for v0.6.1; adm and vif again with egl=1 for neg; one motion.
        Assert.Equal(["adm", "motion", "vif", "adm:adm_enhn_gain_limit=1", "vif:vif_enhn_gain_limit=1"], both.Timings!.Extractors.Keys.ToArray());
        VmafScores alone = GoldenRuns.Get(c, "vmaf_v0.6.1neg");
        for (int i = 0; i < c.Frames; i++)
        {
            Assert.Equal(alone.Features.Get("vmaf", i), both.Features.Get("vmaf_neg", i));
            Assert.Equal(GoldenRuns.Get(c, "vmaf_v0.6.1").Features.Get("vmaf", i), both.Features.Get("vmaf", i));
        }
    }

    internal static void AssertIdentical(VmafScores expected, VmafScores actual, string what)
    {
        Assert.Equal(expected.FrameCount, actual.FrameCount);
        Assert.Equal(expected.Features.Names, actual.Features.Names);
        foreach (FeatureVector v in expected.Features.Vectors)
        {
            FeatureVector other = actual.Features.Find(v.Name)!;
            Assert.Equal(v.Capacity, other.Capacity);
            for (int i = 0; i < v.Capacity; i++)
            {
                Assert.Equal(v.TryGet(i, out double a), other.TryGet(i, out double b));
                Assert.True(BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b), $"{what}: {v.Name}[{i}] {a:R} vs {b:R}");
            }
        }
    }
}
