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
        string aggregatorName = reader.Text("Aggregator") ?? AggregatorNames.Mean;
        double alpha = reader.Text("EmaAlpha") is { } a && double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : AggregatorSpec.DefaultEmaAlpha;
        int samples = reader.Integer("FrameSamples", 1) ?? 8;
        FrameReaderOptions clipOptions = ClipOptions.Read(reader);
        reader.ThrowIfProblems();

        AggregatorSpec spec = AggregatorSpec.Create(aggregatorName, alpha);
        IMaskAggregator aggregator = spec.CreateAggregator();
        using SaliencySidecarReader sidecar = SaliencySidecarReader.Open(ClipPaths.Full(item.ItemSpec, ProjectDirectory));
        sidecar.Verify();
        int frames = sidecar.StoredFrameCount ?? 0;
        int[] sampled = FrameSampling.Indices(frames, samples);

        FrameSource? clip = null;
        if (aggregator.NeedsLuma)
        {
            string clipPath = ClipPaths.Full(reader.Required("Clip", GateCodes.MetadataInvalid, $"the {spec.Name} aggregator needs the clip's luma"), ProjectDirectory);
            clip = FrameReader.Open(clipPath, ClipOptions.For(clipPath, clipOptions));
        }

        using (clip)
        {
            float[] mask = new float[sidecar.MaskLength];
            int next = 0;
            while (sidecar.TryReadNext(mask, out int index))
            {
                CancellationToken.ThrowIfCancellationRequested();
                using YuvFrame? frame = clip?.ReadNext();
                if (next < sampled.Length && sampled[next] == index)
                {
                    next++;
                    if (frame is null)
                    {
                        aggregator.Add(mask);
                    }
                    else
                    {
                        aggregator.Add(mask, frame.Geometry.Format.BytesPerSample == 1 ? LumaPlane.FromBytes(frame.Plane8(0)) : LumaPlane.FromWords(frame.Plane16(0), frame.Geometry.Format.BitDepth));
                    }
                }
            }
        }

        (double mean, double variance) = ClipSaliency.MeanAndVariance(aggregator.Result());
        var result = new TaskItem(item);
        result.SetMetadata("SaliencyMean", mean.ToString("R", CultureInfo.InvariantCulture));
        result.SetMetadata("SaliencyVariance", variance.ToString("R", CultureInfo.InvariantCulture));
        result.SetMetadata("Frames", frames.ToString(CultureInfo.InvariantCulture));
        result.SetMetadata("SampledFrames", string.Join(';', sampled));
        return result;
    }
}
