using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine;

/// <summary>The <c>managed</c> route: <see cref="VmafEngine"/> behind <see cref="IVmafRoute"/>.</summary>
public sealed class ManagedVmafRoute : IVmafRoute
{
    private readonly ModelLocator _locator;
    private readonly MotionVariant _motion;

    /// <param name="locator">Finds models named by version; null uses <see cref="ModelLocator.FromEnvironment"/>.</param>
    /// <param name="motion">Which libvmaf release's motion to reproduce.</param>
    public ManagedVmafRoute(ModelLocator? locator = null, MotionVariant motion = MotionVariant.V3_0)
    {
        _locator = locator ?? ModelLocator.FromEnvironment();
        _motion = motion;
    }

    public string Name => "managed";

    /// <summary>Loads the model once, so a missing or malformed one fails before frames are read.</summary>
    public void CheckModel(ModelSpec model) => _locator.Load(model);

    public VmafResult Score(VmafRequest request, CancellationToken cancellationToken = default) =>
        Run(request, null, cancellationToken).Plain;

    /// <summary>
    /// Scores the request's pair and, in the same pass, the extra pairs <paramref name="frames"/> supplies per frame
    /// (<see cref="VmafEngine.ScoreFused"/>): each comes back as its own result, labelled <c>LABEL (second)</c> or
    /// <c>LABEL (weighted)</c>.
    /// </summary>
    public FusedVmafResult ScoreFused(VmafRequest request, IFusedFrames frames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return Run(request, frames, cancellationToken);
    }

    private FusedVmafResult Run(VmafRequest request, IFusedFrames? frames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Subsample < 1)
        {
            throw new InvalidInputException($"{request.Label}: subsample must be at least 1, got {request.Subsample}");
        }

        VmafModel model = _locator.Load(request.Model);
        using FrameSource reference = request.Reference.Open(cancellationToken);
        using FrameSource distorted = request.Distorted.Open(cancellationToken);
        var options = new VmafEngineOptions
        {
            Threads = request.Threads > 0 ? request.Threads : Environment.ProcessorCount,
            FrameCount = request.FrameCount,
            SkipReferenceFrames = request.SkipReferenceFrames,
            SkipDistortedFrames = request.SkipDistortedFrames,
            Subsample = request.Subsample,
            // 3.0 is the routes' default, not a demand: a model only libvmaf 3.2.0 has still runs as 3.2.0.
            MotionVariant = _motion == MotionVariant.V3_0 ? null : _motion,
            Progress = request.Progress,
        };
        if (frames is null)
        {
            VmafScores scores = VmafEngine.Score(reference, distorted, [model], options, cancellationToken);
            return new FusedVmafResult(scores.ToVmafResult(Name, scores.LibvmafVersion, $"{request.Label} (managed engine, {model.Source})"), null, null);
        }

        FusedScores fused = VmafEngine.ScoreFused(reference, distorted, [model], frames, options, cancellationToken);
        string version = fused.Plain.LibvmafVersion;
        return new FusedVmafResult(
            fused.Plain.ToVmafResult(Name, version, $"{request.Label} (managed engine, {model.Source})"),
            fused.Second?.ToVmafResult(Name, version, $"{request.Label} (second) (managed engine, {model.Source})"),
            fused.Weighted?.ToVmafResult(Name, version, $"{request.Label} (weighted) (managed engine, {model.Source})"))
        {
            Warnings = fused.Plain.Warnings,
        };
    }
}

/// <summary>The results of a fused managed run: the plain pair, and the second and weighted pairs when the run had them.</summary>
public sealed record FusedVmafResult(VmafResult Plain, VmafResult? Second, VmafResult? Weighted)
{
    /// <summary>What the run noticed without failing (an input ending first, a cut-off container).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
