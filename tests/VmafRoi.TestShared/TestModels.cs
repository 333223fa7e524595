using VmafRoi.Onnx;
using VmafRoi.Onnx.Proto;

namespace VmafRoi.TestShared;

/// <summary>Small ONNX models written with our graph writer: broken ones for error paths, odd ones for input sizing.</summary>
public static class TestModels
{
    /// <summary>Writes <paramref name="model"/> as <c>name.onnx</c> in <paramref name="folder"/> and returns its path.</summary>
    public static string Write(TempFolder folder, string name, byte[] model)
    {
        string path = folder.File(name + ".onnx");
        File.WriteAllBytes(path, model);
        return path;
    }

    /// <summary>Mean over RGB: [1,3,H,W] → [1,1,H,W]; the simplest model that keeps the contract.</summary>
    public static byte[] ChannelMean(params KeyValuePair<string, string>[] metadata)
    {
        var g = new OnnxGraphBuilder("channel_mean");
        string image = g.Input("image", TensorElementType.Float, 1, 3, "height", "width");
        g.Node("ReduceMean", [image], ["saliency"], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
        g.Output("saliency", TensorElementType.Float, 1, 1, "height", "width");
        return g.ToBytes(new OnnxModelOptions { Metadata = metadata });
    }

    /// <summary>Outputs <paramref name="value"/> at every pixel (a mask whose mean and variance are known exactly).</summary>
    public static byte[] Constant(float value)
    {
        var g = new OnnxGraphBuilder("constant");
        string image = g.Input("image", TensorElementType.Float, 1, 3, "height", "width");
        string zero = g.Node("Mul", g.Node("ReduceMean", [image], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1)), g.Scalar(0f));
        g.Node("Add", [zero, g.Scalar(value)], ["saliency"]);
        g.Output("saliency", TensorElementType.Float, 1, 1, "height", "width");
        return g.ToBytes();
    }

    /// <summary>Outputs 0/0 everywhere.</summary>
    public static byte[] NaNOutput()
    {
        var g = new OnnxGraphBuilder("nan_output");
        string image = g.Input("image", TensorElementType.Float, 1, 3, "height", "width");
        string zero = g.Node("Mul", g.Node("ReduceMean", [image], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1)), g.Scalar(0f));
        g.Node("Div", [zero, zero], ["saliency"]);
        g.Output("saliency", TensorElementType.Float, 1, 1, "height", "width");
        return g.ToBytes();
    }

    /// <summary>Outputs half the input's height and width.</summary>
    public static byte[] HalfSizeOutput()
    {
        var g = new OnnxGraphBuilder("half_size_output");
        string image = g.Input("image", TensorElementType.Float, 1, 3, "height", "width");
        string mean = g.Node("ReduceMean", [image], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
        g.Node("AveragePool", [mean], ["saliency"], OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2));
        g.Output("saliency", TensorElementType.Float, 1, 1, "half_height", "half_width");
        return g.ToBytes();
    }

    /// <summary>A fixed-size input: [1,3,height,width] → channel mean [1,1,height,width].</summary>
    public static byte[] FixedSize(int height, int width)
    {
        var g = new OnnxGraphBuilder("fixed_size");
        string image = g.Input("image", TensorElementType.Float, 1, 3, height, width);
        g.Node("ReduceMean", [image], ["saliency"], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
        g.Output("saliency", TensorElementType.Float, 1, 1, height, width);
        return g.ToBytes(new OnnxModelOptions { Metadata = [new("vmafroi.normalization", "unit")] });
    }

    /// <summary>
    /// Needs H and W divisible by 32: 32×32 average pooling, then nearest upsampling by 32. Any other size gives a
    /// smaller output than its input.
    /// </summary>
    public static byte[] BlocksOf32(params KeyValuePair<string, string>[] metadata)
    {
        var g = new OnnxGraphBuilder("blocks_of_32");
        string image = g.Input("image", TensorElementType.Float, 1, 3, "height", "width");
        string mean = g.Node("ReduceMean", [image], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
        string pooled = g.Node("AveragePool", [mean], OnnxAttribute.Ints("kernel_shape", 32, 32), OnnxAttribute.Ints("strides", 32, 32));
        string scales = g.Constant([1f, 1f, 32f, 32f], 4);
        g.Node("Resize", [pooled, string.Empty, scales], ["saliency"], OnnxAttribute.String("mode", "nearest"));
        g.Output("saliency", TensorElementType.Float, 1, 1, "height", "width");
        return g.ToBytes(new OnnxModelOptions { Metadata = metadata });
    }

    /// <summary>A first input of the wrong layout: one channel instead of three.</summary>
    public static byte[] OneChannelInput()
    {
        var g = new OnnxGraphBuilder("one_channel");
        string image = g.Input("image", TensorElementType.Float, 1, 1, "height", "width");
        g.Node("Identity", [image], ["saliency"]);
        g.Output("saliency", TensorElementType.Float, 1, 1, "height", "width");
        return g.ToBytes();
    }

    /// <summary>
    /// A fixed-size model whose mask is <paramref name="mask"/> whatever the frame (the frame only enters times zero):
    /// exact saliency for tests, e.g. 1 inside a subject box and 0 elsewhere.
    /// </summary>
    public static byte[] StaticMask(int width, int height, float[] mask)
    {
        var g = new OnnxGraphBuilder("static_mask");
        string image = g.Input("image", TensorElementType.Float, 1, 3, height, width);
        string zero = g.Node("Mul", g.Node("ReduceMean", [image], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1)), g.Scalar(0f));
        g.Node("Add", [zero, g.Constant(mask, 1, 1, height, width)], ["saliency"]);
        g.Output("saliency", TensorElementType.Float, 1, 1, height, width);
        return g.ToBytes(new OnnxModelOptions { Metadata = [new("vmafroi.normalization", "unit")] });
    }

    /// <summary>A <see cref="StaticMask"/> of 1 inside the box <c>[x0, x1) × [y0, y1)</c> and 0 outside.</summary>
    public static byte[] BoxMask(int width, int height, int x0, int y0, int x1, int y1)
    {
        float[] mask = new float[width * height];
        for (int y = Math.Max(0, y0); y < Math.Min(height, y1); y++)
        {
            for (int x = Math.Max(0, x0); x < Math.Min(width, x1); x++)
            {
                mask[(y * width) + x] = 1f;
            }
        }

        return StaticMask(width, height, mask);
    }

    /// <summary>The raw model, for tests that need to change it further.</summary>
    public static ModelProto Parse(byte[] bytes) => ModelProto.Parser.ParseFrom(bytes);
}
