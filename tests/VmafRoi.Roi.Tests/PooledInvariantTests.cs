using VmafRoi.TestShared;
using VmafRoi.VmafRunner;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.Roi.Tests;

/// <summary>The invariants of saliency pooling (<c>--method pooled</c>, docs/roi.md), on the foreman reference.</summary>
public sealed class PooledInvariantTests(ITestOutputHelper output) : IDisposable
{
    private const int Frames = 8;
    private static readonly GoldenCase Foreman = GoldenCase.Get("s07_foreman_352x288_x264crf32");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("s07_foreman_352x288_x264crf32")]
    [InlineData("s14_mandelbrot_576x324_yuv420p10le_x265crf32")]
    public void An_all_ones_mask_gives_standard_vmaf_bit_for_bit(string id)
    {
        GoldenCase c = GoldenCase.Get(id);
        RoiScoreRun run = RoiScorer.Run(FusedScoringTests.Request(c) with { SyntheticMask = 1.0, Method = RoiMethod.Pooled, Threads = 2 });
        Assert.Equal(BitConverter.DoubleToInt64Bits(run.Result.VmafFull), BitConverter.DoubleToInt64Bits(run.Result.VmafPooled!.Value));
        Assert.All(run.Frames, f => Assert.Equal(BitConverter.DoubleToInt64Bits(f.VmafFull), BitConverter.DoubleToInt64Bits(f.VmafPooled!.Value)));
        Assert.Equal(run.Result.VmafFull, run.Result.VmafRoi, 12);
    }

    [Fact]
    public void A_mask_that_is_zero_where_the_only_distortion_is_gives_the_undistorted_score()
    {
        // Heavy noise on the left 40 % only; the mask is 0 there and 1 elsewhere.
        string reference = Reference();
        string distorted = Derived("left-noise", (i, luma, w, h) => TestClips.Noise(luma, w, h, seed: i, amplitude: 40, (x, _) => x < 140));
        var mask = () => new BoxMask(_ => (140, 0, 352, 288));
        double pooled = Pooled(reference, distorted, mask);
        double undistorted = Pooled(reference, reference, mask);
        double full = Score(reference, distorted, mask, RoiMethod.Pooled).Result.VmafFull;

        // With the mask 0 on a further 64-pixel margin, beyond the features' reach, the boundary effect is gone.
        var wide = () => new BoxMask(_ => (140 + 64, 0, 352, 288));
        double pooledWide = Pooled(reference, distorted, wide);
        double undistortedWide = Pooled(reference, reference, wide);
        output.WriteLine($"full-frame {full:F3}; pooled {pooled:F3} vs undistorted {undistorted:F3}; with a 64 px margin {pooledWide:F3} vs {undistortedWide:F3}");
        Assert.True(full < undistorted - 10, "the noise must cost full-frame VMAF a lot");
        Assert.InRange(undistorted - pooled, 0, 3.0);
        Assert.InRange(Math.Abs(undistortedWide - pooledWide), 0, 0.05);
    }

    [Fact]
    public void The_pooled_score_falls_monotonically_as_the_distortion_moves_into_the_salient_region()
    {
        // A salient box in the middle; a 64 x 64 patch of noise sliding from the left edge into it.
        string reference = Reference();
        var mask = () => new BoxMask(_ => (136, 84, 264, 212), soft: 24);
        var scores = new List<double>();
        foreach (int x0 in new[] { 0, 48, 96, 144, 176 })
        {
            string distorted = Derived($"patch-{x0}", (i, luma, w, h) => TestClips.Noise(luma, w, h, seed: 100 + i, amplitude: 50, (x, y) => x >= x0 && x < x0 + 64 && y >= 112 && y < 176));
            scores.Add(Pooled(reference, distorted, mask));
        }

        output.WriteLine("pooled by patch position: " + string.Join(", ", scores.Select(s => s.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))));
        for (int k = 1; k < scores.Count; k++)
        {
            Assert.True(scores[k] < scores[k - 1], $"moving the patch in (step {k}) must lower the pooled score: {scores[k - 1]} then {scores[k]}");
        }
    }

    [Fact]
    public void A_level_shift_vmaf_does_not_see_gets_no_seam_from_pooling_but_one_from_substitution()
    {
        // Every pixel 12 levels darker: VIF and ADM measure detail, not level, so full-frame VMAF hardly moves. Substitution
        // pastes the darker salient region into the reference, a 12-level step along the mask's contour that is in neither
        // picture, and its masked score drops; pooling weighs the features of the real pictures and has no such step.
        string reference = Reference();
        string distorted = Derived("darker", (i, luma, w, h) =>
        {
            for (int p = 0; p < luma.Length; p++)
            {
                luma[p] = (byte)Math.Max(0, luma[p] - 12);
            }
        });
        var mask = () => new BoxMask(_ => (120, 80, 232, 208), soft: 24);
        RoiScoreRun substitution = Score(reference, distorted, mask, RoiMethod.Substitution);
        RoiScoreRun pooled = Score(reference, distorted, mask, RoiMethod.Pooled);
        double full = substitution.Result.VmafFull;
        output.WriteLine($"full-frame {full:F3}; substitution masked {substitution.Result.VmafMasked:F3}, vmaf_roi {substitution.Result.VmafRoi:F3}; pooled {pooled.Result.VmafPooled:F3}, vmaf_roi {pooled.Result.VmafRoi:F3}");
        Assert.True(substitution.Result.VmafMasked < full - 2, "substitution's seam must cost the masked clip more than the shift costs the whole picture");
        Assert.InRange(pooled.Result.VmafPooled!.Value, full - 0.5, 100);
    }

    private string Reference() => TestClips.Derive(Foreman.ReferenceRaw, Foreman.Geometry, _temp.File("reference.yuv"), Frames, null);

    private string Derived(string name, Action<int, Span<byte>, int, int> edit) =>
        TestClips.Derive(Foreman.ReferenceRaw, Foreman.Geometry, _temp.File(name + ".yuv"), Frames, edit);

    private static double Pooled(string reference, string distorted, Func<IMaskProvider> mask) =>
        Score(reference, distorted, mask, RoiMethod.Pooled).Result.VmafPooled!.Value;

    private static RoiScoreRun Score(string reference, string distorted, Func<IMaskProvider> mask, RoiMethod method) =>
        RoiScorer.Run(new RoiScoreRequest
        {
            Reference = reference,
            Distorted = distorted,
            Width = 352,
            Height = 288,
            MaskSource = mask,
            Method = method,
            Engine = VmafEngineKind.Managed,
            Threads = 2,
        });
}
