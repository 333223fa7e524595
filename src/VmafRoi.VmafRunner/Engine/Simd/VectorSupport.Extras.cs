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
}
