using System.Runtime.Intrinsics;
using VmafRoi.Blend;

namespace VmafRoi.EncoderAdapters.Prefilter;

/// <summary>
/// The prefilter's mix of a plane with its blur in integers: <c>out = (blur·(256 − w) + original·w + 128) >> 8</c>,
/// with a weight <c>w</c> in [0, 256] per sample (256 keeps the original). 8-bit planes run on 16-bit lanes (the sum is
/// at most 256·255 + 128); every vector path gives exactly the scalar result.
/// </summary>
public static class WeightBlend
{
    /// <summary>The full weight: the original sample is kept.</summary>
    public const int Keep = 256;

    /// <summary>Weights from alphas in [0, 1] (rounded to the nearest 1/256).</summary>
    public static void FromAlpha(ReadOnlySpan<float> alpha, Span<ushort> weights)
    {
        for (int i = 0; i < alpha.Length; i++)
        {
            weights[i] = (ushort)Math.Clamp((int)MathF.Round(alpha[i] * Keep), 0, Keep);
        }
    }

    /// <summary>Mixes an 8-bit plane into <paramref name="destination"/> (which may be <paramref name="original"/>).</summary>
    public static void Blend(ReadOnlySpan<byte> blurred, ReadOnlySpan<byte> original, ReadOnlySpan<ushort> weights, Span<byte> destination, VectorWidth width = VectorWidth.Auto)
    {
        int n = destination.Length;
        int i = 0;
        VectorWidth path = BinomialBlur.Resolve(width);
        if (path == VectorWidth.Vector256)
        {
            Vector256<ushort> full = Vector256.Create((ushort)Keep);
            Vector256<ushort> half = Vector256.Create((ushort)128);
            for (; i <= n - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                (Vector256<ushort> bl, Vector256<ushort> bh) = Vector256.Widen(Vector256.Create(blurred.Slice(i, Vector256<byte>.Count)));
                (Vector256<ushort> ol, Vector256<ushort> oh) = Vector256.Widen(Vector256.Create(original.Slice(i, Vector256<byte>.Count)));
                Vector256<ushort> wl = Vector256.Create(weights.Slice(i, Vector256<ushort>.Count));
                Vector256<ushort> wh = Vector256.Create(weights.Slice(i + Vector256<ushort>.Count, Vector256<ushort>.Count));
                Vector256<ushort> lower = ((bl * (full - wl)) + (ol * wl) + half) >> 8;
                Vector256<ushort> upper = ((bh * (full - wh)) + (oh * wh) + half) >> 8;
                Vector256.Narrow(lower, upper).CopyTo(destination.Slice(i));
            }
        }
        else if (path == VectorWidth.Vector128)
        {
            Vector128<ushort> full = Vector128.Create((ushort)Keep);
            Vector128<ushort> half = Vector128.Create((ushort)128);
            for (; i <= n - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                (Vector128<ushort> bl, Vector128<ushort> bh) = Vector128.Widen(Vector128.Create(blurred.Slice(i, Vector128<byte>.Count)));
                (Vector128<ushort> ol, Vector128<ushort> oh) = Vector128.Widen(Vector128.Create(original.Slice(i, Vector128<byte>.Count)));
                Vector128<ushort> wl = Vector128.Create(weights.Slice(i, Vector128<ushort>.Count));
                Vector128<ushort> wh = Vector128.Create(weights.Slice(i + Vector128<ushort>.Count, Vector128<ushort>.Count));
                Vector128<ushort> lower = ((bl * (full - wl)) + (ol * wl) + half) >> 8;
                Vector128<ushort> upper = ((bh * (full - wh)) + (oh * wh) + half) >> 8;
                Vector128.Narrow(lower, upper).CopyTo(destination.Slice(i));
            }
        }

        for (; i < n; i++)
        {
            destination[i] = (byte)Scalar(blurred[i], original[i], weights[i]);
        }
    }

    /// <summary>Mixes a 9..16-bit plane (scalar; 32-bit sums).</summary>
    public static void Blend(ReadOnlySpan<ushort> blurred, ReadOnlySpan<ushort> original, ReadOnlySpan<ushort> weights, Span<ushort> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (ushort)Scalar(blurred[i], original[i], weights[i]);
        }
    }

    /// <summary>The scalar reference for one sample.</summary>
    public static int Scalar(int blurred, int original, int weight) => ((blurred * (Keep - weight)) + (original * weight) + 128) >> 8;
}
