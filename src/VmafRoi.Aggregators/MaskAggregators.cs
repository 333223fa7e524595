using VmafRoi.Aggregators.Kernels;

namespace VmafRoi.Aggregators;

/// <summary>Creates aggregators by the name the tools use.</summary>
public static class MaskAggregators
{
    /// <summary>
    /// Creates the aggregator called <paramref name="name"/> (<c>mean</c>, <c>ema</c>, <c>max</c>, <c>motion-weighted</c>).
    /// An unknown name or an alpha outside (0, 1] throws <see cref="VmafRoi.Contracts.InvalidInputException"/>.
    /// </summary>
    public static IMaskAggregator Create(string name, double alpha = AggregatorSpec.DefaultEmaAlpha) =>
        Create(AggregatorSpec.Create(name, alpha));

    /// <summary>Creates the aggregator a validated <paramref name="spec"/> names.</summary>
    public static IMaskAggregator Create(AggregatorSpec spec) => Create(spec, VectorWidths.Best);

    internal static MaskAggregator Create(AggregatorSpec spec, VectorWidth width)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Name switch
        {
            AggregatorNames.Mean => new MeanAggregator(width),
            AggregatorNames.Ema => new EmaAggregator(spec.Alpha, width),
            AggregatorNames.Max => new MaxAggregator(width),
            AggregatorNames.MotionWeighted => new MotionWeightedAggregator(FirstFrameWeight.MotionToNext, width),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Name, "unknown aggregator"),
        };
    }
}
