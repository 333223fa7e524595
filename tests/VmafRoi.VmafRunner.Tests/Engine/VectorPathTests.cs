using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Tests.Engine;

public sealed class VectorPathTests
{
    private static readonly VectorWidth[] Widths = [VectorWidth.Scalar, VectorWidth.V128, VectorWidth.V256, VectorWidth.V512];

    public static IEnumerable<object[]> Cases()
    {
        int[][] sizes = [[33, 33], [67, 45], [157, 89], [250, 130]];
        foreach (int bpc in new[] { 8, 10, 12, 16 })
        {
            foreach (int[] size in sizes)
            {
                yield return [bpc, size[0], size[1]];
            }
        }
    }

    public static IEnumerable<object[]> Extractors() =>
    [
        ["vif", "debug=true"],
        ["vif", "debug=true:egl=1"],
        ["adm", "debug=true"],
        ["adm", "debug=true:egl=1"],
        ["adm", "debug=true:egl=1.5"],
        ["adm", "debug=true:nvd=4.5:rdh=2160"],
        ["motion", "debug=true"],
        ["motion_v2", "debug=true"],
        ["adm@3.2", "debug=true"],
        ["adm@3.2", "debug=true:csf=2:dlmw=0.7:egl=1:nw=0.02:min=0.5"],
        ["adm@3.2", "csf=3:rdh=2160:nvd=5"],
        ["adm@3.2", "ssz=true:egl=1.5"],
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_vector_width_gives_the_scalar_values_for_every_extractor(int bitDepth, int width, int height)
    {
        foreach (object[] e in Extractors())
        {
            foreach (string content in SyntheticFrames.Contents)
            {
                Dictionary<string, double>[] results = Widths.Select(w => Run((string)e[0], (string)e[1], bitDepth, width, height, content, w)).ToArray();
                for (int w = 1; w < Widths.Length; w++)
                {
                    foreach ((string name, double value) in results[0])
                    {
                        Assert.True(results[w].TryGetValue(name, out double other), $"{Widths[w]} lacks {name}");
                        Assert.True(
                            BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(other),
                            $"{e[0]} {e[1]} {content} {bitDepth}-bit {width}x{height}: {name} scalar {value:R} vs {Widths[w]} {other:R}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("256", VectorWidth.V512, VectorWidth.V256)]
    [InlineData("avx2", VectorWidth.V512, VectorWidth.V256)]
    [InlineData("128", VectorWidth.V256, VectorWidth.V128)]
    [InlineData("scalar", VectorWidth.V512, VectorWidth.Scalar)]
    [InlineData("512", VectorWidth.V256, VectorWidth.V256)]
    [InlineData("", VectorWidth.V512, VectorWidth.V512)]
    [InlineData("auto", VectorWidth.V512, VectorWidth.V512)]
    [InlineData("bogus", VectorWidth.V128, VectorWidth.V128)]
    public void The_environment_switch_narrows_auto_and_never_widens_it(string value, VectorWidth best, VectorWidth expected) =>
        Assert.Equal(expected, VectorSupport.Cap(best, value));

    /// <summary>An extractor by name; <c>NAME@3.2</c> is libvmaf 3.2.0's.</summary>
    internal static IFeatureExtractor Extractor(string name) =>
        name.EndsWith("@3.2", StringComparison.Ordinal) ? FeatureRegistry.ByName(name[..^4], MotionVariant.V3_2) : FeatureRegistry.ByName(name);

    /// <summary>Runs one extractor over three frames (so temporal features have values) and returns every value.</summary>
    internal static Dictionary<string, double> Run(string extractor, string options, int bitDepth, int width, int height, string content, VectorWidth vw)
    {
        IFeatureExtractor ex = Extractor(extractor);
        var opts = options.Split(':').Select(o => o.Split('=')).ToDictionary(p => p[0], p => (object)p[1]);
        FeatureSettings settings = FeatureSettings.Create(ex, opts);
        FeatureInstance instance = ex.CreateInstance(settings, new LumaGeometry(width, height, bitDepth), vw);
        object scratch = instance.CreateScratch();
        object state = instance.CreateFrameState();
        var collector = new FeatureCollector();
        byte[]? previous = null;
        for (int i = 0; i < 3; i++)
        {
            byte[] reference = SyntheticFrames.Luma(width, height, bitDepth, content, seed: 10 + i);
            byte[] distorted = SyntheticFrames.Luma(width, height, bitDepth, content == "flat" ? "smooth" : content, seed: 20 + (3 * i));
            instance.Compute(new FrameInput(i, reference, distorted, previous ?? []), scratch, state);
            instance.Commit(i, state, collector);
            previous = reference;
        }

        instance.Flush(collector, 3);
        var values = new Dictionary<string, double>();
        foreach (FeatureVector v in collector.Vectors)
        {
            for (int i = 0; i < v.Capacity; i++)
            {
                if (v.TryGet(i, out double x))
                {
                    values[$"{v.Name}[{i}]"] = x;
                }
            }
        }

        return values;
    }
}
