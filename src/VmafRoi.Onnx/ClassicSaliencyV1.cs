using Google.Protobuf;
using VmafRoi.Onnx.Proto;

namespace VmafRoi.Onnx;

/// <summary>
/// The default "classic_v1" saliency graph (no learned weights), as designed in shared/saliency/README.md §2.3:
/// <c>S = nm(CB · (0.4 + 0.6·nm(FTB + MSCS)))</c> at 64×64, bilinearly resized back to H×W.
/// Input <c>image</c> float32 [1,3,H,W] sRGB in [0,1]; output <c>saliency</c> float32 [1,1,H,W] in [0,1].
/// </summary>
public static class ClassicSaliencyV1
{
    /// <summary>The id the SDK reports for this model.</summary>
    public const string ModelId = "vmafroi_classic_v1";

    /// <summary>Working resolution (N×N) of every map.</summary>
    public const int WorkingSize = 64;

    /// <summary>Floor of the content term: a featureless frame still gets the centre prior.</summary>
    public const double Alpha = 0.4;

    /// <summary>Centre-prior sigma in units of frame width and height.</summary>
    public const double CenterSigma = 0.3;

    /// <summary>Border strip width for the boundary prior, as a share of N.</summary>
    public const double BorderShare = 0.08;

    // Centre/surround Gaussian sigmas in pixels at N×N.
    private static readonly (int Center, int Surround)[] Pairs = [(1, 4), (2, 8), (4, 16)];

    /// <summary>Metadata written into the model; the SDK reads <c>vmafroi.normalization</c> to feed it [0,1] RGB.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Metadata { get; } =
    [
        new("vmafroi.model_id", ModelId),
        new("vmafroi.normalization", "unit"),
        new("vmafroi.size_multiple", "1"),
        new("vmafroi.design", "nm(CB(0.3) * (0.4 + 0.6*nm(FTB + MSCS))) at 64x64; FTB = boundary-prior frequency-tuned Lab contrast, MSCS = centre-surround Lab DoG at sigma (1,4),(2,8),(4,16)"),
    ];

    /// <summary>The model as protobuf.</summary>
    public static ModelProto Build()
    {
        var g = new OnnxGraphBuilder("vmafroi_classic_v1");
        string image = g.Input("image", TensorElementType.Float, 1, 3, "height", "width");
        const int n = WorkingSize;

        // Output size [1,1,H,W] from the input's own shape, so any H×W works without re-export.
        string shape = g.Node("Shape", image);
        string outSizes = g.Node("Concat", [g.Int64s(1, 1), g.Node("Slice", shape, g.Int64s(2), g.Int64s(4))], OnnxAttribute.Int("axis", 0));

        // Antialiased decimation without opset 18: bilinear to 4N×4N, then 4×4 average pooling.
        string x4 = g.Node("Resize", [image, string.Empty, string.Empty, g.Int64s(1, 3, 4 * n, 4 * n)], LinearHalfPixel());
        string xs = g.Node("AveragePool", [x4], OnnxAttribute.Ints("kernel_shape", 4, 4), OnnxAttribute.Ints("strides", 4, 4));
        string lab = SrgbToLab(g, xs);

        // FTB: distance of the B5-blurred Lab to the nearest border-strip mean colour.
        float[] b5 = [1f / 16, 4f / 16, 6f / 16, 4f / 16, 1f / 16];
        string blurred = SeparableBlur(g, lab, b5, 3);
        int b = Math.Max(1, (int)Math.Round(n * BorderShare, MidpointRounding.ToEven));
        (int Y0, int Y1, int X0, int X1)[] strips = [(0, b, 0, n), (n - b, n, 0, n), (0, n, 0, b), (0, n, n - b, n)];
        string? distance = null;
        foreach ((int y0, int y1, int x0, int x1) in strips)
        {
            string strip = g.Node("Slice", lab, g.Int64s(y0, x0), g.Int64s(y1, x1), g.Int64s(2, 3));
            string mean = g.Node("ReduceMean", [strip], OnnxAttribute.Ints("axes", 2, 3), OnnxAttribute.Int("keepdims", 1));
            string dk = ChannelNorm(g, g.Node("Sub", blurred, mean));
            distance = distance is null ? dk : g.Node("Min", distance, dk);
        }

        string ftb = NormMax(g, distance!);

        // MSCS: multi-scale centre-surround Lab contrast.
        string? sum = null;
        foreach ((int sc, int ss) in Pairs)
        {
            string center = SeparableBlur(g, lab, Gaussian(sc, Math.Min(3 * sc, (n / 2) - 1)), 3);
            string surround = SeparableBlur(g, lab, Gaussian(ss, Math.Min(3 * ss, (n / 2) - 1)), 3);
            string term = NormMax(g, ChannelNorm(g, g.Node("Sub", center, surround)));
            sum = sum is null ? term : g.Node("Add", sum, term);
        }

        string mscs = NormMax(g, sum!);
        string content = NormMax(g, g.Node("Add", ftb, mscs));

        string cb = g.Constant(CenterPrior(n), 1, 1, n, n);
        string weighted = g.Node("Mul", cb, g.Node("Add", Scalar(g, Alpha), g.Node("Mul", content, Scalar(g, 1 - Alpha))));
        string s = NormMax(g, weighted);
        string up = g.Node("Resize", [s, string.Empty, string.Empty, outSizes], LinearHalfPixel());
        g.Node("Clip", [up, g.Scalar(0f), g.Scalar(1f)], ["saliency"]);
        g.Output("saliency", TensorElementType.Float, 1, 1, "height", "width");

        return g.ToModel(new OnnxModelOptions
        {
            ProducerName = "VmafRoi.Onnx",
            ProducerVersion = "1",
            DocString = "vmafroi classic_v1 saliency: nm(CB(0.3) * (0.4 + 0.6*nm(FTB + MSCS))) at 64x64; input NCHW sRGB [0,1]",
            Metadata = Metadata,
        });
    }

    /// <summary>The serialized model; the same bytes on every run.</summary>
    public static byte[] ToBytes() => Build().ToByteArray();

    /// <summary>The centre prior CB(u,v) = exp(−((u−½)² + (v−½)²)/(2σ²)) at N×N, u,v = (i+½)/N.</summary>
    public static float[] CenterPrior(int n)
    {
        var cb = new float[n * n];
        for (int y = 0; y < n; y++)
        {
            double v = ((y + 0.5) / n) - 0.5;
            for (int x = 0; x < n; x++)
            {
                double u = ((x + 0.5) / n) - 0.5;
                cb[(y * n) + x] = (float)Math.Exp(-((v * v) + (u * u)) / (2 * CenterSigma * CenterSigma));
            }
        }

        return cb;
    }

    /// <summary>A normalised 1-D Gaussian of the given sigma and radius, computed in double like the reference.</summary>
    public static float[] Gaussian(double sigma, int radius)
    {
        var k = new double[(2 * radius) + 1];
        double total = 0;
        for (int i = 0; i < k.Length; i++)
        {
            double x = i - radius;
            k[i] = Math.Exp(-x * x / (2 * sigma * sigma));
            total += k[i];
        }

        return [.. k.Select(v => (float)(v / total))];
    }

    private static AttributeProto[] LinearHalfPixel() =>
        [OnnxAttribute.String("mode", "linear"), OnnxAttribute.String("coordinate_transformation_mode", "half_pixel")];

    // Constants are computed in double and rounded once to float32, as numpy does for float64 literals.
    private static string Scalar(OnnxGraphBuilder g, double value) => g.Scalar((float)value);

    // nm(v) = v / (max(v) + 1e-6), the max over the whole map.
    private static string NormMax(OnnxGraphBuilder g, string x) =>
        g.Node("Div", x, g.Node("Add", g.Node("ReduceMax", [x], OnnxAttribute.Int("keepdims", 1)), Scalar(g, 1e-6)));

    // L2 norm over the channel axis, keeping it: [1,3,N,N] -> [1,1,N,N].
    private static string ChannelNorm(OnnxGraphBuilder g, string d) =>
        g.Node("Sqrt", g.Node("ReduceSum", [g.Node("Mul", d, d), g.Int64s(1)], OnnxAttribute.Int("keepdims", 1)));

    // Depthwise separable blur with reflect padding (zero padding would invent border saliency).
    private static string SeparableBlur(OnnxGraphBuilder g, string x, float[] kernel, int channels)
    {
        int r = kernel.Length / 2;
        string padded = g.Node("Pad", [x, g.Int64s(0, 0, r, r, 0, 0, r, r)], OnnxAttribute.String("mode", "reflect"));
        float[] tiled = new float[channels * kernel.Length];
        for (int c = 0; c < channels; c++)
        {
            kernel.CopyTo(tiled, c * kernel.Length);
        }

        string horizontal = g.Node("Conv", [padded, g.Constant(tiled, channels, 1, 1, kernel.Length)], OnnxAttribute.Int("group", channels));
        return g.Node("Conv", [horizontal, g.Constant(tiled, channels, 1, kernel.Length, 1)], OnnxAttribute.Int("group", channels));
    }

    // sRGB -> linear -> XYZ (white-point normalised, one 1×1 Conv) -> f(t) -> Lab (a second 1×1 Conv with bias).
    private static string SrgbToLab(OnnxGraphBuilder g, string x)
    {
        string lin = g.Node(
            "Where",
            g.Node("LessOrEqual", x, Scalar(g, 0.04045)),
            g.Node("Div", x, Scalar(g, 12.92)),
            g.Node("Pow", g.Node("Div", g.Node("Add", x, Scalar(g, 0.055)), Scalar(g, 1.055)), Scalar(g, 2.4)));

        double[,] m =
        {
            { 0.4124564, 0.3575761, 0.1804375 },
            { 0.2126729, 0.7151522, 0.0721750 },
            { 0.0193339, 0.1191920, 0.9503041 },
        };
        double[] white = [0.95047, 1.0, 1.08883];
        float[] xyzWeights = new float[9];
        for (int row = 0; row < 3; row++)
        {
            for (int col = 0; col < 3; col++)
            {
                xyzWeights[(row * 3) + col] = (float)(m[row, col] / white[row]);
            }
        }

        string xyz = g.Node("Conv", lin, g.Constant(xyzWeights, 3, 3, 1, 1));
        const double eps = 216.0 / 24389.0;
        const double kappa = 24389.0 / 27.0;
        string f = g.Node(
            "Where",
            g.Node("Greater", xyz, Scalar(g, eps)),
            g.Node("Pow", g.Node("Max", xyz, Scalar(g, eps)), Scalar(g, 1.0 / 3.0)),
            g.Node("Div", g.Node("Add", g.Node("Mul", xyz, Scalar(g, kappa)), g.Scalar(16f)), g.Scalar(116f)));

        float[] labWeights = [0, 116, 0, 500, -500, 0, 0, 200, -200];
        return g.Node("Conv", f, g.Constant(labWeights, 3, 3, 1, 1), g.Constant([-16f, 0f, 0f], 3));
    }
}
