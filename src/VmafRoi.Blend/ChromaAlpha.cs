namespace VmafRoi.Blend;

/// <summary>
/// Nearest-neighbour resize of a luma-resolution alpha to a chroma plane, per axis
/// <c>src(i) = min(i · src_len / dst_len, src_len − 1)</c> with integer division (seed-contracts §1).
/// </summary>
public static class ChromaAlpha
{
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
    public static void Resample(ReadOnlySpan<float> source, int width, int height, Span<float> destination, int destinationWidth, int destinationHeight) =>
        Resample(source, width, IndexMap(width, destinationWidth), IndexMap(height, destinationHeight), destination);

    /// <summary>Resizes with precomputed index maps (a gather; index maps are built once per geometry).</summary>
    public static void Resample(ReadOnlySpan<float> source, int sourceWidth, int[] columns, int[] rows, Span<float> destination)
    {
        int dw = columns.Length;
        if (destination.Length < dw * rows.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} elements; {dw}x{rows.Length} are needed", nameof(destination));
        }

        for (int y = 0; y < rows.Length; y++)
        {
            ReadOnlySpan<float> sourceRow = source.Slice(rows[y] * sourceWidth, sourceWidth);
            Span<float> row = destination.Slice(y * dw, dw);
            for (int x = 0; x < row.Length; x++)
            {
                row[x] = sourceRow[columns[x]];
            }
        }
    }
}
