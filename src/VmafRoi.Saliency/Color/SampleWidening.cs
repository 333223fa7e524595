using System.Runtime.Intrinsics;

namespace VmafRoi.Saliency;

/// <summary>
/// Integer samples to float, with nearest-neighbour upsampling by 2^shift (shift 0 or 1): destination[x] =
/// source[x >> shift]. Integer-to-float conversion is exact, so both paths agree bit for bit.
/// </summary>
internal static class SampleWidening
{
    // Output lane k takes input lane k/2: chroma doubled to luma width.
    private static readonly Vector256<int> DuplicateLow = Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3);
    private static readonly Vector256<int> DuplicateHigh = Vector256.Create(4, 4, 5, 5, 6, 6, 7, 7);

    public static void Widen(ReadOnlySpan<byte> source, Span<float> destination, int shift, VectorPath path)
    {
        int i = 0;
        if (path != VectorPath.Scalar && Vector256.IsHardwareAccelerated)
        {
            // 16 samples per step: bytes -> ushorts -> two int vectors of 8 -> floats.
            int step = Vector128<byte>.Count << shift;
            for (; i + step <= destination.Length && (i >> shift) + Vector128<byte>.Count <= source.Length; i += step)
            {
                (Vector128<ushort> low, Vector128<ushort> high) = Vector128.Widen(Vector128.Create(source.Slice(i >> shift, Vector128<byte>.Count)));
                (Vector256<uint> first, Vector256<uint> second) = Vector256.Widen(Vector256.Create(low, high));
                Store(Vector256.ConvertToSingle(first.AsInt32()), destination[i..], shift);
                Store(Vector256.ConvertToSingle(second.AsInt32()), destination[(i + (Vector256<float>.Count << shift))..], shift);
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = source[i >> shift];
        }
    }

    public static void Widen(ReadOnlySpan<ushort> source, Span<float> destination, int shift, VectorPath path)
    {
        int i = 0;
        if (path != VectorPath.Scalar && Vector256.IsHardwareAccelerated)
        {
            // 16 samples per step: ushorts -> two int vectors of 8 -> floats.
            int step = Vector256<ushort>.Count << shift;
            for (; i + step <= destination.Length && (i >> shift) + Vector256<ushort>.Count <= source.Length; i += step)
            {
                (Vector256<uint> first, Vector256<uint> second) = Vector256.Widen(Vector256.Create(source.Slice(i >> shift, Vector256<ushort>.Count)));
                Store(Vector256.ConvertToSingle(first.AsInt32()), destination[i..], shift);
                Store(Vector256.ConvertToSingle(second.AsInt32()), destination[(i + (Vector256<float>.Count << shift))..], shift);
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = source[i >> shift];
        }
    }

    // Writes 8 values, or 16 with each value doubled when shift is 1.
    private static void Store(Vector256<float> values, Span<float> destination, int shift)
    {
        if (shift == 0)
        {
            values.CopyTo(destination);
            return;
        }

        Vector256.Shuffle(values, DuplicateLow).CopyTo(destination);
        Vector256.Shuffle(values, DuplicateHigh).CopyTo(destination[Vector256<float>.Count..]);
    }
}
