using VmafRoi.Blend;
using VmafRoi.Contracts;
using VmafRoi.Saliency;
using VmafRoi.VmafRunner.Routes;
using VmafRoi.Yuv;
using VmafRoi.Yuv.IO;

namespace VmafRoi.VmafRunner.Roi;

/// <summary>
/// Region-of-interest VMAF: <c>vmaf_roi = (1 − w)·vmaf_full + w·vmaf_masked</c>, where the masked run scores a copy of
/// the distorted clip whose low-saliency pixels were replaced by the reference's (seed 000).
/// </summary>
public static class RoiScorer
{
    /// <summary>Scores a request end to end.</summary>
    public static RoiScoreResult Score(RoiScoreRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        VmafInput reference = InputFor(request.Reference, request);
        VmafInput distorted = InputFor(request.Distorted, request);
        FrameGeometry geometry = CheckPair(reference, distorted);
        LibvmafFormats.Check(geometry.Format, request.Reference); // every route is bound by it; fail before the masked clip
        IVmafRoute route = VmafRoutes.Resolve(request.Engine, request.Routes);
        ModelSpec model = ModelSpec.Parse(request.Model);
        route.CheckModel(model);

        DirectoryInfo work = Directory.CreateTempSubdirectory("vmaf-roi-score-");
        try
        {
            string maskedPath = Path.Combine(work.FullName, "masked.yuv");
            int frames;
            using (IMaskProvider masks = OpenMasks(request, reference))
            {
                frames = WriteMaskedClip(reference, distorted, geometry, masks, (float)request.Threshold, (float)request.Fade, maskedPath, request.Progress, cancellationToken);
            }

            var full = new VmafRequest { Reference = reference, Distorted = distorted, Model = model, Threads = request.Threads, Label = "full-frame", Progress = StageOf("VMAF full-frame", frames, request.Progress) };
            double vmafFull = route.Score(full, cancellationToken).PooledVmaf();
            VmafRequest masked = full with { Distorted = VmafInput.Raw(maskedPath, geometry), Label = "saliency-masked", Progress = StageOf("VMAF saliency-masked", frames, request.Progress) };
            double vmafMasked = route.Score(masked, cancellationToken).PooledVmaf();

            return new RoiScoreResult
            {
                VmafFull = vmafFull,
                VmafMasked = vmafMasked,
                Weight = request.Weight,
                VmafRoi = Combine(vmafFull, vmafMasked, request.Weight),
                Model = request.Model,
                SaliencyModel = request.SyntheticMask is not null ? "synthetic" : request.SaliencyModel!,
                Reference = request.Reference,
                Distorted = request.Distorted,
            };
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

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
        if (request.SaliencyModel is null && request.SyntheticMask is null)
        {
            throw new InvalidInputException("one of --saliency-model or --synthetic-mask is required");
        }

        if (request.SaliencyModel is not null && request.SyntheticMask is not null)
        {
            throw new InvalidInputException("--saliency-model and --synthetic-mask are mutually exclusive");
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

        foreach ((string flag, double? bar) in new[] { ("--min-vmaf-roi", request.MinVmafRoi), ("--min-vmaf", request.MinVmaf) })
        {
            if (bar is { } value && (!double.IsFinite(value) || value < 0 || value > 100))
            {
                throw new InvalidInputException($"{flag} must be in [0, 100], got {PythonFormat.Float(value)}");
            }
        }

        if (request.SaliencySidecar is { } sidecar)
        {
            AtomicFile.CheckTarget(sidecar, "--saliency-sidecar", request.Reference, request.Distorted, request.SaliencyModel);
        }

        if (request.Threads < 0)
        {
            throw new InvalidInputException($"--threads must be 0 or more, got {request.Threads}");
        }
    }

    /// <summary>True for the names that select a built-in saliency model (<c>default</c>, <c>classic_v1</c>, …).</summary>
    public static bool IsBuiltInModel(string name) => SaliencyModels.IsBuiltIn(name);

    private static void ValidateUnit(string flag, double value)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1)
        {
            throw new InvalidInputException($"{flag} must be in [0, 1], got {PythonFormat.Float(value)}");
        }
    }

    private static VmafInput InputFor(string path, RoiScoreRequest request)
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
    private static FrameGeometry CheckPair(VmafInput reference, VmafInput distorted)
    {
        using FrameSource r = reference.Open();
        using FrameSource d = distorted.Open();
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

    private static IMaskProvider OpenMasks(RoiScoreRequest request, VmafInput reference)
    {
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

    private static int WriteMaskedClip(VmafInput reference, VmafInput distorted, FrameGeometry geometry, IMaskProvider masks, float threshold, float fade, string path, IProgress<FrameProgress>? progress, CancellationToken cancellationToken)
    {
        using FrameSource r = reference.Open();
        using FrameSource d = distorted.Open();
        using FrameWriter writer = FrameWriter.CreateRaw(path, geometry, atomic: false);
        int frames = MaskedClip.Write(r, d, masks, threshold, fade, writer, cancellationToken, progress);
        writer.Complete();
        return frames;
    }

    // The engine's frame reports as one stage of the ROI run, whose frame count the masked clip has told.
    private static IProgress<Engine.VmafProgress>? StageOf(string stage, int frames, IProgress<FrameProgress>? progress) =>
        progress is null ? null : new StageRelay(stage, frames, progress);

    private sealed class StageRelay(string stage, int frames, IProgress<FrameProgress> progress) : IProgress<Engine.VmafProgress>
    {
        public void Report(Engine.VmafProgress value) => progress.Report(new FrameProgress(stage, value.Frames, frames, value.Elapsed));
    }
}
