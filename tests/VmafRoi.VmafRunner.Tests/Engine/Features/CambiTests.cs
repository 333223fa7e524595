using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features.Cambi;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class CambiTests(ITestOutputHelper output)
{
    /// <summary>The CAMBI options every vmaf_v1.0.16 model sets (feature_opts_dicts), as the model loader passes them.</summary>
    private static readonly Dictionary<string, object> V1016Options = new()
    {
        ["cambi_high_res_speedup"] = 1080.0,
        ["cambi_vis_lum_threshold"] = 0.06,
        ["cambi_max_val"] = 17.0,
    };

    public static IEnumerable<object[]> ScoredCases() => CambiSpeedGolden.CaseIds("s11");

    [Theory]
    [MemberData(nameof(ScoredCases))]
    public void Default_cambi_prints_every_frame_as_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        var cambi = new CambiExtractor(CambiOptions.Default, c.Width, c.Height, c.BitDepth);
        Assert.Equal(["Cambi_feature_cambi_score"], cambi.FeatureNames);
        IReadOnlyDictionary<int, string> golden = CambiSpeedGolden.Printed(c, "feature.cambi", "cambi");
        int compared = CompareFrames(c, cambi, golden, CambiSpeedGolden.Frames(c, 48));
        output.WriteLine($"{caseId}: {compared} frames, window {cambi.WindowSize}");
    }

    [Theory]
    [MemberData(nameof(ScoredCases))]
    public void V1016_model_options_print_as_in_both_v1016_golden_files(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        var cambi = new CambiExtractor(CambiOptions.Parse(V1016Options), c.Width, c.Height, c.BitDepth);
        const string key = "cambi_hrs_1080_cmxv_17_vlt_0.06";
        Assert.Equal([key], cambi.FeatureNames);
        IReadOnlyDictionary<int, string> golden = CambiSpeedGolden.Printed(c, "vmaf_v1.0.16_3d0h", key);
        Assert.Equal(golden, CambiSpeedGolden.Printed(c, "vmaf_v1.0.16_hfr_3d0h", key));
        int compared = CompareFrames(c, cambi, golden, CambiSpeedGolden.Frames(c, c.Width >= 1920 ? 8 : 12));
        Assert.Equal(c.Width * c.Height >= 1920 * 1080 ? 1080 : 0, cambi.HighResSpeedup);
        output.WriteLine($"{caseId}: {compared} frames, window {cambi.WindowSize}, speed-up {cambi.HighResSpeedup}");
    }

    /// <summary>
    /// Non-default options, checked bit for bit against values printed with <c>%.17g</c> from libvmaf 3.2.0's library
    /// (portable C path; frames 0 and 1): resampling, anti-dithering on and off, PQ, contrast steps, pooling share,
    /// threshold, window, dark cut-off, the speed-up, full_ref with its own source size, 10/12/16 bits, 4:2:2 and 4:4:4.
    /// </summary>
    [Theory]
    [InlineData("s01", "enc_width=320,enc_height=180", "cambi_ench_180_encw_320", "0.29993095430621397", "0.17126008658055908")]
    [InlineData("s01", "enc_bitdepth=10", "cambi_encbd_10", "0.9547416267593799", "0.71341764610965841")]
    [InlineData("s01", "eotf=pq", "cambi_eotf_pq", "0.73707368155430164", "0.39309368403492034")]
    [InlineData("s01", "ceot=pq", "cambi_ceot_pq", "0.73707368155430164", "0.39309368403492034")]
    [InlineData("s01", "max_log_contrast=3", "cambi_mlc_3", "0.68258348452526574", "0.42489352365448979")]
    [InlineData("s01", "mlc=5", "cambi_mlc_5", "0.98330559769042913", "0.65735593172429707")]
    [InlineData("s01", "cambi_topk=0.3", "cambi_ctpk_0.3", "1.0701279303158164", "0.60986822649345618")]
    [InlineData("s01", "topk=0.9", "cambi_topk_0.9", "0.35669270178265228", "0.2032856534443214")]
    [InlineData("s01", "tvi_threshold=0.05", "cambi_tvit_0.05", "0.18360780684258807", "0.068924728951444636")]
    [InlineData("s01", "ws=31", "cambi_ws_31", "0.40875985088887157", "0.2470245427764069")]
    [InlineData("s01", "cambi_vis_lum_threshold=1", "cambi_vlt_1", "0.53443203829066355", "0.3045052774496213")]
    [InlineData("s01", "full_ref=true", "Cambi_feature_cambi_score|cambi_source|cambi_full_reference",
        "0.53504390288349379|0.14621267618507891|0.38883122669841486", "0.30492865812310233|0.14356174653882897|0.16136691158427335")]
    [InlineData("s01", "full_ref=true,src_width=400,src_height=225,enc_width=288,enc_height=162", "cambi_ench_162_encw_288_srch_225_srcw_400|cambi_source|cambi_full_reference",
        "0.30524523950841953|0.022883444247218512|0.28236179526120103", "0.15255002758307268|0.013544382843355639|0.13900564473971705")]
    [InlineData("s14", "enc_bitdepth=8", "cambi_encbd_8", "0.18384581698341801", "0.21847348227254873")]
    [InlineData("s15", "enc_width=300,enc_height=200", "cambi_ench_200_encw_300", "0.79560153937305411", "0.81325059568694713")]
    [InlineData("s16", "eotf=pq,tvi_threshold=0.5", "cambi_eotf_pq_tvit_0.5", "0", "0")]
    [InlineData("s09", "", "Cambi_feature_cambi_score", "3.6829718777051581", "3.782144969242081")]
    [InlineData("s09", "hrs=1080", "cambi_hrs_1080", "3.6829117643835425", "3.7881710269319009")]
    [InlineData("s12", "full_ref=true,max_log_contrast=4", "cambi_mlc_4|cambi_source|cambi_full_reference",
        "3.625736942431748|0|3.625736942431748", "3.7745645087894029|0|3.7745645087894029")]
    [InlineData("s13", "enc_width=500,enc_height=300,window_size=100", "cambi_ench_300_encw_500_ws_100", "4.9495263462082271", "5.0268676441773872")]
    public void Options_give_libvmaf_3_2_0_bits(string casePrefix, string options, string names, string frame0, string frame1)
    {
        GoldenCase c = GoldenCase.All().Single(g => g.Id.StartsWith(casePrefix + "_", StringComparison.Ordinal));
        var cambi = new CambiExtractor(CambiOptions.Parse(ParseOptions(options)), c.Width, c.Height, c.BitDepth);
        Assert.Equal(names.Split('|'), cambi.FeatureNames);
        string[][] expected = [frame0.Split('|'), frame1.Split('|')];
        for (int f = 0; f < 2; f++)
        {
            using YuvFrame refFrame = CambiSpeedGolden.ReadFrame(c, reference: true, f);
            using YuvFrame disFrame = CambiSpeedGolden.ReadFrame(c, reference: false, f);
            double[] scores = (c.BitDepth > 8
                ? cambi.Extract(f, refFrame.Plane16(0), disFrame.Plane16(0), c.Width)
                : cambi.Extract(f, refFrame.Plane8(0), disFrame.Plane8(0), c.Width)).ToArray();
            Assert.Equal(expected[f].Select(e => double.Parse(e, CultureInfo.InvariantCulture)), scores);
        }
    }

    /// <summary>
    /// A 160x2160 frame: from scale 3 on the picture (20, then 10 wide) is narrower than the 12-sample half-window, and
    /// libvmaf's histograms then count columns that larger scales left in its buffers. Same bits as libvmaf 3.2.0.
    /// </summary>
    [Fact]
    public void Scales_narrower_than_the_window_read_what_libvmaf_reads()
    {
        const int width = 160, height = 2160;
        var reference = new byte[width * height];
        var distorted = new byte[width * height];
        for (int i = 0; i < height; i++)
        {
            for (int j = 0; j < width; j++)
            {
                int v = (64 + (((i * 7) + (j * 3)) / 40) + (((i * 13) + (j * 29)) % 11 == 0 ? 1 : 0)) & 255;
                reference[(i * width) + j] = (byte)v;
                distorted[(i * width) + j] = (byte)((v >> 2) << 2);
            }
        }

        var cambi = new CambiExtractor(CambiOptions.Parse(new Dictionary<string, object> { ["full_ref"] = "true" }), width, height, 8);
        Assert.Equal(25, cambi.WindowSize);
        Assert.Equal([2.581336291307049, 2.6419753454349661e-05, 2.5813098715535947], cambi.Extract(0, reference, distorted, width).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sixty_four_by_forty_eight_is_refused_as_libvmaf_refuses_s11(bool modelOptions)
    {
        GoldenCase c = GoldenCase.All().Single(g => g.Id.StartsWith("s11_", StringComparison.Ordinal));
        Assert.Contains("feature cambi FAILED", File.ReadAllText(Path.Combine(c.Folder, "libvmaf-3.2.0-scalar.extra.log")), StringComparison.Ordinal);
        CambiOptions options = modelOptions ? CambiOptions.Parse(V1016Options) : CambiOptions.Default;
        var e = Assert.Throws<InvalidInputException>(() => new CambiExtractor(options, c.Width, c.Height, c.BitDepth));
        Assert.Contains("64x48 is too small", e.Message, StringComparison.Ordinal);
        Assert.Contains("216", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7680, 4320, "", 131)]
    [InlineData(3840, 2160, "window_size=66", 67)]
    public void Windows_too_large_for_the_reciprocal_table_are_refused(int width, int height, string options, int window)
    {
        var e = Assert.Throws<InvalidInputException>(() => new CambiExtractor(CambiOptions.Parse(ParseOptions(options)), width, height, 10));
        Assert.Contains($"window_size {window} too large for reciprocal LUT", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eight_k_runs_with_the_high_resolution_speed_up()
    {
        var cambi = new CambiExtractor(CambiOptions.Parse(new Dictionary<string, object> { ["hrs"] = "2160" }), 7680, 4320, 10);
        Assert.Equal(65, cambi.WindowSize);
        Assert.Equal(2160, cambi.HighResSpeedup);
    }

    [Fact]
    public void Frames_whose_small_scales_are_shorter_than_the_half_window_are_refused()
    {
        // libvmaf's row loops start before row 0 there (a write outside its c-value buffer).
        var e = Assert.Throws<InvalidInputException>(() => new CambiExtractor(CambiOptions.Default, 2160, 160, 8));
        Assert.Contains("too narrow", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(576, 324, 0, 9)]
    [InlineData(640, 360, 0, 11)]
    [InlineData(720, 480, 0, 13)]
    [InlineData(1280, 720, 0, 21)]
    [InlineData(1366, 768, 0, 23)]
    [InlineData(1920, 1080, 0, 33)]
    [InlineData(1920, 1080, 1080, 17)]
    [InlineData(2560, 1440, 0, 43)]
    [InlineData(3840, 2160, 0, 65)]
    [InlineData(3840, 2160, 2160, 33)]
    [InlineData(384, 216, 0, 7)]
    public void Window_scales_with_the_resolution_as_in_the_spec(int width, int height, int speedup, int window)
    {
        var options = CambiOptions.Parse(new Dictionary<string, object> { ["cambi_high_res_speedup"] = speedup });
        Assert.Equal(window, new CambiExtractor(options, width, height, 8).WindowSize);
    }

    [Theory]
    [InlineData(576, 324, 16)]
    [InlineData(1366, 768, 19)]
    [InlineData(1920, 1080, 21)]
    [InlineData(3840, 2160, 24)]
    public void Mask_threshold_follows_the_processing_size(int width, int height, int index) =>
        Assert.Equal(index, CambiKernels.MaskIndex(width, height));

    [Theory]
    [InlineData("bt1886", 3, new[] { 178, 305, 432, 559, 686, 813, 1023, 1023 })]
    [InlineData("pq", 2, new[] { 233, 1023, 1023, 1023 })]
    public void Visibility_thresholds_are_the_spec_integers(string eotf, int mlc, int[] tvi)
    {
        var options = CambiOptions.Parse(new Dictionary<string, object> { ["eotf"] = eotf, ["mlc"] = mlc });
        Assert.Equal(tvi, new CambiExtractor(options, 576, 324, 8).Tvi);
    }

    [Theory]
    [InlineData("bt1886", 0.0, 0)]
    [InlineData("bt1886", 0.06, 78)]
    [InlineData("bt1886", 0.1, 84)]
    [InlineData("bt1886", 1.0, 135)]
    [InlineData("pq", 0.06, 108)]
    public void Dark_cut_off_code_is_the_first_at_the_threshold(string eotf, double vlt, int code)
    {
        var options = CambiOptions.Parse(new Dictionary<string, object> { ["eotf"] = eotf, ["vlt"] = vlt });
        Assert.Equal(code, new CambiExtractor(options, 576, 324, 8).VisibilityLuma);
    }

    [Fact]
    public void Reciprocal_table_keeps_libvmafs_42_decimal_roundings()
    {
        float[] lut = CambiTables.Reciprocal;
        Assert.Equal(42, CambiTables.ReciprocalPatchCount);
        Assert.Equal(42, Enumerable.Range(1, lut.Length - 1).Count(i => lut[i] != 1.0f / i));
        Assert.Equal(0x3C47CE0Du, BitConverter.SingleToUInt32Bits(lut[82]));
        Assert.Equal(0f, lut[0]);
    }

    [Fact]
    public void Ten_bit_samples_above_1023_are_refused_with_libvmafs_message()
    {
        var cambi = new CambiExtractor(CambiOptions.Default, 256, 256, 10);
        var plane = new ushort[256 * 256];
        plane[1000] = 1024;
        var e = Assert.Throws<InvalidInputException>(() => cambi.Extract(0, default, plane, 256));
        Assert.Contains("Invalid input. The input contains values greater than 1023, which exceeds the maximum value for a 10-bit depth format.", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(17)]
    public void Bit_depths_outside_8_to_16_are_unsupported(int bitDepth) =>
        Assert.Throws<UnsupportedFormatException>(() => new CambiExtractor(CambiOptions.Default, 576, 324, bitDepth));

    [Theory]
    [InlineData("window_size", "200", "out of range [15, 127]")]
    [InlineData("ws", "abc", "needs an integer")]
    [InlineData("eotf", "hlg", "supported values: bt1886, pq")]
    [InlineData("full_ref", "yes", "'true' or 'false'")]
    [InlineData("tvi_threshold", "0", "out of range")]
    [InlineData("no_such_option", "1", "has no option 'no_such_option'")]
    public void Bad_options_are_refused_naming_the_option(string key, string value, string message)
    {
        var e = Assert.Throws<InvalidInputException>(() => CambiOptions.Parse(new Dictionary<string, object> { [key] = value }));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_parse_as_libvmafs_option_strings()
    {
        // atoi reads the leading integer; a double prints as %g in names; bools and strings name as libvmaf does.
        CambiOptions options = CambiOptions.Parse(new Dictionary<string, object> { ["ws"] = "17.9", ["cmxv"] = 17.0, ["ceot"] = "pq", ["full_ref"] = true });
        Assert.Equal(17, options.WindowSize);
        Assert.Equal("pq", options.Eotf);
        Assert.Equal("cambi_ceot_pq_cmxv_17_ws_17", options.Values.FeatureName(CambiExtractor.ScoreFeature, "cambi"));
        Assert.Equal("Cambi_feature_cambi_score", CambiOptions.Default.Values.FeatureName(CambiExtractor.ScoreFeature, "cambi"));
    }

    [Fact]
    public void Frames_after_the_first_allocate_nothing()
    {
        GoldenCase c = GoldenCase.All().Single(g => g.Id.StartsWith("s01_", StringComparison.Ordinal));
        var cambi = new CambiExtractor(CambiOptions.Parse(V1016Options), c.Width, c.Height, c.BitDepth);
        using YuvFrame dis = CambiSpeedGolden.ReadFrame(c, reference: false, 0);
        cambi.Extract(0, default, dis.Plane8(0), c.Width);
        long before = GC.GetAllocatedBytesForCurrentThread();
        cambi.Extract(1, default, dis.Plane8(0), c.Width);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static Dictionary<string, object> ParseOptions(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => (object)kv[1]);

    [Theory]
    [InlineData("s01", false)]
    [InlineData("s09", true)]
    [InlineData("s14", false)]
    [InlineData("s16", true)]
    public void Vector_path_gives_the_scalar_path_s_values_bit_for_bit(string prefix, bool v1016)
    {
        GoldenCase c = GoldenCase.All().First(g => g.Id.StartsWith(prefix, StringComparison.Ordinal));
        CambiOptions options = v1016 ? CambiOptions.Parse(V1016Options) : CambiOptions.Default;
        var scalar = new CambiExtractor(options, c.Width, c.Height, c.BitDepth, VmafRoi.VmafRunner.Engine.Simd.VectorWidth.Scalar);
        var vector = new CambiExtractor(options, c.Width, c.Height, c.BitDepth);
        Assert.False(scalar.UsesVectors);
        foreach (int f in CambiSpeedGolden.Frames(c, 3))
        {
            using YuvFrame dis = CambiSpeedGolden.ReadFrame(c, reference: false, f);
            double a = c.BitDepth > 8 ? scalar.Extract(f, default, dis.Plane16(0), c.Width)[0] : scalar.Extract(f, default, dis.Plane8(0), c.Width)[0];
            double b = c.BitDepth > 8 ? vector.Extract(f, default, dis.Plane16(0), c.Width)[0] : vector.Extract(f, default, dis.Plane8(0), c.Width)[0];
            Assert.Equal(BitConverter.DoubleToInt64Bits(a), BitConverter.DoubleToInt64Bits(b));
        }

        output.WriteLine($"{c.Id}: vector path in use: {vector.UsesVectors}");
    }

    private static int CompareFrames(GoldenCase c, CambiExtractor cambi, IReadOnlyDictionary<int, string> golden, IEnumerable<int> frames)
    {
        var mismatches = new List<string>();
        int compared = 0;
        foreach (int f in frames)
        {
            using YuvFrame dis = CambiSpeedGolden.ReadFrame(c, reference: false, f);
            ReadOnlySpan<double> scores = c.BitDepth > 8
                ? cambi.Extract(f, default, dis.Plane16(0), c.Width)
                : cambi.Extract(f, default, dis.Plane8(0), c.Width);
            string ours = CambiSpeedGolden.Print(scores[0]);
            if (ours != golden[f])
            {
                mismatches.Add($"frame {f}: ours {ours} ({scores[0]:R}), libvmaf {golden[f]}");
            }

            compared++;
        }

        Assert.True(mismatches.Count == 0, $"{c.Id}: {mismatches.Count}/{compared} frames differ\n{string.Join('\n', mismatches.Take(10))}");
        return compared;
    }
}
