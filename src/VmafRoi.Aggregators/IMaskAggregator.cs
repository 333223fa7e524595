namespace VmafRoi.Aggregators;

/// <summary>
/// Reduces a stream of per-pixel saliency masks (all the same length, values in [0, 1]) to one mask. Add the sampled
/// frames' masks in order, then read the result; memory does not grow with the number of masks.
/// </summary>
public interface IMaskAggregator
{
    /// <summary>The aggregator's name as the CLI spells it: <c>mean</c>, <c>ema</c>, <c>max</c> or <c>motion-weighted</c>.</summary>
    string Name { get; }

    /// <summary>True when <see cref="Add(ReadOnlySpan{float}, LumaPlane)"/> needs each frame's luma.</summary>
    bool NeedsLuma { get; }

    /// <summary>How many masks were added.</summary>
    int Count { get; }

    /// <summary>The mask length fixed by the first <c>Add</c>, or 0 before it.</summary>
    int Length { get; }

    /// <summary>Adds the next sampled frame's mask, for aggregators that do not need luma.</summary>
    void Add(ReadOnlySpan<float> mask);

    /// <summary>Adds the next sampled frame's mask with that frame's luma plane.</summary>
    void Add(ReadOnlySpan<float> mask, LumaPlane luma);

    /// <summary>Writes the aggregated mask, clipped to [0, 1], to <paramref name="destination"/> (exactly <see cref="Length"/> long).</summary>
    void Complete(Span<float> destination);

    /// <summary>Returns the aggregated mask, clipped to [0, 1].</summary>
    float[] Result();
}
