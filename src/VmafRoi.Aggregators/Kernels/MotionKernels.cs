using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VmafRoi.Aggregators.Kernels;

/// <summary>Sums of absolute luma differences between two frames, exact in integers on every path.</summary>
internal static class MotionKernels
{
    // Per 32-byte step a uint lane gains at most 2·(255+255); flushing every 2^20 steps stays far below 2^32.
    private const int ByteBlockSteps = 1 << 20;

    // Per 16-word step a uint lane gains at most 2·65535; flushing every 2^14 steps stays below 2^32.
    private const int WordBlockSteps = 1 << 14;

    /// <summary>Σ|a[i] − b[i]| over 8-bit samples.</summary>
    public static long SumAbsDiff(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, VectorWidth width)
    {
        SameLength(a.Length, b.Length);
        ref byte ar = ref MemoryMarshal.GetReference(a);
        ref byte br = ref MemoryMarshal.GetReference(b);
        int n = a.Length;
        int i = 0;
        long total = 0;
        if (width == VectorWidth.Vector256)
        {
            while (i <= n - Vector256<byte>.Count)
            {
                Vector256<uint> acc = Vector256<uint>.Zero;
                for (int step = 0; step < ByteBlockSteps && i <= n - Vector256<byte>.Count; step++, i += Vector256<byte>.Count)
                {
                    Vector256<byte> x = Vector256.LoadUnsafe(ref ar, (nuint)i);
                    Vector256<byte> y = Vector256.LoadUnsafe(ref br, (nuint)i);
                    (Vector256<ushort> lo, Vector256<ushort> hi) = Vector256.Widen(Vector256.Max(x, y) - Vector256.Min(x, y));
                    (Vector256<uint> l2, Vector256<uint> h2) = Vector256.Widen(lo + hi);
                    acc += l2 + h2;
                }

                total += SumLanes(acc);
            }
        }

        for (; i < n; i++)
        {
            total += Math.Abs(Unsafe.Add(ref ar, i) - Unsafe.Add(ref br, i));
        }

        return total;
    }

    /// <summary>Σ|a[i] − b[i]| over 9..16-bit samples.</summary>
    public static long SumAbsDiff(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b, VectorWidth width)
    {
        SameLength(a.Length, b.Length);
        ref ushort ar = ref MemoryMarshal.GetReference(a);
        ref ushort br = ref MemoryMarshal.GetReference(b);
        int n = a.Length;
        int i = 0;
        long total = 0;
        if (width == VectorWidth.Vector256)
        {
            while (i <= n - Vector256<ushort>.Count)
            {
                Vector256<uint> acc = Vector256<uint>.Zero;
                for (int step = 0; step < WordBlockSteps && i <= n - Vector256<ushort>.Count; step++, i += Vector256<ushort>.Count)
                {
                    Vector256<ushort> x = Vector256.LoadUnsafe(ref ar, (nuint)i);
                    Vector256<ushort> y = Vector256.LoadUnsafe(ref br, (nuint)i);
                    (Vector256<uint> lo, Vector256<uint> hi) = Vector256.Widen(Vector256.Max(x, y) - Vector256.Min(x, y));
                    acc += lo + hi;
                }

                total += SumLanes(acc);
            }
        }

        for (; i < n; i++)
        {
            total += Math.Abs(Unsafe.Add(ref ar, i) - Unsafe.Add(ref br, i));
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long SumLanes(Vector256<uint> acc)
    {
        (Vector256<ulong> lo, Vector256<ulong> hi) = Vector256.Widen(acc);
        return (long)Vector256.Sum(lo + hi);
    }

    private static void SameLength(int expected, int actual)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"luma planes differ in length ({expected} vs {actual})");
        }
    }
}
