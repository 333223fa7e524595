using System.Diagnostics;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.VmafRunner.Engine.Pipeline;
using VmafRoi.VmafRunner.Engine.Simd;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine;

/// <summary>
/// The managed VMAF engine: reproduces libvmaf 3.0.0's integer features and SVR scores bit for bit. Streams both
/// clips once, runs the extractors the models (and <see cref="VmafEngineOptions.Features"/>) need, flushes the
/// temporal ones, then predicts every scored frame for every model.
/// </summary>
public static partial class VmafEngine
{
    /// <summary>Scores <paramref name="distorted"/> against <paramref name="reference"/> with each model.</summary>
    /// <param name="reference">The reference stream (positioned at its start).</param>
    /// <param name="distorted">The distorted stream; same size and pixel format.</param>
    /// <param name="models">Models to predict with; their metric names must differ. May be empty (features only).</param>
    /// <param name="options">Run options; null for defaults.</param>
    /// <param name="cancellationToken">Stops between frames.</param>
    /// <exception cref="InvalidInputException">Size/format mismatch, frames too small, a truncated frame, or no frames.</exception>
    /// <exception cref="UnsupportedFormatException">A bit depth other than 8, 10, 12 or 16.</exception>
    /// <exception cref="VmafModelException">A model needs a feature this engine does not compute.</exception>
    public static VmafScores Score(
        FrameSource reference,
        FrameSource distorted,
        IReadOnlyList<VmafModel> models,
        VmafEngineOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Run(reference, distorted, models, options, null, cancellationToken).Plain;

    /// <summary>
    /// Scores the plain pair and, in the same pass, the extra pairs <paramref name="frames"/> supplies per frame: a second
    /// distorted picture (against the same reference) and/or weighted pooling of the plain pair. Each reference frame is read
    /// and analysed once: motion, VIF's reference pyramid and ADM's reference decomposition and denominators are shared.
    /// Every pair's numbers are exactly those of a separate <see cref="Score"/> run over it (the weighted pair's definitions:
    /// docs/roi.md).
    /// </summary>
    /// <exception cref="InvalidInputException">As <see cref="Score"/>.</exception>
    public static FusedScores ScoreFused(
        FrameSource reference,
        FrameSource distorted,
        IReadOnlyList<VmafModel> models,
        IFusedFrames frames,
        VmafEngineOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return Run(reference, distorted, models, options, frames, cancellationToken);
    }

    private static FusedScores Run(
        FrameSource reference,
        FrameSource distorted,
        IReadOnlyList<VmafModel> models,
        VmafEngineOptions? options,
        IFusedFrames? fused,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(distorted);
        ArgumentNullException.ThrowIfNull(models);
        options ??= VmafEngineOptions.Default;
        LumaGeometry geometry = Validate(reference, distorted, models, options);
        FusedPairs pairs = fused?.Pairs ?? FusedPairs.None;

        MotionVariant version = FeatureRegistry.VersionFor(options.MotionVariant, models, options.Features);
        FeaturePlan plan = FeaturePlan.Build(models, options.Features, version);
        VectorWidth width = VectorSupport.Resolve(options.VectorWidth);
        FeatureInstance[] instances = plan.Settings.Select(s => s.Extractor.CreateInstance(s, geometry, width)).ToArray();
        foreach (FeatureInstance instance in instances)
        {
            if ((pairs & ~instance.SupportedPairs) != 0)
            {
                throw new InvalidInputException($"extractor '{instance.Settings.Extractor.Name}' cannot score {pairs & ~instance.SupportedPairs} in a fused run");
            }

            instance.ScoreAlso(pairs);
        }

        var stopwatch = Stopwatch.StartNew();
        SkipFrames(reference, options.SkipReferenceFrames, "reference");
        SkipFrames(distorted, options.SkipDistortedFrames, "distorted");

        var collectors = new FeatureCollectors(pairs);
        var pipeline = new FramePipeline(reference, distorted, instances, options.Subsample, options.FrameCount ?? int.MaxValue, options.CollectTimings, fused)
        {
            Progress = options.Progress,
            Clock = stopwatch,
        };
        int frames = pipeline.Run(collectors, options.Threads, cancellationToken);
        if (frames == 0)
        {
            throw new InvalidInputException(
                $"no frames to score: '{reference.Path}' and '{distorted.Path}' have no frame pairs after skipping {options.SkipReferenceFrames}/{options.SkipDistortedFrames}");
        }

        foreach (FeatureInstance instance in instances)
        {
            instance.Flush(collectors, frames);
        }

        long predictStart = ThreadCpuClock.Now();
        foreach (FeatureCollector? collector in new[] { collectors.Primary, collectors.Second, collectors.Weighted })
        {
            if (collector is null)
            {
                continue;
            }

            for (int m = 0; m < models.Count; m++)
            {
                Predict(models[m], plan.ModelInputs[m], collector, frames, options.Subsample);
            }
        }

        double predictMs = (ThreadCpuClock.Now() - predictStart) * 1000.0 / ThreadCpuClock.Frequency;
        stopwatch.Stop();

        EngineTimings? timings = null;
        if (pipeline.Ticks is { } ticks)
        {
            var perExtractor = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int k = 0; k < instances.Length; k++)
            {
                perExtractor[instances[k].Settings.Key] = ticks[k] * 1000.0 / ThreadCpuClock.Frequency;
            }

            timings = new EngineTimings(perExtractor, predictMs, frames);
        }

        var warnings = new List<string>();
        if (pipeline.EndedFirst is { } shorter)
        {
            FrameSource longer = ReferenceEquals(shorter, reference) ? distorted : reference;
            warnings.Add($"\"{shorter.Path}\" ended before \"{longer.Path}\".");
        }

        warnings.AddRange(reference.Warnings.Concat(distorted.Warnings));
        int subsample = Math.Max(1, options.Subsample);
        VmafScores Scores(FeatureCollector collector) =>
            new(collector, frames, subsample, models, stopwatch.Elapsed, timings, geometry) { Warnings = warnings, Version = version };
        return new FusedScores(
            Scores(collectors.Primary),
            collectors.Second is { } second ? Scores(second) : null,
            collectors.Weighted is { } weighted ? Scores(weighted) : null);
    }

    /// <summary>Predicts every scored frame (index % subsample == 0) and stores it under the model's name.</summary>
    private static void Predict(VmafModel model, string[] inputs, FeatureCollector collector, int frames, int subsample)
    {
        Span<double> x = stackalloc double[inputs.Length];
        for (int i = 0; i < frames; i++)
        {
            if (subsample > 1 && i % subsample != 0)
            {
                continue;
            }

            for (int f = 0; f < inputs.Length; f++)
            {
                x[f] = collector.Get(inputs[f], i);
            }

            collector.Append(model.Name, i, model.Predict(x));
        }

        if (model.Members.Count > 0)
        {
            PredictBootstrap(model, inputs, collector, frames, subsample);
        }
    }

    /// <summary>A bootstrap collection after its primary model: per frame every member, then bagging, stddev and the 95% interval.</summary>
    private static void PredictBootstrap(VmafModel model, string[] inputs, FeatureCollector collector, int frames, int subsample)
    {
        var x = new double[inputs.Length];
        var members = new double[model.Members.Count];
        for (int i = 0; i < frames; i++)
        {
            if (subsample > 1 && i % subsample != 0)
            {
                continue;
            }

            for (int f = 0; f < inputs.Length; f++)
            {
                x[f] = collector.Get(inputs[f], i);
            }

            BootstrapScore b = model.PredictBootstrap(x, members);
            for (int k = 0; k < members.Length; k++)
            {
                collector.Append(model.Members[k].Name, i, members[k]);
            }

            collector.Append(model.Name + "_bagging", i, b.Bagging);
            collector.Append(model.Name + "_stddev", i, b.StdDev);
            collector.Append(model.Name + "_ci_p95_lo", i, b.Low);
            collector.Append(model.Name + "_ci_p95_hi", i, b.High);
        }
    }

    private static void SkipFrames(FrameSource source, int count, string role)
    {
        if (count > 0 && source.Skip(count) < count)
        {
            throw new InvalidInputException($"cannot skip {count} {role} frames: '{source.Path}' ends first", source.Path);
        }
    }
}
