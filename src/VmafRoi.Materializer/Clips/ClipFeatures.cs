using VmafRoi.Aggregators;
using VmafRoi.Contracts;
using VmafRoi.Saliency;
using VmafRoi.Yuv;

using VmafRoi.Materializer.Planning;

namespace VmafRoi.Materializer.Clips;

/// <summary>The settings every clip of a run is computed with.</summary>
public sealed record ClipSettings(string ModelSpec, AggregatorSpec Aggregator, int MaxFrames, int FrameSamples, int IntraOpThreads, string? FfmpegPath);

/// <summary>
/// Saliency aggregates of one clip, as seed 003 defines them: decode the first <c>max_frames</c> frames (raw files as
/// yuv420p of the row's geometry), run the model on the sampled ones, reduce the masks over time, and report the mean and
/// population variance of the reduced mask. One instance per worker thread: it keeps that thread's model instances.
/// </summary>
public sealed class ClipFeatures(ClipSettings settings) : IDisposable
{
    private static readonly YuvFormat RawFormat = YuvFormat.Parse("yuv420p");

    // One model instance per colour tags (the tags decide the YUV->RGB matrix); sessions are shared process-wide.
    private readonly Dictionary<ColorTags, OnnxSaliencyModel> _models = [];

    public ClipSettings Settings { get; } = settings;

    /// <summary>Computes <paramref name="clip"/>; failures of the clip become a failure status, never an exception.</summary>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <exception cref="DependencyMissingException">ffmpeg is not installed (a container cannot be decoded at all).</exception>
    public ClipOutcome Compute(ClipRequest clip, CancellationToken cancellationToken)
    {
        bool hasGeometry = clip.Width is not null && clip.Height is not null;
        InputKind kind;
        try
        {
            kind = FrameReader.DetectKind(clip.Path, hasGeometry ? new FrameReaderOptions { Width = clip.Width, Height = clip.Height } : null);
        }
        catch (InvalidInputException e)
        {
            return ClipOutcome.Failed(RowStatus.DecodeFailed, e.Message);
        }

        if (kind == InputKind.Raw && !hasGeometry)
        {
            return ClipOutcome.Failed(RowStatus.MissingGeometry, $"'{clip.Path}' is raw YUV and neither the row nor --default-width/--default-height give its width and height");
        }

        FrameReaderOptions options = kind == InputKind.Raw
            ? new FrameReaderOptions { Width = clip.Width, Height = clip.Height, Format = RawFormat, Kind = InputKind.Raw, FfmpegPath = Settings.FfmpegPath }
            : new FrameReaderOptions { Kind = kind, FfmpegPath = Settings.FfmpegPath };
        FrameSource source;
        try
        {
            source = FrameReader.Open(clip.Path, options, cancellationToken);
        }
        catch (VmafRoiException e) when (e is not DependencyMissingException)
        {
            // Geometry comes from the row first; a container that could not even be probed had none.
            string status = kind == InputKind.Container && !hasGeometry ? RowStatus.MissingGeometry : RowStatus.DecodeFailed;
            return ClipOutcome.Failed(status, e.Message);
        }
        catch (Exception e) when (IsClipFault(e))
        {
            return ClipOutcome.Failed(RowStatus.DecodeFailed, $"'{clip.Path}': {e.GetType().Name}: {e.Message}");
        }

        using (source)
        {
            return Reduce(source, cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (OnnxSaliencyModel model in _models.Values)
        {
            model.Dispose();
        }

        _models.Clear();
    }

    private ClipOutcome Reduce(FrameSource source, CancellationToken cancellationToken)
    {
        var frames = new List<YuvFrame>(Settings.MaxFrames);
        try
        {
            try
            {
                while (frames.Count < Settings.MaxFrames && source.ReadNext() is { } frame)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    frames.Add(frame);
                }
            }
            catch (VmafRoiException e) when (e is not DependencyMissingException)
            {
                return ClipOutcome.Failed(RowStatus.DecodeFailed, e.Message);
            }
            catch (Exception e) when (IsClipFault(e))
            {
                return ClipOutcome.Failed(RowStatus.DecodeFailed, $"cannot read '{source.Path}': {e.GetType().Name}: {e.Message}");
            }

            if (frames.Count == 0)
            {
                return ClipOutcome.Failed(RowStatus.DecodeFailed, $"'{source.Path}' has no frames{Warnings(source)}");
            }

            OnnxSaliencyModel model = ModelFor(source.Color);
            IMaskAggregator reducer = Settings.Aggregator.CreateAggregator();
            float[] mask = new float[source.Geometry.Luma.Samples];
            foreach (int index in FrameSampling.Indices(frames.Count, Settings.FrameSamples))
            {
                cancellationToken.ThrowIfCancellationRequested();
                YuvFrame frame = frames[index];
                try
                {
                    model.Predict(frame, mask);
                }
                catch (Exception e) when (e is MaskException || IsClipFault(e))
                {
                    return ClipOutcome.Failed(RowStatus.ModelFailed, $"'{source.Path}' frame {index}: {(e is MaskException ? e.Message : $"{e.GetType().Name}: {e.Message}")}");
                }

                if (reducer.NeedsLuma)
                {
                    reducer.Add(mask, frame.Geometry.Format.BytesPerSample == 1 ? LumaPlane.FromBytes(frame.Plane8(0)) : LumaPlane.FromWords(frame.Plane16(0), frame.Geometry.Format.BitDepth));
                }
                else
                {
                    reducer.Add(mask);
                }
            }

            (double mean, double variance) = ClipSaliency.MeanAndVariance(reducer.Result());
            return ClipOutcome.Ok(mean, variance);
        }
        finally
        {
            foreach (YuvFrame frame in frames)
            {
                frame.Dispose();
            }
        }
    }

    private OnnxSaliencyModel ModelFor(ColorTags tags)
    {
        if (!_models.TryGetValue(tags, out OnnxSaliencyModel? model))
        {
            model = SaliencyModels.Load(Settings.ModelSpec, new SaliencyOptions { SourceTags = tags, IntraOpThreads = Settings.IntraOpThreads });
            _models.Add(tags, model);
        }

        return model;
    }

    // One odd clip in a corpus of 150,000 must cost its rows a failure status (named on stderr), not the whole run;
    // cancellation, a missing ffmpeg and exhausted memory still end the run.
    private static bool IsClipFault(Exception e) =>
        e is not (OperationCanceledException or DependencyMissingException or OutOfMemoryException or ThreadInterruptedException);

    private static string Warnings(FrameSource source) =>
        source.Warnings.Count == 0 ? string.Empty : " (" + string.Join("; ", source.Warnings) + ")";
}
