using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
using VmafRoi.VmafRunner.Engine.Features.FloatVif;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class FloatVifTests(ITestOutputHelper output)
{
    private const string S01 = "s01_testsrc2_576x324_x264crf32";

    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["vif_scale0"] = FloatVifExtractor.Scale0,
        ["vif_scale1"] = FloatVifExtractor.Scale1,
        ["vif_scale2"] = FloatVifExtractor.Scale2,
        ["vif_scale3"] = FloatVifExtractor.Scale3,
    };

    [Theory]
    [MemberData(nameof(FloatGolden.CaseIds), MemberType = typeof(FloatGolden))]
    public void Every_vif_scale_matches_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        int frames = FloatGolden.FramesFor(c);
        FeatureCollector collector = Run(c, frames, string.Empty);
        (List<string> mismatches, int compared, double maxDiff) = FloatGolden.Compare(FloatGolden.Golden(c), collector, Aliases, frames);
        output.WriteLine($"{caseId}: {compared - mismatches.Count}/{compared} vif values match (frames 0..{frames - 1}); max |diff| to the printed value {maxDiff:E2}");
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(20)));
    }

    [Fact]
    public void Full_precision_values_equal_libvmaf_3_2_0_on_s01()
    {
        // %.17g from libvmaf 3.2.0's C path (spec notes 10): the port is bit-exact, not only equal at 6 decimals.
        double[,] expected =
        {
            { 0.735700130357131, 0.9309079987854213, 0.95826860490817189, 0.97249560227496801 },
            { 0.72099345706913576, 0.92199907911907142, 0.95572598610642001, 0.97346426418890608 },
            { 0.71779469226571102, 0.92485140347203165, 0.95650587617378113, 0.97308209839847071 },
        };
        FeatureCollector collector = Run(GoldenCase.Get(S01), 3, string.Empty);
        for (int frame = 0; frame < 3; frame++)
        {
            for (int s = 0; s < 4; s++)
            {
                Assert.Equal(expected[frame, s], collector.Get(FloatVifExtractor.Provides[s], frame));
            }
        }
    }

    /// <summary>Frame 0 of s01 under non-default options: libvmaf 3.2.0's value (%.17g) and its suffixed name.</summary>
    [Theory]
    [InlineData("vif_enhn_gain_limit=1", "vif_scale0_egl_1", 0.7352396796526234)]
    [InlineData("vif_kernelscale=0.5", "vif_scale0_ks_0.5", 0.734000757353234)]
    [InlineData("vif_kernelscale=0.5", "vif_scale1_ks_0.5", 0.8811315303485019)]
    [InlineData("vif_prescale=0.5", "vif_scale0_ps_0.5", 0.7715000114830448)]
    [InlineData("vif_prescale=0.5:vif_prescale_method=bilinear", "vif_scale0_ps_0.5_pm_bilinear", 0.8228050142141454)]
    [InlineData("vif_prescale=1.5:vif_prescale_method=bicubic", "vif_scale0_ps_1.5_pm_bicubic", 0.74759743093623)]
    [InlineData("vif_prescale=0.7:vif_prescale_method=lanczos4", "vif_scale0_ps_0.7_pm_lanczos4", 0.7600641050734704)]
    public void Non_default_options_give_libvmaf_values_under_suffixed_names(string options, string name, double expected)
    {
        FeatureCollector collector = Run(GoldenCase.Get(S01), 1, options);
        Assert.Equal(expected, collector.Get(name, 0));
    }

    [Fact]
    public void Debug_adds_the_sums_and_skip_scale0_reports_scale0_as_skipped()
    {
        FeatureCollector plain = Run(GoldenCase.Get(S01), 1, "debug=true");
        Assert.Equal(FloatVifExtractor.Provides, plain.Names);
        double num = Enumerable.Range(0, 4).Sum(s => plain.Get($"vif_num_scale{s}", 0));
        Assert.Equal(plain.Get("vif_num", 0), num, 12);
        Assert.Equal(plain.Get("vif_num", 0) / plain.Get("vif_den", 0), plain.Get("vif", 0));

        FeatureCollector skip = Run(GoldenCase.Get(S01), 1, "debug=true:vif_skip_scale0=true");
        Assert.Equal(0.0, skip.Get("vif_scale0_ssclz", 0));
        Assert.Equal(0.0, skip.Get("vif_num_scale0_ssclz", 0));
        Assert.Equal(-1.0, skip.Get("vif_den_scale0_ssclz", 0));
        Assert.Equal(plain.Get(FloatVifExtractor.Scale3, 0), skip.Get("vif_scale3_ssclz", 0));
    }

    [Fact]
    public void Scale_filters_for_kernel_scale_1_are_libvmafs_taps()
    {
        // f32 bits of libvmaf's run-time Gaussians (spec notes 07 A), first half of each symmetric filter.
        uint[][] bits =
        [
            [0x3BF453B8, 0x3C69B9D9, 0x3CCD0E7B, 0x3D24FECF, 0x3D738495, 0x3DA4D021, 0x3DCC9A86, 0x3DE8F3B3, 0x3DF33FB2],
            [0x3C9B77EC, 0x3D64F57B, 0x3DF7A562, 0x3E44BA13, 0x3E658DC1],
            [0x3D5F2F86, 0x3E7A0FEA, 0x3ECE2433],
            [0x3E2A5F21, 0x3F2AD06F],
        ];
        for (int s = 0; s < 4; s++)
        {
            float[] taps = FloatVifKernels.Filter(s, 1.0f);
            Assert.Equal((bits[s].Length * 2) - 1, taps.Length);
            Assert.Equal(bits[s], taps.Take(bits[s].Length).Select(BitConverter.SingleToUInt32Bits).ToArray());
            Assert.Equal(taps, taps.Reverse().ToArray());
        }
    }

    [Fact]
    public void Frames_of_16x16_are_accepted_and_15x15_refused_with_the_limit_named()
    {
        var options = FloatVifExtractor.ParseOptions();
        var vif = new FloatVif(options, 16, 16, 8);
        var plane = new SamplePlane(FloatGolden.Noise(16, 16, 1), 16, 16, 16);
        FloatVifScores scores = vif.Compute(plane, plane);
        Assert.InRange((double)scores[6] / scores[7], 0.999, 1.001);

        var e = Assert.Throws<InvalidInputException>(() => new FloatVif(options, 15, 15, 8));
        Assert.Contains("15x15 is too small", e.Message, StringComparison.Ordinal);
        Assert.Contains("16x16", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => new FloatVif(options, 64, 15, 8));
        Assert.Throws<InvalidInputException>(() => new FloatVif(FloatVifExtractor.ParseOptions(FloatGolden.Options("vif_prescale=0.2")), 64, 64, 8));
    }

    [Fact]
    public void A_plane_inside_a_wider_buffer_scores_like_a_packed_one()
    {
        const int w = 40, h = 24, stride = 57;
        byte[] reference = FloatGolden.Noise(w, h, 7), distorted = FloatGolden.Noise(w, h, 8);
        var wideRef = new byte[stride * h];
        var wideDis = new byte[stride * h];
        for (int i = 0; i < h; i++)
        {
            reference.AsSpan(i * w, w).CopyTo(wideRef.AsSpan(i * stride));
            distorted.AsSpan(i * w, w).CopyTo(wideDis.AsSpan(i * stride));
        }

        var vif = new FloatVif(FloatVifExtractor.ParseOptions(), w, h, 8);
        FloatVifScores packed = vif.Compute(new SamplePlane(reference, w, h, w), new SamplePlane(distorted, w, h, w));
        FloatVifScores wide = vif.Compute(new SamplePlane(wideRef, w, h, stride), new SamplePlane(wideDis, w, h, stride));
        for (int k = 0; k < 8; k++)
        {
            Assert.Equal(packed[k], wide[k]);
        }
    }

    [Theory]
    [InlineData(9)]
    [InlineData(14)]
    public void Bit_depths_libvmafs_float_conversion_cannot_read_are_refused(int bitDepth)
    {
        var e = Assert.Throws<UnsupportedFormatException>(() => new FloatVif(FloatVifExtractor.ParseOptions(), 64, 64, bitDepth));
        Assert.Contains("8, 10, 12 or 16", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vif_kernelscale=0.3", "valid kernel scales")]
    [InlineData("vif_kernelscale=5", "out of range")]
    [InlineData("vif_prescale_method=area", "supported: nearest, bilinear, bicubic, lanczos4")]
    [InlineData("vif_sigma_nsq=-1", "out of range")]
    [InlineData("vif_skip_scale0=yes", "is a bool")]
    [InlineData("vif_bogus=1", "has no option 'vif_bogus'")]
    public void Option_values_libvmaf_refuses_are_refused(string options, string message)
    {
        var e = Assert.Throws<InvalidInputException>(() => new FloatVif(FloatVifExtractor.ParseOptions(FloatGolden.Options(options)), 64, 64, 8));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Option_names_and_aliases_are_both_accepted()
    {
        FloatOptions byAlias = FloatVifExtractor.ParseOptions(FloatGolden.Options("egl=1:pm=bicubic:ps=2"));
        FloatOptions byName = FloatVifExtractor.ParseOptions(FloatGolden.Options("vif_enhn_gain_limit=1:vif_prescale_method=bicubic:vif_prescale=2"));
        Assert.Equal(byName.Key, byAlias.Key);
        Assert.Equal("vif_scale2_egl_1_ps_2_pm_bicubic", byAlias.FeatureName(FloatVifExtractor.Scale2));
        Assert.Equal(FloatVifExtractor.Scale2, FloatVifExtractor.ParseOptions(FloatGolden.Options("debug=true")).FeatureName(FloatVifExtractor.Scale2));
    }

    private static FeatureCollector Run(GoldenCase c, int frames, string options)
    {
        var vif = new FloatVif(FloatVifExtractor.ParseOptions(FloatGolden.Options(options)), c.Width, c.Height, c.BitDepth);
        var collector = new FeatureCollector();
        int index = 0;
        foreach ((byte[] r, byte[] d) in FloatGolden.Frames(c, frames))
        {
            vif.Extract(index++, FloatGolden.Plane(c, r, 0), FloatGolden.Plane(c, d, 0), collector);
        }

        return collector;
    }
}
