using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VmafRoi.Blend;

/// <summary>
/// Blends a distorted plane towards its reference at native bit depth:
/// <c>out = round_half_even(ref·(1 − α) + dis·α)</c>, clipped to <c>[0, 2^bitDepth − 1]</c>, computed in double.
/// </summary>
public static class MaskBlender
{
    private const double Magic = 4503599627370496.0; // 2^52: adding it rounds to an integer (half to even) in the low mantissa bits.

    /// <summary>Blends an 8-bit plane.</summary>
    public static void Blend(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, ReadOnlySpan<float> alpha, Span<byte> destination, VectorWidth width = VectorWidth.Auto)
    {
        int n = CheckLengths(reference.Length, distorted.Length, alpha.Length, destination.Length);
        int i = VectorPaths.Resolve(width) switch
        {
            VectorWidth.Vector256 => Blend8x256(reference, distorted, alpha, destination, n),
            VectorWidth.Vector128 => Blend8x128(reference, distorted, alpha, destination, n),
            _ => 0,
        };
        for (; i < n; i++)
        {
            destination[i] = (byte)Scalar(reference[i], distorted[i], alpha[i], byte.MaxValue);
        }
    }

    /// <summary>Blends a 9..16-bit plane whose samples are at most <c>2^bitDepth − 1</c>.</summary>
    public static void Blend(ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, ReadOnlySpan<float> alpha, Span<ushort> destination, int bitDepth, VectorWidth width = VectorWidth.Auto)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bitDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitDepth, 16);
        int n = CheckLengths(reference.Length, distorted.Length, alpha.Length, destination.Length);
        int max = (1 << bitDepth) - 1;
        int i = VectorPaths.Resolve(width) switch
        {
            VectorWidth.Vector256 => Blend16x256(reference, distorted, alpha, destination, n, max),
            VectorWidth.Vector128 => Blend16x128(reference, distorted, alpha, destination, n, max),
            _ => 0,
        };
        for (; i < n; i++)
        {
            destination[i] = (ushort)Scalar(reference[i], distorted[i], alpha[i], max);
        }
    }

    /// <summary>The scalar reference for one sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Scalar(int reference, int distorted, float alpha, int max)
    {
        double a = alpha;
        double v = (reference * (1.0 - a)) + (distorted * a);
        v = v < 0 ? 0 : v > max ? max : v;
        return (int)Math.Round(v, MidpointRounding.ToEven);
    }

    private static int CheckLengths(int reference, int distorted, int alpha, int destination)
    {
        if (distorted != reference || alpha < reference || destination < reference)
        {
            throw new ArgumentException($"plane lengths differ: reference {reference}, distorted {distorted}, alpha {alpha}, destination {destination}");
        }

        return reference;
    }

    // 16 samples per step: four groups of four doubles.
    private static int Blend8x256(ReadOnlySpan<byte> r, ReadOnlySpan<byte> d, ReadOnlySpan<float> a, Span<byte> o, int n)
    {
        ref byte rr = ref MemoryMarshal.GetReference(r);
        ref byte dr = ref MemoryMarshal.GetReference(d);
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref byte or = ref MemoryMarshal.GetReference(o);
        int i = 0;
        for (; i <= n - 16; i += 16)
        {
            (Vector128<ushort> r0, Vector128<ushort> r1) = Vector128.Widen(Vector128.LoadUnsafe(ref rr, (nuint)i));
            (Vector128<ushort> d0, Vector128<ushort> d1) = Vector128.Widen(Vector128.LoadUnsafe(ref dr, (nuint)i));
            Vector256<ushort> lo = Blend8Samples256(r0, d0, ref Unsafe.Add(ref ar, i), byte.MaxValue);
            Vector256<ushort> hi = Blend8Samples256(r1, d1, ref Unsafe.Add(ref ar, i + 8), byte.MaxValue);
            Vector128.Narrow(lo.GetLower(), hi.GetLower()).StoreUnsafe(ref or, (nuint)i);
        }

        return i;
    }

    private static int Blend16x256(ReadOnlySpan<ushort> r, ReadOnlySpan<ushort> d, ReadOnlySpan<float> a, Span<ushort> o, int n, int max)
    {
        ref ushort rr = ref MemoryMarshal.GetReference(r);
        ref ushort dr = ref MemoryMarshal.GetReference(d);
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref ushort or = ref MemoryMarshal.GetReference(o);
        int i = 0;
        for (; i <= n - 8; i += 8)
        {
            Vector256<ushort> v = Blend8Samples256(Vector128.LoadUnsafe(ref rr, (nuint)i), Vector128.LoadUnsafe(ref dr, (nuint)i), ref Unsafe.Add(ref ar, i), max);
            v.GetLower().StoreUnsafe(ref or, (nuint)i);
        }

        return i;
    }

    // Blends 8 samples; the result sits in the lower 128 bits (8 × ushort).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Blend8Samples256(Vector128<ushort> r, Vector128<ushort> d, ref float alpha, int max)
    {
        (Vector128<uint> r0, Vector128<uint> r1) = Vector128.Widen(r);
        (Vector128<uint> d0, Vector128<uint> d1) = Vector128.Widen(d);
        Vector256<ulong> q0 = Blend4(r0, d0, Vector128.LoadUnsafe(ref alpha), max);
        Vector256<ulong> q1 = Blend4(r1, d1, Vector128.LoadUnsafe(ref alpha, 4), max);
        Vector256<uint> words = Vector256.Narrow(q0, q1);
        return Vector256.Narrow(words, words);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Blend4(Vector128<uint> r, Vector128<uint> d, Vector128<float> alpha, int max)
    {
        Vector256<double> a = Vector256.Create(Vector128.WidenLower(alpha), Vector128.WidenUpper(alpha));
        Vector256<double> v = (ToDouble(r) * (Vector256<double>.One - a)) + (ToDouble(d) * a);
        v = Vector256.Min(Vector256.Max(v, Vector256<double>.Zero), Vector256.Create((double)max));
        return (v + Vector256.Create(Magic)).AsUInt64() & Vector256.Create(0xFFFFFFFFUL);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ToDouble(Vector128<uint> u)
    {
        Vector256<ulong> wide = Vector256.Create(Vector128.WidenLower(u), Vector128.WidenUpper(u));
        return (wide | Vector256.Create(0x4330000000000000UL)).AsDouble() - Vector256.Create(Magic);
    }

    private static int Blend8x128(ReadOnlySpan<byte> r, ReadOnlySpan<byte> d, ReadOnlySpan<float> a, Span<byte> o, int n)
    {
        ref byte rr = ref MemoryMarshal.GetReference(r);
        ref byte dr = ref MemoryMarshal.GetReference(d);
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref byte or = ref MemoryMarshal.GetReference(o);
        int i = 0;
        for (; i <= n - 16; i += 16)
        {
            (Vector128<ushort> r0, Vector128<ushort> r1) = Vector128.Widen(Vector128.LoadUnsafe(ref rr, (nuint)i));
            (Vector128<ushort> d0, Vector128<ushort> d1) = Vector128.Widen(Vector128.LoadUnsafe(ref dr, (nuint)i));
            Vector128<ushort> lo = Blend8Samples128(r0, d0, ref Unsafe.Add(ref ar, i), byte.MaxValue);
            Vector128<ushort> hi = Blend8Samples128(r1, d1, ref Unsafe.Add(ref ar, i + 8), byte.MaxValue);
            Vector128.Narrow(lo, hi).StoreUnsafe(ref or, (nuint)i);
        }

        return i;
    }

    private static int Blend16x128(ReadOnlySpan<ushort> r, ReadOnlySpan<ushort> d, ReadOnlySpan<float> a, Span<ushort> o, int n, int max)
    {
        ref ushort rr = ref MemoryMarshal.GetReference(r);
        ref ushort dr = ref MemoryMarshal.GetReference(d);
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref ushort or = ref MemoryMarshal.GetReference(o);
        int i = 0;
        for (; i <= n - 8; i += 8)
        {
            Blend8Samples128(Vector128.LoadUnsafe(ref rr, (nuint)i), Vector128.LoadUnsafe(ref dr, (nuint)i), ref Unsafe.Add(ref ar, i), max)
                .StoreUnsafe(ref or, (nuint)i);
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Blend8Samples128(Vector128<ushort> r, Vector128<ushort> d, ref float alpha, int max)
    {
        (Vector128<uint> r0, Vector128<uint> r1) = Vector128.Widen(r);
        (Vector128<uint> d0, Vector128<uint> d1) = Vector128.Widen(d);
        Vector128<float> a0 = Vector128.LoadUnsafe(ref alpha);
        Vector128<float> a1 = Vector128.LoadUnsafe(ref alpha, 4);
        Vector128<uint> w0 = Vector128.Narrow(Blend2(Vector128.WidenLower(r0), Vector128.WidenLower(d0), Vector128.WidenLower(a0), max), Blend2(Vector128.WidenUpper(r0), Vector128.WidenUpper(d0), Vector128.WidenUpper(a0), max));
        Vector128<uint> w1 = Vector128.Narrow(Blend2(Vector128.WidenLower(r1), Vector128.WidenLower(d1), Vector128.WidenLower(a1), max), Blend2(Vector128.WidenUpper(r1), Vector128.WidenUpper(d1), Vector128.WidenUpper(a1), max));
        return Vector128.Narrow(w0, w1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Blend2(Vector128<ulong> r, Vector128<ulong> d, Vector128<double> a, int max)
    {
        Vector128<double> rv = (r | Vector128.Create(0x4330000000000000UL)).AsDouble() - Vector128.Create(Magic);
        Vector128<double> dv = (d | Vector128.Create(0x4330000000000000UL)).AsDouble() - Vector128.Create(Magic);
        Vector128<double> v = (rv * (Vector128<double>.One - a)) + (dv * a);
        v = Vector128.Min(Vector128.Max(v, Vector128<double>.Zero), Vector128.Create((double)max));
        return (v + Vector128.Create(Magic)).AsUInt64() & Vector128.Create(0xFFFFFFFFUL);
    }
}
