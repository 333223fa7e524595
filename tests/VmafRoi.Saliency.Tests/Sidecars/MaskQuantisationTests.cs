using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;

namespace VmafRoi.Saliency.Tests.Sidecars;

public sealed class MaskQuantisationTests
{
    [Theory]
    [InlineData(0f, 8, 0)]
    [InlineData(1f, 8, 255)]
    [InlineData(0.5f, 8, 128)]
    [InlineData(-0.3f, 8, 0)]
    [InlineData(7f, 8, 255)]
    [InlineData(0.5f, 16, 32768)]
    [InlineData(1f, 16, 65535)]
    [InlineData(-0f, 16, 0)]
    public void Levels_are_round_half_even_of_the_clipped_mask_times_max_level(float mask, int bits, int level) =>
        Assert.Equal(level, MaskQuantisation.Quantise(mask, bits));

    [Fact]
    public void Exact_midpoints_round_to_the_even_level()
    {
        // k + 0.5 for float32 products that are exact: 0.5·255 = 127.5 → 128, and 1.5 / 255 ≈ 0.00588 → 1.5 → 2.
        Assert.Equal(128, MaskQuantisation.Quantise(0.5f, 8));
        float m = 1.5f / 255f;
        Assert.Equal(MathF.Round(m * 255f), MaskQuantisation.Quantise(m, 8));
    }

    [Theory]
    [InlineData(8, 255)]
    [InlineData(16, 65535)]
    public void Dequantise_divides_by_the_max_level_in_float32(int bits, int max)
    {
        Assert.Equal(0f, MaskQuantisation.Dequantise(0, bits));
        Assert.Equal(1f, MaskQuantisation.Dequantise(max, bits));
        Assert.Equal(100f / max, MaskQuantisation.Dequantise(100, bits));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Every_level_survives_dequantise_then_quantise(int bits)
    {
        // A cached mask goes through RoundTrip again in the pipeline; it must not move.
        int max = MaskQuantisation.MaxLevel(bits);
        for (int q = 0; q <= max; q++)
        {
            Assert.Equal(q, MaskQuantisation.Quantise(MaskQuantisation.Dequantise(q, bits), bits));
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Round_trip_is_idempotent_and_equals_quantise_then_dequantise(int bits)
    {
        float[] mask = SidecarTestData.Mask(3);
        float[] once = (float[])mask.Clone();
        MaskQuantisation.RoundTrip(once, bits);
        float[] twice = (float[])once.Clone();
        MaskQuantisation.RoundTrip(twice, bits);
        Assert.True(SidecarTestData.BitEqual(once, twice));

        var viaLevels = new float[mask.Length];
        if (bits == 8)
        {
            var levels = new byte[mask.Length];
            MaskQuantisation.Quantise(mask, levels);
            MaskQuantisation.Dequantise(levels, viaLevels);
        }
        else
        {
            var levels = new ushort[mask.Length];
            MaskQuantisation.Quantise(mask, levels);
            MaskQuantisation.Dequantise(levels, viaLevels);
        }

        Assert.True(SidecarTestData.BitEqual(once, viaLevels));
        Assert.All(once, v => Assert.InRange(v, 0f, 1f));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(777)]
    public void Vector_and_scalar_paths_are_bit_identical(int length)
    {
        var random = new Random(length);
        float[] mask = Enumerable.Range(0, length).Select(i => i % 7 == 0 ? (random.Next(256) + 0.5f) / 255f : (float)(random.NextDouble() * 1.4 - 0.2)).ToArray();

        byte[] b1 = new byte[length], b2 = new byte[length];
        MaskQuantisation.Quantise(mask, b1, KernelPath.Scalar);
        MaskQuantisation.Quantise(mask, b2, KernelPath.Vector256);
        Assert.Equal(b1, b2);

        ushort[] w1 = new ushort[length], w2 = new ushort[length];
        MaskQuantisation.Quantise(mask, w1, KernelPath.Scalar);
        MaskQuantisation.Quantise(mask, w2, KernelPath.Vector256);
        Assert.Equal(w1, w2);

        float[] f1 = new float[length], f2 = new float[length];
        MaskQuantisation.Dequantise(b1, f1, KernelPath.Scalar);
        MaskQuantisation.Dequantise(b1, f2, KernelPath.Vector256);
        Assert.True(SidecarTestData.BitEqual(f1, f2));
        MaskQuantisation.Dequantise(w1, f1, KernelPath.Scalar);
        MaskQuantisation.Dequantise(w1, f2, KernelPath.Vector256);
        Assert.True(SidecarTestData.BitEqual(f1, f2));

        foreach (int bits in new[] { 8, 16 })
        {
            float[] r1 = (float[])mask.Clone(), r2 = (float[])mask.Clone();
            MaskQuantisation.RoundTrip(r1, bits, KernelPath.Scalar);
            MaskQuantisation.RoundTrip(r2, bits, KernelPath.Vector256);
            Assert.True(SidecarTestData.BitEqual(r1, r2));
        }
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Non_finite_masks_cannot_be_quantised(float bad)
    {
        float[] mask = new float[50];
        mask[41] = bad;
        var error = Assert.Throws<MaskException>(() => MaskQuantisation.Quantise(mask, new byte[50]));
        Assert.Contains("sample 41", error.Message);
        Assert.Throws<MaskException>(() => MaskQuantisation.RoundTrip(mask, 16));
    }

    [Fact]
    public void Only_8_and_16_bits_exist() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MaskQuantisation.MaxLevel(10));
}
