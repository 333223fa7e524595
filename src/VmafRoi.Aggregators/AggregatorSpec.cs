using System.Globalization;
using VmafRoi.Contracts;

namespace VmafRoi.Aggregators;

/// <summary>A validated aggregator choice: its name and the EMA alpha (recorded for every name, used only by <c>ema</c>).</summary>
public sealed record AggregatorSpec
{
    /// <summary>The default weight of the current frame for <c>ema</c>.</summary>
    public const double DefaultEmaAlpha = 0.6;

    private AggregatorSpec(string name, double alpha)
    {
        Name = name;
        Alpha = alpha;
    }

    /// <summary>The default choice: <c>mean</c>, alpha 0.6.</summary>
    public static AggregatorSpec Default { get; } = new(AggregatorNames.Mean, DefaultEmaAlpha);

    /// <summary>One of <see cref="AggregatorNames.All"/>.</summary>
    public string Name { get; }

    /// <summary>The EMA alpha, in (0, 1].</summary>
    public double Alpha { get; }

    /// <summary>
    /// Validates a name and alpha; an unknown name or an alpha outside (0, 1] is an <see cref="InvalidInputException"/>
    /// whose message names the bad value and what is allowed.
    /// </summary>
    public static AggregatorSpec Create(string name, double alpha = DefaultEmaAlpha)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!AggregatorNames.All.Contains(name, StringComparer.Ordinal))
        {
            throw new InvalidInputException(
                $"unknown saliency aggregator '{name}'; expected one of {string.Join(", ", AggregatorNames.All)}");
        }

        ValidateAlpha(alpha);
        return new AggregatorSpec(name, alpha);
    }

    /// <summary>Creates a fresh aggregator for this choice.</summary>
    public IMaskAggregator CreateAggregator() => MaskAggregators.Create(this);

    public override string ToString() =>
        Name == AggregatorNames.Ema ? $"{Name}(alpha={Alpha.ToString("R", CultureInfo.InvariantCulture)})" : Name;

    internal static void ValidateAlpha(double alpha)
    {
        // Written so that NaN fails too.
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new InvalidInputException(
                $"saliency EMA alpha must be in (0, 1], got {alpha.ToString("R", CultureInfo.InvariantCulture)}");
        }
    }
}
