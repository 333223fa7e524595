using VmafRoi.Aggregators;
using VmafRoi.Contracts;

namespace VmafRoi.Aggregators.Tests;

/// <summary>The numbers the original tool's tests pinned (seed-contracts §3).</summary>
public sealed class AggregatorSeedTests
{
    private static float[] Fill(float value, int length = 37) => Enumerable.Repeat(value, length).ToArray();

    private static float[] Run(IMaskAggregator aggregator, params float[] values)
    {
        foreach (float v in values)
        {
            aggregator.Add(Fill(v));
        }

        return aggregator.Result();
    }

    [Fact]
    public void Ema_of_zero_half_one_with_alpha_half_is_0_625()
    {
        float[] result = Run(MaskAggregators.Create("ema", 0.5), 0f, 0.5f, 1f);
        Assert.All(result, v => Assert.Equal(0.625f, v));
    }

    [Fact]
    public void Ema_starts_at_the_first_mask_not_at_zero()
    {
        // e0 = 0.8 (not 0.6·0.8); e1 = 0.6·0.2 + 0.4·0.8 = 0.44.
        float[] result = Run(MaskAggregators.Create("ema"), 0.8f, 0.2f);
        Assert.All(result, v => Assert.Equal(0.44f, v, 6));
    }

    [Fact]
    public void Ema_with_alpha_one_keeps_only_the_last_mask()
    {
        float[] result = Run(MaskAggregators.Create("ema", 1.0), 0.3f, 0.9f, 0.1f);
        Assert.All(result, v => Assert.Equal(0.1f, v));
    }

    [Fact]
    public void Ema_default_alpha_is_0_6()
    {
        var aggregator = Assert.IsType<EmaAggregator>(MaskAggregators.Create("ema"));
        Assert.Equal(0.6, aggregator.Alpha);
    }

    [Fact]
    public void Max_takes_the_per_pixel_maximum_0_9()
    {
        float[] result = Run(MaskAggregators.Create("max"), 0.1f, 0.9f, 0.5f);
        Assert.All(result, v => Assert.Equal(0.9f, v));
    }

    [Fact]
    public void Max_works_per_pixel()
    {
        IMaskAggregator max = MaskAggregators.Create("max");
        max.Add([0.1f, 0.8f, 0.0f]);
        max.Add([0.7f, 0.2f, 0.0f]);
        Assert.Equal([0.7f, 0.8f, 0.0f], max.Result());
    }

    [Fact]
    public void Mean_is_the_per_pixel_arithmetic_mean()
    {
        IMaskAggregator mean = MaskAggregators.Create("mean");
        mean.Add([0.0f, 0.5f, 1.0f, 0.2f]);
        mean.Add([1.0f, 0.5f, 0.0f, 0.4f]);
        mean.Add([0.5f, 0.5f, 0.5f, 0.9f]);
        Assert.Equal([0.5f, 0.5f, 0.5f, 0.5f], mean.Result());
    }

    [Fact]
    public void Mean_of_many_masks_does_not_drift()
    {
        IMaskAggregator mean = MaskAggregators.Create("mean");
        float[] mask = Fill(0.1f, 19);
        for (int i = 0; i < 100_000; i++)
        {
            mean.Add(mask);
        }

        Assert.All(mean.Result(), v => Assert.Equal(0.1f, v));
    }

    [Theory]
    [InlineData("mean")]
    [InlineData("ema")]
    [InlineData("max")]
    public void Results_are_clipped_to_zero_one(string name)
    {
        IMaskAggregator aggregator = MaskAggregators.Create(name);
        aggregator.Add([-0.5f, 1.5f, 0.25f, -0f]);
        aggregator.Add([-0.5f, 1.5f, 0.25f, -0f]);
        float[] result = aggregator.Result();
        Assert.Equal([0f, 1f, 0.25f, 0f], result);
        Assert.False(float.IsNegative(result[3]), "−0 is clipped to +0");
    }

    [Fact]
    public void Complete_fills_a_caller_buffer_and_can_be_called_again()
    {
        IMaskAggregator mean = MaskAggregators.Create("mean");
        mean.Add([0.2f, 0.4f]);
        var destination = new float[2];
        mean.Complete(destination);
        Assert.Equal([0.2f, 0.4f], destination);
        mean.Add([0.4f, 0.6f]);
        mean.Complete(destination);
        Assert.Equal(0.3f, destination[0], 6);
        Assert.Equal(0.5f, destination[1], 6);
        Assert.Equal(2, mean.Count);
        Assert.Equal(2, mean.Length);
    }

    [Theory]
    [InlineData("mean")]
    [InlineData("ema")]
    [InlineData("max")]
    [InlineData("motion-weighted")]
    public void A_result_without_masks_is_a_mask_error(string name)
    {
        IMaskAggregator aggregator = MaskAggregators.Create(name);
        var error = Assert.Throws<MaskException>(aggregator.Result);
        Assert.Contains("no masks", error.Message);
    }

    [Fact]
    public void Masks_of_another_length_are_rejected()
    {
        IMaskAggregator mean = MaskAggregators.Create("mean");
        mean.Add(new float[4]);
        var error = Assert.Throws<MaskException>(() => mean.Add(new float[5]));
        Assert.Contains("5 samples", error.Message);
        Assert.Equal(1, mean.Count);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_masks_are_rejected(float bad)
    {
        IMaskAggregator mean = MaskAggregators.Create("mean");
        float[] mask = Fill(0.5f, 40);
        mask[33] = bad;
        Assert.Throws<MaskException>(() => mean.Add(mask));
        Assert.Equal(0, mean.Count);
    }

    [Fact]
    public void Destination_of_the_wrong_length_is_rejected()
    {
        IMaskAggregator max = MaskAggregators.Create("max");
        max.Add(new float[3]);
        Assert.Throws<ArgumentException>(() => max.Complete(new float[2]));
    }
}
