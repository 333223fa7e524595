using VmafRoi.Contracts;

namespace VmafRoi.EncoderAdapters.Planning;

/// <summary>
/// A mask reduced to one value per block of <see cref="BlockSize"/> pixels, row-major: <c>ceil(W/B) × ceil(H/B)</c>
/// blocks, and a partial block at the right or bottom edge is the mean of the samples it really has (seed 000).
/// </summary>
public sealed class BlockGrid
{
    public BlockGrid(int width, int height, int blockSize, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        Width = width;
        Height = height;
        BlockSize = blockSize;
        Cols = CeilDiv(width, blockSize);
        Rows = CeilDiv(height, blockSize);
        if (values.Length != Cols * Rows)
        {
            throw new ArgumentException($"a {width}x{height} frame in {blockSize}-pixel blocks has {Cols * Rows} blocks, not {values.Length}", nameof(values));
        }

        Values = values;
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    public int BlockSize { get; }

    public int Cols { get; }

    public int Rows { get; }

    /// <summary>One value per block, row-major.</summary>
    public float[] Values { get; }

    /// <summary>The value of the block in row <paramref name="row"/>, column <paramref name="col"/>.</summary>
    public float this[int row, int col] => Values[(row * Cols) + col];

    /// <summary>Blocks along a side of <paramref name="length"/> pixels.</summary>
    public static int CeilDiv(int length, int blockSize) => (length + blockSize - 1) / blockSize;

    /// <summary>Block means of a luma-size mask (<paramref name="width"/> × <paramref name="height"/>, row-major).</summary>
    public static BlockGrid Reduce(ReadOnlySpan<float> mask, int width, int height, int blockSize)
    {
        if (mask.Length != width * height)
        {
            throw new MaskException($"a {width}x{height} mask has {width * height} values, not {mask.Length}");
        }

        int cols = CeilDiv(width, blockSize);
        int rows = CeilDiv(height, blockSize);
        double[] sums = new double[cols * rows];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<float> line = mask.Slice(y * width, width);
            int rowBase = y / blockSize * cols;
            for (int bx = 0, x = 0; bx < cols; bx++)
            {
                int end = Math.Min(width, x + blockSize);
                float sum = 0;
                for (; x < end; x++)
                {
                    sum += line[x];
                }

                sums[rowBase + bx] += sum;
            }
        }

        float[] values = new float[sums.Length];
        for (int by = 0; by < rows; by++)
        {
            int h = Math.Min(blockSize, height - (by * blockSize));
            for (int bx = 0; bx < cols; bx++)
            {
                int w = Math.Min(blockSize, width - (bx * blockSize));
                values[(by * cols) + bx] = (float)(sums[(by * cols) + bx] / (w * h));
            }
        }

        return new BlockGrid(width, height, blockSize, values);
    }

    /// <summary>The same frame in blocks <paramref name="factor"/> times larger (means over the real pixels they cover).</summary>
    public BlockGrid Coarsen(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 2);
        int size = BlockSize * factor;
        int cols = CeilDiv(Width, size);
        int rows = CeilDiv(Height, size);
        double[] sums = new double[cols * rows];
        double[] areas = new double[cols * rows];
        for (int r = 0; r < Rows; r++)
        {
            int h = Math.Min(BlockSize, Height - (r * BlockSize));
            for (int c = 0; c < Cols; c++)
            {
                int w = Math.Min(BlockSize, Width - (c * BlockSize));
                int target = (r / factor * cols) + (c / factor);
                sums[target] += this[r, c] * (double)(w * h);
                areas[target] += w * h;
            }
        }

        float[] values = new float[sums.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(sums[i] / areas[i]);
        }

        return new BlockGrid(Width, Height, size, values);
    }

    /// <summary>Mean over the frame, each block weighted by its real area.</summary>
    public double Mean()
    {
        double sum = 0;
        for (int r = 0; r < Rows; r++)
        {
            int h = Math.Min(BlockSize, Height - (r * BlockSize));
            for (int c = 0; c < Cols; c++)
            {
                sum += this[r, c] * (double)(Math.Min(BlockSize, Width - (c * BlockSize)) * h);
            }
        }

        return sum / ((double)Width * Height);
    }

    /// <summary>
    /// A luma-size mask from the block values, bilinear between block centres (clamped at the edges), so a prefilter's
    /// strength changes smoothly instead of in block steps.
    /// </summary>
    public void Upsample(Span<float> mask)
    {
        if (mask.Length != Width * Height)
        {
            throw new ArgumentException($"a {Width}x{Height} mask has {Width * Height} values, not {mask.Length}", nameof(mask));
        }

        int[] x0 = new int[Width];
        int[] x1 = new int[Width];
        float[] fx = new float[Width];
        for (int x = 0; x < Width; x++)
        {
            Axis(x, BlockSize, Cols, out x0[x], out x1[x], out fx[x]);
        }

        for (int y = 0; y < Height; y++)
        {
            Axis(y, BlockSize, Rows, out int y0, out int y1, out float fy);
            Span<float> line = mask.Slice(y * Width, Width);
            int top = y0 * Cols;
            int bottom = y1 * Cols;
            for (int x = 0; x < Width; x++)
            {
                float upper = Values[top + x0[x]] + ((Values[top + x1[x]] - Values[top + x0[x]]) * fx[x]);
                float lower = Values[bottom + x0[x]] + ((Values[bottom + x1[x]] - Values[bottom + x0[x]]) * fx[x]);
                line[x] = upper + ((lower - upper) * fy);
            }
        }
    }

    private static void Axis(int position, int blockSize, int count, out int low, out int high, out float fraction)
    {
        double t = ((position + 0.5) / blockSize) - 0.5;
        if (t <= 0)
        {
            (low, high, fraction) = (0, 0, 0);
            return;
        }

        low = (int)t;
        if (low >= count - 1)
        {
            (low, high, fraction) = (count - 1, count - 1, 0);
            return;
        }

        high = low + 1;
        fraction = (float)(t - low);
    }
}
