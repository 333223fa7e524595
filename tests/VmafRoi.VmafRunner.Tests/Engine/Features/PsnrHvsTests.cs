using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.VmafRunner.Engine.Features.PsnrHvs;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class PsnrHvsTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Cases() => FeatureGolden.CasesWith("psnr_hvs");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_frame_matches_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        IPictureFeature hvs = PsnrHvsExtractor.Instance.Create(FeatureGolden.Geometry(c));
        FeatureGolden.Comparison result = FeatureGolden.Compare(c, "psnr_hvs", hvs);
        output.WriteLine($"{caseId} psnr_hvs: {result}");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
        Assert.Equal(c.Frames * 4, result.Total);
    }

    /// <summary>%.17g values printed from libvmaf 3.2.0's library (spec-3.2.0 topic 10): 8-bit 4:2:0 and 4:2:2, 10 and 12 bits.</summary>
    [Theory]
    [InlineData("s01_testsrc2_576x324_x264crf32", 0, "psnr_hvs_y", "38.405360386486386")]
    [InlineData("s01_testsrc2_576x324_x264crf32", 0, "psnr_hvs_cb", "43.521484587075243")]
    [InlineData("s01_testsrc2_576x324_x264crf32", 0, "psnr_hvs_cr", "44.140699461045934")]
    [InlineData("s01_testsrc2_576x324_x264crf32", 0, "psnr_hvs", "39.073091748426748")]
    [InlineData("s01_testsrc2_576x324_x264crf32", 2, "psnr_hvs", "38.682939872110978")]
    [InlineData("s14_mandelbrot_576x324_yuv420p10le_x265crf32", 1, "psnr_hvs", "36.922697430408682")]
    [InlineData("s12_gradients_720x480_yuv422p_x264crf32", 1, "psnr_hvs", "43.718043895055445")]
    [InlineData("s15_testsrc2_384x216_yuv420p12le_x265crf30", 0, "psnr_hvs", "43.646166679506791")]
    public void Values_equal_libvmaf_bit_for_bit(string caseId, int frame, string name, string expected)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        double ours = FeatureGolden.Run(c.ReferenceRaw, c.DistortedRaw, PsnrHvsExtractor.Instance.Create(FeatureGolden.Geometry(c)), [frame]).Single().Scores[name];
        Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), ours);
    }

    [Fact]
    public void Refuses_16_bit_input_with_libvmafs_message()
    {
        GoldenCase s16 = GoldenCase.Get("s16_gradients_320x240_yuv420p16le_bicubic_half");
        Assert.False(File.Exists(FeatureGolden.FilePath(s16, "psnr_hvs")));
        UnsupportedFormatException e = Assert.Throws<UnsupportedFormatException>(() => PsnrHvsExtractor.Instance.Create(FeatureGolden.Geometry(s16)));
        Assert.Equal("psnr_hvs: invalid bitdepth (16), bpc must be less than or equal to 12", e.Message);
    }

    [Fact]
    public void Refuses_gray_input_other_bit_depths_and_any_option()
    {
        UnsupportedFormatException gray = Assert.Throws<UnsupportedFormatException>(() => PsnrHvsExtractor.Instance.Create(new PictureGeometry(64, 48, 8, ChromaFormat.Gray)));
        Assert.Contains("4:0:0", gray.Message, StringComparison.Ordinal);
        Assert.Throws<UnsupportedFormatException>(() => PsnrHvsExtractor.Instance.Create(new PictureGeometry(64, 48, 9, ChromaFormat.Yuv420)));
        Assert.Throws<InvalidInputException>(() => PsnrHvsExtractor.Instance.Create(new PictureGeometry(64, 48, 8, ChromaFormat.Yuv420), new Dictionary<string, object> { ["debug"] = true }));
    }

    [Fact]
    public void Planes_without_a_whole_block_give_null_as_libvmaf()
    {
        var g = new PictureGeometry(8, 16, 8, ChromaFormat.Yuv420);
        FeatureGolden.Comparison result = FeatureGolden.CompareFile(
            FeatureGolden.DataFile("tiny-8x16.json"), FeatureGolden.DataFile("tiny_a.yuv"), FeatureGolden.DataFile("tiny_b.yuv"), PsnrHvsExtractor.Instance.Create(g), onlyOwnNames: true);
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches));
        Assert.Equal(8, result.Matched);
    }
}
