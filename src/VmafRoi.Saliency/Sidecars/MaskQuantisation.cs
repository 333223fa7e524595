using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VmafRoi.Contracts;

namespace VmafRoi.Saliency.Sidecars;

/// <summary>Which loop a quantisation kernel runs; tests force each to prove the vector path equals the scalar twin.</summary>
internal enum KernelPath
{
    Scalar,
    Vector256,
}

/// <summary>
/// The mask quantisation contract: <c>q = round_half_even(clamp(m, 0, 1) · L)</c> in float32 with <c>L = 2^bits − 1</c>
/// (bits 8 or 16), and <c>m' = q / L</c> in float32 (numpy: <c>np.rint(np.clip(m, 0, 1) * np.float32(L))</c> and
/// <c>q.astype(np.float32) / np.float32(L)</c>). The ROI pipeline applies <see cref="RoundTrip(Span{float}, int)"/> to every mask, whether
/// it came from the model or from a sidecar, so cached and fresh runs score identically.
/// </summary>
public static class MaskQuantisation
{
    internal static KernelPath BestPath { get; } = Vector256.IsHardwareAccelerated ? KernelPath.Vector256 : KernelPath.Scalar;

    /// <summary>The largest level for <paramref name="bits"/>: 255 for 8, 65535 for 16.</summary>
    public static int MaxLevel(int bits) => bits switch
    {
        8 => byte.MaxValue,
        16 => ushort.MaxValue,
        _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "mask quantisation is 8 or 16 bits"),
    };

    /// <summary>One sample's level.</summary>
    public static int Quantise(float mask, int bits) => (int)MathF.Round(Clamp01(mask) * MaxLevel(bits));

    /// <summary>One level's mask value.</summary>
    public static float Dequantise(int level, int bits) => level / (float)MaxLevel(bits);

    /// <summary>Quantises to 8 bits. Non-finite samples are a <see cref="MaskException"/>.</summary>
    public static void Quantise(ReadOnlySpan<float> mask, Span<byte> destination) => Quantise(mask, destination, BestPath);

    /// <summary>Quantises to 16 bits. Non-finite samples are a <see cref="MaskException"/>.</summary>
    public static void Quantise(ReadOnlySpan<float> mask, Span<ushort> destination) => Quantise(mask, destination, BestPath);

    /// <summary>8-bit levels back to mask values.</summary>
    public static void Dequantise(ReadOnlySpan<byte> levels, Span<float> destination) => Dequantise(levels, destination, BestPath);

    /// <summary>16-bit levels back to mask values.</summary>
    public static void Dequantise(ReadOnlySpan<ushort> levels, Span<float> destination) => Dequantise(levels, destination, BestPath);

    /// <summary>Replaces every sample by <c>Dequantise(Quantise(m))</c>: exactly what a sidecar of <paramref name="bits"/> gives back.</summary>
    public static void RoundTrip(Span<float> mask, int bits) => RoundTrip(mask, bits, BestPath);

    internal static void Quantise(ReadOnlySpan<float> mask, Span<byte> destination, KernelPath path)
    {
        CheckLengths(mask.Length, destination.Length);
        CheckFinite(mask, path);
        ref float src = ref MemoryMarshal.GetReference(mask);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int n = mask.Length;
        int i = 0;
        if (path == KernelPath.Vector256)
        {
            Vector256<float> level = Vector256.Create(255f);
            for (; i <= n - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                Vector256<int> a = Levels(Vector256.LoadUnsafe(ref src, (nuint)i), level);
                Vector256<int> b = Levels(Vector256.LoadUnsafe(ref src, (nuint)(i + 8)), level);
                Vector256<int> c = Levels(Vector256.LoadUnsafe(ref src, (nuint)(i + 16)), level);
                Vector256<int> d = Levels(Vector256.LoadUnsafe(ref src, (nuint)(i + 24)), level);
                Vector256<ushort> ab = Vector256.Narrow(a.AsUInt32(), b.AsUInt32());
                Vector256<ushort> cd = Vector256.Narrow(c.AsUInt32(), d.AsUInt32());
                Vector256.Narrow(ab, cd).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dst, i) = (byte)MathF.Round(Clamp01(Unsafe.Add(ref src, i)) * 255f);
        }
    }

    internal static void Quantise(ReadOnlySpan<float> mask, Span<ushort> destination, KernelPath path)
    {
        CheckLengths(mask.Length, destination.Length);
        CheckFinite(mask, path);
        ref float src = ref MemoryMarshal.GetReference(mask);
        ref ushort dst = ref MemoryMarshal.GetReference(destination);
        int n = mask.Length;
        int i = 0;
        if (path == KernelPath.Vector256)
        {
            Vector256<float> level = Vector256.Create(65535f);
            for (; i <= n - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
            {
                Vector256<int> a = Levels(Vector256.LoadUnsafe(ref src, (nuint)i), level);
                Vector256<int> b = Levels(Vector256.LoadUnsafe(ref src, (nuint)(i + 8)), level);
                Vector256.Narrow(a.AsUInt32(), b.AsUInt32()).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dst, i) = (ushort)MathF.Round(Clamp01(Unsafe.Add(ref src, i)) * 65535f);
        }
    }

    internal static void Dequantise(ReadOnlySpan<byte> levels, Span<float> destination, KernelPath path)
    {
        CheckLengths(levels.Length, destination.Length);
        ref byte src = ref MemoryMarshal.GetReference(levels);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int n = levels.Length;
        int i = 0;
        if (path == KernelPath.Vector256)
        {
            Vector256<float> level = Vector256.Create(255f);
            for (; i <= n - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                (Vector256<ushort> lo, Vector256<ushort> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                (Vector256<uint> a, Vector256<uint> b) = Vector256.Widen(lo);
                (Vector256<uint> c, Vector256<uint> d) = Vector256.Widen(hi);
                (Vector256.ConvertToSingle(a.AsInt32()) / level).StoreUnsafe(ref dst, (nuint)i);
                (Vector256.ConvertToSingle(b.AsInt32()) / level).StoreUnsafe(ref dst, (nuint)(i + 8));
                (Vector256.ConvertToSingle(c.AsInt32()) / level).StoreUnsafe(ref dst, (nuint)(i + 16));
                (Vector256.ConvertToSingle(d.AsInt32()) / level).StoreUnsafe(ref dst, (nuint)(i + 24));
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i) / 255f;
        }
    }

    internal static void Dequantise(ReadOnlySpan<ushort> levels, Span<float> destination, KernelPath path)
    {
        CheckLengths(levels.Length, destination.Length);
        ref ushort src = ref MemoryMarshal.GetReference(levels);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int n = levels.Length;
        int i = 0;
        if (path == KernelPath.Vector256)
        {
            Vector256<float> level = Vector256.Create(65535f);
            for (; i <= n - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
            {
                (Vector256<uint> a, Vector256<uint> b) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                (Vector256.ConvertToSingle(a.AsInt32()) / level).StoreUnsafe(ref dst, (nuint)i);
                (Vector256.ConvertToSingle(b.AsInt32()) / level).StoreUnsafe(ref dst, (nuint)(i + 8));
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i) / 65535f;
        }
    }

    internal static void RoundTrip(Span<float> mask, int bits, KernelPath path)
    {
        float max = MaxLevel(bits);
        CheckFinite(mask, path);
        ref float r = ref MemoryMarshal.GetReference(mask);
        int n = mask.Length;
        int i = 0;
        if (path == KernelPath.Vector256)
        {
            Vector256<float> level = Vector256.Create(max);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<int> q = Levels(Vector256.LoadUnsafe(ref r, (nuint)i), level);
                (Vector256.ConvertToSingle(q) / level).StoreUnsafe(ref r, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            ref float m = ref Unsafe.Add(ref r, i);
            m = (int)MathF.Round(Clamp01(m) * max) / max;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Levels(Vector256<float> m, Vector256<float> level) =>
        Vector256.ConvertToInt32(Vector256.Round(Vector256.Min(Vector256.Max(m, Vector256<float>.Zero), Vector256<float>.One) * level));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Clamp01(float x) => MathF.Min(MathF.Max(x, 0f), 1f);

    private static void CheckFinite(ReadOnlySpan<float> mask, KernelPath path)
    {
        ref float r = ref MemoryMarshal.GetReference(mask);
        int n = mask.Length;
        int i = 0;
        if (path == KernelPath.Vector256)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                // x − x is 0 for finite x and NaN for NaN and ±Infinity.
                Vector256<float> v = Vector256.LoadUnsafe(ref r, (nuint)i);
                if (!Vector256.EqualsAll(v - v, Vector256<float>.Zero))
                {
                    break;
                }
            }
        }

        for (; i < n; i++)
        {
            if (!float.IsFinite(Unsafe.Add(ref r, i)))
            {
                throw new MaskException($"mask sample {i} is {Unsafe.Add(ref r, i)}; masks must be finite to be quantised");
            }
        }
    }

    private static void CheckLengths(int source, int destination)
    {
        if (source != destination)
        {
            throw new ArgumentException($"destination has {destination} samples, the source {source}", nameof(destination));
        }
    }
}
