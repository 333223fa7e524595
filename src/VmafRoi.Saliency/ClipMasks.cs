using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency;

/// <summary>
/// The one way every tool makes a clip's per-frame masks: predict, apply the sidecar quantisation, and cache them in a
/// sidecar keyed by the model and the clip's content.
/// </summary>
public static class ClipMasks
{
    /// <summary>Predicts a frame's mask and rounds it to <paramref name="maskBits"/>, as a sidecar would store it.</summary>
    public static void Predict(ISaliencyModel model, YuvFrame frame, Span<float> mask, int maskBits)
    {
        model.Predict(frame, mask);
        MaskQuantisation.RoundTrip(mask, maskBits);
    }

    /// <summary>The header a sidecar of <paramref name="clipPath"/> made with <paramref name="model"/> must carry.</summary>
    public static SidecarHeader ExpectedHeader(ISaliencyModel model, string clipPath, FrameGeometry geometry, ColorTags tags, ColorMatrixChoice colorMatrix, int maskBits)
    {
        YuvToRgbConversion conversion = YuvToRgbConversion.Resolve(colorMatrix, tags, geometry.Format, geometry.Height);
        return SidecarHeader.Create(
            model.Id,
            model.Sha256,
            ContentHash.Sha256OfFile(clipPath),
            geometry,
            conversion.Matrix,
            conversion.FullRange ? ColorRange.Full : ColorRange.Limited,
            SidecarSampling.All,
            aggregator: null,
            maskBits,
            normalization: model.Normalization);
    }

    /// <summary>
    /// A verified reader of the clip's sidecar: reused when it matches, else (per <paramref name="mode"/>) computed from
    /// every frame of <paramref name="openClip"/>'s stream and written atomically.
    /// </summary>
    public static SidecarCacheResult OpenSidecar(
        ISaliencyModel model,
        string clipPath,
        Func<FrameSource> openClip,
        ColorMatrixChoice colorMatrix,
        int maskBits,
        string sidecarPath,
        SidecarCacheMode mode,
        CancellationToken cancellationToken = default)
    {
        FrameGeometry geometry;
        ColorTags tags;
        using (FrameSource probe = openClip())
        {
            (geometry, tags) = (probe.Geometry, probe.Color);
        }

        SidecarHeader expected = ExpectedHeader(model, clipPath, geometry, tags, colorMatrix, maskBits);
        return SidecarCache.Open(sidecarPath, expected, writer => WriteEveryFrame(model, openClip, maskBits, writer, cancellationToken), mode);
    }

    private static void WriteEveryFrame(ISaliencyModel model, Func<FrameSource> openClip, int maskBits, SaliencySidecarWriter writer, CancellationToken cancellationToken)
    {
        using FrameSource source = openClip();
        float[] mask = new float[source.Geometry.Luma.Samples];
        while (source.ReadNext() is { } frame)
        {
            using (frame)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Predict(model, frame, mask, maskBits);
                writer.WriteFrame(frame.Index, mask);
            }
        }
    }
}
