using VmafRoi.Aggregators;
using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency;

/// <summary>
/// The one way every tool makes a clip's per-frame masks: predict, apply the sidecar quantisation, and cache them in a
/// sidecar keyed by the model and the clip's content.
/// </summary>
public static class ClipMasks
{
    /// <summary>Checks a mask quantisation, naming the flag: 8 or 16 bits.</summary>
    public static void CheckMaskBits(int maskBits)
    {
        if (maskBits is not (8 or 16))
        {
            throw new InvalidInputException($"--mask-bits must be 8 or 16, got {maskBits}");
        }
    }

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
        CancellationToken cancellationToken = default,
        IProgress<FrameProgress>? progress = null)
    {
        FrameGeometry geometry;
        ColorTags tags;
        using (FrameSource probe = openClip())
        {
            (geometry, tags) = (probe.Geometry, probe.Color);
        }

        SidecarHeader expected = ExpectedHeader(model, clipPath, geometry, tags, colorMatrix, maskBits);
        return SidecarCache.Open(sidecarPath, expected, writer => WriteEveryFrame(model, openClip, maskBits, writer, progress, cancellationToken), mode);
    }

    /// <summary>The stage name of saliency inference in progress reports.</summary>
    public const string SaliencyStage = "saliency";

    private static void WriteEveryFrame(ISaliencyModel model, Func<FrameSource> openClip, int maskBits, SaliencySidecarWriter writer, IProgress<FrameProgress>? progress, CancellationToken cancellationToken)
    {
        using FrameSource source = openClip();
        float[] mask = new float[source.Geometry.Luma.Samples];
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (source.ReadNext() is { } frame)
        {
            using (frame)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Predict(model, frame, mask, maskBits);
                writer.WriteFrame(frame.Index, mask);
                progress?.Report(new FrameProgress(SaliencyStage, writer.FrameCount, source.FrameCount, System.Diagnostics.Stopwatch.GetElapsedTime(start)));
            }
        }
    }

    /// <summary>
    /// A verified reader of an existing sidecar that must have been made for <paramref name="clipPath"/> (same content
    /// hash and geometry), whatever model made it: for tools that are handed a sidecar rather than a model.
    /// </summary>
    /// <exception cref="SidecarMismatchException">It was made for another clip or geometry.</exception>
    /// <exception cref="SidecarCorruptException">It is damaged.</exception>
    public static SaliencySidecarReader OpenSidecarFor(string sidecarPath, string clipPath, FrameGeometry geometry)
    {
        SaliencySidecarReader reader = SaliencySidecarReader.Open(sidecarPath);
        try
        {
            SidecarHeader h = reader.Header;
            string clipHash = ContentHash.Sha256OfFile(clipPath);
            (string Field, string Expected, string Actual)[] checks =
            [
                ("reference_sha256", clipHash, h.ReferenceSha256),
                ("pix_fmt", geometry.Format.Name, h.PixFmt),
                ("width", geometry.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), h.MaskWidth.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("height", geometry.Height.ToString(System.Globalization.CultureInfo.InvariantCulture), h.MaskHeight.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ];
            foreach ((string field, string expected, string actual) in checks)
            {
                if (expected != actual)
                {
                    throw new SidecarMismatchException(sidecarPath, field, expected, actual);
                }
            }

            reader.Verify();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reduces a verified sidecar's sampled masks (the frame-sampling rule over its frames) with
    /// <paramref name="aggregator"/>; the sidecar must hold every frame (sampling <c>all</c>). <paramref name="openClip"/> gives the clip's frames, needed by motion-weighted
    /// and by <paramref name="everyFrame"/>, which sees every frame's mask and whether it was sampled.
    /// </summary>
    public static ClipAggregate Aggregate(
        SaliencySidecarReader sidecar,
        Func<FrameSource>? openClip,
        AggregatorSpec aggregator,
        int frameSamples,
        Action<int, YuvFrame?, float[], bool>? everyFrame = null,
        CancellationToken cancellationToken = default)
    {
        if (frameSamples < 1)
        {
            throw new InvalidInputException($"--frame-samples must be at least 1, got {frameSamples}");
        }

        // The sampling rule below and the lock-step clip read index every frame; a sampled sidecar would silently pair the wrong ones.
        if (sidecar.Header.Sampling != SidecarSampling.AllRule)
        {
            throw new InvalidInputException($"saliency sidecar '{sidecar.Path}' holds only sampled frames ({sidecar.Header.GetSampling()}); aggregating needs a sidecar of every frame (sampling all)", sidecar.Path);
        }

        IMaskAggregator reducer = aggregator.CreateAggregator();
        if (reducer.NeedsLuma && openClip is null)
        {
            throw new InvalidInputException($"the {aggregator.Name} aggregator needs the clip's frames (its luma), not only the sidecar");
        }

        if (sidecar.StoredFrameCount is null)
        {
            sidecar.Verify();
        }

        int frames = sidecar.StoredFrameCount!.Value;
        int[] sampled = FrameSampling.Indices(frames, frameSamples);
        using FrameSource? clip = openClip?.Invoke();
        float[] mask = new float[sidecar.MaskLength];
        int next = 0;
        while (sidecar.TryReadNext(mask, out int index))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using YuvFrame? frame = clip is null ? null : clip.ReadNext() ?? throw new InvalidInputException($"'{clip.Path}' has fewer frames than its saliency sidecar '{sidecar.Path}'");
            bool isSample = next < sampled.Length && sampled[next] == index;
            if (isSample)
            {
                next++;
                if (frame is null)
                {
                    reducer.Add(mask);
                }
                else
                {
                    reducer.Add(mask, frame.Geometry.Format.BytesPerSample == 1 ? LumaPlane.FromBytes(frame.Plane8(0)) : LumaPlane.FromWords(frame.Plane16(0), frame.Geometry.Format.BitDepth));
                }
            }

            everyFrame?.Invoke(index, frame, mask, isSample);
        }

        float[] result = reducer.Result();
        (double mean, double variance) = MeanAndVariance(result);
        return new ClipAggregate(result, frames, sampled, mean, variance);
    }

    /// <summary>Mean and population variance (ddof 0), as the materializer reports them.</summary>
    public static (double Mean, double Variance) MeanAndVariance(ReadOnlySpan<float> mask)
    {
        double sum = 0;
        foreach (float v in mask)
        {
            sum += v;
        }

        double mean = sum / mask.Length;
        double squares = 0;
        foreach (float v in mask)
        {
            double d = v - mean;
            squares += d * d;
        }

        return (mean, squares / mask.Length);
    }
}

/// <summary>A clip's aggregated mask and its summary.</summary>
/// <param name="Mask">The aggregated mask, luma-sized, in [0, 1].</param>
/// <param name="Frames">Frames in the sidecar.</param>
/// <param name="SampledFrames">The frames that fed the aggregator.</param>
/// <param name="Mean">Mean of the aggregated mask (<c>saliency_mean</c>).</param>
/// <param name="Variance">Population variance of the aggregated mask (<c>saliency_var</c>).</param>
public sealed record ClipAggregate(float[] Mask, int Frames, IReadOnlyList<int> SampledFrames, double Mean, double Variance);
