using VmafRoi.Blend;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.EncoderAdapters.Prefilter;
using VmafRoi.Yuv;

namespace VmafRoi.EncoderAdapters.Tests;

/// <summary>The saliency prefilter: every vector path equals the scalar blur, and saliency decides what is smoothed.</summary>
public sealed class PrefilterTests
{
    [Theory]
    [InlineData(VectorWidth.Vector128, 8)]
    [InlineData(VectorWidth.Vector256, 8)]
    [InlineData(VectorWidth.Vector128, 10)]
    [InlineData(VectorWidth.Vector256, 16)]
    public void Every_vector_path_blurs_exactly_like_the_scalar_path(VectorWidth width, int bits)
    {
        var random = new Random(bits * 31);
        foreach ((int w, int h) in new[] { (1, 1), (3, 2), (7, 9), (37, 21), (176, 144) })
        {
            int max = (1 << bits) - 1;
            if (bits == 8)
            {
                byte[] plane = new byte[w * h];
                random.NextBytes(plane);
                byte[] scalar = new byte[plane.Length];
                byte[] vector = new byte[plane.Length];
                new BinomialBlur(w, h, VectorWidth.Scalar).Apply(plane, scalar);
                new BinomialBlur(w, h, width).Apply(plane, vector);
                Assert.Equal(scalar, vector);
            }
            else
            {
                ushort[] plane = [.. Enumerable.Range(0, w * h).Select(_ => (ushort)random.Next(max + 1))];
                ushort[] scalar = new ushort[plane.Length];
                ushort[] vector = new ushort[plane.Length];
                new BinomialBlur(w, h, VectorWidth.Scalar).Apply(plane, scalar);
                new BinomialBlur(w, h, width).Apply(plane, vector);
                Assert.Equal(scalar, vector);
                Assert.All(vector, v => Assert.InRange(v, 0, max));
            }
        }
    }

    [Theory]
    [InlineData(VectorWidth.Vector128)]
    [InlineData(VectorWidth.Vector256)]
    public void Every_vector_path_mixes_exactly_like_the_scalar_path(VectorWidth width)
    {
        var random = new Random(11);
        foreach (int n in new[] { 1, 15, 33, 100, 1000 })
        {
            byte[] blurred = new byte[n];
            byte[] original = new byte[n];
            random.NextBytes(blurred);
            random.NextBytes(original);
            ushort[] weights = [.. Enumerable.Range(0, n).Select(i => (ushort)(i % 3 == 0 ? 0 : i % 3 == 1 ? WeightBlend.Keep : random.Next(WeightBlend.Keep + 1)))];
            byte[] scalar = new byte[n];
            byte[] vector = new byte[n];

            WeightBlend.Blend(blurred, original, weights, scalar, VectorWidth.Scalar);
            WeightBlend.Blend(blurred, original, weights, vector, width);

            Assert.Equal(scalar, vector);
            Assert.Equal(blurred[0], scalar[0]);
            if (n > 1)
            {
                Assert.Equal(original[1], scalar[1]);
            }
        }
    }

    [Fact]
    public void The_blur_is_the_binomial_kernel_with_replicated_edges()
    {
        // One bright sample in the middle of a 7x7 plane spreads as [1 4 6 4 1]^2 / 256.
        byte[] plane = new byte[49];
        plane[24] = 255;
        byte[] blurred = new byte[49];

        new BinomialBlur(7, 7, VectorWidth.Scalar).Apply(plane, blurred);

        Assert.Equal((255 * 36 + 128) >> 8, blurred[24]);
        Assert.Equal((255 * 24 + 128) >> 8, blurred[23]);
        Assert.Equal((255 * 1 + 128) >> 8, blurred[0 + 8]);

        byte[] flat = Enumerable.Repeat((byte)77, 49).ToArray();
        new BinomialBlur(7, 7).Apply(flat, blurred);
        Assert.All(blurred, v => Assert.Equal(77, v));
    }

    [Fact]
    public void Salient_pixels_are_kept_and_the_rest_moves_towards_the_blur_by_the_strength()
    {
        FrameGeometry geometry = YuvFormat.Yuv420P.WithSize(32, 16);
        using var frame = new YuvFrame(geometry);
        new Random(5).NextBytes(frame.Data);
        byte[] original = frame.Data.ToArray();

        // Left half salient (1), right half not (0), in 8-pixel blocks.
        float[] values = new float[4 * 2];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i % 4 < 2 ? 1f : 0f;
        }

        var prefilter = new SaliencyPrefilter(geometry, new PrefilterOptions { Passes = 1, Strength = 1, Threshold = 0.3f, Fade = 0.1f });
        prefilter.SetSaliency(new BlockGrid(32, 16, 8, values));
        using var output = new YuvFrame(geometry);
        prefilter.Apply(frame, output);

        byte[] blurred = new byte[32 * 16];
        new BinomialBlur(32, 16).Apply(original.AsSpan(0, 32 * 16), blurred);
        for (int y = 0; y < 16; y++)
        {
            Assert.Equal(original.AsSpan((y * 32) + 0, 8).ToArray(), output.Plane8(0).Slice((y * 32) + 0, 8).ToArray());
            Assert.Equal(blurred.AsSpan((y * 32) + 24, 8).ToArray(), output.Plane8(0).Slice((y * 32) + 24, 8).ToArray());
        }

        Assert.Equal(0.5, prefilter.KeptFraction, 1);
    }

    [Fact]
    public void A_fully_salient_frame_passes_through_unchanged()
    {
        FrameGeometry geometry = YuvFormat.Parse("yuv420p10le").WithSize(24, 12);
        using var frame = new YuvFrame(geometry);
        var random = new Random(9);
        Span<ushort> samples = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(frame.Data);
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)random.Next(1024);
        }

        byte[] before = frame.Data.ToArray();
        var prefilter = new SaliencyPrefilter(geometry, new PrefilterOptions { Passes = 3, Strength = 1 });
        prefilter.SetSaliency(new BlockGrid(24, 12, 8, Enumerable.Repeat(1f, 3 * 2).ToArray()));
        prefilter.Apply(frame, frame);

        Assert.Equal(before, frame.Data.ToArray());
        Assert.Equal(1.0, prefilter.KeptFraction);
    }
}
