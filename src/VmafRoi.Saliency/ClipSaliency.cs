using System.Globalization;
using VmafRoi.Aggregators;
using VmafRoi.Contracts;
using VmafRoi.Saliency.Previews;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency;

/// <summary>What <c>vmaf-roi saliency</c> does for one clip.</summary>
public sealed record ClipSaliencyRequest
{
    /// <summary>The clip (raw YUV, Y4M or a container).</summary>
    public required string Input { get; init; }

    /// <summary>How to open it (raw geometry; nothing for Y4M and containers).</summary>
    public FrameReaderOptions ReaderOptions { get; init; } = new();

    /// <summary>An ONNX model path, or <c>default</c>.</summary>
    public string Model { get; init; } = SaliencyModels.DefaultName;

    public ColorMatrixChoice ColorMatrix { get; init; } = ColorMatrixChoice.Auto;

    public Normalization? Normalization { get; init; }

    /// <summary>The sidecar to reuse or write.</summary>
    public required string Sidecar { get; init; }

    public SidecarCacheMode SidecarMode { get; init; } = SidecarCacheMode.ReadWrite;

    /// <summary>Mask quantisation bits, 8 or 16.</summary>
    public int MaskBits { get; init; } = 8;

    /// <summary>A folder for PNG heatmaps of the sampled frames and of the aggregated mask; null writes none.</summary>
    public string? PreviewDirectory { get; init; }

    /// <summary>Sampled frames (the frame-sampling rule over the clip) used for previews and the aggregate.</summary>
    public int FrameSamples { get; init; } = 8;

    /// <summary>Temporal reducer of the sampled masks.</summary>
    public AggregatorSpec Aggregator { get; init; } = AggregatorSpec.Default;

    /// <summary>A grayscale (<c>Cmono</c>) Y4M of every frame's mask; null writes none.</summary>
    public string? MasksOut { get; init; }
}

/// <summary>What a clip run produced.</summary>
public sealed record ClipSaliencyResult
{
    public required string Sidecar { get; init; }

    public required SidecarCacheOutcome SidecarOutcome { get; init; }

    public required string ModelId { get; init; }

    public required int Frames { get; init; }

    /// <summary>Indices of the sampled frames.</summary>
    public required IReadOnlyList<int> SampledFrames { get; init; }

    /// <summary>PNG files written (per sampled frame, then the aggregate).</summary>
    public required IReadOnlyList<string> Previews { get; init; }

    /// <summary>Mean of the aggregated mask (the materializer's <c>saliency_mean</c>).</summary>
    public required double AggregateMean { get; init; }

    /// <summary>Population variance of the aggregated mask (<c>saliency_var</c>).</summary>
    public required double AggregateVariance { get; init; }

    public string? MasksOut { get; init; }
}

/// <summary>
/// Computes a clip's per-frame saliency masks into a sidecar (or reuses a matching one), then, from the sidecar,
/// writes heatmap previews of sampled frames, the aggregated clip mask and an optional grayscale mask video.
/// </summary>
public static class ClipSaliency
{
    public static ClipSaliencyResult Run(ClipSaliencyRequest request, CancellationToken cancellationToken = default)
    {
        if (request.FrameSamples < 1)
        {
            throw new InvalidInputException($"--frame-samples must be at least 1, got {request.FrameSamples}");
        }

        FrameGeometry geometry;
        ColorTags tags;
        FrameRate rate;
        using (FrameSource probe = FrameReader.Open(request.Input, request.ReaderOptions))
        {
            (geometry, tags, rate) = (probe.Geometry, probe.Color, probe.Rate);
        }

        if (request.PreviewDirectory is { } previews)
        {
            Directory.CreateDirectory(previews);
        }

        IMaskAggregator aggregator = request.Aggregator.CreateAggregator();
        SidecarCacheResult cache;
        string modelId;
        using (OnnxSaliencyModel model = SaliencyModels.Load(request.Model, new SaliencyOptions { ColorMatrix = request.ColorMatrix, SourceTags = tags, Normalization = request.Normalization }))
        {
            modelId = model.Id;
            cache = ClipMasks.OpenSidecar(model, request.Input, () => FrameReader.Open(request.Input, request.ReaderOptions), request.ColorMatrix, request.MaskBits, request.Sidecar, request.SidecarMode, cancellationToken);
        }

        using (cache)
        {
            int frames = cache.Reader.StoredFrameCount ?? throw new InvalidOperationException("the sidecar cache hands out verified readers");
            int[] sampled = FrameSampling.Indices(frames, request.FrameSamples);
            var written = new List<string>();
            float[] mask = new float[geometry.Luma.Samples];
            using FrameSource source = FrameReader.Open(request.Input, request.ReaderOptions);
            using FrameWriter? masksOut = request.MasksOut is { } masksPath ? FrameWriter.CreateY4m(masksPath, YuvFormat.Parse("gray").WithSize(geometry.Width, geometry.Height), rate, ColorRange.Full) : null;
            using var maskFrame = masksOut is null ? null : new YuvFrame(masksOut.Geometry);
            int next = 0;
            while (cache.Reader.TryReadNext(mask, out int index))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using YuvFrame frame = source.ReadNext() ?? throw new InvalidInputException($"'{request.Input}' has fewer frames than its saliency sidecar");
                if (masksOut is not null)
                {
                    MaskQuantisation.Quantise(mask, maskFrame!.Plane8(0));
                    masksOut.Write(maskFrame);
                }

                if (next < sampled.Length && sampled[next] == index)
                {
                    next++;
                    aggregator.Add(mask, frame.Geometry.Format.BytesPerSample == 1 ? LumaPlane.FromBytes(frame.Plane8(0)) : LumaPlane.FromWords(frame.Plane16(0), frame.Geometry.Format.BitDepth));
                    if (request.PreviewDirectory is { } dir)
                    {
                        string png = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"frame_{index:D6}.png"));
                        PngWriter.Write(png, geometry.Width, geometry.Height, Heatmap.RenderOverlay(frame, mask));
                        written.Add(png);
                    }
                }
            }

            cache.Reader.Verify();
            masksOut?.Complete();
            float[] aggregate = aggregator.Result();
            if (request.PreviewDirectory is { } folder)
            {
                string png = Path.Combine(folder, $"aggregate_{request.Aggregator.Name}.png");
                PngWriter.Write(png, geometry.Width, geometry.Height, Heatmap.RenderMask(aggregate, geometry.Width, geometry.Height));
                written.Add(png);
            }

            (double mean, double variance) = MeanAndVariance(aggregate);
            return new ClipSaliencyResult
            {
                Sidecar = request.Sidecar,
                SidecarOutcome = cache.Outcome,
                ModelId = modelId,
                Frames = frames,
                SampledFrames = sampled,
                Previews = written,
                AggregateMean = mean,
                AggregateVariance = variance,
                MasksOut = request.MasksOut,
            };
        }
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
