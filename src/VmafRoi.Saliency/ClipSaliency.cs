using System.Globalization;
using VmafRoi.Aggregators;
using VmafRoi.Contracts;
using VmafRoi.Saliency.Previews;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;
using VmafRoi.Yuv.IO;

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

    /// <summary>Receives one-line notes for stderr (a decoder's warning about a cut-off clip); null ignores them.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Cap on the estimated working set in bytes (see <see cref="MemoryLimit"/>); null takes the default.</summary>
    public long? MemoryLimit { get; init; }

    /// <summary>Told after every frame of each stage (<c>saliency</c>, then <c>aggregate</c>); null reports nothing.</summary>
    public IProgress<FrameProgress>? Progress { get; init; }
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
        // Every output is checked before the model runs, so a bad path fails fast and never replaces the input.
        ClipMasks.CheckMaskBits(request.MaskBits);
        if (request.FrameSamples < 1)
        {
            throw new InvalidInputException($"--frame-samples must be at least 1, got {request.FrameSamples}");
        }

        FrameReader.EnsureFileExists(request.Input);

        // The clip is read several times (geometry, content hash, masks, aggregate): a pipe would be empty the second time.
        FrameReader.EnsureRereadable(request.Input, "--input");
        string? modelFile = request.Model == SaliencyModels.DefaultName ? null : request.Model;
        SidecarTarget.Check(request.Sidecar, "--sidecar", request.SidecarMode, request.Input, modelFile);
        if (request.MasksOut is { } masksTarget)
        {
            AtomicFile.CheckTarget(masksTarget, "--masks-out", request.Input, modelFile, request.Sidecar);
        }

        if (request.PreviewDirectory is { } previews)
        {
            AtomicFile.CheckFolder(previews, "--previews");
        }

        FrameGeometry geometry;
        ColorTags tags;
        FrameRate rate;
        using (FrameSource probe = FrameReader.Open(request.Input, request.ReaderOptions, cancellationToken))
        {
            (geometry, tags, rate) = (probe.Geometry, probe.Color, probe.Rate);
        }

        Yuv.MemoryLimit.Check(EstimateWorkingSet(geometry), Yuv.MemoryLimit.Resolve(request.MemoryLimit), request.Input, geometry);

        // Every stream of the clip is kept to report, at the end, what its decoder noticed (a cut-off container).
        var opened = new List<FrameSource>();
        FrameSource OpenClip()
        {
            FrameSource source = FrameReader.Open(request.Input, request.ReaderOptions, cancellationToken);
            opened.Add(source);
            return source;
        }

        SidecarCacheResult cache;
        string modelId;
        using (OnnxSaliencyModel model = SaliencyModels.Load(request.Model, new SaliencyOptions { ColorMatrix = request.ColorMatrix, SourceTags = tags, Normalization = request.Normalization }))
        {
            modelId = model.Id;
            cache = ClipMasks.OpenSidecar(model, request.Input, OpenClip, request.ColorMatrix, request.MaskBits, request.Sidecar, request.SidecarMode, cancellationToken, request.Progress);
        }

        using (cache)
        {
            if (request.PreviewDirectory is { } dir)
            {
                CreateFolder(dir);
            }

            var written = new List<string>();
            using FrameWriter? masksOut = request.MasksOut is { } masksPath ? FrameWriter.CreateY4m(masksPath, YuvFormat.Parse("gray").WithSize(geometry.Width, geometry.Height), rate, ColorRange.Full, cancellationToken: cancellationToken) : null;
            using var maskFrame = masksOut is null ? null : new YuvFrame(masksOut.Geometry);
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            int done = 0;
            ClipAggregate aggregate = ClipMasks.Aggregate(
                cache.Reader,
                OpenClip,
                request.Aggregator,
                request.FrameSamples,
                (index, frame, mask, sampled) =>
                {
                    if (masksOut is not null)
                    {
                        MaskQuantisation.Quantise(mask, maskFrame!.Plane8(0));
                        masksOut.Write(maskFrame);
                    }

                    if (sampled && request.PreviewDirectory is { } folder)
                    {
                        string png = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"frame_{index:D6}.png"));
                        PngWriter.Write(png, geometry.Width, geometry.Height, Heatmap.RenderOverlay(frame!, mask), cancellationToken: cancellationToken);
                        written.Add(png);
                    }

                    request.Progress?.Report(new FrameProgress("aggregate", ++done, cache.Reader.StoredFrameCount, System.Diagnostics.Stopwatch.GetElapsedTime(start)));
                },
                cancellationToken);
            masksOut?.Complete();
            foreach (string warning in opened.SelectMany(source => source.Warnings).Distinct())
            {
                request.Log?.Invoke($"warning: {warning}");
            }

            if (request.PreviewDirectory is { } previewFolder)
            {
                string png = Path.Combine(previewFolder, $"aggregate_{request.Aggregator.Name}.png");
                PngWriter.Write(png, geometry.Width, geometry.Height, Heatmap.RenderMask(aggregate.Mask, geometry.Width, geometry.Height), cancellationToken: cancellationToken);
                written.Add(png);
            }

            return new ClipSaliencyResult
            {
                Sidecar = request.Sidecar,
                SidecarOutcome = cache.Outcome,
                ModelId = modelId,
                Frames = aggregate.Frames,
                SampledFrames = aggregate.SampledFrames,
                Previews = written,
                AggregateMean = aggregate.Mean,
                AggregateVariance = aggregate.Variance,
                MasksOut = request.MasksOut,
            };
        }
    }

    /// <summary>Mean and population variance (ddof 0), as the materializer reports them.</summary>
    public static (double Mean, double Variance) MeanAndVariance(ReadOnlySpan<float> mask) => ClipMasks.MeanAndVariance(mask);

    /// <summary>
    /// Estimated peak working set for frames of <paramref name="geometry"/>: <c>96 MiB + 80·W·H</c> (ONNX Runtime, the
    /// model's input tensor, masks, previews and the mask video). Measured peaks at 1 and 4 megapixels with the default model
    /// were at or below it (docs/saliency.md); a large custom network needs more than its input and output tensors counted here.
    /// </summary>
    public static long EstimateWorkingSet(FrameGeometry geometry) => (96L << 20) + (80L * geometry.Width * geometry.Height);

    private static void CreateFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException($"cannot create the previews folder '{folder}': {e.Message}", folder, e);
        }
    }
}
