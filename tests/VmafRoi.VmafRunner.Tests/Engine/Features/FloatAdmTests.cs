using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Features.FloatAdm;
using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
using VmafRoi.VmafRunner.Engine.Output;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class FloatAdmTests(ITestOutputHelper output)
{
    private const string S01 = "s01_testsrc2_576x324_x264crf32";

    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["adm2"] = FloatAdmExtractor.Adm2,
        ["aim"] = FloatAdmExtractor.Aim,
        ["adm3"] = FloatAdmExtractor.Adm3,
        ["adm_scale0"] = "VMAF_feature_adm_scale0_score",
        ["adm_scale1"] = "VMAF_feature_adm_scale1_score",
        ["adm_scale2"] = "VMAF_feature_adm_scale2_score",
        ["adm_scale3"] = "VMAF_feature_adm_scale3_score",
    };

    [Theory]
    [MemberData(nameof(FloatGolden.CaseIds), MemberType = typeof(FloatGolden))]
    public void Every_adm_value_matches_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        int frames = FloatGolden.FramesFor(c);
        FeatureCollector collector = Run(c, frames, string.Empty);
        (List<string> mismatches, int compared, double maxDiff) = FloatGolden.Compare(FloatGolden.Golden(c), collector, Aliases, frames);
        output.WriteLine($"{caseId}: {compared - mismatches.Count}/{compared} adm values match (frames 0..{frames - 1}); max |diff| to the printed value {maxDiff:E2}");
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(20)));
    }

    [Fact]
    public void Full_precision_values_equal_libvmaf_3_2_0_on_s01()
    {
        // %.17g from libvmaf 3.2.0's C path on this host (spec notes 10).
        double[,] expected =
        {
            { 0.97599547602504011, 0.019984137132085581, 0.97800566944647727 },
            { 0.97344752392998013, 0.031908916107203485, 0.97076930391138827 },
            { 0.97136143333790281, 0.027921911709031712, 0.97171976081443556 },
        };
        FeatureCollector collector = Run(GoldenCase.Get(S01), 3, string.Empty);
        for (int frame = 0; frame < 3; frame++)
        {
            Assert.Equal(expected[frame, 0], collector.Get(FloatAdmExtractor.Adm2, frame));
            Assert.Equal(expected[frame, 1], collector.Get(FloatAdmExtractor.Aim, frame));
            Assert.Equal(expected[frame, 2], collector.Get(FloatAdmExtractor.Adm3, frame));
        }
    }

    /// <summary>Frame 0 of s01 under non-default options: libvmaf 3.2.0's value (%.17g) and its suffixed name.</summary>
    [Theory]
    [InlineData("adm_enhn_gain_limit=1", "adm2_egl_1", 0.9675119725300574)]
    [InlineData("adm_csf_mode=1", "adm2_csf_1", 0.97965487201849)]
    [InlineData("adm_csf_mode=1:adm_csf_scale=2:adm_csf_diag_scale=0.5", "aim_scfd_0.5_csf_1_scf_2", 0.01050594661078207)]
    [InlineData("adm_csf_mode=2", "adm2_csf_2", 0.9842738938733061)]
    [InlineData("adm_norm_view_dist=5:adm_ref_display_height=2160", "adm2_nvd_5_rdf_2160", 0.9905071633647657)]
    [InlineData("adm_bypass_cm=1", "aim_bcm_1", 0.06695530481417289)]
    [InlineData("adm_p_norm=2", "adm2_apn_2", 0.9560249555279839)]
    [InlineData("adm_f1s0=0.5:adm_f2s3=0.1:adm_f1s2=0", "adm2_f1s0_0.5_f1s2_0_f2s3_0.1", 0.9288865203316328)]
    [InlineData("adm_skip_aim_scale=0", "aim_sasc_0", 0.01439221088195485)]
    [InlineData("adm_skip_scale0=true", "adm2_ssz", 0.9803834429944541)]
    public void Non_default_options_give_libvmaf_values_under_suffixed_names(string options, string name, double expected)
    {
        FeatureCollector collector = Run(GoldenCase.Get(S01), 1, options);
        Assert.Equal(expected, collector.Get(name, 0));
    }

    [Fact]
    public void Adm3_combines_adm2_and_aim_by_weight_or_harmonic_mean()
    {
        FeatureCollector linear = Run(GoldenCase.Get(S01), 1, "adm_dlm_weight=0.7:adm_min_val=0.5");
        double adm2 = linear.Get("adm2_dlmw_0.7_min_0.5", 0), aim = linear.Get("aim_dlmw_0.7_min_0.5", 0);
        Assert.Equal((adm2 * 0.7) + ((1 - aim) * (1 - 0.7)), linear.Get("adm3_dlmw_0.7_min_0.5", 0));

        FeatureCollector harmonic = Run(GoldenCase.Get(S01), 1, "adm_adm3_apply_hm=true");
        adm2 = harmonic.Get("adm2_aah", 0);
        aim = harmonic.Get("aim_aah", 0);
        Assert.Equal(0.9759954760250401, adm2);
        Assert.Equal(2 * adm2 * aim / (adm2 + aim), harmonic.Get("adm3_aah", 0));
    }

    [Fact]
    public void Debug_adds_sums_and_libvmafs_unsuffixed_adm_score()
    {
        FeatureCollector collector = Run(GoldenCase.Get(S01), 1, "debug=true:adm_enhn_gain_limit=1");
        Assert.Equal(collector.Get("adm2_egl_1", 0), collector.Get("adm", 0));
        Assert.Equal(collector.Get("adm_num_egl_1", 0) / collector.Get("adm_den_egl_1", 0), collector.Get("adm", 0));
        Assert.Equal(
            collector.Get("adm_num_scale1_egl_1", 0) / collector.Get("adm_den_scale1_egl_1", 0),
            collector.Get("adm_scale1_egl_1", 0));
        Assert.Equal(18, collector.Names.Count);
    }

    [Fact]
    public void Reciprocal_approximation_moves_adm_values_less_than_5e_7_on_the_golden_cases()
    {
        // libvmaf divides with rcpss + one Newton step, whose table differs between CPU vendors; exact division bounds it.
        double worst = 0;
        int values = 0, printedDifferently = 0;
        string where = string.Empty;
        foreach (GoldenCase c in GoldenCase.All())
        {
            int frames = Math.Min(FloatGolden.FramesFor(c), 8);
            FeatureCollector hardware = Run(c, frames, string.Empty);
            FeatureCollector exact = Run(c, frames, string.Empty, AdmReciprocal.Exact);
            foreach (FeatureVector v in hardware.Vectors)
            {
                for (int f = 0; f < frames; f++)
                {
                    double x = v.TryGet(f, out double h) ? h : 0, y = exact.Get(v.Name, f);
                    double d = Math.Abs(x - y);
                    values++;
                    printedDifferently += VmafJsonWriter.Number(x, VmafJsonFlavor.V3_2_0) == VmafJsonWriter.Number(y, VmafJsonFlavor.V3_2_0) ? 0 : 1;
                    if (d > worst)
                    {
                        worst = d;
                        where = $"{c.Id} frame {f} {v.Name}";
                    }
                }
            }
        }

        output.WriteLine($"largest |rcpss − exact| over the golden cases: {worst:E2} ({where}); {printedDifferently} of {values} values print differently at 6 decimals");
        Assert.True(worst < 5e-7, $"{worst} at {where}");
    }

    [Fact]
    public void Angle_threshold_is_cos_squared_of_one_degree_in_float()
    {
        Assert.Equal(0x3F7FEC0Au, BitConverter.SingleToUInt32Bits(FloatAdmKernels.Cos1DegSquared));
    }

    [Fact]
    public void A_reference_without_detail_gives_adm2_1_and_adm3_1()
    {
        var flat = new byte[64 * 64];
        Array.Fill(flat, (byte)128); // mid-grey converts to 0.0: every wavelet band is exactly 0
        var adm = new FloatAdm(FloatAdmExtractor.ParseOptions(FloatGolden.Options("adm_noise_weight=0")), 64, 64, 8);
        var collector = new FeatureCollector();
        adm.Extract(0, new SamplePlane(flat, 64, 64, 64), new SamplePlane(FloatGolden.Noise(64, 64, 3), 64, 64, 64), collector);
        Assert.Equal(1.0, collector.Get("adm2_nw_0", 0));
        Assert.Equal(0.0, collector.Get("aim_nw_0", 0));
        Assert.Equal(1.0, collector.Get("adm3_nw_0", 0));
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(64, 16)]
    [InlineData(16, 64)]
    public void Frames_below_17_samples_are_refused_with_the_limit_named(int width, int height)
    {
        var e = Assert.Throws<InvalidInputException>(() => new FloatAdm(FloatAdmExtractor.ParseOptions(), width, height, 8));
        Assert.Contains("at least 17", e.Message, StringComparison.Ordinal);
        var adm = new FloatAdm(FloatAdmExtractor.ParseOptions(), 17, 17, 8);
        var plane = new SamplePlane(FloatGolden.Noise(17, 17, 5), 17, 17, 17);
        Assert.True(double.IsFinite(adm.Compute(plane, plane)[0]));
    }

    [Theory]
    [InlineData("adm_csf_mode=2.5", "takes a whole number")]
    [InlineData("adm_csf_mode=10", "out of range")]
    [InlineData("rdf=0", "out of range")]
    [InlineData("rdh=1080", "has no option 'rdh'")]
    public void Option_values_libvmaf_refuses_are_refused(string options, string message)
    {
        var e = Assert.Throws<InvalidInputException>(() => FloatAdmExtractor.ParseOptions(FloatGolden.Options(options)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bit_depths_other_than_8_10_12_16_are_refused() =>
        Assert.Throws<UnsupportedFormatException>(() => new FloatAdm(FloatAdmExtractor.ParseOptions(), 64, 64, 11));

    private static FeatureCollector Run(GoldenCase c, int frames, string options, AdmReciprocal reciprocal = AdmReciprocal.Hardware)
    {
        var adm = new FloatAdm(FloatAdmExtractor.ParseOptions(FloatGolden.Options(options)), c.Width, c.Height, c.BitDepth, reciprocal);
        var collector = new FeatureCollector();
        int index = 0;
        foreach ((byte[] r, byte[] d) in FloatGolden.Frames(c, frames))
        {
            adm.Extract(index++, FloatGolden.Plane(c, r, 0), FloatGolden.Plane(c, d, 0), collector);
        }

        return collector;
    }
}
