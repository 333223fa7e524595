using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VmafRoi.Blend;

/// <summary>
/// Nearest-neighbour resize of a luma-resolution alpha to a chroma plane, per axis
/// <c>src(i) = min(i · src_len / dst_len, src_len − 1)</c> with integer division (seed-contracts §1).
/// </summary>
/// <remarks>
/// The scalar path gathers through the column map for any ratio. The vector paths handle the two column maps chroma
/// planes actually have: the identity (4:4:4, a span copy) and 2:1 decimation (4:2:0, 4:2:2), which picks every other sample; for
/// an odd width the rule maps column 0 to 0 and column i ≥ 1 to 2i − 1, so the picks start at sample 1. Any other
/// map falls back to the gather.
/// </remarks>
public static class ChromaAlpha
{
    private enum ColumnPattern
    {
        Gather,
        Copy,
        Decimate,
    }

    /// <summary>The source index of each destination index on one axis.</summary>
    public static int[] IndexMap(int sourceLength, int destinationLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(destinationLength, 1);
        int[] map = new int[destinationLength];
        for (int i = 0; i < destinationLength; i++)
        {
            map[i] = (int)Math.Min((long)i * sourceLength / destinationLength, sourceLength - 1);
        }

        return map;
    }

    /// <summary>Resizes <paramref name="source"/> (w×h) into <paramref name="destination"/> (dw×dh).</summary>
    public static void Resample(ReadOnlySpan<float> source, int width, int height, Span<float> destination, int destinationWidth, int destinationHeight, VectorWidth vectorWidth = VectorWidth.Auto) =>
        Resample(source, width, IndexMap(width, destinationWidth), IndexMap(height, destinationHeight), destination, vectorWidth);

    /// <summary>Resizes with precomputed index maps (index maps are built once per geometry).</summary>
    public static void Resample(ReadOnlySpan<float> source, int sourceWidth, int[] columns, int[] rows, Span<float> destination, VectorWidth vectorWidth = VectorWidth.Auto)
    {
        int dw = columns.Length;
        if (destination.Length < dw * rows.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} elements; {dw}x{rows.Length} are needed", nameof(destination));
        }

        VectorWidth path = VectorPaths.Resolve(vectorWidth);
        (ColumnPattern pattern, int head) = path == VectorWidth.Scalar ? (ColumnPattern.Gather, 0) : Classify(columns, sourceWidth);
        for (int y = 0; y < rows.Length; y++)
        {
            ReadOnlySpan<float> sourceRow = source.Slice(rows[y] * sourceWidth, sourceWidth);
            Span<float> row = destination.Slice(y * dw, dw);
            int x = 0;
            if (pattern == ColumnPattern.Copy)
            {
                sourceRow.CopyTo(row); // the runtime's vectorised memmove
                x = row.Length;
            }
            else if (pattern == ColumnPattern.Decimate)
            {
                for (; x < head; x++)
                {
                    row[x] = sourceRow[columns[x]];
                }

                x += Decimate(sourceRow[head..], row[head..], path);
            }

            for (; x < row.Length; x++)
            {
                row[x] = sourceRow[columns[x]];
            }
        }
    }

    // Identity, or columns[i] = 2i − head for i ≥ head with head 0 (even width) or 1 (odd width: column 0 maps to 0).
    private static (ColumnPattern Pattern, int Head) Classify(int[] columns, int sourceWidth)
    {
        if (columns.Length == sourceWidth && IsProgression(columns, 0, 0, 1))
        {
            return (ColumnPattern.Copy, 0);
        }

        if (IsProgression(columns, 0, 0, 2))
        {
            return (ColumnPattern.Decimate, 0);
        }

        return columns.Length > 1 && columns[0] == 0 && IsProgression(columns, 1, 1, 2) ? (ColumnPattern.Decimate, 1) : (ColumnPattern.Gather, 0);
    }

    private static bool IsProgression(int[] columns, int from, int start, int step)
    {
        for (int i = from; i < columns.Length; i++)
        {
            if (columns[i] != start + (step * (i - from)))
            {
                return false;
            }
        }

        return true;
    }

    // destination[j] = source[2j] for whole vectors; returns how many samples were written.
    private static int Decimate(ReadOnlySpan<float> source, Span<float> destination, VectorWidth path)
    {
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = Math.Min(destination.Length, source.Length / 2);
        int j = 0;
        if (path == VectorWidth.Vector256)
        {
            for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                PickEven256(ref Unsafe.Add(ref s, 2 * j)).StoreUnsafe(ref d, (nuint)j);
            }
        }
        else
        {
            for (; j <= n - Vector128<float>.Count; j += Vector128<float>.Count)
            {
                PickEven128(ref Unsafe.Add(ref s, 2 * j)).StoreUnsafe(ref d, (nuint)j);
            }
        }

        return j;
    }

    // Each pair of floats read as one ulong has the even sample in its low half; narrowing keeps exactly those bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> PickEven256(ref float pairs) =>
        Vector256.Narrow(Vector256.LoadUnsafe(ref pairs).AsUInt64(), Vector256.LoadUnsafe(ref pairs, (nuint)Vector256<float>.Count).AsUInt64()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> PickEven128(ref float pairs) =>
        Vector128.Narrow(Vector128.LoadUnsafe(ref pairs).AsUInt64(), Vector128.LoadUnsafe(ref pairs, (nuint)Vector128<float>.Count).AsUInt64()).AsSingle();
}
