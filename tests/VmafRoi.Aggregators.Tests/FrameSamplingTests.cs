using VmafRoi.Aggregators;

namespace VmafRoi.Aggregators.Tests;

public sealed class FrameSamplingTests
{
    [Theory]
    [InlineData(0, 8)]
    [InlineData(-5, 8)]
    [InlineData(0, 0)]
    public void Empty_or_negative_clip_samples_no_frames(int total, int count) =>
        Assert.Empty(FrameSampling.Indices(total, count));

    [Theory]
    [InlineData(100, 1)]
    [InlineData(100, 0)]
    [InlineData(100, -3)]
    [InlineData(1, 8)]
    public void One_sample_or_one_frame_gives_frame_zero(int total, int count) =>
        Assert.Equal([0], FrameSampling.Indices(total, count));

    [Theory]
    [InlineData(8, 8, new[] { 0, 1, 2, 3, 4, 5, 6, 7 })]
    [InlineData(100, 8, new[] { 0, 12, 24, 36, 48, 60, 72, 84 })]
    [InlineData(10, 3, new[] { 0, 3, 6 })]
    [InlineData(10, 4, new[] { 0, 2, 4, 6 })]
    [InlineData(17, 8, new[] { 0, 2, 4, 6, 8, 10, 12, 14 })]
    [InlineData(2, 2, new[] { 0, 1 })]
    public void Step_is_integer_total_over_count_and_first_count_indices_are_kept(int total, int count, int[] expected) =>
        Assert.Equal(expected, FrameSampling.Indices(total, count));

    [Theory]
    [InlineData(3, 8, new[] { 0, 1, 2 })]
    [InlineData(5, 100, new[] { 0, 1, 2, 3, 4 })]
    public void More_samples_than_frames_takes_every_frame_once(int total, int count, int[] expected) =>
        Assert.Equal(expected, FrameSampling.Indices(total, count));

    [Fact]
    public void Indices_always_stay_inside_the_clip_and_increase()
    {
        for (int total = 1; total <= 60; total++)
        {
            for (int count = 1; count <= 70; count++)
            {
                int[] indices = FrameSampling.Indices(total, count);
                Assert.InRange(indices.Length, 1, Math.Min(total, count));
                Assert.Equal(0, indices[0]);
                Assert.All(indices, i => Assert.InRange(i, 0, total - 1));
                Assert.Equal(indices.Order(), indices);
                Assert.Equal(indices.Distinct().Count(), indices.Length);
            }
        }
    }
}
