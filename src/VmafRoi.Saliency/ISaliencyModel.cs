using VmafRoi.Yuv;

namespace VmafRoi.Saliency;

/// <summary>A per-frame saliency model: one mask in [0,1] per frame at luma resolution.</summary>
public interface ISaliencyModel : IDisposable
{
    /// <summary><c>vmafroi_v2</c> for the default model, <c>vmafroi_classic_v1</c> for classic_v1; a model file's name without extension otherwise.</summary>
    string Id { get; }

    /// <summary>Lower-case hex sha256 of the ONNX bytes (for vmafroi_v2: of its design and both of its ONNX files).</summary>
    string Sha256 { get; }

    /// <summary>How frames' RGB is normalised for this model (it changes the masks, so sidecars record it).</summary>
    Normalization Normalization { get; }

    /// <summary>
    /// Writes the mask of <paramref name="frame"/>: <c>Width·Height</c> floats in [0,1], row-major, into
    /// <paramref name="mask"/>.
    /// </summary>
    /// <exception cref="VmafRoi.Contracts.MaskException">The model failed, or its output has the wrong shape or non-finite values.</exception>
    void Predict(YuvFrame frame, Span<float> mask);

    /// <summary>
    /// Lets a model that uses earlier frames (vmafroi_v2's motion cue) see a frame it need not mask, such as the frame
    /// just before a sampled one. Models that look at one frame at a time ignore it.
    /// </summary>
    void Observe(YuvFrame frame)
    {
    }

    /// <summary>Forgets earlier frames, so the next one starts a new clip. Models that look at one frame at a time ignore it.</summary>
    void Reset()
    {
    }
}
