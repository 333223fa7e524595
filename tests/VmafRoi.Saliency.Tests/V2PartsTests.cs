namespace VmafRoi.Saliency.Tests;

/// <summary>vmafroi_v2's parts on their own: bar detection, and the resampling kernels against their scalar twins.</summary>
public sealed class V2PartsTests
{
    [Theory]
    [InlineData(20, 20, 0, 0, 20, 20, 0, 0)]
    [InlineData(0, 0, 40, 38, 0, 0, 40, 38)]
    [InlineData(18, 20, 40, 40, 18, 20, 40, 40)]
    [InlineData(30, 0, 0, 0, 0, 0, 0, 0)]
    [InlineData(30, 12, 0, 0, 0, 0, 0, 0)]
    [InlineData(0, 0, 0, 1, 0, 0, 0, 0)]
    public void Bars_are_dark_flat_and_matched_by_the_opposite_side(int top, int bottom, int left, int right, int expectTop, int expectBottom, int expectLeft, int expectRight)
    {
        const int width = 320;
        const int height = 180;
        var rng = new Random(7);
        float[] luma = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool bar = y < top || y >= height - bottom || x < left || x >= width - right;
                luma[(y * width) + x] = bar ? 0.02f : 0.2f + (0.6f * (float)rng.NextDouble());
            }
        }

        ContentRect found = Letterbox.Find(luma, width, height);
        Assert.Equal(new ContentRect(expectLeft, expectTop, width - expectRight, height - expectBottom), found);
    }

    [Fact]
    public void A_dark_textured_picture_has_no_bars()
    {
        const int width = 200;
        const int height = 120;
        var rng = new Random(9);
        float[] luma = new float[width * height];
        for (int i = 0; i < luma.Length; i++)
        {
            luma[i] = 0.03f + (0.12f * (float)rng.NextDouble());
        }

        Assert.Equal(ContentRect.Whole(width, height), Letterbox.Find(luma, width, height));
    }

    [Fact]
    public void Row_kernels_give_the_same_floats_on_both_paths()
    {
        var rng = new Random(5);
        foreach (int n in new[] { 1, 7, 16, 33, 1920 })
        {
            byte[] bytes = new byte[n];
            ushort[] words = new ushort[n];
            float[] floats = new float[n];
            rng.NextBytes(bytes);
            for (int i = 0; i < n; i++)
            {
                words[i] = (ushort)rng.Next(65536);
                floats[i] = (float)rng.NextDouble();
            }

            float[] start = [.. floats.Select(f => f * 3)];
            float[] scalar = [.. start];
            float[] vector = [.. start];
            PlaneResampling.Accumulate(bytes, scalar, VectorPath.Scalar);
            PlaneResampling.Accumulate(bytes, vector, VectorPath.Vector256);
            PlaneResampling.Accumulate(words, scalar, VectorPath.Scalar);
            PlaneResampling.Accumulate(words, vector, VectorPath.Vector256);
            PlaneResampling.Accumulate(floats, scalar, VectorPath.Scalar);
            PlaneResampling.Accumulate(floats, vector, VectorPath.Vector256);
            Assert.Equal(scalar, vector);

            float[] blendScalar = new float[n];
            float[] blendVector = new float[n];
            float[] other = [.. floats.Reverse().Select(f => (f * 1.4f) - 0.2f)];
            PlaneResampling.Blend(floats, other, 0.37f, blendScalar, VectorPath.Scalar);
            PlaneResampling.Blend(floats, other, 0.37f, blendVector, VectorPath.Vector256);
            Assert.Equal(blendScalar, blendVector);
            Assert.All(blendScalar, v => Assert.InRange(v, 0f, 1f));
        }
    }

    [Fact]
    public void Box_average_takes_the_mean_of_each_block_and_of_the_partial_blocks_at_the_edges()
    {
        // 5×3 samples by 2: blocks of 2×2, 1×2 at the right, 2×1 at the bottom, 1×1 in the corner.
        byte[] plane = [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29];
        float[] output = new float[3 * 2];
        PlaneResampling.Downsample(plane, 5, 3, 2, output, new float[5]);
        Assert.Equal([(1 + 3 + 11 + 13) / 4f, (5 + 7 + 15 + 17) / 4f, (9 + 19) / 2f, (21 + 23) / 2f, (25 + 27) / 2f, 29f], output);
    }

    [Fact]
    public void Upsample_is_the_half_pixel_bilinear_resize_of_the_onnx_path()
    {
        var rng = new Random(3);
        float[] source = [.. Enumerable.Range(0, 17 * 9).Select(_ => (float)rng.NextDouble())];
        float[] ours = new float[101 * 53];
        float[] reference = new float[101 * 53];
        PlaneResampling.Upsample(source, 17, 9, ours, 101, 53, new float[9 * 101]);
        Bilinear.Resize(source, 17, 9, reference, 101, 53);
        Assert.All(ours.Zip(reference), p => Assert.Equal(p.Second, p.First, 5e-6f));
    }
}
