using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
using VmafRoi.VmafRunner.Engine.Features.FloatMotion;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class FloatMotionTests(ITestOutputHelper output)
{
    private const string S01 = "s01_testsrc2_576x324_x264crf32";

    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["motion"] = FloatMotionExtractor.Motion,
        ["motion2"] = FloatMotionExtractor.Motion2,
        ["motion3"] = FloatMotionExtractor.Motion3,
    };

    [Theory]
    [MemberData(nameof(FloatGolden.CaseIds), MemberType = typeof(FloatGolden))]
    public void Every_motion_value_matches_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        int frames = FloatGolden.FramesFor(c);
        FeatureCollector collector = Run(c, FloatGolden.RunFramesFor(c), string.Empty);
        (List<string> mismatches, int compared, double maxDiff) = FloatGolden.Compare(FloatGolden.Golden(c), collector, Aliases, frames);
        output.WriteLine($"{caseId}: {compared - mismatches.Count}/{compared} motion values match (frames 0..{frames - 1}); max |diff| to the printed value {maxDiff:E2}");
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(20)));
    }

    [Fact]
    public void A_three_frame_run_equals_libvmaf_3_2_0_in_full_precision_and_key_order()
    {
        // %.17g from libvmaf 3.2.0 (spec notes 10); frame 2 is the last, so its motion2/motion3 come from the flush.
        FeatureCollector collector = Run(GoldenCase.Get(S01), 3, string.Empty);
        Assert.Equal([FloatMotionExtractor.Motion2, FloatMotionExtractor.Motion, FloatMotionExtractor.Motion3], collector.Names);
        Assert.Equal([0, 2.0574543476104736, 2.1029765605926514], Values(collector, FloatMotionExtractor.Motion, 3));
        Assert.Equal([0, 2.0574543476104736, 2.1029765605926514], Values(collector, FloatMotionExtractor.Motion2, 3));
        Assert.Equal([2.0574543476104736, 2.0574543476104736, 2.1029765605926514], Values(collector, FloatMotionExtractor.Motion3, 3));
    }

    /// <summary>Frame 1 of s01 (or another case) under non-default options: libvmaf 3.2.0's value (%.17g) and its suffixed name.</summary>
    [Theory]
    [InlineData(S01, "motion_filter_size=1", "motion_mfs_1", 2.503429412841797)]
    [InlineData(S01, "motion_filter_size=3", "motion_mfs_3", 2.2031991481781006)]
    [InlineData(S01, "motion_filter_size=7", "motion_mfs_7", 2.0574543476104736)]
    [InlineData(S01, "motion_add_scale1=true", "motion_mdc", 4.08943510055542)]
    [InlineData(S01, "motion_fps_weight=2:motion_max_val=3:motion_blend_factor=0.5:motion_blend_offset=1", "motion_mbf_0.5_mbo_1_mfw_2_mmxv_3", 3)]
    [InlineData(S01, "motion_fps_weight=2:motion_max_val=3:motion_blend_factor=0.5:motion_blend_offset=1", "motion3_mbf_0.5_mbo_1_mfw_2_mmxv_3", 2.5574543476104736)]
    [InlineData(S01, "motion_add_uv=true", "motion_mau", 7.3862457275390625)]
    [InlineData("s12_gradients_720x480_yuv422p_x264crf32", "motion_add_uv=true", "motion_mau", 3.3059908151626587)]
    [InlineData("s13_mandelbrot_box_640x360_yuv444p_x264crf32", "motion_add_uv=true", "motion_mau", 21.964765548706055)]
    [InlineData("s13_mandelbrot_box_640x360_yuv444p_x264crf32", "motion_add_uv=true:motion_add_scale1=true", "motion_mdc_mau", 43.232680320739746)]
    [InlineData("s14_mandelbrot_576x324_yuv420p10le_x265crf32", "motion_add_uv=true", "motion_mau", 16.56506872177124)]
    public void Non_default_options_give_libvmaf_values_under_suffixed_names(string caseId, string options, string name, double expected)
    {
        FeatureCollector collector = Run(GoldenCase.Get(caseId), 3, options);
        Assert.Equal(expected, collector.Get(name, 1));
    }

    [Fact]
    public void Force_zero_writes_zeros_per_frame_and_nothing_at_flush()
    {
        FeatureCollector collector = Run(GoldenCase.Get(S01), 3, "motion_force_zero=true");
        Assert.Equal(["motion2_force_0", "motion3_force_0", "motion_force_0"], collector.Names);
        Assert.All(collector.Vectors, v => Assert.Equal([0.0, 0.0, 0.0], Values(collector, v.Name, 3)));
        Assert.All(collector.Vectors, v => Assert.Equal(3, v.Capacity));
    }

    [Fact]
    public void A_single_frame_gets_motion3_zero_and_debug_false_drops_motion()
    {
        FeatureCollector one = Run(GoldenCase.Get(S01), 1, string.Empty);
        Assert.Equal(0.0, one.Get(FloatMotionExtractor.Motion3, 0));
        FeatureCollector quiet = Run(GoldenCase.Get(S01), 2, "debug=false");
        Assert.Equal([FloatMotionExtractor.Motion2, FloatMotionExtractor.Motion3], quiet.Names);
    }

    [Fact]
    public void Frames_out_of_order_are_refused()
    {
        var motion = new FloatMotion(FloatMotionExtractor.ParseOptions(), 8, 8, 8);
        byte[] luma = FloatGolden.Noise(8, 8, 1);
        var collector = new FeatureCollector();
        motion.Extract(0, new SamplePlane(luma, 8, 8, 8), collector);
        var e = Assert.Throws<InvalidOperationException>(() => motion.Extract(2, new SamplePlane(luma, 8, 8, 8), collector));
        Assert.Contains("expected frame 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Planes_smaller_than_the_blur_are_refused_with_the_limit_named()
    {
        var e = Assert.Throws<InvalidInputException>(() => new FloatMotion(FloatMotionExtractor.ParseOptions(), 2, 64, 8));
        Assert.Contains("at least 3", e.Message, StringComparison.Ordinal);
        _ = new FloatMotion(FloatMotionExtractor.ParseOptions(FloatGolden.Options("motion_filter_size=3")), 2, 2, 8);
        var uv = Assert.Throws<InvalidInputException>(() => new FloatMotion(FloatMotionExtractor.ParseOptions(FloatGolden.Options("motion_add_uv=true")), 5, 5, 8, ChromaFormat.Yuv420));
        Assert.Contains("chroma plane size 2x2", uv.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chroma_motion_is_refused_where_libvmaf_refuses_or_reads_uninitialised_memory()
    {
        var gray = Assert.Throws<UnsupportedFormatException>(
            () => new FloatMotion(FloatMotionExtractor.ParseOptions(FloatGolden.Options("motion_add_uv=true")), 64, 64, 8, ChromaFormat.Gray));
        Assert.Contains("4:0:0", gray.Message, StringComparison.Ordinal);
        var scaled = Assert.Throws<InvalidInputException>(
            () => new FloatMotion(FloatMotionExtractor.ParseOptions(FloatGolden.Options("motion_add_uv=true:motion_add_scale1=true")), 64, 64, 8, ChromaFormat.Yuv420));
        Assert.Contains("4:4:4", scaled.Message, StringComparison.Ordinal);
        _ = new FloatMotion(FloatMotionExtractor.ParseOptions(FloatGolden.Options("motion_add_scale1=true")), 64, 64, 8, ChromaFormat.Gray);
    }

    [Fact]
    public void Bit_depths_other_than_8_10_12_16_are_refused() =>
        Assert.Throws<UnsupportedFormatException>(() => new FloatMotion(FloatMotionExtractor.ParseOptions(), 64, 64, 13));

    private static double[] Values(FeatureCollector collector, string name, int frames) =>
        [.. Enumerable.Range(0, frames).Select(f => collector.Get(name, f))];

    private static FeatureCollector Run(GoldenCase c, int frames, string options)
    {
        var motion = new FloatMotion(FloatMotionExtractor.ParseOptions(FloatGolden.Options(options)), c.Width, c.Height, c.BitDepth, c.Geometry.Format.Chroma);
        var collector = new FeatureCollector();
        int index = 0;
        foreach ((byte[] r, _) in FloatGolden.Frames(c, frames))
        {
            motion.Extract(index++, FloatGolden.Plane(c, r, 0), FloatGolden.Plane(c, r, 1), FloatGolden.Plane(c, r, 2), collector);
        }

        motion.Flush(collector);
        return collector;
    }
}
