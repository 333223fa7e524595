namespace VmafRoi.EncoderAdapters.Planning;

/// <summary>One QP offset per block of a frame, row-major (<c>ceil(W/B) × ceil(H/B)</c>).</summary>
public sealed class OffsetMap
{
    public OffsetMap(int width, int height, int blockSize, int[] offsets)
    {
        Width = width;
        Height = height;
        BlockSize = blockSize;
        Cols = BlockGrid.CeilDiv(width, blockSize);
        Rows = BlockGrid.CeilDiv(height, blockSize);
        if (offsets.Length != Cols * Rows)
        {
            throw new ArgumentException($"a {width}x{height} frame in {blockSize}-pixel blocks has {Cols * Rows} blocks, not {offsets.Length}", nameof(offsets));
        }

        Offsets = offsets;
    }

    public int Width { get; }

    public int Height { get; }

    public int BlockSize { get; }

    public int Cols { get; }

    public int Rows { get; }

    /// <summary>Row-major offsets.</summary>
    public int[] Offsets { get; }

    public int this[int row, int col] => Offsets[(row * Cols) + col];

    /// <summary>The seed's map of a saliency grid: one offset per block.</summary>
    public static OffsetMap From(BlockGrid grid, double salientOffset) =>
        new(grid.Width, grid.Height, grid.BlockSize, QpOffsets.Offsets(grid, salientOffset));

    /// <summary>The map with every offset snapped to <paramref name="levels"/>.</summary>
    public OffsetMap Snap(OffsetLevels levels)
    {
        int[] snapped = (int[])Offsets.Clone();
        levels.SnapAll(snapped);
        return new OffsetMap(Width, Height, BlockSize, snapped);
    }

    /// <summary>The distinct offsets in the map, ascending.</summary>
    public IReadOnlyList<int> Distinct() => [.. Offsets.Distinct().Order()];

    /// <summary>True when both maps have the same grid and offsets.</summary>
    public bool SameAs(OffsetMap other) =>
        Width == other.Width && Height == other.Height && BlockSize == other.BlockSize && Offsets.AsSpan().SequenceEqual(other.Offsets);
}

/// <summary>A rectangle of pixels with one QP offset: one <c>addroi</c> filter. Coordinates are block-aligned.</summary>
/// <param name="X">Left edge in pixels.</param>
/// <param name="Y">Top edge in pixels.</param>
/// <param name="Width">Width in pixels (clipped to the frame).</param>
/// <param name="Height">Height in pixels (clipped to the frame).</param>
/// <param name="QpOffset">The QP offset; negative spends more bits.</param>
public readonly record struct RoiRegion(int X, int Y, int Width, int Height, int QpOffset);
