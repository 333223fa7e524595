using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.VmafRunner.Engine.Features.MsSsim;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class FloatMsSsimTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Cases() => FeatureGolden.CasesWith("float_ms_ssim");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_frame_matches_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        IPictureFeature msSsim = FloatMsSsimExtractor.Instance.Create(FeatureGolden.Geometry(c));
        FeatureGolden.Comparison result = FeatureGolden.Compare(c, "float_ms_ssim", msSsim, FrameSubset(c));
        output.WriteLine($"{caseId} float_ms_ssim: {result}");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
    }

    /// <summary>%.17g values printed from libvmaf 3.2.0's library (spec-3.2.0 topic 10).</summary>
    [Theory]
    [InlineData("s01_testsrc2_576x324_x264crf32", 0, "0.99263028230375205")]
    [InlineData("s01_testsrc2_576x324_x264crf32", 2, "0.99250338074319799")]
    [InlineData("s14_mandelbrot_576x324_yuv420p10le_x265crf32", 1, "0.99165528948172743")]
    [InlineData("s09_smptehdbars_noise_1920x1080_x264crf32", 0, "0.98622785601067742")]
    [InlineData("s10_mandelbrot_box_1366x768_x264crf32", 0, "0.99461902435292016")]
    public void Values_equal_libvmaf_bit_for_bit(string caseId, int frame, string expected)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        double ours = FeatureGolden.Run(c.ReferenceRaw, c.DistortedRaw, FloatMsSsimExtractor.Instance.Create(FeatureGolden.Geometry(c)), [frame]).Single().Scores["float_ms_ssim"];
        Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), ours);
    }

    [Theory]
    [InlineData("s01_testsrc2_576x324_x264crf32", "s01-ssim-opts.json", 16)]
    [InlineData("s17_identical_testsrc2noise_576x324", "s17-ssim-db.json", 1)]
    public void Lcs_and_db_options_match_libvmaf(string caseId, string file, int valuesPerFrame)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        var options = new Dictionary<string, object> { ["enable_db"] = true, ["enable_lcs"] = valuesPerFrame > 1 };
        IPictureFeature msSsim = FloatMsSsimExtractor.Instance.Create(FeatureGolden.Geometry(c), options);
        FeatureGolden.Comparison result = FeatureGolden.CompareFile(FeatureGolden.DataFile(file), c.ReferenceRaw, c.DistortedRaw, msSsim, onlyOwnNames: true);
        output.WriteLine($"{caseId} float_ms_ssim: {result}");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
        Assert.Equal(2 * valuesPerFrame, result.Total);
    }

    [Theory]
    [InlineData(64, 48)]
    [InlineData(175, 400)]
    [InlineData(400, 175)]
    public void Refuses_pictures_below_176_as_libvmaf_does(int width, int height)
    {
        var g = new PictureGeometry(width, height, 8, ChromaFormat.Yuv420);
        InvalidInputException e = Assert.Throws<InvalidInputException>(() => FloatMsSsimExtractor.Instance.Create(g));
        Assert.Contains($"{width}x{height}", e.Message, StringComparison.Ordinal);
        Assert.Contains("at least 176", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_golden_case_libvmaf_refused_is_refused_and_176_is_accepted()
    {
        GoldenCase s11 = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        Assert.False(File.Exists(FeatureGolden.FilePath(s11, "float_ms_ssim")));
        Assert.Throws<InvalidInputException>(() => FloatMsSsimExtractor.Instance.Create(FeatureGolden.Geometry(s11)));
        var smallest = new PictureGeometry(176, 176, 8, ChromaFormat.Yuv420);
        Assert.True(double.IsFinite(SyntheticPictures.Score(FloatMsSsimExtractor.Instance.Create(smallest), "smooth")["float_ms_ssim"]));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    public void Every_vector_width_gives_the_scalar_values(int bitDepth)
    {
        foreach ((int w, int h) in new[] { (203, 181), (176, 190) })
        {
            var g = new PictureGeometry(w, h, bitDepth, ChromaFormat.Yuv420);
            var options = new Dictionary<string, object> { ["enable_lcs"] = true };
            SyntheticPictures.AssertWidthsAgree(width => FloatMsSsimExtractor.Instance.Create(g, options, width), $"float_ms_ssim {g}");
        }
    }

    /// <summary>Every frame of the small cases; the 1080p and 1366×768 ones on a spread of frames.</summary>
    private static IEnumerable<int>? FrameSubset(GoldenCase c) => c.Width * c.Height > 700_000 ? FeatureGolden.Spread(c, 3) : null;
}
