using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Simd;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Tests.Engine;

/// <summary>
/// <see cref="VmafEngine.ScoreFused"/>: the second pair equals a separate run over a file of the same pictures, and an
/// all-255 weight plane gives the plain numbers, bit for bit, at every vector width and thread count.
/// </summary>
public sealed class FusedRunTests
{
    // One case per sample layout: 8-bit 4:2:0, 4:2:2, 10-bit, 16-bit, and the 64x48 border paths.
    public static TheoryData<string> Cases() =>
        ["s07_foreman_352x288_x264crf32", "s12_gradients_720x480_yuv422p_x264crf32", "s14_mandelbrot_576x324_yuv420p10le_x265crf32", "s16_gradients_320x240_yuv420p16le_bicubic_half", "s11_testsrc2_64x48_x264crf32"];

    public static TheoryData<string, string, string> PatternCases() => new()
    {
        { "s07_foreman_352x288_x264crf32", "regions", "vmaf_v0.6.1" },
        { "s12_gradients_720x480_yuv422p_x264crf32", "regions", "vmaf_v0.6.1" },
        { "s14_mandelbrot_576x324_yuv420p10le_x265crf32", "regions", "vmaf_v0.6.1" },
        { "s16_gradients_320x240_yuv420p16le_bicubic_half", "regions", "vmaf_v0.6.1" },
        { "s11_testsrc2_64x48_x264crf32", "regions", "vmaf_v0.6.1" },
        { "s07_foreman_352x288_x264crf32", "reference", "vmaf_v0.6.1" },
        { "s07_foreman_352x288_x264crf32", "distorted", "vmaf_v0.6.1" },
        { "s07_foreman_352x288_x264crf32", "sparse", "vmaf_v0.6.1" },
        { "s07_foreman_352x288_x264crf32", "regions", "vmaf_v0.6.1neg" },
        { "s10_mandelbrot_box_1366x768_x264crf32", "regions", "vmaf_v0.6.1" },
    };

    [Theory]
    [MemberData(nameof(PatternCases))]
    public void Second_pair_of_a_fused_run_equals_a_separate_run_over_the_same_pictures(string id, string pattern, string modelName)
    {
        GoldenCase c = GoldenCase.Get(id);
        using var temp = new TempFolder();
        string secondPath = temp.File("second.yuv");
        WritePattern(c, secondPath, pattern);
        var model = GoldenRuns.Model(modelName);
        foreach (int threads in new[] { 1, 2 })
        {
            var options = new VmafEngineOptions { Threads = threads, Features = [new FeatureRequest("vif", new Dictionary<string, object> { ["debug"] = true }), new FeatureRequest("adm", new Dictionary<string, object> { ["debug"] = true })] };
            FusedScores fused;
            using (FrameSource r = FrameReader.Open(c.ReferenceRaw, c.Geometry))
            using (FrameSource d = FrameReader.Open(c.DistortedRaw, c.Geometry))
            {
                fused = VmafEngine.ScoreFused(r, d, [model], new PatternFrames(FusedPairs.Second, pattern), options);
            }

            VmafScores separate;
            using (FrameSource r = FrameReader.Open(c.ReferenceRaw, c.Geometry))
            using (FrameSource d = FrameReader.Open(secondPath, c.Geometry))
            {
                separate = VmafEngine.Score(r, d, [model], options);
            }

            AssertSameValues(separate, fused.Second!, $"{id} threads={threads} second");
            AssertSameValues(GoldenRuns.Run(c, [model], options), fused.Plain, $"{id} threads={threads} plain");
        }
    }

    [Theory]
    [InlineData("s07_foreman_352x288_x264crf32")]
    [InlineData("s16_gradients_320x240_yuv420p16le_bicubic_half")]
    public void Second_pair_is_the_same_at_every_vector_width(string id)
    {
        GoldenCase c = GoldenCase.Get(id);
        VmafScores? scalar = null;
        foreach (VectorWidth width in new[] { VectorWidth.Scalar, VectorWidth.V128, VectorWidth.V256, VectorWidth.V512 })
        {
            using FrameSource r = FrameReader.Open(c.ReferenceRaw, c.Geometry);
            using FrameSource d = FrameReader.Open(c.DistortedRaw, c.Geometry);
            VmafScores second = VmafEngine.ScoreFused(r, d, [GoldenRuns.Model("vmaf_v0.6.1")], new PatternFrames(FusedPairs.Second), new VmafEngineOptions { VectorWidth = width, FrameCount = 6 }).Second!;
            if (scalar is null)
            {
                scalar = second;
            }
            else
            {
                AssertSameValues(scalar, second, $"{id} {width}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_all_255_weight_plane_gives_the_plain_scores_bit_for_bit(string id)
    {
        GoldenCase c = GoldenCase.Get(id);
        foreach (MotionVariant motion in new[] { MotionVariant.V3_0, MotionVariant.V3_2 })
        {
            var options = new VmafEngineOptions { MotionVariant = motion, Features = [new FeatureRequest("vif", new Dictionary<string, object> { ["debug"] = true }), new FeatureRequest("adm", new Dictionary<string, object> { ["debug"] = true })] };
            using FrameSource r = FrameReader.Open(c.ReferenceRaw, c.Geometry);
            using FrameSource d = FrameReader.Open(c.DistortedRaw, c.Geometry);
            FusedScores fused = VmafEngine.ScoreFused(r, d, [GoldenRuns.Model("vmaf_v0.6.1")], new ConstantWeights(255), options);
            AssertSameValues(fused.Plain, fused.Weighted!, $"{id} {motion}");
        }
    }

    [Fact]
    public void A_weight_plane_of_zeros_falls_back_to_the_plain_scores()
    {
        GoldenCase c = GoldenCase.Get("s07_foreman_352x288_x264crf32");
        using FrameSource r = FrameReader.Open(c.ReferenceRaw, c.Geometry);
        using FrameSource d = FrameReader.Open(c.DistortedRaw, c.Geometry);
        FusedScores fused = VmafEngine.ScoreFused(r, d, [GoldenRuns.Model("vmaf_v0.6.1")], new ConstantWeights(0), new VmafEngineOptions { FrameCount = 5 });
        AssertSameValues(fused.Plain, fused.Weighted!, "zeros");
    }

    [Theory]
    [InlineData(8, 157, 89)]
    [InlineData(10, 250, 130)]
    [InlineData(16, 67, 45)]
    public void Weighted_sums_are_the_same_at_every_vector_width(int bitDepth, int width, int height)
    {
        foreach (string extractor in new[] { "vif", "adm", "motion", "motion_v2", "adm@3.2" })
        {
            foreach (string content in new[] { "noise", "smooth", "edges" })
            {
                Dictionary<string, double>[] results =
                    [.. new[] { VectorWidth.Scalar, VectorWidth.V128, VectorWidth.V256, VectorWidth.V512 }.Select(vw => RunWeighted(extractor, bitDepth, width, height, content, vw))];
                foreach ((string name, double value) in results[0])
                {
                    for (int w = 1; w < results.Length; w++)
                    {
                        Assert.True(
                            BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(results[w][name]),
                            $"{extractor} {content} {bitDepth}-bit {width}x{height}: {name} scalar {value:R} vs width #{w} {results[w][name]:R}");
                    }
                }
            }
        }
    }

    /// <summary>Every value of every feature (and model) of two runs is the same double.</summary>
    internal static void AssertSameValues(VmafScores expected, VmafScores actual, string what)
    {
        Assert.Equal(expected.FrameCount, actual.FrameCount);
        Assert.Equal(expected.Features.Names, actual.Features.Names);
        foreach (FeatureVector v in expected.Features.Vectors)
        {
            FeatureVector other = actual.Features.Find(v.Name)!;
            for (int i = 0; i < expected.FrameCount; i++)
            {
                Assert.Equal(v.TryGet(i, out double a), other.TryGet(i, out double b));
                Assert.True(BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b), $"{what}: {v.Name}[{i}] {a:R} vs {b:R}");
            }
        }
    }

    /// <summary>One extractor over three synthetic frames with a random weight plane; every plain and weighted value.</summary>
    private static Dictionary<string, double> RunWeighted(string extractor, int bitDepth, int width, int height, string content, VectorWidth vw)
    {
        IFeatureExtractor ex = VectorPathTests.Extractor(extractor);
        FeatureSettings settings = FeatureSettings.Create(ex, new Dictionary<string, object> { ["debug"] = true });
        FeatureInstance instance = ex.CreateInstance(settings, new LumaGeometry(width, height, bitDepth), vw);
        instance.ScoreAlso(FusedPairs.Weighted);
        object scratch = instance.CreateScratch();
        object state = instance.CreateFrameState();
        var collectors = new FeatureCollectors(FusedPairs.Weighted);
        byte[]? previous = null;
        var random = new Random(width + bitDepth);
        for (int i = 0; i < 3; i++)
        {
            byte[] reference = SyntheticFrames.Luma(width, height, bitDepth, content, seed: 10 + i);
            byte[] distorted = SyntheticFrames.Luma(width, height, bitDepth, content == "smooth" ? "noise" : content, seed: 20 + (3 * i));
            var weights = new byte[width * height];
            random.NextBytes(weights);
            instance.Compute(new FrameInput(i, reference, distorted, previous ?? [], [], weights), scratch, state);
            instance.Commit(i, state, collectors, weights);
            previous = reference;
        }

        instance.Flush(collectors, 3);
        var values = new Dictionary<string, double>();
        foreach ((string pair, FeatureCollector collector) in new[] { ("plain", collectors.Primary), ("weighted", collectors.Weighted!) })
        {
            foreach (FeatureVector v in collector.Vectors)
            {
                for (int i = 0; i < v.Capacity; i++)
                {
                    if (v.TryGet(i, out double x))
                    {
                        values[$"{pair} {v.Name}[{i}]"] = x;
                    }
                }
            }
        }

        return values;
    }

    /// <summary>Writes the pictures <see cref="PatternFrames"/> makes, as a raw clip (chroma of the distorted clip).</summary>
    private static void WritePattern(GoldenCase c, string path, string kind)
    {
        using FrameSource r = FrameReader.Open(c.ReferenceRaw, c.Geometry);
        using FrameSource d = FrameReader.Open(c.DistortedRaw, c.Geometry);
        using FrameWriter writer = FrameWriter.CreateRaw(path, c.Geometry);
        var second = new YuvFrame(c.Geometry);
        var pattern = new PatternFrames(FusedPairs.Second, kind);
        int index = 0;
        while (true)
        {
            using YuvFrame? rf = r.ReadNext();
            using YuvFrame? df = d.ReadNext();
            if (rf is null || df is null)
            {
                break;
            }

            pattern.Fill(index++, rf, df, second, []);
            writer.Write(second);
        }

        writer.Complete();
    }

    /// <summary>
    /// A second picture made of the reference (left third), the distorted picture (a centre box) and per-pixel blends
    /// elsewhere, changing with the frame index, so every class of row and column occurs.
    /// </summary>
    private sealed class PatternFrames(FusedPairs pairs, string kind = "regions") : IFusedFrames
    {
        public FusedPairs Pairs => pairs;

        public void Fill(int index, YuvFrame reference, YuvFrame distorted, YuvFrame? second, Span<byte> weights)
        {
            distorted.Data.CopyTo(second!.Data);
            int w = reference.Geometry.Width, h = reference.Geometry.Height, bps = reference.Geometry.Format.BytesPerSample;
            Span<byte> rl = reference.PlaneBytes(0), sl = second.PlaneBytes(0);
            switch (kind)
            {
                case "reference":
                    rl.CopyTo(sl);
                    return;
                case "distorted":
                    return;
                case "sparse":
                    // The reference everywhere but a few scattered distorted pixels.
                    rl.CopyTo(sl);
                    var random = new Random(index);
                    for (int n = 0; n < 12; n++)
                    {
                        int p = random.Next(w * h) * bps;
                        distorted.PlaneBytes(0).Slice(p, bps).CopyTo(sl.Slice(p, bps));
                    }

                    return;
            }

            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int p = (y * w) + x;
                    bool inBox = x >= w / 3 && x < (2 * w / 3) && y >= (h / 4) + (index % 5) && y < (3 * h / 4);
                    if (x < w / 3 + (index % 3))
                    {
                        rl.Slice(p * bps, bps).CopyTo(sl.Slice(p * bps, bps));
                    }
                    else if (!inBox)
                    {
                        int a = (x + y + index) % 5;
                        int rv = bps == 1 ? rl[p] : rl[2 * p] | (rl[(2 * p) + 1] << 8);
                        int dv = bps == 1 ? sl[p] : sl[2 * p] | (sl[(2 * p) + 1] << 8);
                        int v = ((rv * (4 - a)) + (dv * a) + 2) / 4;
                        if (bps == 1)
                        {
                            sl[p] = (byte)v;
                        }
                        else
                        {
                            sl[2 * p] = (byte)v;
                            sl[(2 * p) + 1] = (byte)(v >> 8);
                        }
                    }
                }
            }
        }
    }

    private sealed class ConstantWeights(byte value) : IFusedFrames
    {
        public FusedPairs Pairs => FusedPairs.Weighted;

        public void Fill(int index, YuvFrame reference, YuvFrame distorted, YuvFrame? second, Span<byte> weights) => weights.Fill(value);
    }
}
