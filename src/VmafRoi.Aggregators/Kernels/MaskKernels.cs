using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VmafRoi.Aggregators.Kernels;

/// <summary>
/// The per-pixel loops of the aggregators. Each has a <see cref="Vector256"/> path and a scalar twin that performs the
/// same IEEE operations per element in the same order, so both give bit-identical results.
/// </summary>
internal static class MaskKernels
{
    /// <summary>Applies <typeparamref name="TOp"/> to every pixel: <c>acc[i] = TOp(acc[i], mask[i], a, b)</c>.</summary>
    public static void Accumulate<TOp>(Span<double> acc, ReadOnlySpan<float> mask, double a, double b, VectorWidth width)
        where TOp : struct, IAccumulateOperator
    {
        SameLength(acc.Length, mask.Length);
        ref double accRef = ref MemoryMarshal.GetReference(acc);
        ref float maskRef = ref MemoryMarshal.GetReference(mask);
        int n = mask.Length;
        int i = 0;
        if (width == VectorWidth.Vector256)
        {
            Vector256<double> av = Vector256.Create(a);
            Vector256<double> bv = Vector256.Create(b);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref maskRef, (nuint)i));
                ref double at = ref Unsafe.Add(ref accRef, i);
                TOp.Invoke(Vector256.LoadUnsafe(ref at), lo, av, bv).StoreUnsafe(ref at);
                TOp.Invoke(Vector256.LoadUnsafe(ref at, (nuint)Vector256<double>.Count), hi, av, bv).StoreUnsafe(ref at, (nuint)Vector256<double>.Count);
            }
        }

        for (; i < n; i++)
        {
            ref double at = ref Unsafe.Add(ref accRef, i);
            at = TOp.Invoke(at, Unsafe.Add(ref maskRef, i), a, b);
        }
    }

    /// <summary><c>destination[i] = clamp((float)(acc[i] / divisor), 0, 1)</c>.</summary>
    public static void Finish(ReadOnlySpan<double> acc, double divisor, Span<float> destination, VectorWidth width)
    {
        SameLength(destination.Length, acc.Length);
        ref double accRef = ref MemoryMarshal.GetReference(acc);
        ref float dstRef = ref MemoryMarshal.GetReference(destination);
        int n = acc.Length;
        int i = 0;
        if (width == VectorWidth.Vector256)
        {
            Vector256<double> d = Vector256.Create(divisor);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                ref double at = ref Unsafe.Add(ref accRef, i);
                Vector256<float> v = Vector256.Narrow(
                    Vector256.LoadUnsafe(ref at) / d,
                    Vector256.LoadUnsafe(ref at, (nuint)Vector256<double>.Count) / d);
                Clamp01(v).StoreUnsafe(ref dstRef, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dstRef, i) = Clamp01((float)(Unsafe.Add(ref accRef, i) / divisor));
        }
    }

    /// <summary><c>acc[i] = max(acc[i], mask[i])</c>.</summary>
    public static void MaxInto(Span<float> acc, ReadOnlySpan<float> mask, VectorWidth width)
    {
        SameLength(acc.Length, mask.Length);
        ref float accRef = ref MemoryMarshal.GetReference(acc);
        ref float maskRef = ref MemoryMarshal.GetReference(mask);
        int n = mask.Length;
        int i = 0;
        if (width == VectorWidth.Vector256)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.Max(Vector256.LoadUnsafe(ref accRef, (nuint)i), Vector256.LoadUnsafe(ref maskRef, (nuint)i)).StoreUnsafe(ref accRef, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            ref float at = ref Unsafe.Add(ref accRef, i);
            at = MathF.Max(at, Unsafe.Add(ref maskRef, i));
        }
    }

    /// <summary><c>destination[i] = clamp(source[i], 0, 1)</c>.</summary>
    public static void Clamp(ReadOnlySpan<float> source, Span<float> destination, VectorWidth width)
    {
        SameLength(destination.Length, source.Length);
        ref float srcRef = ref MemoryMarshal.GetReference(source);
        ref float dstRef = ref MemoryMarshal.GetReference(destination);
        int n = source.Length;
        int i = 0;
        if (width == VectorWidth.Vector256)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Clamp01(Vector256.LoadUnsafe(ref srcRef, (nuint)i)).StoreUnsafe(ref dstRef, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dstRef, i) = Clamp01(Unsafe.Add(ref srcRef, i));
        }
    }

    /// <summary>True when no sample is NaN or infinite.</summary>
    public static bool AllFinite(ReadOnlySpan<float> values, VectorWidth width)
    {
        ref float r = ref MemoryMarshal.GetReference(values);
        int n = values.Length;
        int i = 0;
        if (width == VectorWidth.Vector256)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                // x − x is 0 for every finite x and NaN for NaN and ±Infinity.
                Vector256<float> v = Vector256.LoadUnsafe(ref r, (nuint)i);
                if (!Vector256.EqualsAll(v - v, Vector256<float>.Zero))
                {
                    return false;
                }
            }
        }

        for (; i < n; i++)
        {
            if (!float.IsFinite(Unsafe.Add(ref r, i)))
            {
                return false;
            }
        }

        return true;
    }

    // Max/Min follow IEEE maximum/minimum on both paths (Math.Max semantics), so −0 becomes +0 alike.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Clamp01(float x) => MathF.Min(MathF.Max(x, 0f), 1f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Clamp01(Vector256<float> x) => Vector256.Min(Vector256.Max(x, Vector256<float>.Zero), Vector256<float>.One);

    private static void SameLength(int expected, int actual)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"spans differ in length ({expected} vs {actual})");
        }
    }
}
