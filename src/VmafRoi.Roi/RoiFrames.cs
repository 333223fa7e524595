using VmafRoi.Blend;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.Yuv;

namespace VmafRoi.Roi;

/// <summary>
/// Feeds a fused engine run from saliency masks, on its reading thread: the masked distorted picture built in memory
/// from the alpha (substitution; no temp file), or the mask as a 0–255 weight plane (pooled). Keeps the mask statistics.
/// </summary>
internal sealed class RoiFrames : IFusedFrames
{
    private readonly IMaskProvider _masks;
    private readonly RoiMethod _method;
    private readonly float _threshold;
    private readonly float _fade;
    private readonly int _bitDepth;
    private readonly float[] _mask;
    private readonly float[] _alpha;

    public RoiFrames(IMaskProvider masks, RoiMethod method, float threshold, float fade, FrameGeometry geometry)
    {
        _masks = masks;
        _method = method;
        _threshold = threshold;
        _fade = fade;
        _bitDepth = geometry.Format.BitDepth;
        _mask = new float[geometry.Luma.Samples];
        _alpha = method == RoiMethod.Substitution ? new float[_mask.Length] : [];
        Statistics = new MaskStatistics(geometry);
    }

    public FusedPairs Pairs => _method == RoiMethod.Pooled ? FusedPairs.Weighted : FusedPairs.Second;

    public MaskStatistics Statistics { get; }

    public void Fill(int index, YuvFrame reference, YuvFrame distorted, YuvFrame? second, Span<byte> weights)
    {
        _masks.MaskFor(reference, _mask);
        Statistics.Add(_mask);
        if (_method == RoiMethod.Pooled)
        {
            Weights(_mask, weights);
            return;
        }

        // Only luma is scored; chroma of the masked picture is never read.
        MaskAlpha.Compute(_mask, _alpha, _threshold, _fade);
        if (_bitDepth == 8)
        {
            MaskBlender.Blend(reference.Plane8(0), distorted.Plane8(0), _alpha, second!.Plane8(0));
        }
        else
        {
            MaskBlender.Blend(reference.Plane16(0), distorted.Plane16(0), _alpha, second!.Plane16(0), _bitDepth);
        }
    }

    /// <summary>The mask as weights: round(255·m), so an 8-bit-quantised mask k/255 gives exactly k.</summary>
    internal static void Weights(ReadOnlySpan<float> mask, Span<byte> weights)
    {
        for (int p = 0; p < mask.Length; p++)
        {
            weights[p] = (byte)((Math.Clamp(mask[p], 0f, 1f) * 255f) + 0.5f);
        }
    }
}
