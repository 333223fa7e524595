namespace VmafRoi.VmafRunner.Engine.Features;

/// <summary>
/// A weight plane resampled to the coarser levels of a feature by area average (docs/roi.md): a level-k pixel is the mean
/// of the full-resolution weights of the block it covers, rounded half up to an integer 0–255. Blocks are 2^k × 2^k; with
/// sizes that halve rounding up (ADM's bands), edge blocks average the pixels they have.
/// </summary>
internal sealed unsafe class WeightPyramid
{
    private readonly int[][] _sums;
    private readonly int[][] _counts;

    /// <param name="width">Full-resolution width.</param>
    /// <param name="height">Full-resolution height.</param>
    /// <param name="levels">Coarser levels to make (1…levels).</param>
    /// <param name="roundUp">Level sizes halve rounding up (ceil) instead of down.</param>
    public WeightPyramid(int width, int height, int levels, bool roundUp)
    {
        Widths = new int[levels + 1];
        Heights = new int[levels + 1];
        Widths[0] = width;
        Heights[0] = height;
        _sums = new int[levels + 1][];
        _counts = new int[levels + 1][];
        Levels = new byte[levels + 1][];
        Totals = new long[levels + 1];
        for (int k = 1; k <= levels; k++)
        {
            Widths[k] = roundUp ? (Widths[k - 1] + 1) / 2 : Widths[k - 1] / 2;
            Heights[k] = roundUp ? (Heights[k - 1] + 1) / 2 : Heights[k - 1] / 2;
            _sums[k] = new int[Widths[k] * Heights[k]];
            _counts[k] = new int[Widths[k] * Heights[k]];
            Levels[k] = new byte[Widths[k] * Heights[k]];
        }

        // Counts depend on the geometry only.
        for (int k = 1; k <= levels; k++)
        {
            Accumulate(k, k == 1 ? null : _counts[k - 1], _counts[k], 1);
        }
    }

    public int[] Widths { get; }

    public int[] Heights { get; }

    /// <summary>The weights of level k ≥ 1 (index 0 is unused: level 0 is the plane itself).</summary>
    public byte[][] Levels { get; }

    /// <summary>Σ of each level's weights (level 0 included).</summary>
    public long[] Totals { get; }

    /// <summary>Resamples <paramref name="plane"/> (full resolution) to every level.</summary>
    public void Build(ReadOnlySpan<byte> plane)
    {
        fixed (byte* p = plane)
        {
            Totals[0] = (long)Motion.MotionKernels.WeightSum(p, plane.Length);
        }

        for (int k = 1; k < Levels.Length; k++)
        {
            if (k == 1)
            {
                Accumulate(plane, _sums[1]);
            }
            else
            {
                Accumulate(k, _sums[k - 1], _sums[k], 0);
            }

            int[] sums = _sums[k], counts = _counts[k];
            byte[] level = Levels[k];
            long levelTotal = 0;
            for (int p = 0; p < level.Length; p++)
            {
                int v = ((2 * sums[p]) + counts[p]) / (2 * counts[p]);
                level[p] = (byte)v;
                levelTotal += v;
            }

            Totals[k] = levelTotal;
        }
    }

    // Level 1 sums straight from the bytes of the plane.
    private void Accumulate(ReadOnlySpan<byte> plane, int[] sums)
    {
        int w0 = Widths[0], h0 = Heights[0], w = Widths[1], h = Heights[1];
        for (int i = 0; i < h; i++)
        {
            int r0 = 2 * i * w0;
            bool second = (2 * i) + 1 < h0;
            for (int j = 0; j < w; j++)
            {
                int c = 2 * j;
                int s = plane[r0 + c];
                bool right = c + 1 < w0;
                if (right)
                {
                    s += plane[r0 + c + 1];
                }

                if (second)
                {
                    s += plane[r0 + w0 + c];
                    if (right)
                    {
                        s += plane[r0 + w0 + c + 1];
                    }
                }

                sums[(i * w) + j] = s;
            }
        }
    }

    // Level k from level k−1 (a null source counts 1 per pixel, for the counts of level 1).
    private void Accumulate(int k, int[]? source, int[] target, int unit)
    {
        int ws = Widths[k - 1], hs = Heights[k - 1], w = Widths[k], h = Heights[k];
        for (int i = 0; i < h; i++)
        {
            for (int j = 0; j < w; j++)
            {
                int s = 0;
                for (int di = 0; di < 2; di++)
                {
                    int y = (2 * i) + di;
                    if (y >= hs)
                    {
                        continue;
                    }

                    for (int dj = 0; dj < 2; dj++)
                    {
                        int x = (2 * j) + dj;
                        if (x < ws)
                        {
                            s += source is null ? unit : source[(y * ws) + x];
                        }
                    }
                }

                target[(i * w) + j] = s;
            }
        }
    }
}
