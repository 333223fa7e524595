using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VmafRoi.Aggregators;
using VmafRoi.Saliency;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Sdk.Tasks.Metadata;
using VmafRoi.Yuv;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// The clip-level saliency of each sidecar: the sampled frames' masks reduced by an aggregator (mean, ema, max,
/// motion-weighted), reported as mean and variance. In process: it reads a sidecar file and never runs a model.
/// </summary>
public sealed class VmafRoiAggregate : VmafRoiTask
{
    /// <summary>
    /// Sidecars (Include = sidecar path); metadata <c>Aggregator</c> (default mean), <c>EmaAlpha</c>,
    /// <c>FrameSamples</c> (default 8), and <c>Clip</c> (+ raw <c>Width</c>/<c>Height</c>/<c>PixFmt</c>) for
    /// motion-weighted, which needs each sampled frame's luma.
    /// </summary>
    [Required]
    public ITaskItem[] Sidecars { get; set; } = [];

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The sidecars with <c>SaliencyMean</c>, <c>SaliencyVariance</c>, <c>Frames</c> and <c>SampledFrames</c> metadata.</summary>
    [Output]
    public ITaskItem[] Aggregated { get; private set; } = [];

    protected override bool Run()
    {
        Aggregated = [.. ForEachItem(Sidecars, "VmafRoiAggregate", Aggregate)];
        return !Log.HasLoggedErrors;
    }

    private ITaskItem Aggregate(ITaskItem item)
    {
        var reader = new MetadataReader(item, "VmafRoiAggregate");
        string aggregatorName = reader.OneOf("Aggregator", [.. AggregatorNames.All]) ?? AggregatorNames.Mean;
        double alpha = reader.Unit("EmaAlpha") ?? AggregatorSpec.DefaultEmaAlpha;
        int samples = reader.Integer("FrameSamples", 1) ?? 8;
        FrameReaderOptions clipOptions = ClipOptions.Read(reader);
        string? clip = reader.Text("Clip");
        if (clip is null && aggregatorName == AggregatorNames.MotionWeighted)
        {
            reader.Add(GateCodes.MetadataInvalid, $"the {aggregatorName} aggregator needs the clip's luma: set Clip");
        }

        reader.ThrowIfProblems();

        AggregatorSpec spec = AggregatorSpec.Create(aggregatorName, alpha);
        string? clipPath = clip is null ? null : ClipPaths.Full(clip, ProjectDirectory);
        using SaliencySidecarReader sidecar = SaliencySidecarReader.Open(ClipPaths.Full(item.ItemSpec, ProjectDirectory));
        ClipAggregate aggregate = ClipMasks.Aggregate(
            sidecar,
            clipPath is null ? null : () => FrameReader.Open(clipPath, ClipOptions.For(clipPath, clipOptions)),
            spec,
            samples,
            cancellationToken: CancellationToken);

        var result = new TaskItem(item);
        result.SetMetadata("SaliencyMean", aggregate.Mean.ToString("R", CultureInfo.InvariantCulture));
        result.SetMetadata("SaliencyVariance", aggregate.Variance.ToString("R", CultureInfo.InvariantCulture));
        result.SetMetadata("Frames", aggregate.Frames.ToString(CultureInfo.InvariantCulture));
        result.SetMetadata("SampledFrames", string.Join(';', aggregate.SampledFrames));
        return result;
    }
}
