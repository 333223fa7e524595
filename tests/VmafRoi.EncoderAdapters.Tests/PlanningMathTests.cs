using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters.Planning;

namespace VmafRoi.EncoderAdapters.Tests;

/// <summary>The seeds' offset rule, the offset levels and block means (seed-contracts §2–3).</summary>
public sealed class PlanningMathTests
{
    [Theory]
    [InlineData(1.0, -4.0, -4)]
    [InlineData(0.0, -4.0, 4)]
    [InlineData(0.5, -4.0, 0)]
    [InlineData(0.75, -4.0, -2)]
    [InlineData(1.0, -6.0, -6)]
    [InlineData(0.0, 12.0, -12)]
    [InlineData(0.0625, -4.0, 4)] // (2·0.0625 − 1)·−4 = 3.5 rounds away from zero
    [InlineData(0.9375, -4.0, -4)] // −3.5 rounds away from zero
    public void Offset_is_the_seed_formula_rounded_half_away_from_zero(double saliency, double salientOffset, int expected)
    {
        Assert.Equal(expected, QpOffsets.Offset(saliency, salientOffset));
    }

    [Fact]
    public void Offset_is_clamped_to_twelve()
    {
        Assert.Equal(-12, QpOffsets.Offset(1.0, -30));
        Assert.Equal(12, QpOffsets.Offset(0.0, -30));
    }

    [Theory]
    [InlineData(-4.0, 5, new[] { -4, -2, 0, 2, 4 })]
    [InlineData(-6.0, 5, new[] { -6, -3, 0, 3, 6 })]
    [InlineData(-6.0, 7, new[] { -6, -4, -2, 0, 2, 4, 6 })]
    [InlineData(-4.0, 3, new[] { -4, 0, 4 })]
    [InlineData(-3.0, 5, new[] { -3, -2, 0, 2, 3 })]
    public void Levels_spread_evenly_and_include_zero(double salientOffset, int count, int[] expected)
    {
        Assert.Equal(expected, OffsetLevels.Create(salientOffset, count).Values);
    }

    [Fact]
    public void Snapping_ties_go_towards_zero()
    {
        OffsetLevels levels = OffsetLevels.Create(-4, 5);
        Assert.Equal(0, levels.Snap(1));
        Assert.Equal(0, levels.Snap(-1));
        Assert.Equal(-4, levels.Snap(-3 - 1));
        Assert.Equal(2, levels.Snap(3));
        Assert.Equal(4, levels.Snap(11));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(2)]
    public void Even_level_counts_are_refused(int count)
    {
        Assert.Throws<InvalidInputException>(() => OffsetLevels.Create(-4, count));
    }

    [Fact]
    public void Partial_edge_blocks_are_averaged_over_their_real_samples()
    {
        // 10x6 frame in 8-pixel blocks: 2x1 blocks, the right one 2 pixels wide.
        float[] mask = new float[10 * 6];
        for (int y = 0; y < 6; y++)
        {
            for (int x = 0; x < 10; x++)
            {
                mask[(y * 10) + x] = x < 8 ? 0.25f : 1f;
            }
        }

        BlockGrid grid = BlockGrid.Reduce(mask, 10, 6, 8);

        Assert.Equal(2, grid.Cols);
        Assert.Equal(1, grid.Rows);
        Assert.Equal(0.25f, grid[0, 0]);
        Assert.Equal(1f, grid[0, 1]);
        Assert.Equal(((0.25 * 48) + (1.0 * 12)) / 60, grid.Mean(), 6);
    }

    [Fact]
    public void Coarsening_weights_blocks_by_their_real_area()
    {
        float[] mask = new float[20 * 4];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = i % 20 < 16 ? 0f : 1f;
        }

        BlockGrid fine = BlockGrid.Reduce(mask, 20, 4, 8);
        BlockGrid coarse = fine.Coarsen(4);

        Assert.Equal(32, coarse.BlockSize);
        Assert.Single(coarse.Values);
        Assert.Equal(0.2f, coarse.Values[0], 5);
    }

    [Fact]
    public void Upsampling_a_uniform_grid_gives_that_value_everywhere()
    {
        var grid = new BlockGrid(37, 21, 8, Enumerable.Repeat(0.4f, 5 * 3).ToArray());
        float[] pixels = new float[37 * 21];

        grid.Upsample(pixels);

        Assert.All(pixels, v => Assert.Equal(0.4f, v, 6));
    }

    [Fact]
    public void Upsampling_keeps_block_centres_and_interpolates_between_them()
    {
        var grid = new BlockGrid(16, 8, 8, [0f, 1f]);
        float[] pixels = new float[16 * 8];

        grid.Upsample(pixels);

        Assert.Equal(0f, pixels[3], 6);   // left of the first centre (3.5): clamped
        Assert.Equal(1f, pixels[12], 6);  // right of the second centre (11.5): clamped
        Assert.Equal(0.5f, (pixels[7] + pixels[8]) / 2, 6);
    }
}
