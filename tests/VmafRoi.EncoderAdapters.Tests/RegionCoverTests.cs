using VmafRoi.EncoderAdapters.Planning;

namespace VmafRoi.EncoderAdapters.Tests;

/// <summary>Offset maps to first-wins addroi rectangles: exact, catch-all last, and few.</summary>
public sealed class RegionCoverTests
{
    [Fact]
    public void Random_maps_are_reproduced_exactly_under_first_wins()
    {
        var random = new Random(20261205);
        for (int trial = 0; trial < 300; trial++)
        {
            int width = random.Next(1, 200);
            int height = random.Next(1, 120);
            int block = random.Next(2) == 0 ? 8 : 16;
            int cols = BlockGrid.CeilDiv(width, block);
            int rows = BlockGrid.CeilDiv(height, block);
            int[] offsets = new int[cols * rows];
            int[] palette = [-4, -2, 0, 2, 4];
            for (int i = 0; i < offsets.Length; i++)
            {
                offsets[i] = palette[random.Next(random.Next(1, palette.Length + 1))];
            }

            var map = new OffsetMap(width, height, block, offsets);
            IReadOnlyList<RoiRegion> regions = RegionCover.Cover(map);

            Assert.Equal(offsets, RegionCover.Render(regions, width, height, block));
            Assert.All(regions, r => Assert.True(r.X % block == 0 && r.Y % block == 0 && r.X + r.Width <= width && r.Y + r.Height <= height, $"{r} is not block-aligned inside {width}x{height}"));
        }
    }

    [Fact]
    public void The_most_common_offset_is_one_whole_frame_catch_all_at_the_end()
    {
        int[] offsets = Enumerable.Repeat(4, 11 * 9).ToArray();
        offsets[(4 * 11) + 5] = -4;
        var map = new OffsetMap(176, 144, 16, offsets);

        IReadOnlyList<RoiRegion> regions = RegionCover.Cover(map);

        Assert.Equal([new RoiRegion(80, 64, 16, 16, -4), new RoiRegion(0, 0, 176, 144, 4)], regions);
    }

    [Fact]
    public void A_zero_catch_all_is_left_out()
    {
        int[] offsets = new int[4 * 4];
        offsets[5] = -2;
        var map = new OffsetMap(64, 64, 16, offsets);

        Assert.Equal([new RoiRegion(16, 16, 16, 16, -2)], RegionCover.Cover(map));
    }

    [Fact]
    public void A_ring_around_a_core_takes_a_few_rectangles_not_one_per_row()
    {
        // A centred disc of -4 inside a disc of -2 on a +2 background, 120x68 blocks (a 1080p frame in 16-pixel blocks).
        int cols = 120, rows = 68;
        int[] offsets = new int[cols * rows];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                double d = Math.Sqrt(Math.Pow((c - 60) / 60.0, 2) + Math.Pow((r - 34) / 34.0, 2));
                offsets[(r * cols) + c] = d < 0.3 ? -4 : d < 0.6 ? -2 : 2;
            }
        }

        var map = new OffsetMap(1920, 1080, 16, offsets);
        IReadOnlyList<RoiRegion> regions = RegionCover.Cover(map);

        Assert.Equal(offsets, RegionCover.Render(regions, 1920, 1080, 16));
        Assert.True(regions.Count < 200, $"{regions.Count} rectangles");
        Assert.Equal(new RoiRegion(0, 0, 1920, 1080, 2), regions[^1]);
        Assert.Equal(-4, regions[0].QpOffset);
    }

    [Fact]
    public void A_map_that_needs_too_many_rectangles_is_coarsened_until_it_fits()
    {
        // A checkerboard of two levels needs one rectangle per block at 16 pixels.
        int width = 640, height = 360;
        float[] mask = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                mask[(y * width) + x] = ((x / 16) + (y / 16)) % 2 == 0 ? 1f : 0f;
            }
        }

        BlockGrid grid = BlockGrid.Reduce(mask, width, height, 16);
        var options = new PlanOptions { MaxRegions = 100 };
        (OffsetMap map, IReadOnlyList<RoiRegion> regions) = RoiPlanner.MapAndRegions(grid, OffsetLevels.Create(-4, 5), options);

        Assert.True(regions.Count <= 100, $"{regions.Count} rectangles");
        Assert.True(map.BlockSize > 16);
        Assert.Equal(map.Offsets, RegionCover.Render(regions, width, height, map.BlockSize));
    }
}
