using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.VmafRunner.Engine.Features.Ssim;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class FloatSsimTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Cases() => FeatureGolden.CasesWith("float_ssim");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_frame_matches_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        IPictureFeature ssim = FloatSsimExtractor.Instance.Create(FeatureGolden.Geometry(c));
        FeatureGolden.Comparison result = FeatureGolden.Compare(c, "float_ssim", ssim);
        output.WriteLine($"{caseId} float_ssim: {result}");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
        Assert.Equal(c.Frames, result.Total);
    }

    /// <summary>%.17g values printed from libvmaf 3.2.0's library (spec-3.2.0 topic 10), pre-scale 1 to 4.</summary>
    [Theory]
    [InlineData("s01_testsrc2_576x324_x264crf32", 0, "0.97167021036148071")]
    [InlineData("s01_testsrc2_576x324_x264crf32", 2, "0.96963018178939819")]
    [InlineData("s14_mandelbrot_576x324_yuv420p10le_x265crf32", 1, "0.96228134632110596")]
    [InlineData("s16_gradients_320x240_yuv420p16le_bicubic_half", 0, "0.98129993677139282")]
    [InlineData("s12_gradients_720x480_yuv422p_x264crf32", 1, "0.9914972186088562")]
    [InlineData("s10_mandelbrot_box_1366x768_x264crf32", 0, "0.99435818195343018")]
    [InlineData("s09_smptehdbars_noise_1920x1080_x264crf32", 1, "0.99210965633392334")]
    public void Values_equal_libvmaf_bit_for_bit(string caseId, int frame, string expected)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        double ours = FeatureGolden.Run(c.ReferenceRaw, c.DistortedRaw, FloatSsimExtractor.Instance.Create(FeatureGolden.Geometry(c)), [frame]).Single().Scores["float_ssim"];
        Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), ours);
    }

    [Theory]
    [InlineData("s01_testsrc2_576x324_x264crf32", "s01-ssim-opts.json", "enable_lcs=true:scale=2")]
    [InlineData("s01_testsrc2_576x324_x264crf32", "s01-ssim-db.json", "enable_db=true:clip_db=true")]
    [InlineData("s17_identical_testsrc2noise_576x324", "s17-ssim-db.json", "enable_db=true:clip_db=true")]
    public void Options_match_libvmaf(string caseId, string file, string options)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        Dictionary<string, object> values = options.Split(':').Select(o => o.Split('=')).ToDictionary(kv => kv[0], kv => (object)kv[1]);
        IPictureFeature ssim = FloatSsimExtractor.Instance.Create(FeatureGolden.Geometry(c), values);
        FeatureGolden.Comparison result = FeatureGolden.CompareFile(FeatureGolden.DataFile(file), c.ReferenceRaw, c.DistortedRaw, ssim, onlyOwnNames: true);
        output.WriteLine($"{caseId} float_ssim {options}: {result}");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
        Assert.True(result.Total >= 2);
    }

    [Theory]
    [InlineData(576, 324, 1)]
    [InlineData(640, 360, 1)]
    [InlineData(384, 216, 1)]
    [InlineData(64, 48, 1)]
    [InlineData(720, 480, 2)]
    [InlineData(1280, 720, 3)]
    [InlineData(1366, 768, 3)]
    [InlineData(1920, 1080, 4)]
    [InlineData(3840, 2160, 8)]
    public void The_automatic_pre_scale_rounds_the_shorter_side_over_256(int width, int height, int scale)
    {
        var g = new PictureGeometry(width, height, 8, ChromaFormat.Yuv420);
        Assert.Equal(scale, ((FloatSsimFeature)FloatSsimExtractor.Instance.Create(g)).Scale);
    }

    [Theory]
    [InlineData(8, 16, "tiny-8x16.json")]
    [InlineData(16, 8, "tiny-16x8.json")]
    public void A_picture_smaller_than_the_window_divides_nothing_by_its_negative_area_as_libvmaf(int width, int height, string file)
    {
        var g = new PictureGeometry(width, height, 8, ChromaFormat.Yuv420);
        FeatureGolden.Comparison result = FeatureGolden.CompareFile(
            FeatureGolden.DataFile(file), FeatureGolden.DataFile("tiny_a.yuv"), FeatureGolden.DataFile("tiny_b.yuv"), FloatSsimExtractor.Instance.Create(g), onlyOwnNames: true);
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches));
        Assert.Equal(2, result.Matched);
    }

    [Theory]
    [InlineData(37, 29, 0)]
    [InlineData(203, 181, 1)]
    [InlineData(203, 181, 2)]
    [InlineData(250, 130, 3)]
    public void Every_vector_width_gives_the_scalar_values(int width, int height, int scale)
    {
        foreach (int bitDepth in new[] { 8, 10, 16 })
        {
            var g = new PictureGeometry(width, height, bitDepth, ChromaFormat.Yuv420);
            var options = new Dictionary<string, object> { ["scale"] = scale, ["enable_lcs"] = true };
            SyntheticPictures.AssertWidthsAgree(w => FloatSsimExtractor.Instance.Create(g, options, w), $"float_ssim {g} scale {scale}");
        }
    }

    [Fact]
    public void Refuses_bit_depths_libvmaf_does_not_take_and_bad_options()
    {
        Assert.Throws<UnsupportedFormatException>(() => FloatSsimExtractor.Instance.Create(new PictureGeometry(64, 48, 11, ChromaFormat.Yuv420)));
        var g = new PictureGeometry(64, 48, 8, ChromaFormat.Yuv420);
        InvalidInputException e = Assert.Throws<InvalidInputException>(() => FloatSsimExtractor.Instance.Create(g, new Dictionary<string, object> { ["scale"] = 11 }));
        Assert.Contains("[0, 10]", e.Message, StringComparison.Ordinal);
    }
}
