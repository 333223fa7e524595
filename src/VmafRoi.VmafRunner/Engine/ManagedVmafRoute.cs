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

    public VmafResult Score(VmafRequest request, CancellationToken cancellationToken = default)
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
            MotionVariant = _motion,
            Progress = request.Progress,
        };
        VmafScores scores = VmafEngine.Score(reference, distorted, [model], options, cancellationToken);
        return scores.ToVmafResult(Name, _motion == MotionVariant.V3_2 ? "3.2.0" : "3.0.0", $"{request.Label} (managed engine, {model.Source})");
    }
}
