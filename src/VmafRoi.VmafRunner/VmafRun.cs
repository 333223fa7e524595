using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner;

/// <summary>One model of a run: how it is named and loaded (libvmaf's <c>-m version=…:name=…:disable_clip</c>).</summary>
/// <param name="Spec">Which file or version.</param>
/// <param name="Options">Metric name, transform and clipping.</param>
public sealed record ModelRequest(ModelSpec Spec, VmafModelOptions Options)
{
    /// <summary>
    /// Parses libvmaf's <c>-m</c> text: colon-separated <c>version=</c>, <c>path=</c>, <c>name=</c>, <c>disable_clip</c>,
    /// <c>enable_transform</c>. Beyond libvmaf, the model itself may be given bare as its first part: a plain name means
    /// <c>version=NAME</c>, and an existing file or a <c>.json</c> name means <c>path=FILE</c> (see <see cref="ModelSpec.Parse"/>).
    /// </summary>
    public static ModelRequest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (File.Exists(text))
        {
            return new ModelRequest(ModelSpec.Parse("path=" + text), new VmafModelOptions());
        }

        ModelSpec? spec = null;
        var options = new VmafModelOptions();
        string[] parts = text.Split(':', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? part : part[..eq];
            string value = eq < 0 ? string.Empty : part[(eq + 1)..];
            switch (key)
            {
                case "version" or "path":
                    spec = spec is null ? ModelSpec.Parse(part) : throw new VmafModelException($"model '{text}' names more than one version or path");
                    break;
                case "name":
                    options = options with { Name = value.Length > 0 ? value : throw new VmafModelException($"model '{text}': name= is empty") };
                    break;
                case "disable_clip":
                    options = options with { DisableClip = eq < 0 || value is "true" or "1" };
                    break;
                case "enable_transform":
                    options = options with { EnableTransform = eq < 0 || value is "true" or "1" };
                    break;
                case var bare when i == 0 && eq < 0:
                    spec = ModelSpec.Parse(bare);
                    break;
                default:
                    throw new VmafModelException($"model option '{part}' is not supported (supported: version=, path=, name=, disable_clip, enable_transform, or a bare model name or .json file first)");
            }
        }

        return new ModelRequest(spec ?? throw new VmafModelException($"model '{text}' has no version= or path="), options);
    }
}

/// <summary>Everything a libvmaf-style run takes (what <c>dotnet-vmaf</c> parses its flags into).</summary>
public sealed record VmafRunRequest
{
    public required VmafInput Reference { get; init; }

    public required VmafInput Distorted { get; init; }

    /// <summary>Models to predict with; empty extracts features only (libvmaf's <c>--no_prediction</c>).</summary>
    public IReadOnlyList<ModelRequest> Models { get; init; } = [new ModelRequest(ModelSpec.Default, new VmafModelOptions())];

    /// <summary>Extra extractors (<c>--feature</c>).</summary>
    public IReadOnlyList<FeatureRequest> Features { get; init; } = [];

    public int Threads { get; init; }

    public int? FrameCount { get; init; }

    public int SkipReferenceFrames { get; init; }

    public int SkipDistortedFrames { get; init; }

    public int Subsample { get; init; } = 1;

    /// <summary>libvmaf release to reproduce; null picks it from the models and features (see <see cref="FeatureRegistry.VersionFor"/>).</summary>
    public MotionVariant? MotionVariant { get; init; }

    /// <summary>Told after every committed frame (see <see cref="VmafEngineOptions.Progress"/>); null reports nothing.</summary>
    public IProgress<VmafProgress>? Progress { get; init; }

    /// <summary>Finds models by version; null uses <see cref="ModelLocator.FromEnvironment"/>.</summary>
    public ModelLocator? Locator { get; init; }

    /// <summary>Cap on the estimated working set in bytes (see <see cref="MemoryLimit"/>); null takes the default.</summary>
    public long? MemoryLimit { get; init; }
}

/// <summary>Runs the managed engine for a libvmaf-style request.</summary>
public static class VmafRun
{
    public static VmafScores Score(VmafRunRequest request, CancellationToken cancellationToken = default)
    {
        ThreadLimit.Check(request.Threads);
        List<VmafModel> models = LoadModels(request);

        using FrameSource reference = request.Reference.Open(cancellationToken);
        using FrameSource distorted = request.Distorted.Open(cancellationToken);
        Yuv.MemoryLimit.Check(VmafEngine.EstimateWorkingSet(reference.Geometry, request.Threads), Yuv.MemoryLimit.Resolve(request.MemoryLimit), reference.Path, reference.Geometry, request.Threads);
        var options = new VmafEngineOptions
        {
            Threads = request.Threads,
            FrameCount = request.FrameCount,
            SkipReferenceFrames = request.SkipReferenceFrames,
            SkipDistortedFrames = request.SkipDistortedFrames,
            Subsample = request.Subsample,
            MotionVariant = request.MotionVariant,
            Features = request.Features,
            Progress = request.Progress,
        };
        return VmafEngine.Score(reference, distorted, models, options, cancellationToken);
    }

    /// <summary>The libvmaf release the request reproduces (<c>3.0.0</c> or <c>3.2.0</c>): asked for, or implied by its models and features.</summary>
    public static string LibvmafVersion(VmafRunRequest request) =>
        FeatureRegistry.VersionFor(request.MotionVariant, LoadModels(request), request.Features) == MotionVariant.V3_2 ? "3.2.0" : "3.0.0";

    private static List<VmafModel> LoadModels(VmafRunRequest request)
    {
        ModelLocator locator = request.Locator ?? ModelLocator.FromEnvironment();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var models = new List<VmafModel>();
        foreach (ModelRequest model in request.Models)
        {
            if (!names.Add(model.Options.Name))
            {
                throw new VmafModelException($"two models are named '{model.Options.Name}'; give each a unique name= (e.g. -m version=vmaf_v0.6.1neg:name=vmaf_neg)");
            }

            models.Add(locator.Load(model.Spec, model.Options));
        }

        return models;
    }
}
