using VmafRoi.Aggregators;
using VmafRoi.Contracts;

namespace VmafRoi.Aggregators.Tests;

public sealed class AggregatorFactoryTests
{
    [Theory]
    [InlineData("mean", typeof(MeanAggregator))]
    [InlineData("ema", typeof(EmaAggregator))]
    [InlineData("max", typeof(MaxAggregator))]
    [InlineData("motion-weighted", typeof(MotionWeightedAggregator))]
    public void Factory_creates_each_aggregator_by_its_cli_name(string name, Type type)
    {
        IMaskAggregator aggregator = MaskAggregators.Create(name);
        Assert.IsType(type, aggregator);
        Assert.Equal(name, aggregator.Name);
    }

    [Fact]
    public void Names_are_listed_in_help_order() =>
        Assert.Equal(["mean", "ema", "max", "motion-weighted"], AggregatorNames.All);

    [Theory]
    [InlineData("median")]
    [InlineData("Mean")]
    [InlineData("motion_weighted")]
    [InlineData("")]
    public void Unknown_name_is_invalid_input_listing_the_choices(string name)
    {
        var error = Assert.Throws<InvalidInputException>(() => MaskAggregators.Create(name));
        Assert.Equal($"unknown saliency aggregator '{name}'; expected one of mean, ema, max, motion-weighted", error.Message);
        Assert.Equal(ExitCodes.InvalidInput, ExitCodeMapper.From(error));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.1, "-0.1")]
    [InlineData(1.5, "1.5")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void Alpha_outside_zero_exclusive_one_inclusive_is_invalid_input(double alpha, string shown)
    {
        var error = Assert.Throws<InvalidInputException>(() => MaskAggregators.Create("ema", alpha));
        Assert.Equal($"saliency EMA alpha must be in (0, 1], got {shown}", error.Message);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1e-9)]
    [InlineData(0.6)]
    public void Alpha_inside_the_range_is_accepted(double alpha) =>
        Assert.Equal(alpha, Assert.IsType<EmaAggregator>(MaskAggregators.Create("ema", alpha)).Alpha);

    [Fact]
    public void Spec_is_validated_even_for_aggregators_that_ignore_alpha() =>
        Assert.Throws<InvalidInputException>(() => AggregatorSpec.Create("mean", 2));

    [Fact]
    public void Spec_defaults_to_mean_with_alpha_0_6()
    {
        Assert.Equal("mean", AggregatorSpec.Default.Name);
        Assert.Equal(0.6, AggregatorSpec.Default.Alpha);
        Assert.Equal(AggregatorSpec.Create("ema", 0.5), AggregatorSpec.Create("ema", 0.5));
        Assert.Equal("ema(alpha=0.5)", AggregatorSpec.Create("ema", 0.5).ToString());
    }

    [Fact]
    public void Each_spec_creates_a_fresh_aggregator()
    {
        AggregatorSpec spec = AggregatorSpec.Create("max");
        IMaskAggregator first = spec.CreateAggregator();
        first.Add([1f]);
        Assert.Equal(0, spec.CreateAggregator().Count);
    }
}
