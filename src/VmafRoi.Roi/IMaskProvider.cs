using VmafRoi.Yuv;

namespace VmafRoi.Roi;

/// <summary>Gives the saliency mask of each reference frame: luma-size floats in [0, 1], row-major.</summary>
public interface IMaskProvider : IDisposable
{
    /// <summary>What the result's <c>saliency_model</c> field says: <c>synthetic</c>, <c>default</c> or the model path as given.</summary>
    string Name { get; }

    /// <summary>Writes the mask of <paramref name="reference"/> into <paramref name="mask"/> (width × height values).</summary>
    void MaskFor(YuvFrame reference, Span<float> mask);

    /// <summary>Passes over a frame whose mask is not wanted (a sequential source such as a sidecar reads and drops it).</summary>
    void Skip(YuvFrame reference)
    {
    }
}

/// <summary>A constant mask: skips inference but goes through the same threshold/fade and blending path.</summary>
public sealed class SyntheticMask : IMaskProvider
{
    public SyntheticMask(float fill)
    {
        Fill = fill;
    }

    public float Fill { get; }

    public string Name => "synthetic";

    public void MaskFor(YuvFrame reference, Span<float> mask) => mask.Fill(Fill);

    public void Dispose()
    {
    }
}
