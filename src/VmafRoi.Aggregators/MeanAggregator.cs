using VmafRoi.Aggregators.Kernels;

namespace VmafRoi.Aggregators;

/// <summary><c>mean</c>: the per-pixel arithmetic mean of the masks, accumulated in double so long clips lose no precision.</summary>
public sealed class MeanAggregator : MaskAggregator
{
    private double[] _sum = [];

    public MeanAggregator()
        : this(VectorWidths.Best)
    {
    }

    internal MeanAggregator(VectorWidth width)
        : base(width)
    {
    }

    public override string Name => AggregatorNames.Mean;

    private protected override void Start(int length) => _sum = new double[length];

    private protected override void Accumulate(ReadOnlySpan<float> mask, LumaPlane luma, int index) =>
        MaskKernels.Accumulate<AddOperator>(_sum, mask, 0, 0, Width);

    private protected override void Finish(Span<float> destination) => MaskKernels.Finish(_sum, Count, destination, Width);
}
