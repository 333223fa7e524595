using VmafRoi.Aggregators.Kernels;

namespace VmafRoi.Aggregators;

/// <summary>
/// <c>ema</c>: starts at the first mask, then <c>e = alpha·m + (1 − alpha)·e</c> per mask; alpha is the current frame's
/// weight. Masks 0, 0.5, 1 with alpha 0.5 give 0.625.
/// </summary>
public sealed class EmaAggregator : MaskAggregator
{
    private double[] _ema = [];

    public EmaAggregator(double alpha = AggregatorSpec.DefaultEmaAlpha)
        : this(alpha, VectorWidths.Best)
    {
    }

    internal EmaAggregator(double alpha, VectorWidth width)
        : base(width)
    {
        AggregatorSpec.ValidateAlpha(alpha);
        Alpha = alpha;
    }

    public override string Name => AggregatorNames.Ema;

    /// <summary>The weight of the newest mask, in (0, 1].</summary>
    public double Alpha { get; }

    private protected override void Start(int length) => _ema = new double[length];

    private protected override void Accumulate(ReadOnlySpan<float> mask, LumaPlane luma, int index)
    {
        if (index == 0)
        {
            MaskKernels.Accumulate<SetOperator>(_ema, mask, 0, 0, Width);
        }
        else
        {
            MaskKernels.Accumulate<EmaOperator>(_ema, mask, Alpha, 1 - Alpha, Width);
        }
    }

    private protected override void Finish(Span<float> destination) => MaskKernels.Finish(_ema, 1, destination, Width);
}
