using VmafRoi.Yuv;

namespace VmafRoi.Blend.Tests;

/// <summary>The numbers pinned by the original vmaf-roi-score tests (seed-contracts §1).</summary>
public sealed class SeedVectorTests
{
    [Fact]
    public void Blend_hard_mask_keeps_distorted_where_alpha_is_one_8bit_4x4()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(4, 4);
        using YuvFrame reference = Filled(g, 10, 20, 30);
        using YuvFrame distorted = Filled(g, 110, 120, 130);
        using var output = new YuvFrame(g);
        float[] alpha = HardColumnAlpha(4, 4, [0, 0, 1, 1], threshold: 0.5f);

        new FrameBlender(g).Blend(reference, distorted, alpha, output);

        for (int row = 0; row < 4; row++)
        {
            Assert.Equal([10, 10, 110, 110], output.Plane8(0).Slice(row * 4, 4).ToArray());
        }

        for (int row = 0; row < 2; row++)
        {
            Assert.Equal([20, 120], output.Plane8(1).Slice(row * 2, 2).ToArray());
            Assert.Equal([30, 130], output.Plane8(2).Slice(row * 2, 2).ToArray());
        }
    }

    [Fact]
    public void Blend_hard_mask_keeps_distorted_where_alpha_is_one_10bit_4x4()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p10le").WithSize(4, 4);
        using YuvFrame reference = Filled(g, 64, 256, 384);
        using YuvFrame distorted = Filled(g, 940, 768, 896);
        using var output = new YuvFrame(g);
        float[] alpha = HardColumnAlpha(4, 4, [0, 0, 1, 1], threshold: 0.5f);

        new FrameBlender(g).Blend(reference, distorted, alpha, output);

        for (int row = 0; row < 4; row++)
        {
            Assert.Equal(new ushort[] { 64, 64, 940, 940 }, output.Plane16(0).Slice(row * 4, 4).ToArray());
        }

        for (int row = 0; row < 2; row++)
        {
            Assert.Equal(new ushort[] { 256, 768 }, output.Plane16(1).Slice(row * 2, 2).ToArray());
            Assert.Equal(new ushort[] { 384, 896 }, output.Plane16(2).Slice(row * 2, 2).ToArray());
        }
    }

    [Theory]
    [InlineData("yuv420p")]
    [InlineData("yuv444p12le")]
    public void Synthetic_half_mask_with_threshold_zero_and_fade_one_blends_every_plane_halfway(string pixFmt)
    {
        FrameGeometry g = YuvFormat.Parse(pixFmt).WithSize(6, 4);
        using YuvFrame reference = Filled(g, 40, 40, 40);
        using YuvFrame distorted = Filled(g, 80, 80, 80);
        using var output = new YuvFrame(g);
        float[] mask = Enumerable.Repeat(0.5f, g.Luma.Samples).ToArray();
        float[] alpha = new float[mask.Length];
        MaskAlpha.Compute(mask, alpha, threshold: 0f, fade: 1f);

        new FrameBlender(g).Blend(reference, distorted, alpha, output);

        for (int plane = 0; plane < 3; plane++)
        {
            int[] values = g.Format.BytesPerSample == 1
                ? output.Plane8(plane).ToArray().Select(v => (int)v).ToArray()
                : output.Plane16(plane).ToArray().Select(v => (int)v).ToArray();
            Assert.All(values, v => Assert.Equal(60, v));
        }
    }

    [Fact]
    public void Default_threshold_and_fade_take_reference_below_point_three_and_distorted_from_point_four()
    {
        float[] mask = [0.0f, 0.29f, 0.3f, 0.35f, 0.4f, 0.9f];
        float[] alpha = new float[mask.Length];

        MaskAlpha.Compute(mask, alpha, MaskAlpha.DefaultThreshold, MaskAlpha.DefaultFade);

        Assert.Equal(0f, alpha[0]);
        Assert.Equal(0f, alpha[1]);
        Assert.Equal(0f, alpha[2]);
        Assert.Equal(0.5f, alpha[3], 5);
        Assert.Equal(1f, alpha[4], 5);
        Assert.Equal(1f, alpha[5]);
    }

    [Fact]
    public void Round_half_to_even_is_used_for_exact_halves()
    {
        // 41·0.5 + 42·0.5 = 41.5 → 42 (even); 42·0.5 + 43·0.5 = 42.5 → 42 (even).
        Assert.Equal(42, MaskBlender.Scalar(41, 42, 0.5f, 255));
        Assert.Equal(42, MaskBlender.Scalar(42, 43, 0.5f, 255));
    }

    private static float[] HardColumnAlpha(int width, int height, float[] columns, float threshold)
    {
        float[] mask = new float[width * height];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = columns[i % width];
        }

        float[] alpha = new float[mask.Length];
        MaskAlpha.Compute(mask, alpha, threshold, fade: 0f);
        return alpha;
    }

    private static YuvFrame Filled(FrameGeometry g, int y, int u, int v)
    {
        var frame = new YuvFrame(g);
        int[] values = [y, u, v];
        for (int plane = 0; plane < g.PlaneCount; plane++)
        {
            if (g.Format.BytesPerSample == 1)
            {
                frame.Plane8(plane).Fill((byte)values[plane]);
            }
            else
            {
                frame.Plane16(plane).Fill((ushort)values[plane]);
            }
        }

        return frame;
    }
}
