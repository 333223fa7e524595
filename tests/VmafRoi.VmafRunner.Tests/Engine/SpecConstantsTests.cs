using System.Runtime.Intrinsics;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Features.Adm;
using VmafRoi.VmafRunner.Engine.Features.Vif;
using VmafRoi.VmafRunner.Engine.Output;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Tests.Engine;

public sealed class SpecConstantsTests
{
    [Fact]
    public void Log2_table_matches_the_spec_checksum_and_check_values()
    {
        ushort[] t = VifTables.Log2;
        long sum = 0;
        for (int i = 32767; i <= 65535; i++)
        {
            sum += t[i];
        }

        Assert.Equal(1044062817, sum);
        Assert.Equal(30720, t[32767]);
        Assert.Equal(30720, t[32768]);
        Assert.Equal(30751, t[33108]);
        Assert.Equal(31309, t[40000]);
        Assert.Equal(31744, t[46341]);
        Assert.Equal(31969, t[50000]);
        Assert.Equal(32762, t[65392]);
        Assert.Equal(32768, t[65535]);
    }

    [Fact]
    public void Log_approximations_keep_the_top_16_bits()
    {
        Assert.Equal(VifTables.Log2[32768] + (2048 * 3), VifTables.Log32(1u << 18));
        Assert.Equal(VifTables.Log2[65535] + (2048 * 16), VifTables.Log32(uint.MaxValue));
        Assert.Equal(VifTables.Log2[32768] + (2048 * 2), VifTables.Log64(1ul << 17));
    }

    [Fact]
    public void Division_table_holds_signed_reciprocals()
    {
        int[] div = AdmConstants.Div;
        Assert.Equal(65537, div.Length);
        Assert.Equal(0, div[32768]);
        Assert.Equal(1 << 30, div[32769]);
        Assert.Equal(-(1 << 30), div[32767]);
        Assert.Equal(32768, div[65536]);
        Assert.Equal(-32768, div[0]);
        Assert.Equal((1 << 30) / 12345, div[32768 + 12345]);
        Assert.Equal(-((1 << 30) / 777), div[32768 - 777]);
    }

    [Fact]
    public void Csf_constants_match_the_spec_bit_patterns()
    {
        AdmCsf csf = AdmCsf.Default;
        int[] hv = [0x3C8E63BA, 0x3D030286, 0x3D31A788, 0x3D3B140B];
        int[] d = [0x3BC106AA, 0x3C6A46A3, 0x3CC7DC06, 0x3D0041C9];
        long[] hv3 = [0x3ED60682E40CA298, 0x3F0127CB41F44AAB, 0x3F15638DE3F6E459, 0x3F18F9F6FA0B6D35];
        long[] d3 = [0x3E8B6F67955C18E8, 0x3EC88675620541CB, 0x3EEE740AF5557BDC, 0x3F0018B80FEFE987];
        for (int s = 0; s < 4; s++)
        {
            Assert.Equal(hv[s], BitConverter.SingleToInt32Bits(csf.RfHv[s]));
            Assert.Equal(d[s], BitConverter.SingleToInt32Bits(csf.RfD[s]));
            Assert.Equal(hv3[s], BitConverter.DoubleToInt64Bits(csf.RfHvCubed[s]));
            Assert.Equal(d3[s], BitConverter.DoubleToInt64Bits(csf.RfDCubed[s]));
        }

        Assert.Equal([36453, 36453, 49417], csf.Irf0);
        Assert.Equal([137373792u, 137373792u, 61414028u], csf.Irf[1]);
        Assert.Equal([186284160u, 186284160u, 104783920u], csf.Irf[2]);
        Assert.Equal([196165808u, 196165808u, 134487184u], csf.Irf[3]);
    }

    [Fact]
    public void Watson_formula_reproduces_the_default_csf_weights()
    {
        for (int s = 0; s < 4; s++)
        {
            Assert.Equal(AdmCsf.Default.RfHv[s], AdmCsf.Rf(s, 1, 3.0, 1080));
            Assert.Equal(AdmCsf.Default.RfD[s], AdmCsf.Rf(s, 2, 3.0, 1080));
        }

        // The formula's scale-0 fixed-point weights differ from libvmaf's hard-coded ones (§3.7).
        Assert.Equal(36451, (int)(AdmCsf.Rf(0, 1, 3.0, 1080) * Math.Pow(2, 21)));
        Assert.Equal(49414, (int)(AdmCsf.Rf(0, 2, 3.0, 1080) * Math.Pow(2, 23)));
    }

    [Fact]
    public void Cos2_constant_is_the_rounded_float()
    {
        Assert.Equal(0.99969542026519775, AdmConstants.Cos2);
    }

    [Fact]
    public void Adm_regions_match_the_spec_example()
    {
        // 288x162 band of 576x324: M = cols [28,260) rows [15,147) (§9.2).
        AdmRegion m = AdmRegion.For(288, 162);
        Assert.Equal((28, 15, 260, 147), (m.Left, m.Top, m.Right, m.Bottom));
        AdmRegion s3 = AdmRegion.For(36, 21);
        Assert.Equal((3, 1, 33, 20), (s3.Left, s3.Top, s3.Right, s3.Bottom));
        Assert.Equal(7, AdmConstants.CeilLog2(118));
        Assert.Equal(8, AdmConstants.CeilLog2(162));
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(1.1, "1.1")]
    [InlineData(100.0, "100")]
    [InlineData(0.75, "0.75")]
    [InlineData(1e6, "1e+06")]
    [InlineData(123456.7, "123457")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5, "-2.5")]
    public void C_g_format_matches_printf(double value, string expected) => Assert.Equal(expected, CFormat.G(value));

    [Fact]
    public void Non_default_feature_parameters_rename_features_like_libvmaf()
    {
        FeatureSettings adm = FeatureSettings.Create(IntegerAdmExtractor.Instance, new Dictionary<string, object> { ["adm_enhn_gain_limit"] = 1.0 });
        Assert.Equal("integer_adm2_egl_1", adm.FeatureName(IntegerAdmExtractor.Adm2));
        Assert.Equal("integer_adm_scale0_egl_1", adm.FeatureName("integer_adm_scale0"));
        FeatureSettings vif = FeatureSettings.Create(IntegerVifExtractor.Instance, new Dictionary<string, object> { ["egl"] = "1.0", ["debug"] = true });
        Assert.Equal("integer_vif_scale0_egl_1", vif.FeatureName(IntegerVifExtractor.Scale0));
        FeatureSettings motion = FeatureSettings.Create(FeatureRegistry.ByName("motion"), new Dictionary<string, object> { ["motion_force_zero"] = true });
        Assert.Equal("integer_motion2_force_0", motion.FeatureName("VMAF_integer_feature_motion2_score"));
        FeatureSettings several = FeatureSettings.Create(IntegerAdmExtractor.Instance, new Dictionary<string, object> { ["rdh"] = 2160, ["egl"] = 1.2 });
        Assert.Equal("integer_adm2_egl_1.2_rdh_2160", several.FeatureName(IntegerAdmExtractor.Adm2));
        FeatureSettings defaults = FeatureSettings.Create(IntegerAdmExtractor.Instance, new Dictionary<string, object> { ["debug"] = true });
        Assert.Equal(IntegerAdmExtractor.Adm2, defaults.FeatureName(IntegerAdmExtractor.Adm2));
    }

    [Fact]
    public void Options_are_range_checked_and_named_in_errors()
    {
        var ex = Assert.Throws<VmafRoi.Contracts.InvalidInputException>(() =>
            FeatureSettings.Create(IntegerVifExtractor.Instance, new Dictionary<string, object> { ["egl"] = 0.5 }));
        Assert.Contains("vif_enhn_gain_limit", ex.Message);
        Assert.Throws<VmafRoi.Contracts.InvalidInputException>(() =>
            FeatureSettings.Create(IntegerAdmExtractor.Instance, new Dictionary<string, object> { ["no_such_option"] = 1 }));
        Assert.Throws<VmafRoi.Contracts.InvalidInputException>(() =>
            FeatureSettings.Create(IntegerAdmExtractor.Instance, new Dictionary<string, object> { ["debug"] = "maybe" }));
    }

    [Fact]
    public void Registry_finds_extractors_by_name_and_by_feature()
    {
        Assert.Equal("vif", FeatureRegistry.ByFeature(IntegerVifExtractor.Scale2).Name);
        Assert.Equal("adm", FeatureRegistry.ByFeature("integer_adm_scale1").Name);
        Assert.Equal("motion", FeatureRegistry.ByFeature("VMAF_integer_feature_motion2_score").Name);
        Assert.Equal("motion_v2", FeatureRegistry.ByFeature("VMAF_integer_feature_motion2_score", MotionVariant.V3_2).Name);
        Assert.Equal("motion_v2", FeatureRegistry.ByName("motion", MotionVariant.V3_2).Name);
        Assert.Equal(14, FeatureRegistry.All.Count);
        Assert.Equal("float_adm", FeatureRegistry.ByFeature("VMAF_feature_adm2_score").Name);
        Assert.Equal("cambi", FeatureRegistry.ByName("cambi").Name);
        Assert.Throws<VmafRoi.Contracts.InvalidInputException>(() => FeatureRegistry.ByFeature("VMAF_integer_feature_adm3_score"));
    }

    [Fact]
    public void Exact_int64_to_float_conversion_matches_the_scalar_cast()
    {
        // The 256-bit conversion needs AVX2, which AVX-512 machines have too; only non-x86 machines skip the comparison.
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported)
        {
            return;
        }

        var random = new Random(7);
        var values = new List<long> { 0, 1, -1, long.MaxValue, long.MinValue, (1L << 53) + 1, -(1L << 53) - 1, (1L << 62) + 12345, 16777217, 16777219, -16777219 };
        for (int i = 0; i < 20000; i++)
        {
            int bits = random.Next(1, 64);
            long v = random.NextInt64() >> (64 - bits);
            values.Add(v);
            values.Add((v | 1L << (bits - 1)) & ~((1L << Math.Max(0, bits - 26)) - 1) | (1L << Math.Max(0, bits - 26)));
        }

        for (int i = 0; i + 4 <= values.Count; i += 4)
        {
            Vector256<double> got = Vec.ToFloatThenDouble(Vector256.Create(values[i], values[i + 1], values[i + 2], values[i + 3]));
            for (int lane = 0; lane < 4; lane++)
            {
                Assert.Equal((double)(float)values[i + lane], got.GetElement(lane));
            }
        }
    }
}
