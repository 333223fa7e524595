using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features.Ciede;
using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class CiedeTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Cases() => FeatureGolden.CasesWith("ciede");

    /// <summary>CIEDE costs ~1 µs a pixel: a spread of frames per case keeps CI short while touching every case.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Frames_match_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        IPictureFeature ciede = CiedeExtractor.Instance.Create(FeatureGolden.Geometry(c));
        IEnumerable<int> frames = c.Width * c.Height > 300_000 ? [0, c.Frames - 1] : FeatureGolden.Spread(c, 4);
        FeatureGolden.Comparison result = FeatureGolden.Compare(c, "ciede", ciede, frames);
        output.WriteLine($"{caseId} ciede: {result}");
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches.Take(20)));
        Assert.Equal(frames.Count(), result.Total);
    }

    /// <summary>%.17g values printed from libvmaf 3.2.0's library (spec-3.2.0 topic 10), s12 with libvmaf's 4:2:2 chroma.</summary>
    [Theory]
    [InlineData("s01_testsrc2_576x324_x264crf32", 0, "49.596126497190632")]
    [InlineData("s01_testsrc2_576x324_x264crf32", 1, "48.797533919639839")]
    [InlineData("s14_mandelbrot_576x324_yuv420p10le_x265crf32", 0, "41.97635572979744")]
    [InlineData("s16_gradients_320x240_yuv420p16le_bicubic_half", 1, "50.414043350412257")]
    [InlineData("s12_gradients_720x480_yuv422p_x264crf32", 0, "46.435861456675099")]
    [InlineData("s12_gradients_720x480_yuv422p_x264crf32", 1, "46.308105416579529")]
    public void Values_equal_libvmaf_bit_for_bit(string caseId, int frame, string expected)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        double ours = FeatureGolden.Run(c.ReferenceRaw, c.DistortedRaw, CiedeExtractor.Instance.Create(FeatureGolden.Geometry(c)), [frame]).Single().Scores["ciede2000"];
        Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), ours);
    }

    [Fact]
    public void Correct_4_2_2_upsampling_is_available_and_differs_from_libvmafs()
    {
        GoldenCase c = GoldenCase.Get("s12_gradients_720x480_yuv422p_x264crf32");
        IPictureFeature nearest = CiedeExtractor.Instance.Create(FeatureGolden.Geometry(c), CiedeChromaUpsampling.Nearest);
        double value = FeatureGolden.Run(c.ReferenceRaw, c.DistortedRaw, nearest, [0]).Single().Scores["ciede2000"];
        Assert.Equal("46.421913", FeatureGolden.Print(value));

        // 4:2:0 has no defect: both modes give libvmaf's value.
        GoldenCase s01 = GoldenCase.Get("s01_testsrc2_576x324_x264crf32");
        IPictureFeature s01Nearest = CiedeExtractor.Instance.Create(FeatureGolden.Geometry(s01), CiedeChromaUpsampling.Nearest);
        Assert.Equal(49.596126497190632, FeatureGolden.Run(s01.ReferenceRaw, s01.DistortedRaw, s01Nearest, [0]).Single().Scores["ciede2000"]);
    }

    /// <summary>Why identical pixel pairs may skip the colour maths: their ΔE00 is exactly zero at every bit depth.</summary>
    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(16)]
    public void Identical_colours_have_a_delta_e_of_exactly_zero(int bitDepth)
    {
        var lab = new CiedeColor.Converter(1 << (bitDepth - 8));
        var random = new Random(bitDepth);
        int max = (1 << bitDepth) - 1;
        for (int n = 0; n < 20_000; n++)
        {
            CiedeColor.Lab color = n switch
            {
                0 => lab.ToLab(0, 0, 0),
                1 => lab.ToLab(max, max, max),
                2 => lab.ToLab(16 << (bitDepth - 8), 128 << (bitDepth - 8), 128 << (bitDepth - 8)),
                _ => lab.ToLab(random.Next(max + 1), random.Next(max + 1), random.Next(max + 1)),
            };
            float de = CiedeColor.DeltaE2000(color, color);
            Assert.True(BitConverter.SingleToInt32Bits(de) == 0, $"ΔE00 of {color} with itself is {de:R}");
        }
    }

    [Fact]
    public void A_tiny_picture_matches_libvmaf()
    {
        var g = new PictureGeometry(8, 16, 8, ChromaFormat.Yuv420);
        FeatureGolden.Comparison result = FeatureGolden.CompareFile(
            FeatureGolden.DataFile("tiny-8x16.json"), FeatureGolden.DataFile("tiny_a.yuv"), FeatureGolden.DataFile("tiny_b.yuv"), CiedeExtractor.Instance.Create(g), onlyOwnNames: true);
        Assert.True(result.Mismatches.Count == 0, string.Join('\n', result.Mismatches));
        Assert.Equal(2, result.Matched);
    }

    [Fact]
    public void Refuses_gray_input_and_bit_depths_libvmaf_does_not_take()
    {
        UnsupportedFormatException gray = Assert.Throws<UnsupportedFormatException>(() => CiedeExtractor.Instance.Create(new PictureGeometry(64, 48, 8, ChromaFormat.Gray)));
        Assert.Contains("ciede", gray.Message, StringComparison.Ordinal);
        Assert.Throws<UnsupportedFormatException>(() => CiedeExtractor.Instance.Create(new PictureGeometry(64, 48, 14, ChromaFormat.Yuv444)));
    }
}
