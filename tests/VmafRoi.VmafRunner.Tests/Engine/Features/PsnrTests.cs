using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.VmafRunner.Engine.Features.Psnr;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class PsnrTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Cases() => FeatureGolden.CasesWith("psnr");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_frame_matches_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        IPictureFeature psnr = PsnrExtractor.Instance.Create(FeatureGolden.Geometry(c));
        FeatureGolden.Comparison result = FeatureGolden.Compare(c, "psnr", psnr);
        output.WriteLine($"{caseId} psnr: {result}");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
        Assert.Equal(c.Frames * 3, result.Total);
    }

    /// <summary>%.17g values printed from libvmaf 3.2.0's library (spec-3.2.0 topic 10).</summary>
    [Theory]
    [InlineData("s01_testsrc2_576x324_x264crf32", 0, "psnr_y", "37.14568159829485")]
    [InlineData("s01_testsrc2_576x324_x264crf32", 0, "psnr_cb", "38.849303297123335")]
    [InlineData("s01_testsrc2_576x324_x264crf32", 0, "psnr_cr", "38.976283653422591")]
    [InlineData("s01_testsrc2_576x324_x264crf32", 1, "psnr_y", "35.840787095167755")]
    [InlineData("s01_testsrc2_576x324_x264crf32", 2, "psnr_cr", "38.111142218283028")]
    [InlineData("s14_mandelbrot_576x324_yuv420p10le_x265crf32", 0, "psnr_y", "38.254929086638072")]
    [InlineData("s14_mandelbrot_576x324_yuv420p10le_x265crf32", 1, "psnr_cb", "34.834611206074733")]
    [InlineData("s16_gradients_320x240_yuv420p16le_bicubic_half", 0, "psnr_y", "47.132373383436629")]
    [InlineData("s16_gradients_320x240_yuv420p16le_bicubic_half", 1, "psnr_cb", "53.565135609997519")]
    public void Values_equal_libvmaf_bit_for_bit(string caseId, int frame, string name, string expected)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        double ours = FeatureGolden.Run(c.ReferenceRaw, c.DistortedRaw, PsnrExtractor.Instance.Create(FeatureGolden.Geometry(c)), [frame]).Single().Scores[name];
        Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), ours);
    }

    [Fact]
    public void Mse_and_apsnr_match_libvmaf_with_those_options()
    {
        GoldenCase c = GoldenCase.Get("s01_testsrc2_576x324_x264crf32");
        IPictureFeature psnr = PsnrExtractor.Instance.Create(
            FeatureGolden.Geometry(c), new Dictionary<string, object> { ["enable_apsnr"] = true, ["enable_mse"] = "true" });
        Assert.Equal(["psnr_y", "mse_y", "psnr_cb", "mse_cb", "psnr_cr", "mse_cr"], psnr.FeatureNames);
        string json = FeatureGolden.DataFile("s01-psnr-apsnr.json");
        FeatureGolden.Comparison result = FeatureGolden.CompareFile(json, c.ReferenceRaw, c.DistortedRaw, psnr);
        AssertAggregates(psnr, json, result);
        output.WriteLine($"psnr mse/apsnr: {result}");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
        Assert.Equal((48 * 6) + 3, result.Total);
    }

    [Theory]
    [InlineData("s14_mandelbrot_576x324_yuv420p10le_x265crf32", "s14-psnr-opts.json", true)]
    [InlineData("s17_identical_testsrc2noise_576x324", "s17-psnr.json", false)]
    public void Reduced_peak_and_min_sse_match_libvmaf(string caseId, string file, bool reducedPeak)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        var options = new Dictionary<string, object> { ["enable_apsnr"] = true, ["min_sse"] = 0.5, ["reduced_hbd_peak"] = reducedPeak };
        IPictureFeature psnr = PsnrExtractor.Instance.Create(FeatureGolden.Geometry(c), options);
        string json = FeatureGolden.DataFile(file);
        FeatureGolden.Comparison result = FeatureGolden.CompareFile(json, c.ReferenceRaw, c.DistortedRaw, psnr);
        AssertAggregates(psnr, json, result);
        output.WriteLine($"{caseId} psnr min_sse/reduced peak: {result}");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
    }

    [Fact]
    public void Options_are_not_feature_parameters_so_names_never_take_suffixes()
    {
        Assert.All(PsnrExtractor.Instance.Options, o => Assert.False(o.IsFeatureParam, o.Name));
        var g = new PictureGeometry(64, 48, 10, ChromaFormat.Yuv420);
        var options = new Dictionary<string, object> { ["min_sse"] = 2.5, ["reduced_hbd_peak"] = true };
        Assert.Equal(["psnr_y", "psnr_cb", "psnr_cr"], PsnrExtractor.Instance.Create(g, options).FeatureNames);
    }

    [Fact]
    public void Chroma_is_skipped_when_disabled_or_absent_and_an_unscored_plane_aggregates_to_minus_infinity()
    {
        var yuv = new PictureGeometry(40, 30, 8, ChromaFormat.Yuv420);
        Assert.Equal(["psnr_y"], PsnrExtractor.Instance.Create(yuv, new Dictionary<string, object> { ["enable_chroma"] = false }).FeatureNames);

        var gray = new PictureGeometry(40, 30, 8, ChromaFormat.Gray);
        IPictureFeature psnr = PsnrExtractor.Instance.Create(gray, new Dictionary<string, object> { ["enable_apsnr"] = true });
        Assert.Equal(["psnr_y"], psnr.FeatureNames);
        Dictionary<string, double> frame = SyntheticPictures.Score(psnr, "noise");
        FeatureScores aggregates = psnr.Flush();
        Assert.Equal(["apsnr_y", "apsnr_cb", "apsnr_cr"], aggregates.Names);
        Assert.True(double.IsFinite(frame["psnr_y"]) && double.IsFinite(aggregates["apsnr_y"]));
        Assert.Equal(double.NegativeInfinity, aggregates["apsnr_cb"]);
        Assert.Equal(double.NegativeInfinity, aggregates["apsnr_cr"]);
    }

    [Fact]
    public void A_picture_too_small_for_blocks_or_windows_matches_libvmaf()
    {
        var g = new PictureGeometry(8, 16, 8, ChromaFormat.Yuv420);
        FeatureGolden.Comparison result = FeatureGolden.CompareFile(
            FeatureGolden.DataFile("tiny-8x16.json"), FeatureGolden.DataFile("tiny_a.yuv"), FeatureGolden.DataFile("tiny_b.yuv"), PsnrExtractor.Instance.Create(g), onlyOwnNames: true);
        Assert.Equal(6, result.Matched);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(12)]
    [InlineData(16)]
    public void Every_vector_width_gives_the_scalar_sums(int bitDepth)
    {
        foreach ((int w, int h) in new[] { (67, 45), (250, 31), (7, 5) })
        {
            var g = new PictureGeometry(w, h, bitDepth, ChromaFormat.Yuv420);
            SyntheticPictures.AssertWidthsAgree(width => PsnrExtractor.Instance.Create(g, (IReadOnlyDictionary<string, object>?)null, width), $"psnr {g}");
        }
    }

    [Fact]
    public void Refuses_what_libvmaf_refuses_naming_the_limit()
    {
        var nine = new PictureGeometry(64, 48, 9, ChromaFormat.Yuv420);
        UnsupportedFormatException depth = Assert.Throws<UnsupportedFormatException>(() => PsnrExtractor.Instance.Create(nine));
        Assert.Contains("9-bit", depth.Message, StringComparison.Ordinal);
        Assert.Contains("8, 10, 12 or 16", depth.Message, StringComparison.Ordinal);

        var g = new PictureGeometry(64, 48, 8, ChromaFormat.Yuv420);
        InvalidInputException range = Assert.Throws<InvalidInputException>(() => PsnrExtractor.Instance.Create(g, new Dictionary<string, object> { ["min_sse"] = -1.0 }));
        Assert.Contains("out of range", range.Message, StringComparison.Ordinal);
        InvalidInputException unknown = Assert.Throws<InvalidInputException>(() => PsnrExtractor.Instance.Create(g, new Dictionary<string, object> { ["peak"] = 1 }));
        Assert.Contains("no option 'peak'", unknown.Message, StringComparison.Ordinal);
    }

    private static void AssertAggregates(IPictureFeature psnr, string json, FeatureGolden.Comparison result)
    {
        FeatureScores aggregates = psnr.Flush();
        foreach ((string name, string text) in FeatureGolden.Aggregates(json))
        {
            result.Check($"aggregate {name}", aggregates[name], text);
        }
    }
}
