using VmafRoi.Aggregators.Kernels;
using VmafRoi.Contracts;

namespace VmafRoi.Aggregators;

/// <summary>Shared checks of every aggregator: one mask length, finite samples, at least one mask before a result.</summary>
public abstract class MaskAggregator : IMaskAggregator
{
    private protected MaskAggregator(VectorWidth width) => Width = width;

    public abstract string Name { get; }

    public virtual bool NeedsLuma => false;

    public int Count { get; private set; }

    public int Length { get; private set; }

    private protected VectorWidth Width { get; }

    public void Add(ReadOnlySpan<float> mask) => Add(mask, LumaPlane.None);

    public void Add(ReadOnlySpan<float> mask, LumaPlane luma)
    {
        if (mask.IsEmpty)
        {
            throw new MaskException($"{Name} aggregator: mask {Count} is empty");
        }

        if (Count > 0 && mask.Length != Length)
        {
            throw new MaskException($"{Name} aggregator: mask {Count} has {mask.Length} samples, the first had {Length}");
        }

        if (!MaskKernels.AllFinite(mask, Width))
        {
            throw new MaskException($"{Name} aggregator: mask {Count} contains NaN or infinite values");
        }

        if (NeedsLuma && luma.IsEmpty)
        {
            throw new ArgumentException($"the {Name} aggregator needs each frame's luma plane", nameof(luma));
        }

        if (Count == 0)
        {
            Length = mask.Length;
            Start(mask.Length);
        }

        Accumulate(mask, luma, Count);
        Count++;
    }

    public void Complete(Span<float> destination)
    {
        if (Count == 0)
        {
            throw new MaskException($"{Name} aggregator: no masks were added");
        }

        if (destination.Length != Length)
        {
            throw new ArgumentException($"destination has {destination.Length} samples, the masks have {Length}", nameof(destination));
        }

        Finish(destination);
    }

    public float[] Result()
    {
        float[] result = new float[Count == 0 ? 0 : Length];
        Complete(result);
        return result;
    }

    public override string ToString() => Name;

    /// <summary>Allocates the state for masks of <paramref name="length"/> samples.</summary>
    private protected abstract void Start(int length);

    /// <summary>Folds in mask number <paramref name="index"/> (0-based); lengths and values are already checked.</summary>
    private protected abstract void Accumulate(ReadOnlySpan<float> mask, LumaPlane luma, int index);

    /// <summary>Writes the clipped result; at least one mask was added.</summary>
    private protected abstract void Finish(Span<float> destination);
}
