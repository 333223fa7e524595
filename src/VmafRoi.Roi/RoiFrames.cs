using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    public RoiFrames(IMaskProvider masks, RoiMethod method, float threshold, float fade, FrameGeometry geometry, bool statistics)
    {
        _masks = masks;
        _method = method;
        _threshold = threshold;
        _fade = fade;
        _bitDepth = geometry.Format.BitDepth;
        _mask = new float[geometry.Luma.Samples];
        _alpha = method == RoiMethod.Substitution ? new float[Block] : [];
        Statistics = statistics ? new MaskStatistics(geometry) : null;
    }

    public FusedPairs Pairs => _method == RoiMethod.Pooled ? FusedPairs.Weighted : FusedPairs.Second;

    public MaskStatistics? Statistics { get; }

    public void Fill(int index, YuvFrame reference, YuvFrame distorted, YuvFrame? second, Span<byte> weights)
    {
        _masks.MaskFor(reference, _mask);
        Statistics?.Add(_mask);
        if (_method == RoiMethod.Pooled)
        {
            Weights(_mask, weights);
            return;
        }

        // Only luma is scored; chroma of the masked picture is never read.
        if (_bitDepth == 8)
        {
            Substitute(reference.Plane8(0), distorted.Plane8(0), _mask, _alpha, _threshold, _fade, second!.Plane8(0), Blend8);
        }
        else
        {
            int depth = _bitDepth;
            Substitute(reference.Plane16(0), distorted.Plane16(0), _mask, _alpha, _threshold, _fade, second!.Plane16(0), (r, d, a, o) => MaskBlender.Blend(r, d, a, o, depth));
        }
    }

    /// <summary>Samples per substitution block; also the length of the alpha buffer, which stays in cache.</summary>
    private const int Block = 256;

    private static readonly BlendSpan<byte> Blend8 = (r, d, a, o) => MaskBlender.Blend(r, d, a, o);

    private delegate void BlendSpan<T>(ReadOnlySpan<T> reference, ReadOnlySpan<T> distorted, ReadOnlySpan<float> alpha, Span<T> destination);

    /// <summary>
    /// The blend of the masked clip, block by block, alpha made per block (every step is per sample, so blocks change no
    /// number): a block whose mask is all below the threshold has alpha 0 with or without a fade (m − t &lt; 0 exactly),
    /// so it is the reference's samples without computing alpha; a block whose alpha is all 0 is the reference's samples
    /// and one whose alpha is all 1 the distorted's (the blend gives exactly those); only the rest is blended.
    /// </summary>
    private static void Substitute<T>(ReadOnlySpan<T> reference, ReadOnlySpan<T> distorted, ReadOnlySpan<float> mask, Span<float> alphaBuffer, float threshold, float fade, Span<T> destination, BlendSpan<T> blend)
    {
        // Alpha compared as bit patterns: float's ContainsAnyExcept is a scalar loop, int's is vectorised. Only +0 counts
        // as 0 (a −0 block is blended, which gives the reference's samples as well).
        int one = BitConverter.SingleToInt32Bits(1f);
        for (int p = 0; p < mask.Length; p += Block)
        {
            int n = Math.Min(Block, mask.Length - p);
            ReadOnlySpan<float> m = mask.Slice(p, n);
            if (AllBelow(m, threshold))
            {
                reference.Slice(p, n).CopyTo(destination.Slice(p, n));
                continue;
            }

            Span<float> a = alphaBuffer[..n];
            MaskAlpha.Compute(m, a, threshold, fade);
            ReadOnlySpan<int> bits = MemoryMarshal.Cast<float, int>(a);
            if (!bits.ContainsAnyExcept(0))
            {
                reference.Slice(p, n).CopyTo(destination.Slice(p, n));
            }
            else if (!bits.ContainsAnyExcept(one))
            {
                distorted.Slice(p, n).CopyTo(destination.Slice(p, n));
            }
            else
            {
                blend(reference.Slice(p, n), distorted.Slice(p, n), a, destination.Slice(p, n));
            }
        }
    }

    /// <summary>Whether every value is below <paramref name="threshold"/> (false if any is NaN).</summary>
    private static bool AllBelow(ReadOnlySpan<float> values, float threshold)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(threshold);
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                if (!Vector256.LessThanAll(Vector256.Create(values.Slice(i, Vector256<float>.Count)), t))
                {
                    return false;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!(values[i] < threshold))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The mask as weights: round(255·m), so an 8-bit-quantised mask k/255 gives exactly k.</summary>
    internal static void Weights(ReadOnlySpan<float> mask, Span<byte> weights)
    {
        int p = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var scale = Vector256.Create(255f);
            var half = Vector256.Create(0.5f);
            for (; p <= mask.Length - 16; p += 16)
            {
                var a = Vector256.ConvertToInt32((Clamp01(Vector256.Create(mask.Slice(p, 8))) * scale) + half);
                var b = Vector256.ConvertToInt32((Clamp01(Vector256.Create(mask.Slice(p + 8, 8))) * scale) + half);
                var words = Vector256.Narrow(a, b);
                Vector128.Narrow(words.GetLower(), words.GetUpper()).AsByte().CopyTo(weights.Slice(p, 16));
            }
        }

        for (; p < mask.Length; p++)
        {
            weights[p] = (byte)((Math.Clamp(mask[p], 0f, 1f) * 255f) + 0.5f);
        }
    }

    // Masks are finite (saliency output is checked for NaN before it gets here).
    private static Vector256<float> Clamp01(Vector256<float> v) =>
        Vector256.Min(Vector256.Max(v, Vector256<float>.Zero), Vector256<float>.One);
}
