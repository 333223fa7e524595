using VmafRoi.Blend;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Routes;
using VmafRoi.Yuv;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Roi;

/// <summary>Everything a scoring run produced: the JSON result, every frame's scores, and the clip's mean mask.</summary>
public sealed record RoiScoreRun
{
    /// <summary>The result (<c>frames</c> in it only when the request asked for <see cref="RoiScoreRequest.PerFrame"/>).</summary>
    public required RoiScoreResult Result { get; init; }

    /// <summary>Every scored frame, whatever the request asked for (mask means NaN without mask statistics).</summary>
    public required IReadOnlyList<RoiFrameResult> Frames { get; init; }

    /// <summary>The mean saliency mask over the clip, at reduced resolution (with <see cref="RoiScoreRequest.CollectMaskStatistics"/> or <see cref="RoiScoreRequest.PerFrame"/>).</summary>
    public ClipMask? ClipMask { get; init; }

    /// <summary>The clips' geometry.</summary>
    public required FrameGeometry Geometry { get; init; }

    /// <summary>The VMAF route that scored (<c>managed</c>, <c>libvmaf</c>, <c>ffmpeg</c>) and whether it ran in one fused pass.</summary>
    public required string Route { get; init; }

    public required bool Fused { get; init; }
}

/// <summary>
/// Region-of-interest VMAF: <c>vmaf_roi = (1 − w)·vmaf_full + w·vmaf_method</c>. With the seed's substitution the method
/// score is VMAF of a copy of the distorted clip whose low-saliency pixels are the reference's; with pooling it is VMAF
/// with every feature's per-pixel contributions weighted by the mask (docs/roi.md). On the managed engine one pass over
/// the clips computes both scores (the masked picture is built in memory); external routes score a temporary masked
/// clip in a second run.
/// </summary>
public static class RoiScorer
{
    /// <summary>The progress stage of the managed engine's single pass.</summary>
    public const string FusedStage = "VMAF + saliency";

    /// <summary>Scores a request end to end.</summary>
    public static RoiScoreResult Score(RoiScoreRequest request, CancellationToken cancellationToken = default) =>
        Run(request, cancellationToken).Result;

    /// <summary>Scores a request end to end, keeping every frame's scores and the clip's mean mask (for reports).</summary>
    public static RoiScoreRun Run(RoiScoreRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        VmafInput reference = InputFor(request.Reference, request);
        VmafInput distorted = InputFor(request.Distorted, request);
        FrameGeometry geometry = CheckPair(reference, distorted, cancellationToken);
        LibvmafFormats.Check(geometry.Format, request.Reference); // every route is bound by it; fail before any frame
        MemoryLimit.Check(EstimateWorkingSet(geometry, request), MemoryLimit.Resolve(request.MemoryLimit), request.Reference, geometry, EngineThreads(request));
        IVmafRoute route = ResolveRoute(request);
        ModelSpec model = ModelSpec.Parse(request.Model);
        route.CheckModel(model);

        using IMaskProvider masks = OpenMasks(request, reference);
        var full = new VmafRequest { Reference = reference, Distorted = distorted, Model = model, Threads = request.Threads, Label = "full-frame" };
        return route is ManagedVmafRoute managed && request.SinglePass
            ? RunFused(request, managed, full, masks, geometry, cancellationToken)
            : RunTwice(request, route, full, masks, geometry, cancellationToken);
    }

    /// <summary>The route a request scores with: pooling needs the managed engine, so <c>auto</c> takes it then.</summary>
    private static IVmafRoute ResolveRoute(RoiScoreRequest request)
    {
        return request.Method == RoiMethod.Pooled && request.Engine == VmafEngineKind.Auto
            ? VmafRoutes.Resolve(VmafEngineKind.Managed, request.Routes)
            : VmafRoutes.Resolve(request.Engine, request.Routes);
    }

    /// <summary>
    /// Why <paramref name="engine"/> cannot score <paramref name="method"/>, or null when it can: saliency pooling happens
    /// inside the features, which only the managed engine (and <c>auto</c>, which then picks it) exposes.
    /// </summary>
    public static string? MethodConflict(VmafEngineKind engine, RoiMethod method) =>
        method == RoiMethod.Pooled && engine is VmafEngineKind.Libvmaf or VmafEngineKind.Ffmpeg
            ? $"--method pooled needs --engine managed (or auto): the {(engine == VmafEngineKind.Libvmaf ? "libvmaf" : "ffmpeg")} route cannot weigh pixels inside its features"
            : null;

    private static RoiScoreRun RunFused(RoiScoreRequest request, ManagedVmafRoute route, VmafRequest full, IMaskProvider masks, FrameGeometry geometry, CancellationToken cancellationToken)
    {
        var frames = new RoiFrames(masks, request.Method, (float)request.Threshold, (float)request.Fade, geometry, Statistics(request));
        int? total;
        using (FrameSource probe = full.Reference.Open(cancellationToken))
        {
            total = probe.FrameCount;
        }

        FusedVmafResult fused = route.ScoreFused(full with { Progress = StageOf(FusedStage, total, request.Progress) }, frames, cancellationToken);
        foreach (string warning in fused.Warnings)
        {
            request.Log?.Invoke($"warning: {warning}");
        }

        VmafResult method = (request.Method == RoiMethod.Pooled ? fused.Weighted : fused.Second)!;
        return Assemble(request, fused.Plain, method, frames.Statistics, geometry, route.Name, fused: true, masks.Name);
    }

    private static RoiScoreRun RunTwice(RoiScoreRequest request, IVmafRoute route, VmafRequest full, IMaskProvider masks, FrameGeometry geometry, CancellationToken cancellationToken)
    {
        using ScratchFolder work = TempPaths.CreateFolder("vmaf-roi-score-");
        string maskedPath = work.File("masked.yuv");
        MaskStatistics? statistics = Statistics(request) ? new MaskStatistics(geometry) : null;
        int frames = WriteMaskedClip(full.Reference, full.Distorted, geometry, masks, (float)request.Threshold, (float)request.Fade, maskedPath, statistics, request.Progress, request.Log, cancellationToken);

        VmafResult plain = route.Score(full with { Progress = StageOf("VMAF full-frame", frames, request.Progress) }, cancellationToken);
        VmafRequest masked = full with { Distorted = VmafInput.Raw(maskedPath, geometry), Label = "saliency-masked", Progress = StageOf("VMAF saliency-masked", frames, request.Progress) };
        VmafResult maskedResult = route.Score(masked, cancellationToken);
        return Assemble(request, plain, maskedResult, statistics, geometry, route.Name, fused: false, masks.Name);
    }

    /// <summary>The result and per-frame scores from the two pairs' VMAF results.</summary>
    private static bool Statistics(RoiScoreRequest request) => request.PerFrame || request.CollectMaskStatistics;

    private static RoiScoreRun Assemble(RoiScoreRequest request, VmafResult plain, VmafResult method, MaskStatistics? statistics, FrameGeometry geometry, string route, bool fused, string maskName)
    {
        double vmafFull = plain.PooledVmaf();
        double vmafMethod = method.PooledVmaf();
        bool pooled = request.Method == RoiMethod.Pooled;
        var methodByFrame = new Dictionary<int, double>();
        foreach (FrameMetrics frame in method.Frames)
        {
            if (frame.Metrics.TryGetValue(method.ModelKey, out double value))
            {
                methodByFrame[frame.FrameNumber] = value;
            }
        }

        var perFrame = new List<RoiFrameResult>();
        foreach (FrameMetrics frame in plain.Frames)
        {
            if (!frame.Metrics.TryGetValue(plain.ModelKey, out double f) || !methodByFrame.TryGetValue(frame.FrameNumber, out double m))
            {
                continue;
            }

            perFrame.Add(new RoiFrameResult
            {
                Index = frame.FrameNumber,
                VmafFull = f,
                VmafMasked = pooled ? null : m,
                VmafPooled = pooled ? m : null,
                VmafRoi = Combine(f, m, request.Weight),
                MaskMean = statistics is not null && frame.FrameNumber < statistics.FrameMeans.Count ? statistics.FrameMeans[frame.FrameNumber] : double.NaN,
            });
        }

        var result = new RoiScoreResult
        {
            Method = pooled ? RoiScoreResult.Pooled : null,
            VmafFull = vmafFull,
            VmafMasked = pooled ? null : vmafMethod,
            VmafPooled = pooled ? vmafMethod : null,
            Weight = request.Weight,
            VmafRoi = Combine(vmafFull, vmafMethod, request.Weight),
            Model = request.Model,
            SaliencyModel = request.SyntheticMask is not null ? "synthetic" : request.SaliencyModel ?? maskName,
            Reference = request.Reference,
            Distorted = request.Distorted,
            Frames = request.PerFrame ? perFrame : null,
        };
        return new RoiScoreRun { Result = result, Frames = perFrame, ClipMask = statistics?.ClipMask(), Geometry = geometry, Route = route, Fused = fused };
    }

    /// <summary>
    /// The estimated peak working set of a request: the engine's (<see cref="VmafRunner.Engine.VmafEngine.EstimateWorkingSet"/>) plus the
    /// masked-clip stage, <c>W·H·(20 + 8·T)</c>, plus, with a saliency model, <c>48 MiB + W·H·(16 + 12·T)</c> (input tensors and
    /// what the garbage collector keeps of them while VMAF runs). T is the engine's worker count. Measured peaks at 1 and 4
    /// megapixels with 1, 2 and 8 threads were at or below it (docs/engine.md).
    /// </summary>
    public static long EstimateWorkingSet(FrameGeometry geometry, RoiScoreRequest request)
    {
        int threads = EngineThreads(request);
        long pixels = (long)geometry.Width * geometry.Height;
        long estimate = VmafRunner.Engine.VmafEngine.EstimateWorkingSet(geometry, threads) + (pixels * (20 + (8L * threads)));
        if (request.SaliencyModel is not null)
        {
            estimate += (48L << 20) + (pixels * (16 + (12L * threads)));
        }

        return estimate;
    }

    // The managed route runs one worker per processor when --threads is 0; the external routes are counted the same.
    private static int EngineThreads(RoiScoreRequest request) => request.Threads > 0 ? request.Threads : Environment.ProcessorCount;

    /// <summary>The seed's blend of the two pooled scores; rejects a weight outside [0, 1] and non-finite scores.</summary>
    public static double Combine(double full, double masked, double weight)
    {
        ValidateUnit("--weight", weight);
        if (!double.IsFinite(full) || !double.IsFinite(masked))
        {
            throw new InvalidScoreException($"full={PythonFormat.Float(full)}, masked={PythonFormat.Float(masked)}");
        }

        return ((1 - weight) * full) + (weight * masked);
    }

    /// <summary>Fails with <see cref="QualityGateFailedException"/> when a score is below its bar (bars that are null are not checked).</summary>
    public static void CheckBars(RoiScoreResult result, double? minVmafRoi, double? minVmaf)
    {
        if (result.VmafRoi < minVmafRoi)
        {
            throw new QualityGateFailedException($"vmaf_roi {PythonFormat.Float(result.VmafRoi)} is below the bar {PythonFormat.Float(minVmafRoi.Value)} ({result.Distorted})");
        }

        if (result.VmafFull < minVmaf)
        {
            throw new QualityGateFailedException($"vmaf_full {PythonFormat.Float(result.VmafFull)} is below the bar {PythonFormat.Float(minVmaf.Value)} ({result.Distorted})");
        }
    }

    /// <summary>Checks a request in the seed tool's order and with its messages.</summary>
    public static void Validate(RoiScoreRequest request)
    {
        int sources = (request.SaliencyModel is null ? 0 : 1) + (request.SyntheticMask is null ? 0 : 1) + (request.MaskSource is null ? 0 : 1);
        if (sources == 0)
        {
            throw new InvalidInputException("one of --saliency-model or --synthetic-mask is required");
        }

        if (sources > 1)
        {
            throw new InvalidInputException(request.MaskSource is null
                ? "--saliency-model and --synthetic-mask are mutually exclusive"
                : "a mask source excludes --saliency-model and --synthetic-mask");
        }

        if (MethodConflict(request.Engine, request.Method) is { } conflict)
        {
            throw new InvalidInputException(conflict);
        }

        ValidateUnit("--weight", request.Weight);
        if (request.SyntheticMask is { } fill)
        {
            ValidateUnit("--synthetic-mask", fill);
        }

        ValidateUnit("--threshold", request.Threshold);
        ValidateUnit("--fade", request.Fade);

        if (request.SaliencyModel is { } model && !IsBuiltInModel(model) && !File.Exists(model))
        {
            throw new InvalidInputException($"saliency model not found: {model}", model);
        }

        if (!File.Exists(request.Reference))
        {
            throw new InvalidInputException($"reference not found: {request.Reference}", request.Reference);
        }

        if (!File.Exists(request.Distorted))
        {
            throw new InvalidInputException($"distorted not found: {request.Distorted}", request.Distorted);
        }

        // The clips are read several times (geometry, masks, two VMAF runs): a pipe would be empty the second time.
        FrameReader.EnsureRereadable(request.Reference, "reference");
        FrameReader.EnsureRereadable(request.Distorted, "distorted");

        foreach ((string flag, double? bar) in new[] { ("--min-vmaf-roi", request.MinVmafRoi), ("--min-vmaf", request.MinVmaf) })
        {
            if (bar is { } value && (!double.IsFinite(value) || value < 0 || value > 100))
            {
                throw new InvalidInputException($"{flag} must be in [0, 100], got {PythonFormat.Float(value)}");
            }
        }

        ThreadLimit.Check(request.Threads);
        if (request.SaliencySidecar is { } sidecar)
        {
            // Read-only mode only reads the sidecar; the other modes may replace it, so it must not be an input either.
            Saliency.Sidecars.SidecarTarget.Check(sidecar, "--saliency-sidecar", request.SidecarMode, [.. InputFiles(request)]);
        }
    }

    /// <summary>
    /// Every file a request reads: both clips, the saliency model file, the VMAF model file (by path, or where its
    /// version name resolves) and a read-only sidecar. Outputs are checked against these before any work.
    /// </summary>
    public static IReadOnlyList<string> InputFiles(RoiScoreRequest request)
    {
        var inputs = new List<string> { request.Reference, request.Distorted };
        if (request.SaliencyModel is { } saliency && !IsBuiltInModel(saliency))
        {
            inputs.Add(saliency);
        }

        if (ModelFiles.Of(request.Model) is { } vmafModel)
        {
            inputs.Add(vmafModel);
        }

        if (request.SaliencySidecar is { } sidecar && request.SidecarMode == Saliency.Sidecars.SidecarCacheMode.ReadOnly)
        {
            inputs.Add(sidecar);
        }

        return inputs;
    }

    /// <summary>True for the names that select a built-in saliency model (<c>default</c>, <c>classic_v1</c>, …).</summary>
    public static bool IsBuiltInModel(string name) => Saliency.SaliencyModels.IsBuiltIn(name);

    private static void ValidateUnit(string flag, double value)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1)
        {
            throw new InvalidInputException($"{flag} must be in [0, 1], got {PythonFormat.Float(value)}");
        }
    }

    /// <summary>How a request's clip at <paramref name="path"/> is opened (raw geometry from the request, else from the file).</summary>
    public static VmafInput InputFor(string path, RoiScoreRequest request)
    {
        YuvFormat? format = request.PixFmt is { } name ? YuvFormat.Parse(name) : null;
        var options = new FrameReaderOptions
        {
            Width = request.Width,
            Height = request.Height,
            Format = format,
            FfmpegPath = request.Routes.FfmpegBinary,
        };
        if (FrameReader.DetectKind(path, options) == InputKind.Raw)
        {
            options = options with { Kind = InputKind.Raw, Format = format ?? YuvFormat.Yuv420P };
        }

        return new VmafInput(path, options);
    }

    // Same geometry, and, where both streams know their length up front, the same number of whole frames.
    private static FrameGeometry CheckPair(VmafInput reference, VmafInput distorted, CancellationToken cancellationToken)
    {
        using FrameSource r = reference.Open(cancellationToken);
        using FrameSource d = distorted.Open(cancellationToken);
        if (r.Geometry != d.Geometry)
        {
            throw new InvalidInputException($"reference and distorted must be the same size and format: reference {reference.Path} is {r.Geometry}, distorted {distorted.Path} is {d.Geometry}");
        }

        if (r.FrameCount is { } rc && d.FrameCount is { } dc && rc != dc)
        {
            throw new InvalidInputException($"reference and distorted must be the same size: reference {reference.Path} has {rc} frames, distorted {distorted.Path} has {dc}");
        }

        return r.Geometry;
    }

    /// <summary>The mask provider a request describes: a synthetic constant, or the saliency model (through its sidecar when given).</summary>
    public static IMaskProvider OpenMasks(RoiScoreRequest request, VmafInput reference)
    {
        if (request.MaskSource is { } source)
        {
            return source();
        }

        if (request.SyntheticMask is { } fill)
        {
            return new SyntheticMask((float)fill);
        }

        return SaliencyMasks.Open(
            new SaliencyMaskOptions
            {
                Model = request.SaliencyModel!,
                ColorMatrix = request.ColorMatrix,
                Normalization = request.SaliencyNormalization,
                SidecarPath = request.SaliencySidecar,
                SidecarMode = request.SidecarMode,
                Log = request.Log,
                Progress = request.Progress,
            },
            reference);
    }

    private static int WriteMaskedClip(VmafInput reference, VmafInput distorted, FrameGeometry geometry, IMaskProvider masks, float threshold, float fade, string path, MaskStatistics? statistics, IProgress<FrameProgress>? progress, Action<string>? log, CancellationToken cancellationToken)
    {
        using FrameSource r = reference.Open(cancellationToken);
        using FrameSource d = distorted.Open(cancellationToken);
        using FrameWriter writer = FrameWriter.CreateRaw(path, geometry, atomic: false);
        int frames = MaskedClip.Write(r, d, masks, threshold, fade, writer, cancellationToken, progress, statistics);
        writer.Complete();

        // Both clips were read to their end here: what the decoder noticed on the way (a cut-off container) is said once.
        foreach (string warning in r.Warnings.Concat(d.Warnings))
        {
            log?.Invoke($"warning: {warning}");
        }

        return frames;
    }

    // The engine's frame reports as one stage of the ROI run (the total, when known, from the masked clip or the reader).
    private static IProgress<VmafRunner.Engine.VmafProgress>? StageOf(string stage, int? frames, IProgress<FrameProgress>? progress) =>
        progress is null ? null : new StageRelay(stage, frames, progress);

    private sealed class StageRelay(string stage, int? frames, IProgress<FrameProgress> progress) : IProgress<VmafRunner.Engine.VmafProgress>
    {
        public void Report(VmafRunner.Engine.VmafProgress value) => progress.Report(new FrameProgress(stage, value.Frames, frames, value.Elapsed));
    }
}
