using VmafRoi.Yuv;

namespace VmafRoi.Blend.Tests;

/// <summary>Every vector path must give exactly the scalar path's result.</summary>
public sealed class VectorPathTests
{
    public static TheoryData<string, int, int> Layouts()
    {
        var data = new TheoryData<string, int, int>();
        foreach (string chroma in new[] { "yuv420p", "yuv422p", "yuv444p", "gray" })
        {
            foreach (int depth in new[] { 8, 9, 10, 12, 14, 16 })
            {
                string name = depth == 8 ? chroma : $"{chroma}{depth}le";
                data.Add(name, 37, 23);
                data.Add(name, 64, 8);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_vector_width_matches_scalar_on_random_frames(string pixFmt, int width, int height)
    {
        FrameGeometry g = YuvFormat.Parse(pixFmt).WithSize(width, height);
        var random = new Random(HashCode.Combine(pixFmt, width, height) & 0x7fffffff);
        using YuvFrame reference = RandomFrame(g, random);
        using YuvFrame distorted = RandomFrame(g, random);
        float[] mask = Enumerable.Range(0, g.Luma.Samples).Select(_ => random.NextSingle()).ToArray();
        // Include exact halves and the extremes, where rounding and clipping matter.
        for (int i = 0; i < mask.Length; i += 7)
        {
            mask[i] = i % 3 == 0 ? 0.5f : i % 3 == 1 ? 1f : 0f;
        }

        byte[] expected = BlendWith(VectorWidth.Scalar, g, reference, distorted, mask);
        foreach (VectorWidth path in new[] { VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Auto })
        {
            Assert.Equal(expected, BlendWith(path, g, reference, distorted, mask));
        }
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(0.3f, 0.1f)]
    [InlineData(0.5f, 0f)]
    [InlineData(0.25f, 0.75f)]
    public void Alpha_vector_paths_match_scalar(float threshold, float fade)
    {
        var random = new Random(7);
        float[] mask = Enumerable.Range(0, 1003).Select(_ => random.NextSingle()).ToArray();
        mask[5] = threshold;
        float[] expected = new float[mask.Length];
        MaskAlpha.Compute(mask, expected, threshold, fade, VectorWidth.Scalar);

        foreach (VectorWidth path in new[] { VectorWidth.Vector128, VectorWidth.Vector256 })
        {
            float[] actual = new float[mask.Length];
            MaskAlpha.Compute(mask, actual, threshold, fade, path);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Chroma_alpha_uses_the_integer_nearest_neighbour_index_rule_on_odd_sizes()
    {
        // 5 luma columns → 3 chroma columns: indices min(i*5/3, 4) = 0, 1, 3.
        Assert.Equal([0, 1, 3], ChromaAlpha.IndexMap(5, 3));
        Assert.Equal([0, 2], ChromaAlpha.IndexMap(4, 2));
        Assert.Equal([0, 1, 2, 3], ChromaAlpha.IndexMap(4, 4));
    }

    private static byte[] BlendWith(VectorWidth width, FrameGeometry g, YuvFrame reference, YuvFrame distorted, float[] mask)
    {
        using var output = new YuvFrame(g);
        new FrameBlender(g, width).Blend(reference, distorted, mask, output);
        return output.Data.ToArray();
    }

    private static YuvFrame RandomFrame(FrameGeometry g, Random random)
    {
        var frame = new YuvFrame(g);
        for (int plane = 0; plane < g.PlaneCount; plane++)
        {
            if (g.Format.BytesPerSample == 1)
            {
                random.NextBytes(frame.Plane8(plane));
            }
            else
            {
                Span<ushort> samples = frame.Plane16(plane);
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = (ushort)random.Next(g.Format.MaxValue + 1);
                }
            }
        }

        return frame;
    }
}
