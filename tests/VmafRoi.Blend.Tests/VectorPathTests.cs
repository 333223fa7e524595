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
        var random = new Random(StableSeed($"{pixFmt}/{width}x{height}"));
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

    public static TheoryData<string, int, int> ChromaLayouts()
    {
        var data = new TheoryData<string, int, int>();
        foreach (string chroma in new[] { "yuv420p", "yuv422p", "yuv444p" })
        {
            foreach ((int width, int height) in new[] { (1, 1), (2, 2), (3, 5), (15, 7), (16, 9), (17, 3), (33, 4), (37, 23), (64, 8), (65, 3), (129, 2) })
            {
                data.Add(chroma, width, height);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ChromaLayouts))]
    public void Chroma_alpha_vector_paths_match_scalar_and_the_index_rule_on_random_alpha(string pixFmt, int width, int height)
    {
        FrameGeometry g = YuvFormat.Parse(pixFmt).WithSize(width, height);
        PlaneSize chroma = g.ChromaPlane;
        var random = new Random(StableSeed($"chroma {pixFmt}/{width}x{height}"));
        float[] luma = Enumerable.Range(0, width * height).Select(_ => random.NextSingle()).ToArray();
        float[] byRule = ResampleByRule(luma, width, height, chroma.Width, chroma.Height);

        foreach (VectorWidth path in new[] { VectorWidth.Scalar, VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Auto })
        {
            float[] actual = new float[chroma.Samples];
            ChromaAlpha.Resample(luma, width, height, actual, chroma.Width, chroma.Height, path);
            Assert.True(byRule.SequenceEqual(actual), $"{path} differs from the index rule for {g}");
        }
    }

    [Theory]
    [InlineData(7, 5, 3, 2)]
    [InlineData(40, 3, 13, 3)]
    [InlineData(9, 9, 9, 4)]
    public void Chroma_alpha_ratios_without_a_vector_path_still_follow_the_index_rule(int width, int height, int chromaWidth, int chromaHeight)
    {
        var random = new Random(StableSeed($"ratio {width}x{height}->{chromaWidth}x{chromaHeight}"));
        float[] luma = Enumerable.Range(0, width * height).Select(_ => random.NextSingle()).ToArray();
        float[] byRule = ResampleByRule(luma, width, height, chromaWidth, chromaHeight);

        foreach (VectorWidth path in new[] { VectorWidth.Scalar, VectorWidth.Vector128, VectorWidth.Vector256 })
        {
            float[] actual = new float[chromaWidth * chromaHeight];
            ChromaAlpha.Resample(luma, width, height, actual, chromaWidth, chromaHeight, path);
            Assert.True(byRule.SequenceEqual(actual), $"{path} differs from the index rule");
        }
    }

    // seed-contracts §1 written out per sample: src(i) = min(i * src_len / dst_len, src_len - 1) on each axis.
    private static float[] ResampleByRule(float[] luma, int width, int height, int chromaWidth, int chromaHeight)
    {
        float[] result = new float[chromaWidth * chromaHeight];
        for (int y = 0; y < chromaHeight; y++)
        {
            for (int x = 0; x < chromaWidth; x++)
            {
                result[(y * chromaWidth) + x] = luma[(Math.Min(y * height / chromaHeight, height - 1) * width) + Math.Min(x * width / chromaWidth, width - 1)];
            }
        }

        return result;
    }

    // FNV-1a of the case name: the same seed in every process, unlike string.GetHashCode.
    private static int StableSeed(string name)
    {
        uint hash = 2166136261;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash & 0x7fffffff);
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
