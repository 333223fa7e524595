using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Model;

namespace VmafRoi.VmafRunner.Engine;

/// <summary>Thread CPU time spent per stage (wall time off Linux), summed over frames and threads (milliseconds).</summary>
/// <param name="Extractors">Extractor key (name plus changed feature parameters) → milliseconds.</param>
/// <param name="PredictMilliseconds">SVR prediction of every model over every scored frame.</param>
/// <param name="Frames">Frames read.</param>
public sealed record EngineTimings(IReadOnlyDictionary<string, double> Extractors, double PredictMilliseconds, int Frames);

/// <summary>What <see cref="VmafEngine.Score"/> produced: every feature and model score per frame, in libvmaf's order.</summary>
public sealed class VmafScores
{
    internal VmafScores(FeatureCollector features, int frameCount, int subsample, IReadOnlyList<VmafModel> models, TimeSpan elapsed, EngineTimings? timings, LumaGeometry geometry = default)
    {
        Geometry = geometry;
        Features = features;
        FrameCount = frameCount;
        Subsample = subsample;
        Models = models;
        Elapsed = elapsed;
        Timings = timings;
    }

    /// <summary>Luma size and bit depth of the scored frames (the XML output's <c>qualityWidth</c>/<c>qualityHeight</c>).</summary>
    public LumaGeometry Geometry { get; }

    /// <summary>Per-frame values by collector name, in insertion order (the order libvmaf writes).</summary>
    public FeatureCollector Features { get; }

    /// <summary>Frames read and processed (libvmaf's picture count).</summary>
    public int FrameCount { get; }

    public int Subsample { get; }

    public IReadOnlyList<VmafModel> Models { get; }

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Frames per second of the run (the JSON <c>fps</c>).</summary>
    public double Fps => FrameCount / Elapsed.TotalSeconds;

    public EngineTimings? Timings { get; }

    /// <summary>
    /// What the run noticed without failing, as libvmaf prints it: one input ending before the other
    /// (<c>"d.yuv" ended before "r.yuv".</c>), a container its decoder called cut off.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; internal init; } = [];

    /// <summary>The libvmaf release this run reproduced (asked for, or implied by its models and extractors).</summary>
    public MotionVariant Version { get; internal init; }

    /// <summary><see cref="Version"/> as libvmaf prints it (<c>3.0.0</c>, <c>3.2.0</c>).</summary>
    public string LibvmafVersion => Version == MotionVariant.V3_2 ? "3.2.0" : "3.0.0";

    /// <summary>Pooled values of a collector name (or its alias), or null when some scored frame lacks it.</summary>
    public PooledMetric? Pool(string name)
    {
        FeatureVector? vector = Features.Find(name) ?? Features.Vectors.FirstOrDefault(v => FeatureNaming.Alias(v.Name) == name);
        return vector is null ? null : Pooling.Pool(vector, FrameCount, Subsample);
    }

    /// <summary>The pooled mean of a model's score (default: the first model).</summary>
    /// <exception cref="InvalidScoreException">No such model score, or it is not finite.</exception>
    public double PooledScore(string? modelName = null)
    {
        string name = modelName ?? (Models.Count > 0 ? Models[0].Name : "vmaf");
        PooledMetric pooled = Pool(name) ?? throw new InvalidScoreException($"no pooled '{name}' (was a model run?)");
        return double.IsFinite(pooled.Mean) ? pooled.Mean : throw new InvalidScoreException($"pooled {name} is {pooled.Mean}");
    }

    /// <summary>Frame indices the writers report: every frame with a value, honouring the subsample.</summary>
    public IEnumerable<int> ReportedFrames()
    {
        int capacity = Features.Capacity;
        for (int i = 0; i < capacity; i++)
        {
            if (Subsample > 1 && i % Subsample != 0)
            {
                continue;
            }

            if (Features.Vectors.Any(v => v.IsWritten(i)))
            {
                yield return i;
            }
        }
    }

    /// <summary>Adapts to the route-neutral <see cref="VmafResult"/> (names aliased as libvmaf writes them).</summary>
    public VmafResult ToVmafResult(string route = "managed", string version = "3.0.0", string? source = null)
    {
        var frames = new List<FrameMetrics>();
        foreach (int i in ReportedFrames())
        {
            var metrics = new OrderedDictionary<string, double>(StringComparer.Ordinal);
            foreach (FeatureVector v in Features.Vectors)
            {
                if (v.TryGet(i, out double value))
                {
                    metrics[FeatureNaming.Alias(v.Name)] = value;
                }
            }

            frames.Add(new FrameMetrics(i, metrics));
        }

        var pooled = new OrderedDictionary<string, PooledMetric>(StringComparer.Ordinal);
        foreach (FeatureVector v in Features.Vectors)
        {
            if (Pooling.Pool(v, FrameCount, Subsample) is { } p)
            {
                pooled[FeatureNaming.Alias(v.Name)] = p;
            }
        }

        return new VmafResult
        {
            Route = route,
            ModelKey = Models.Count > 0 ? Models[0].Name : "vmaf",
            Version = version,
            Frames = frames,
            Pooled = pooled,
            Source = source,
        };
    }
}
