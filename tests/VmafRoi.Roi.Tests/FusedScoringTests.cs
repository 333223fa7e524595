using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner;

namespace VmafRoi.Roi.Tests;

/// <summary>
/// The managed engine's one-pass ROI score equals the two-run path (a masked clip on disk, scored again) at every
/// printed decimal, in fact bit for bit, on golden cases of every layout, with the default saliency model and hard masks.
/// </summary>
public sealed class FusedScoringTests
{
    public static TheoryData<string, int> Cases() => new()
    {
        { "s07_foreman_352x288_x264crf32", 2 },
        { "s14_mandelbrot_576x324_yuv420p10le_x265crf32", 1 },
        { "s12_gradients_720x480_yuv422p_x264crf32", 2 },
        { "s16_gradients_320x240_yuv420p16le_bicubic_half", 1 },
        { "s11_testsrc2_64x48_x264crf32", 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fused_substitution_equals_the_two_run_path_with_the_default_saliency_model(string id, int threads)
    {
        GoldenCase c = GoldenCase.Get(id);
        RoiScoreRequest request = Request(c) with { SaliencyModel = "default", Threads = threads };
        AssertSame(RoiScorer.Run(request with { SinglePass = false, Threads = 1 }), RoiScorer.Run(request), id);
    }

    [Fact]
    public void Fused_substitution_equals_the_two_run_path_with_a_moving_hard_box_mask()
    {
        GoldenCase c = GoldenCase.Get("s07_foreman_352x288_x264crf32");
        RoiScoreRequest request = Request(c) with
        {
            MaskSource = () => new BoxMask(i => (40 + (3 * i), 30 + i, 200 + (3 * i), 150 + (2 * i))),
            Threshold = 0,
            Fade = 0,
            Threads = 2,
        };
        RoiScoreRun fused = RoiScorer.Run(request);
        AssertSame(RoiScorer.Run(request with { SinglePass = false }), fused, "box");
        Assert.True(fused.Fused);
        Assert.Equal("box", fused.Result.SaliencyModel);
    }

    [Fact]
    public void Pooled_scores_do_not_depend_on_the_thread_count()
    {
        GoldenCase c = GoldenCase.Get("s14_mandelbrot_576x324_yuv420p10le_x265crf32");
        RoiScoreRequest request = Request(c) with { SaliencyModel = "default", Method = RoiMethod.Pooled };
        RoiScoreRun one = RoiScorer.Run(request with { Threads = 1 });
        RoiScoreRun two = RoiScorer.Run(request with { Threads = 2 });
        Assert.Equal(ContractJson.Serialize(one.Result with { Frames = one.Frames }), ContractJson.Serialize(two.Result with { Frames = two.Frames }));
    }

    internal static RoiScoreRequest Request(GoldenCase c) => new()
    {
        Reference = c.ReferenceRaw,
        Distorted = c.DistortedRaw,
        Width = c.Width,
        Height = c.Height,
        PixFmt = c.PixFmt,
        Engine = VmafEngineKind.Managed,
        PerFrame = true,
    };

    private static void AssertSame(RoiScoreRun twoRun, RoiScoreRun fused, string what)
    {
        Assert.False(twoRun.Fused);
        Assert.True(fused.Fused);
        Assert.Equal(ContractJson.Serialize(twoRun.Result), ContractJson.Serialize(fused.Result));
        Assert.Equal(Bits(twoRun.Result.VmafMasked!.Value), Bits(fused.Result.VmafMasked!.Value));
        Assert.Equal(twoRun.Frames.Count, fused.Frames.Count);
        for (int i = 0; i < fused.Frames.Count; i++)
        {
            Assert.True(twoRun.Frames[i] == fused.Frames[i], $"{what} frame {i}: {twoRun.Frames[i]} vs {fused.Frames[i]}");
        }

        Assert.Equal(twoRun.ClipMask!.Values, fused.ClipMask!.Values);
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
}
