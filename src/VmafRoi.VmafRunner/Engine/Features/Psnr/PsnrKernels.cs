using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Psnr;

/// <summary>Sums of squared sample differences per row: integer arithmetic, so every vector width gives the scalar result.</summary>
internal static class PsnrKernels
{
    /// <summary>
    /// One 8-bit row: libvmaf squares the int16 difference and sums the row in a uint32 (wrapping, only past 66 051
    /// columns); vector lanes wrap the same way modulo 2^32.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint SseRow8(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, VectorWidth width)
    {
        int n = reference.Length, j = 0;
        uint sum = 0;
        if (width is VectorWidth.V256 or VectorWidth.V512 && n >= 32)
        {
            Vector256<int> acc = Vector256<int>.Zero;
            for (; j <= n - 32; j += 32)
            {
                (Vector256<ushort> rl, Vector256<ushort> rh) = Vector256.Widen(Vector256.Create(reference.Slice(j, 32)));
                (Vector256<ushort> dl, Vector256<ushort> dh) = Vector256.Widen(Vector256.Create(distorted.Slice(j, 32)));
                acc += Squares(rl.AsInt16() - dl.AsInt16()) + Squares(rh.AsInt16() - dh.AsInt16());
            }

            sum = unchecked((uint)Vector256.Sum(acc));
        }
        else if (width is VectorWidth.V128 && n >= 16)
        {
            Vector128<int> acc = Vector128<int>.Zero;
            for (; j <= n - 16; j += 16)
            {
                (Vector128<ushort> rl, Vector128<ushort> rh) = Vector128.Widen(Vector128.Create(reference.Slice(j, 16)));
                (Vector128<ushort> dl, Vector128<ushort> dh) = Vector128.Widen(Vector128.Create(distorted.Slice(j, 16)));
                acc += Squares(rl.AsInt16() - dl.AsInt16()) + Squares(rh.AsInt16() - dh.AsInt16());
            }

            sum = unchecked((uint)Vector128.Sum(acc));
        }

        for (; j < n; j++)
        {
            int e = (short)(reference[j] - distorted[j]);
            sum = unchecked(sum + (uint)(e * e));
        }

        return sum;
    }

    /// <summary>One row above 8 bits: |difference|² as uint32 (65 535² fits), summed in uint64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong SseRow16(ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, VectorWidth width)
    {
        int n = reference.Length, j = 0;
        ulong sum = 0;
        if (width is VectorWidth.V256 or VectorWidth.V512 && n >= 16)
        {
            Vector256<ulong> acc = Vector256<ulong>.Zero;
            for (; j <= n - 16; j += 16)
            {
                (Vector256<uint> rl, Vector256<uint> rh) = Vector256.Widen(Vector256.Create(reference.Slice(j, 16)));
                (Vector256<uint> dl, Vector256<uint> dh) = Vector256.Widen(Vector256.Create(distorted.Slice(j, 16)));
                acc += WideSquares(Vector256.Abs(rl.AsInt32() - dl.AsInt32()).AsUInt32()) + WideSquares(Vector256.Abs(rh.AsInt32() - dh.AsInt32()).AsUInt32());
            }

            sum = Vector256.Sum(acc);
        }
        else if (width is VectorWidth.V128 && n >= 8)
        {
            Vector128<ulong> acc = Vector128<ulong>.Zero;
            for (; j <= n - 8; j += 8)
            {
                (Vector128<uint> rl, Vector128<uint> rh) = Vector128.Widen(Vector128.Create(reference.Slice(j, 8)));
                (Vector128<uint> dl, Vector128<uint> dh) = Vector128.Widen(Vector128.Create(distorted.Slice(j, 8)));
                acc += WideSquares(Vector128.Abs(rl.AsInt32() - dl.AsInt32()).AsUInt32()) + WideSquares(Vector128.Abs(rh.AsInt32() - dh.AsInt32()).AsUInt32());
            }

            sum = Vector128.Sum(acc);
        }

        for (; j < n; j++)
        {
            uint e = (uint)Math.Abs(reference[j] - distorted[j]);
            sum += e * e;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Squares(Vector256<short> e)
    {
        (Vector256<int> lo, Vector256<int> hi) = Vector256.Widen(e);
        return (lo * lo) + (hi * hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Squares(Vector128<short> e)
    {
        (Vector128<int> lo, Vector128<int> hi) = Vector128.Widen(e);
        return (lo * lo) + (hi * hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> WideSquares(Vector256<uint> e)
    {
        Vector256<uint> sq = e * e;
        (Vector256<ulong> lo, Vector256<ulong> hi) = Vector256.Widen(sq);
        return lo + hi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> WideSquares(Vector128<uint> e)
    {
        Vector128<uint> sq = e * e;
        (Vector128<ulong> lo, Vector128<ulong> hi) = Vector128.Widen(sq);
        return lo + hi;
    }
}
