using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VmafRoi.Sdk.Tasks.Metadata;
using VmafRoi.VmafRunner;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.VmafRunner.Routes;
using VmafRoi.Yuv;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// Plain (full-frame) VMAF of each item against its reference. In process: the managed engine is pure managed code,
/// and the libvmaf and ffmpeg routes are child processes anyway; no saliency model is involved.
/// </summary>
public sealed class VmafRoiVmafScore : VmafRoiTask
{
    /// <summary>Distorted clips; metadata <c>Reference</c>, <c>Model</c>, <c>Engine</c> (default managed), <c>Threads</c>, raw <c>Width</c>/<c>Height</c>/<c>PixFmt</c>.</summary>
    [Required]
    public ITaskItem[] Items { get; set; } = [];

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>Most items scored at once; 0 means one per processor.</summary>
    public int MaxParallel { get; set; } = 1;

    /// <summary>Folders (';'-separated) holding libvmaf model JSON files, searched before <c>$VMAF_MODEL_PATH</c> (managed engine).</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>
    /// The items with <c>Vmaf</c> (pooled mean), <c>VmafMin</c>, <c>VmafHarmonicMean</c>, <c>Frames</c> and
    /// <c>Route</c> metadata.
    /// </summary>
    [Output]
    public ITaskItem[] Scored { get; private set; } = [];

    protected override bool Run()
    {
        if (MaxParallel < 0)
        {
            LogCoded(GateCodes.SettingInvalid, $"MaxParallel must be 0 (one per processor) or more, got {MaxParallel}");
            return false;
        }

        Scored = [.. ForEachItem(Items, "VmafRoiVmafScore", Score, MaxParallel == 0 ? Environment.ProcessorCount : MaxParallel)];
        return !Log.HasLoggedErrors;
    }

    private ITaskItem Score(ITaskItem item)
    {
        var reader = new MetadataReader(item, "VmafRoiVmafScore");
        string reference = reader.Required(MetadataNames.Reference, GateCodes.MissingReference, "the reference clip");
        string engine = reader.OneOf(MetadataNames.Engine, RoiItem.Engines) ?? "managed";
        int threads = reader.Integer(MetadataNames.Threads, 0) ?? 0;
        FrameReaderOptions options = ClipOptions.Read(reader);
        reader.ThrowIfProblems();

        string referencePath = ClipPaths.Full(reference, ProjectDirectory);
        string distortedPath = ClipPaths.Full(item.ItemSpec, ProjectDirectory);
        FrameReader.EnsureFileExists(referencePath);
        FrameReader.EnsureFileExists(distortedPath);
        IVmafRoute route = engine == "managed" ? new ManagedVmafRoute(Models()) : VmafRoutes.Resolve(Kind(engine));
        var request = new VmafRequest
        {
            Reference = new VmafInput(referencePath, ClipOptions.For(referencePath, options)),
            Distorted = new VmafInput(distortedPath, ClipOptions.For(distortedPath, options)),
            Model = ModelSpec.Parse(reader.Text(MetadataNames.Model) ?? ModelSpec.Default.Text),
            Threads = threads,
        };
        VmafResult result = route.Score(request, CancellationToken);
        double pooled = result.PooledVmaf();
        PooledMetric metric = result.Pooled.TryGetValue(result.ModelKey, out PooledMetric p) ? p : new PooledMetric(pooled, pooled, pooled, pooled);
        var scored = new TaskItem(item);
        scored.SetMetadata(MetadataNames.Vmaf, pooled.ToString("R", CultureInfo.InvariantCulture));
        scored.SetMetadata("VmafMin", metric.Min.ToString("R", CultureInfo.InvariantCulture));
        scored.SetMetadata("VmafHarmonicMean", metric.HarmonicMean.ToString("R", CultureInfo.InvariantCulture));
        scored.SetMetadata("Frames", result.Frames.Count.ToString(CultureInfo.InvariantCulture));
        scored.SetMetadata("Route", result.Route);
        return scored;
    }

    // The build node's environment is shared by every project: extra model folders go to the locator, never to the variable.
    private ModelLocator Models() => ModelLocator.FromEnvironment().WithFoldersFirst(
        (ModelDirectory ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => Path.GetFullPath(f, ProjectDirectory)));

    private static VmafEngineKind Kind(string engine) => engine switch
    {
        "libvmaf" => VmafEngineKind.Libvmaf,
        "ffmpeg" => VmafEngineKind.Ffmpeg,
        "managed" => VmafEngineKind.Managed,
        _ => VmafEngineKind.Auto,
    };
}
