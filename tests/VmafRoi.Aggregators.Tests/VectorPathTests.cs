using VmafRoi.Aggregators;
using VmafRoi.Aggregators.Kernels;

namespace VmafRoi.Aggregators.Tests;

/// <summary>Every Vector256 loop must give bit-identical results to its scalar twin, tails included.</summary>
public sealed class VectorPathTests
{
    private static readonly int[] LengthValues = [1, 7, 8, 9, 15, 16, 17, 31, 33, 64, 257, 1921];

    public static TheoryData<int> Lengths => new(LengthValues);

    public static TheoryData<string> Names => new() { "mean", "ema", "max", "motion-weighted" };

    private static float[] RandomMask(Random random, int length)
    {
        var mask = new float[length];
        for (int i = 0; i < length; i++)
        {
            // Mostly [0,1], some out-of-range and signed zeros, so the clipping paths are exercised too.
            mask[i] = (random.Next(10)) switch
            {
                0 => -0f,
                1 => (float)(random.NextDouble() * 3 - 1),
                _ => random.NextSingle(),
            };
        }

        return mask;
    }

    private static float[] Aggregate(string name, VectorWidth width, int length, int seed)
    {
        var random = new Random(seed);
        MaskAggregator aggregator = MaskAggregators.Create(AggregatorSpec.Create(name, 0.37), width);
        var luma = new byte[length * 2];
        for (int frame = 0; frame < 6; frame++)
        {
            random.NextBytes(luma);
            aggregator.Add(RandomMask(random, length), LumaPlane.FromBytes(luma));
        }

        return aggregator.Result();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Aggregators_agree_bit_for_bit_on_both_paths(string name)
    {
        foreach (int length in LengthValues)
        {
            float[] scalar = Aggregate(name, VectorWidth.Scalar, length, seed: length);
            float[] vector = Aggregate(name, VectorWidth.Vector256, length, seed: length);
            Assert.Equal(scalar.Select(BitConverter.SingleToInt32Bits), vector.Select(BitConverter.SingleToInt32Bits));
            Assert.All(vector, v => Assert.InRange(v, 0f, 1f));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Accumulate_operators_agree(int length)
    {
        var random = new Random(7 * length);
        float[] mask = RandomMask(random, length);
        double[] start = Enumerable.Range(0, length).Select(_ => random.NextDouble()).ToArray();
        AssertSame<SetOperator>(start, mask);
        AssertSame<AddOperator>(start, mask);
        AssertSame<ScaledAddOperator>(start, mask);
        AssertSame<EmaOperator>(start, mask);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Finish_max_and_clamp_agree(int length)
    {
        var random = new Random(11 * length);
        double[] acc = Enumerable.Range(0, length).Select(_ => random.NextDouble() * 7 - 2).ToArray();
        acc[0] = -0.0;
        float[] a = new float[length], b = new float[length];
        MaskKernels.Finish(acc, 3.3, a, VectorWidth.Scalar);
        MaskKernels.Finish(acc, 3.3, b, VectorWidth.Vector256);
        Assert.Equal(Bits(a), Bits(b));

        float[] m1 = RandomMask(random, length), m2 = RandomMask(random, length);
        float[] s = (float[])m1.Clone(), v = (float[])m1.Clone();
        MaskKernels.MaxInto(s, m2, VectorWidth.Scalar);
        MaskKernels.MaxInto(v, m2, VectorWidth.Vector256);
        Assert.Equal(Bits(s), Bits(v));

        MaskKernels.Clamp(m1, a, VectorWidth.Scalar);
        MaskKernels.Clamp(m1, b, VectorWidth.Vector256);
        Assert.Equal(Bits(a), Bits(b));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Finiteness_check_agrees(int length)
    {
        var mask = new float[length];
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            for (int at = 0; at < length; at += Math.Max(1, length / 5))
            {
                Array.Clear(mask);
                mask[at] = bad;
                Assert.False(MaskKernels.AllFinite(mask, VectorWidth.Scalar));
                Assert.False(MaskKernels.AllFinite(mask, VectorWidth.Vector256));
            }
        }

        Array.Fill(mask, float.MaxValue);
        Assert.True(MaskKernels.AllFinite(mask, VectorWidth.Scalar));
        Assert.True(MaskKernels.AllFinite(mask, VectorWidth.Vector256));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Absolute_difference_sums_agree(int length)
    {
        var random = new Random(13 * length);
        byte[] a = new byte[length * 3], b = new byte[length * 3];
        random.NextBytes(a);
        random.NextBytes(b);
        long expected = a.Zip(b, (x, y) => (long)Math.Abs(x - y)).Sum();
        Assert.Equal(expected, MotionKernels.SumAbsDiff(a, b, VectorWidth.Scalar));
        Assert.Equal(expected, MotionKernels.SumAbsDiff(a, b, VectorWidth.Vector256));

        ushort[] c = Enumerable.Range(0, length * 3).Select(_ => (ushort)random.Next(65536)).ToArray();
        ushort[] d = Enumerable.Range(0, length * 3).Select(_ => (ushort)random.Next(65536)).ToArray();
        long expectedWords = c.Zip(d, (x, y) => (long)Math.Abs(x - y)).Sum();
        Assert.Equal(expectedWords, MotionKernels.SumAbsDiff(c, d, VectorWidth.Scalar));
        Assert.Equal(expectedWords, MotionKernels.SumAbsDiff(c, d, VectorWidth.Vector256));
    }

    [Fact]
    public void Word_sums_do_not_overflow_their_lanes_on_large_frames()
    {
        // 3840×2160 of maximal 16-bit differences: far past the point where a 32-bit lane would wrap without flushing.
        int length = 3840 * 2160;
        var zeros = new ushort[length];
        ushort[] full = Enumerable.Repeat(ushort.MaxValue, length).ToArray();
        Assert.Equal((long)length * ushort.MaxValue, MotionKernels.SumAbsDiff(zeros, full, VectorWidth.Vector256));
        Assert.Equal((long)length * ushort.MaxValue, MotionKernels.SumAbsDiff(full, zeros, VectorWidth.Scalar));
    }

    private static void AssertSame<TOp>(double[] start, float[] mask)
        where TOp : struct, IAccumulateOperator
    {
        double[] scalar = (double[])start.Clone(), vector = (double[])start.Clone();
        MaskKernels.Accumulate<TOp>(scalar, mask, 0.37, 0.63, VectorWidth.Scalar);
        MaskKernels.Accumulate<TOp>(vector, mask, 0.37, 0.63, VectorWidth.Vector256);
        Assert.Equal(scalar.Select(BitConverter.DoubleToInt64Bits), vector.Select(BitConverter.DoubleToInt64Bits));
    }

    private static IEnumerable<int> Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits);
}
