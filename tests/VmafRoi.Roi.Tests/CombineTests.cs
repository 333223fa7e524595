using VmafRoi.Contracts;
using VmafRoi.Roi;

namespace VmafRoi.Roi.Tests;

/// <summary>The weights pinned by the original tool's tests (seed-contracts §1).</summary>
public sealed class CombineTests
{
    [Theory]
    [InlineData(80, 60, 0.0, 80.0)]
    [InlineData(80, 60, 0.5, 70.0)]
    [InlineData(80, 60, 1.0, 60.0)]
    [InlineData(80, 90, 0.7, 87.0)]
    [InlineData(90, 95, 0.25, 91.25)]
    public void Roi_score_is_the_weighted_blend_of_full_and_masked(double full, double masked, double weight, double expected)
    {
        Assert.Equal(expected, RoiScorer.Combine(full, masked, weight), 12);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Weight_outside_unit_interval_is_rejected(double weight)
    {
        var error = Assert.Throws<InvalidInputException>(() => RoiScorer.Combine(80, 60, weight));

        Assert.StartsWith("--weight must be in [0, 1], got ", error.Message);
    }

    [Theory]
    [InlineData(double.NaN, 60)]
    [InlineData(80, double.PositiveInfinity)]
    public void Non_finite_scores_are_rejected(double full, double masked)
    {
        Assert.Throws<InvalidScoreException>(() => RoiScorer.Combine(full, masked, 0.5));
    }
}
