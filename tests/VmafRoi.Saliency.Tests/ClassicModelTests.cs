using Google.Protobuf;
using VmafRoi.Onnx;
using VmafRoi.Onnx.Proto;
using VmafRoi.TestShared;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.Saliency.Tests;

/// <summary>classic_v1 (the default before vmafroi_v2, and its objects cue) is our own C# build: same graph as the reference, same numbers as the goldens.</summary>
public sealed class ClassicModelTests(ITestOutputHelper output)
{
    private static string ReferenceModel => SharedData.File("saliency", "models", "classic_saliency_v1.onnx");

    [Fact]
    public void Generated_graph_has_the_reference_nodes_attributes_and_constants()
    {
        ModelProto ours = ClassicSaliencyV1.Build();
        ModelProto reference = ModelProto.Parser.ParseFrom(File.ReadAllBytes(ReferenceModel));

        Assert.Equal(8, ours.IrVersion);
        Assert.Equal(17, Assert.Single(ours.OpsetImport).Version);
        Assert.Equal(109, ours.Graph.Node.Count);
        Assert.Equal(reference.Graph.Node.Select(n => n.OpType), ours.Graph.Node.Select(n => n.OpType));

        Dictionary<string, string> oursValues = Describe(ours.Graph);
        Dictionary<string, string> referenceValues = Describe(reference.Graph);
        Dictionary<string, TensorProto> oursInit = ours.Graph.Initializer.ToDictionary(t => t.Name);
        Dictionary<string, TensorProto> referenceInit = reference.Graph.Initializer.ToDictionary(t => t.Name);
        double worstConstant = 0;
        for (int i = 0; i < ours.Graph.Node.Count; i++)
        {
            NodeProto a = ours.Graph.Node[i];
            NodeProto b = reference.Graph.Node[i];
            Assert.Equal(Attributes(b), Attributes(a));
            Assert.Equal(b.Input.Count, a.Input.Count);
            for (int k = 0; k < a.Input.Count; k++)
            {
                if (oursInit.TryGetValue(a.Input[k], out TensorProto? constant))
                {
                    TensorProto expected = referenceInit[b.Input[k]];
                    Assert.Equal(expected.Dims, constant.Dims);
                    Assert.Equal(expected.DataType, constant.DataType);
                    if (constant.DataType == (int)TensorElementType.Float)
                    {
                        float[] x = OnnxTensors.ReadFloats(constant);
                        float[] y = OnnxTensors.ReadFloats(expected);
                        worstConstant = Math.Max(worstConstant, x.Zip(y, (p, q) => (double)Math.Abs(p - q)).DefaultIfEmpty(0).Max());
                    }
                    else
                    {
                        Assert.Equal(OnnxTensors.ReadInt64s(expected), OnnxTensors.ReadInt64s(constant));
                    }
                }
                else
                {
                    // Wiring: the same producer node and output slot (or the graph input, or an omitted input).
                    Assert.Equal(referenceValues.GetValueOrDefault(b.Input[k], b.Input[k]), oursValues.GetValueOrDefault(a.Input[k], a.Input[k]));
                }
            }
        }

        output.WriteLine($"109 nodes match the reference; largest float-constant difference {worstConstant:E2}");
        Assert.Equal(0, worstConstant);
    }

    [Fact]
    public void Embedded_classic_model_is_the_generated_graph_and_generation_is_deterministic()
    {
        byte[] first = ClassicSaliencyV1.ToBytes();
        byte[] second = ClassicSaliencyV1.ToBytes();
        Assert.Equal(first, second);
        Assert.Equal(first, SaliencyModels.ClassicModelBytes());
        Assert.Equal(first, SaliencyModels.DefaultModelBytes());

        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.ClassicName);
        Assert.Equal("vmafroi_classic_v1", model.Id);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(first)), model.Sha256);
        Assert.Equal(Normalization.Unit, model.Normalization);
        Assert.Equal(InputSizing.Native, model.Sizing);
        Assert.Equal("unit", model.Metadata[ModelMetadataKeys.Normalization]);
        output.WriteLine($"default model: {first.Length} bytes, sha256 {model.Sha256}");
    }

    [Fact]
    public void Classic_model_matches_golden_pattern_within_1e_5()
    {
        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.ClassicName);
        float[] rgb = TestImages.GoldenPattern(out int width, out int height);
        float[] mask = new float[width * height];
        model.PredictRgb(rgb, width, height, mask);

        Golden golden = Golden.For("classic_saliency_v1", "pattern");
        double blockError = golden.MaxBlockError(mask, width, height);
        double[] errors =
        [
            Math.Abs(mask.Average() - golden.Mean),
            Math.Abs(mask.Max() - golden.Max),
            Math.Abs(mask.Min() - golden.Min),
            Math.Abs(mask[(45 * width) + 80] - golden.Value("pixel_45_80")),
            Math.Abs(mask[(36 * width) + 112] - golden.Value("pixel_36_112")),
        ];
        output.WriteLine($"pattern: mean/max/min/pixel errors {string.Join(", ", errors.Select(e => e.ToString("E2")))}; worst 8x8 block error {blockError:E2}");

        Assert.Equal(golden.ArgMax, TestImages.ArgMax(mask, width));
        Assert.All(errors, e => Assert.True(e <= 1e-5, $"error {e:E2} > 1e-5"));

        // Block means are stored with 5 decimals, so allow the rounding on top.
        Assert.True(blockError <= 1e-5 + 5e-6, $"block error {blockError:E2}");
    }

    [Fact]
    public void Classic_model_equals_the_reference_onnx_on_the_same_input()
    {
        using OnnxSaliencyModel ours = SaliencyModels.Load(SaliencyModels.ClassicName);
        using OnnxSaliencyModel reference = SaliencyModels.Load(ReferenceModel, new SaliencyOptions { Normalization = Normalization.Unit });
        Assert.Equal("classic_saliency_v1", reference.Id);

        float[] pattern = TestImages.GoldenPattern(out int width, out int height);
        var rng = new Random(7);
        float[] noise = [.. Enumerable.Range(0, 3 * 120 * 200).Select(_ => (float)rng.NextDouble())];
        double worst = 0;
        foreach ((float[] rgb, int w, int h) in new[] { (pattern, width, height), (noise, 200, 120) })
        {
            float[] a = new float[w * h];
            float[] b = new float[w * h];
            ours.PredictRgb(rgb, w, h, a);
            reference.PredictRgb(rgb, w, h, b);
            worst = Math.Max(worst, a.Zip(b, (p, q) => (double)Math.Abs(p - q)).Max());
        }

        output.WriteLine($"largest difference to classic_saliency_v1.onnx: {worst:E2}");
        Assert.True(worst <= 1e-6, $"{worst:E2}");
    }

    [Theory]
    [InlineData("carphone_qcif_120f.mkv")]
    [InlineData("chaplin_360p_120f.mkv")]
    [InlineData("bigbuckbunny_720p_132f.mp4")]
    public void Classic_model_matches_golden_clip_frames_loosely(string clip)
    {
        // golden_outputs.json decoded with ffmpeg's default yuv420p->rgb24 (BT.601 limited), so force BT.601 here.
        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.ClassicName, new SaliencyOptions { ColorMatrix = ColorMatrixChoice.Bt601 });
        using FrameSource source = FrameReader.Open(SharedData.File("clips", clip));
        int width = source.Geometry.Width;
        int height = source.Geometry.Height;
        float[] mask = new float[width * height];
        int next = 0;
        foreach (int index in new[] { 0, 60, 119 })
        {
            source.Skip(index - next);
            using YuvFrame frame = source.ReadNext() ?? throw new InvalidOperationException($"{clip} ended before frame {index}");
            next = index + 1;
            model.Predict(frame, mask);

            Golden golden = Golden.For("classic_saliency_v1", clip, $"frame{index}");
            double blockError = golden.MaxBlockError(mask, width, height);
            double meanError = Math.Abs(mask.Average() - golden.Mean);
            (int gy, int gx) = golden.ArgMax;
            (int y, int x) = TestImages.ArgMax(mask, width);
            float atGoldenPeak = mask[(gy * width) + gx];
            output.WriteLine($"{clip} frame {index}: mean error {meanError:E2}, worst block error {blockError:E2}, argmax ({y},{x}) vs golden ({gy},{gx}), value at golden peak {atGoldenPeak:F3}");

            Assert.True(meanError <= 1e-2, $"mean error {meanError:E2}");
            Assert.True(blockError <= 1e-2, $"block error {blockError:E2}");
            Assert.True(atGoldenPeak >= 0.9f * mask.Max(), $"the golden peak ({gy},{gx}) is only {atGoldenPeak:F3} here");
        }
    }

    // Names every computed value by its producer: "node:<index>:<slot>", so graphs with different names compare.
    private static Dictionary<string, string> Describe(GraphProto graph)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ValueInfoProto input in graph.Input)
        {
            names[input.Name] = "input:" + input.Name;
        }

        for (int i = 0; i < graph.Node.Count; i++)
        {
            for (int k = 0; k < graph.Node[i].Output.Count; k++)
            {
                names[graph.Node[i].Output[k]] = $"node:{i}:{k}";
            }
        }

        return names;
    }

    private static List<string> Attributes(NodeProto node) =>
        [.. node.Attribute.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => $"{a.Name}:{a.Type}:{a.I}:{a.F}:{a.S.ToStringUtf8()}:{string.Join(",", a.Ints)}:{string.Join(",", a.Floats)}")];
}
