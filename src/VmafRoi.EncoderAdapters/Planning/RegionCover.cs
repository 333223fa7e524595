namespace VmafRoi.EncoderAdapters.Planning;

/// <summary>
/// Turns an offset map into a short list of rectangles in which the first one covering a block decides its offset
/// (ffmpeg's <c>addroi</c> rule): the most frequent offset becomes one whole-frame catch-all at the end, and the other
/// offsets are covered greedily from the one furthest from it inwards. A rectangle may run over blocks an earlier
/// rectangle already decided, which is what lets a ring of −2 around a core of −4 be a few large rectangles instead of
/// many thin ones. The list reproduces the map exactly (<see cref="Render"/>).
/// </summary>
public static class RegionCover
{
    /// <summary>The rectangles for <paramref name="map"/>, in the order they must be applied (most specific first, catch-all last).</summary>
    public static IReadOnlyList<RoiRegion> Cover(OffsetMap map)
    {
        int cols = map.Cols;
        int rows = map.Rows;
        int catchAll = CatchAll(map);
        var order = map.Offsets.Distinct()
            .Where(level => level != catchAll)
            .OrderByDescending(level => Math.Abs(level - catchAll))
            .ThenBy(level => level)
            .ToList();

        bool[] decided = new bool[cols * rows];
        bool[] covered = new bool[cols * rows];
        var regions = new List<RoiRegion>();
        foreach (int level in order)
        {
            Array.Clear(covered);
            bool Allowed(int r, int c) => map[r, c] == level || decided[(r * cols) + c];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++)
                {
                    if (map[r, c] != level || covered[(r * cols) + c])
                    {
                        continue;
                    }

                    int right = c;
                    while (right + 1 < cols && Allowed(r, right + 1))
                    {
                        right++;
                    }

                    int bottom = r;
                    while (bottom + 1 < rows && Enumerable.Range(c, right - c + 1).All(x => Allowed(bottom + 1, x)))
                    {
                        bottom++;
                    }

                    // Edges that hold only already-decided blocks buy nothing: trim them.
                    while (right > c && !Enumerable.Range(r, bottom - r + 1).Any(y => map[y, right] == level))
                    {
                        right--;
                    }

                    while (bottom > r && !Enumerable.Range(c, right - c + 1).Any(x => map[bottom, x] == level))
                    {
                        bottom--;
                    }

                    for (int y = r; y <= bottom; y++)
                    {
                        for (int x = c; x <= right; x++)
                        {
                            if (map[y, x] == level)
                            {
                                covered[(y * cols) + x] = true;
                            }
                        }
                    }

                    regions.Add(Rectangle(map, c, r, right, bottom, level));
                }
            }

            for (int i = 0; i < decided.Length; i++)
            {
                decided[i] |= map.Offsets[i] == level;
            }
        }

        // Blocks nobody claimed get no offset anyway, so a catch-all of 0 is left out.
        if (catchAll != 0)
        {
            regions.Add(new RoiRegion(0, 0, map.Width, map.Height, catchAll));
        }

        return regions;
    }

    /// <summary>The offset each block gets from <paramref name="regions"/> under first-wins (0 where none covers it).</summary>
    public static int[] Render(IReadOnlyList<RoiRegion> regions, int width, int height, int blockSize)
    {
        int cols = BlockGrid.CeilDiv(width, blockSize);
        int rows = BlockGrid.CeilDiv(height, blockSize);
        int[] offsets = new int[cols * rows];
        bool[] set = new bool[offsets.Length];
        foreach (RoiRegion region in regions)
        {
            // addroi widens a rectangle outwards to whole blocks.
            int c0 = region.X / blockSize;
            int r0 = region.Y / blockSize;
            int c1 = Math.Min(cols, BlockGrid.CeilDiv(region.X + region.Width, blockSize));
            int r1 = Math.Min(rows, BlockGrid.CeilDiv(region.Y + region.Height, blockSize));
            for (int r = r0; r < r1; r++)
            {
                for (int c = c0; c < c1; c++)
                {
                    int i = (r * cols) + c;
                    if (!set[i])
                    {
                        set[i] = true;
                        offsets[i] = region.QpOffset;
                    }
                }
            }
        }

        return offsets;
    }

    // The offset that covers the most blocks; a tie goes to the one nearer 0.
    private static int CatchAll(OffsetMap map) =>
        map.Offsets.GroupBy(o => o)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => Math.Abs(g.Key))
            .ThenBy(g => g.Key)
            .First().Key;

    private static RoiRegion Rectangle(OffsetMap map, int c0, int r0, int c1, int r1, int level)
    {
        int x = c0 * map.BlockSize;
        int y = r0 * map.BlockSize;
        int right = Math.Min(map.Width, (c1 + 1) * map.BlockSize);
        int bottom = Math.Min(map.Height, (r1 + 1) * map.BlockSize);
        return new RoiRegion(x, y, right - x, bottom - y, level);
    }
}
