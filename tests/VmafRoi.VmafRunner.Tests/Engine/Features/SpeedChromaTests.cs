using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features.SpeedChroma;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

public sealed class SpeedChromaTests(ITestOutputHelper output)
{
    /// <summary>The SpEED options of vmaf_v1.0.16_3d0h (feature_opts_dicts), as the model loader passes them.</summary>
    private static readonly Dictionary<string, object> V1016Options = new()
    {
        ["speed_kernelscale"] = 1.0,
        ["speed_nn_floor"] = 0.1,
        ["speed_sigma_nn"] = 0.19,
        ["speed_weight_var_mode"] = 5,
        ["speed_max_val"] = 45.0,
    };

    public static IEnumerable<object[]> ScoredCases() => CambiSpeedGolden.CaseIds("s11");

    [Theory]
    [MemberData(nameof(ScoredCases))]
    public void V1016_options_print_u_v_uv_as_in_both_v1016_golden_files(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        SpeedChromaExtractor speed = Create(c, SpeedChromaOptions.Parse(V1016Options));
        string[] keys = ["speed_chroma_u_mxv_45_nnf_0.1_snn_0.19_wvm_5", "speed_chroma_v_mxv_45_nnf_0.1_snn_0.19_wvm_5", "speed_chroma_uv_mxv_45_nnf_0.1_snn_0.19_wvm_5"];
        Assert.Equal(keys, speed.FeatureNames);
        IReadOnlyDictionary<int, string>[] golden = keys.Select(k => CambiSpeedGolden.Printed(c, "vmaf_v1.0.16_3d0h", k)).ToArray();
        for (int k = 0; k < keys.Length; k++)
        {
            Assert.Equal(golden[k], CambiSpeedGolden.Printed(c, "vmaf_v1.0.16_hfr_3d0h", keys[k]));
        }

        var mismatches = new List<string>();
        int compared = 0;
        foreach (int f in CambiSpeedGolden.Frames(c, 48))
        {
            double[] scores = Extract(c, speed, f);
            for (int k = 0; k < keys.Length; k++)
            {
                string ours = CambiSpeedGolden.Print(scores[k]);
                if (ours != golden[k][f])
                {
                    mismatches.Add($"frame {f} {keys[k]}: ours {ours} ({scores[k]:R}), libvmaf {golden[k][f]}");
                }
            }

            compared++;
        }

        Assert.True(mismatches.Count == 0, $"{caseId}: {mismatches.Count} values differ\n{string.Join('\n', mismatches.Take(10))}");
        output.WriteLine($"{caseId}: {compared} frames x 3 values, chroma {speed.ChromaWidth}x{speed.ChromaHeight}, {speed.Blocks} blocks");
    }

    /// <summary>
    /// Other option sets, bit for bit against values printed with <c>%.17g</c> from libvmaf 3.2.0's library (portable C
    /// path; frames 0 and 1, u|v|uv): defaults, the bilinear prescales of the 5d0h and _2160 models, bicubic, lanczos4
    /// and nearest resizing (down and up), other kernel scales, every variance-weighting mode, 4:2:2, 4:4:4, 10/12/16 bits
    /// and the singular (flat chroma) case.
    /// </summary>
    [Theory]
    [InlineData("s01", "", "", "3.3380365371704102|1.0756343603134155|2.2068355083465576", "2.9743883609771729|1.8570047616958618|2.4156966209411621")]
    [InlineData("s09", "v1016,ps=0.6,psm=bilinear", "mxv_45_nnf_0.1_ps_0.6_psm_bilinear_snn_0.19_wvm_5",
        "0.75735664367675781|0.67010253667831421|0.7137296199798584", "0.76591956615447998|0.66148340702056885|0.71370148658752441")]
    [InlineData("s13", "v1016,speed_prescale=0.5,speed_prescale_method=bilinear", "mxv_45_nnf_0.1_ps_0.5_psm_bilinear_snn_0.19_wvm_5",
        "1.5024428367614746|1.3209884166717529|1.4117156267166138", "1.5568034648895264|1.3370946645736694|1.4469490051269531")]
    [InlineData("s10", "ps=0.7,psm=bicubic", "ps_0.7_psm_bicubic", "2.3629295825958252|2.0511515140533447|2.207040548324585", "4.2618169784545898|5.6472420692443848|4.9545297622680664")]
    [InlineData("s12", "ps=1.3,psm=lanczos4", "ps_1.3_psm_lanczos4", "50.778045654296875|44.807716369628906|47.792881011962891", "49.052745819091797|37.907943725585938|43.4803466796875")]
    [InlineData("s01", "ps=1.5", "ps_1.5", "2.1320469379425049|3.4253888130187988|2.7787179946899414", "5.0325136184692383|2.5669286251068115|3.7997212409973145")]
    [InlineData("s01", "ps=0.8,ks=0.5", "ks_0.5_ps_0.8", "0|0|0", "0|0|0")]
    [InlineData("s01", "ks=2", "ks_2", "3.1921374797821045|3.2646529674530029|3.2283952236175537", "1.6243273019790649|1.9009081125259399|1.7626177072525024")]
    [InlineData("s03", "ks=1.5", "ks_1.5", "0.59683722257614136|0.56825035810470581|0.58254379034042358", "0.62293362617492676|0.50237941741943359|0.56265652179718018")]
    [InlineData("s14", "wvm=0,nnf=0.3", "nnf_0.3", "2.5151622295379639|1.7909749746322632|2.1530685424804688", "1.6712747812271118|2.5534260272979736|2.1123504638671875")]
    [InlineData("s14", "wvm=1,nnf=0.3", "nnf_0.3_wvm_1", "0.38179650902748108|0.39181265234947205|0.38680458068847656", "0.36197152733802795|0.42962011694908142|0.39579582214355469")]
    [InlineData("s14", "wvm=2,nnf=0.3", "nnf_0.3_wvm_2", "0.383636474609375|0.39191946387290955|0.38777798414230347", "0.35807165503501892|0.42503610253334045|0.39155387878417969")]
    [InlineData("s14", "wvm=3,nnf=0.3", "nnf_0.3_wvm_3", "0.38272348046302795|0.39186349511146545|0.3872934877872467", "0.36003494262695312|0.42734017968177795|0.39368754625320435")]
    [InlineData("s14", "wvm=4,nnf=0.3", "nnf_0.3_wvm_4", "1.4482396841049194|1.0814285278320312|1.2648341655731201", "1.0142046213150024|1.4897028207778931|1.2519537210464478")]
    [InlineData("s14", "wvm=6,nnf=0.3", "nnf_0.3_wvm_6", "1.9816423654556274|1.436370849609375|1.7090065479278564", "1.3422151803970337|2.0211029052734375|1.6816589832305908")]
    [InlineData("s15", "", "", "0|0|0", "0|0|0")]
    [InlineData("s16", "v1016", "mxv_45_nnf_0.1_snn_0.19_wvm_5", "0|0|0", "0|0|0")]
    public void Options_give_libvmaf_3_2_0_bits(string casePrefix, string options, string suffix, string frame0, string frame1)
    {
        GoldenCase c = GoldenCase.All().Single(g => g.Id.StartsWith(casePrefix + "_", StringComparison.Ordinal));
        SpeedChromaExtractor speed = Create(c, SpeedChromaOptions.Parse(ParseOptions(options)));
        string[] names = suffix.Length == 0
            ? [SpeedChromaExtractor.UFeature, SpeedChromaExtractor.VFeature, SpeedChromaExtractor.UvFeature]
            : [$"speed_chroma_u_{suffix}", $"speed_chroma_v_{suffix}", $"speed_chroma_uv_{suffix}"];
        Assert.Equal(names, speed.FeatureNames);
        string[][] expected = [frame0.Split('|'), frame1.Split('|')];
        for (int f = 0; f < 2; f++)
        {
            Assert.Equal(expected[f].Select(e => double.Parse(e, CultureInfo.InvariantCulture)), Extract(c, speed, f));
        }
    }

    [Fact]
    public void A_channel_singular_on_one_side_scores_0_and_the_pair_takes_the_other_channel()
    {
        // 640x480 4:2:0: reference U flat (singular fit), the other three chroma planes noise. libvmaf: u 0, v = uv.
        const int width = 640, height = 480, cw = width / 2, ch = height / 2;
        uint state = 12345;
        byte Next()
        {
            state = ((state * 1103515245) + 12345) & 0x7fffffff;
            return (byte)((state >> 16) & 255);
        }

        byte[] refU = Enumerable.Repeat((byte)128, cw * ch).ToArray();
        byte[] refV = Enumerable.Range(0, cw * ch).Select(_ => Next()).ToArray();
        byte[] disU = Enumerable.Range(0, cw * ch).Select(_ => Next()).ToArray();
        byte[] disV = Enumerable.Range(0, cw * ch).Select(_ => Next()).ToArray();
        var speed = new SpeedChromaExtractor(SpeedChromaOptions.Default, width, height, ChromaFormat.Yuv420, 8);
        Assert.Equal([0, 51.4339599609375, 51.4339599609375], speed.Extract(refU, refV, disU, disV, cw).ToArray());
        Assert.Equal(1, speed.LastFrameSingularFits);
    }

    [Fact]
    public void Flat_chroma_scores_0_with_four_singular_fits_as_libvmaf_warns()
    {
        GoldenCase c = GoldenCase.All().Single(g => g.Id.StartsWith("s16_", StringComparison.Ordinal));
        SpeedChromaExtractor speed = Create(c, SpeedChromaOptions.Parse(V1016Options));
        Assert.Equal([0, 0, 0], Extract(c, speed, 0));
        Assert.Equal(4, speed.LastFrameSingularFits);
    }

    [Theory]
    [InlineData("s11", "", "32x24 chroma planes")]
    [InlineData("s07", "ps=0.5", "(prescaled to 88x72)")]
    public void Chroma_planes_below_80_samples_are_refused_where_libvmaf_crashes(string casePrefix, string options, string message)
    {
        GoldenCase c = GoldenCase.All().Single(g => g.Id.StartsWith(casePrefix + "_", StringComparison.Ordinal));
        var e = Assert.Throws<InvalidInputException>(() => Create(c, SpeedChromaOptions.Parse(ParseOptions(options))));
        Assert.Contains("SpEED: image too small, operating width or height is 0", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gray_input_is_refused() =>
        Assert.Throws<UnsupportedFormatException>(() => new SpeedChromaExtractor(SpeedChromaOptions.Default, 640, 480, ChromaFormat.Gray, 8));

    [Theory]
    [InlineData("ks", "1.3", "invalid speed_kernelscale 1.3")]
    [InlineData("speed_prescale_method", "area", "supported values: nearest, bilinear, bicubic, lanczos4")]
    [InlineData("wvm", "7", "out of range [0, 6]")]
    [InlineData("snn", "0.05", "out of range [0.1, 2]")]
    public void Bad_options_are_refused_where_libvmaf_would_crash_or_fail(string key, string value, string message)
    {
        var e = Assert.Throws<InvalidInputException>(() => SpeedChromaOptions.Parse(new Dictionary<string, object> { [key] = value }));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_taps_have_the_spec_bits()
    {
        Assert.Equal([0x3D9AEDC6u, 0x3DCAF6B8, 0x3DF6259E, 0x3E0A2CD8, 0x3E0F9C33, 0x3E0A2CD8, 0x3DF6259E, 0x3DCAF6B8, 0x3D9AEDC6], SpeedFilters.AntiAlias(1.0f).Select(BitConverter.SingleToUInt32Bits));
        Assert.Equal([0x3E2A5F21u, 0x3F2AD06F, 0x3E2A5F21], SpeedFilters.LocalMean(1.0f).Select(BitConverter.SingleToUInt32Bits));
    }

    [Fact]
    public void Frames_after_the_first_allocate_nothing()
    {
        GoldenCase c = GoldenCase.All().Single(g => g.Id.StartsWith("s01_", StringComparison.Ordinal));
        SpeedChromaExtractor speed = Create(c, SpeedChromaOptions.Parse(new Dictionary<string, object> { ["ps"] = "0.6", ["psm"] = "bilinear" }));
        using YuvFrame r = CambiSpeedGolden.ReadFrame(c, reference: true, 0);
        using YuvFrame d = CambiSpeedGolden.ReadFrame(c, reference: false, 0);
        int stride = c.Geometry.ChromaPlane.Width;
        speed.Extract(r.Plane8(1), r.Plane8(2), d.Plane8(1), d.Plane8(2), stride);
        long before = GC.GetAllocatedBytesForCurrentThread();
        speed.Extract(r.Plane8(1), r.Plane8(2), d.Plane8(1), d.Plane8(2), stride);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static Dictionary<string, object> ParseOptions(string text)
    {
        var options = new Dictionary<string, object>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "v1016")
            {
                foreach ((string k, object v) in V1016Options)
                {
                    options[k] = v;
                }

                continue;
            }

            string[] kv = part.Split('=');
            options[kv[0]] = kv[1];
        }

        return options;
    }

    /// <summary>
    /// The vector filter pass and matrix products against the scalar path on the golden clips, every width, bit for bit
    /// (their lanes are output elements, each summed in the scalar order without FMA), with and without a prescale.
    /// </summary>
    [Theory]
    [MemberData(nameof(ScoredCases))]
    public void Every_vector_width_gives_the_scalar_path_s_values_bit_for_bit_on_the_golden_clips(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        foreach (SpeedChromaOptions options in new[] { SpeedChromaOptions.Parse(V1016Options), SpeedChromaOptions.Parse(ParseOptions("ps=1.5,psm=bilinear")) })
        {
            SpeedChromaExtractor scalar = Create(c, options, VmafRoi.VmafRunner.Engine.Simd.VectorWidth.Scalar);
            SpeedChromaExtractor[] vectors =
            [
                Create(c, options, VmafRoi.VmafRunner.Engine.Simd.VectorWidth.V128),
                Create(c, options, VmafRoi.VmafRunner.Engine.Simd.VectorWidth.V256),
                Create(c, options, VmafRoi.VmafRunner.Engine.Simd.VectorWidth.V512),
            ];
            foreach (int f in CambiSpeedGolden.Frames(c, 3))
            {
                double[] expected = Extract(c, scalar, f);
                foreach (SpeedChromaExtractor vector in vectors)
                {
                    Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), Extract(c, vector, f).Select(BitConverter.DoubleToInt64Bits));
                }
            }
        }
    }

    internal static SpeedChromaExtractor Create(GoldenCase c, SpeedChromaOptions options, VmafRoi.VmafRunner.Engine.Simd.VectorWidth vectors = VmafRoi.VmafRunner.Engine.Simd.VectorWidth.Auto) =>
        new(options, c.Width, c.Height, c.Geometry.Format.Chroma, c.BitDepth, vectors);

    internal static double[] Extract(GoldenCase c, SpeedChromaExtractor speed, int f)
    {
        using YuvFrame r = CambiSpeedGolden.ReadFrame(c, reference: true, f);
        using YuvFrame d = CambiSpeedGolden.ReadFrame(c, reference: false, f);
        int stride = c.Geometry.ChromaPlane.Width;
        return (c.BitDepth > 8
            ? speed.Extract(r.Plane16(1), r.Plane16(2), d.Plane16(1), d.Plane16(2), stride)
            : speed.Extract(r.Plane8(1), r.Plane8(2), d.Plane8(1), d.Plane8(2), stride)).ToArray();
    }
}
