using VmafRoi.Aggregators.Kernels;

namespace VmafRoi.Aggregators;

/// <summary><c>max</c>: the per-pixel maximum of the masks.</summary>
public sealed class MaxAggregator : MaskAggregator
{
    private float[] _max = [];

    public MaxAggregator()
        : this(VectorWidths.Best)
    {
    }

    internal MaxAggregator(VectorWidth width)
        : base(width)
    {
    }

    public override string Name => AggregatorNames.Max;

    private protected override void Start(int length) => _max = new float[length];

    private protected override void Accumulate(ReadOnlySpan<float> mask, LumaPlane luma, int index)
    {
        if (index == 0)
        {
            mask.CopyTo(_max);
        }
        else
        {
            MaskKernels.MaxInto(_max, mask, Width);
        }
    }

    private protected override void Finish(Span<float> destination) => MaskKernels.Clamp(_max, destination, Width);
}
