namespace VmafRoi.Aggregators;

/// <summary>The aggregator names the tools accept (<c>--saliency-aggregator</c>).</summary>
public static class AggregatorNames
{
    public const string Mean = "mean";
    public const string Ema = "ema";
    public const string Max = "max";
    public const string MotionWeighted = "motion-weighted";

    /// <summary>Every name, in the order the help text lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Mean, Ema, Max, MotionWeighted];
}
