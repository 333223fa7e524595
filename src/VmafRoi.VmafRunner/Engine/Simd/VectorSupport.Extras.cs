using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafRoi.VmafRunner.Engine.Simd;

/// <summary>Small exact helpers shared by the x86 kernels.</summary>
internal static class Vec
{
    /// <summary>Combines the low 32 bits of each 64-bit lane of <paramref name="even"/> (lanes 0,2,4,6) and <paramref name="odd"/> (1,3,5,7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> InterleaveLow32(Vector256<ulong> even, Vector256<ulong> odd) =>
        Avx2.Blend(even.AsUInt32(), Avx2.ShiftLeftLogical(odd, 32).AsUInt32(), 0b10101010);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> InterleaveLow32(Vector128<ulong> even, Vector128<ulong> odd) =>
        Sse41.Blend(even.AsUInt16(), Sse2.ShiftLeftLogical(odd, 32).AsUInt16(), 0b11001100).AsUInt32();

    /// <summary>The odd 32-bit lanes moved into the even positions (for vpmuludq on odd lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Odd(Vector256<uint> v) => Avx2.ShiftRightLogical(v.AsUInt64(), 32).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Odd(Vector128<uint> v) => Sse2.ShiftRightLogical(v.AsUInt64(), 32).AsUInt32();

    /// <summary>Arithmetic right shift of signed 64-bit lanes (AVX2 has none): flip, shift logically, flip back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> ShiftRightArithmetic(Vector256<long> v, int shift)
    {
        Vector256<long> sign = Avx2.CompareGreaterThan(Vector256<long>.Zero, v);
        return Vector256.ShiftRightLogical((v ^ sign).AsUInt64(), shift).AsInt64() ^ sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<long> ShiftRightArithmetic(Vector128<long> v, int shift)
    {
        Vector128<long> sign = Sse42.CompareGreaterThan(Vector128<long>.Zero, v);
        return Vector128.ShiftRightLogical((v ^ sign).AsUInt64(), shift).AsInt64() ^ sign;
    }

    /// <summary>Sign-extends the low 16 bits of each 32-bit lane: C's store into an int16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ToInt16(Vector256<int> v) => Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(v, 16), 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> ToInt16(Vector128<int> v) => Sse2.ShiftRightArithmetic(Sse2.ShiftLeftLogical(v, 16), 16);

    /// <summary>Sum of the four 64-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Sum(Vector256<long> v) => v.GetElement(0) + v.GetElement(1) + v.GetElement(2) + v.GetElement(3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sum(Vector256<ulong> v) => v.GetElement(0) + v.GetElement(1) + v.GetElement(2) + v.GetElement(3);

    /// <summary>The low 32 bits of each 64-bit lane, sign-extended back to 64 bits (C's store into an int32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> Trunc32(Vector256<long> v) => Avx2.ConvertToVector256Int64(Low32(v));

    /// <summary>The low 32 bits of the four 64-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Low32(Vector256<long> v) => Avx2.PermuteVar8x32(v.AsInt32(), Vector256.Create(0, 2, 4, 6, 0, 2, 4, 6)).GetLower();

    /// <summary>Arithmetic right shift of signed 64-bit lanes by per-lane counts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> ShiftRightArithmeticVariable(Vector256<long> v, Vector256<ulong> counts)
    {
        Vector256<long> sign = Avx2.CompareGreaterThan(Vector256<long>.Zero, v);
        return Avx2.ShiftRightLogicalVariable((v ^ sign).AsUInt64(), counts).AsInt64() ^ sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> Min(Vector256<long> a, Vector256<long> b) => Avx2.BlendVariable(a, b, Avx2.CompareGreaterThan(a, b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> Max(Vector256<long> a, Vector256<long> b) => Avx2.BlendVariable(a, b, Avx2.CompareGreaterThan(b, a));

    /// <summary>|v| of signed 64-bit lanes (wrapping at long.MinValue, like C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> Abs(Vector256<long> v)
    {
        Vector256<long> sign = Avx2.CompareGreaterThan(Vector256<long>.Zero, v);
        return (v ^ sign) - sign;
    }

    /// <summary>
    /// (double)(float)x for signed 64-bit lanes, correctly rounded like C#'s (float)long: the exact sum of the high and
    /// low halves is rounded to odd in double (TwoSum gives the rounding error), and round-to-odd with 29 spare bits
    /// makes the final rounding to float exact.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ToFloatThenDouble(Vector256<long> x)
    {
        Vector128<int> hi32 = Avx2.PermuteVar8x32(x.AsInt32(), Vector256.Create(1, 3, 5, 7, 1, 3, 5, 7)).GetLower();
        Vector128<int> lo32 = Low32(x);
        Vector256<double> two32 = Vector256.Create(4294967296.0);
        Vector256<double> dh = Avx.ConvertToVector256Double(hi32) * two32;
        Vector256<double> dlSigned = Avx.ConvertToVector256Double(lo32);
        Vector256<double> dl = dlSigned + (Avx.CompareLessThan(dlSigned, Vector256<double>.Zero) & two32);
        Vector256<double> s = dh + dl;
        Vector256<double> bb = s - dh;
        Vector256<double> err = (dh - (s - bb)) + (dl - bb);
        Vector256<long> bits = s.AsInt64();
        Vector256<long> inexactEven = ~Avx.CompareEqual(err, Vector256<double>.Zero).AsInt64() & Avx2.CompareEqual(bits & Vector256<long>.One, Vector256<long>.Zero);
        // Toward the exact value: +1 in the bit pattern grows the magnitude (same signs), −1 shrinks it.
        Vector256<long> opposite = Avx2.CompareGreaterThan(Vector256<long>.Zero, s.AsInt64() ^ err.AsInt64());
        Vector256<long> step = opposite | Vector256<long>.One;
        Vector256<double> odd = (bits + (step & inexactEven)).AsDouble();
        return Avx.ConvertToVector256Double(Avx.ConvertToVector128Single(odd));
    }
}
