using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner;

/// <summary>Pooled values of one metric over the scored frames.</summary>
public readonly record struct PooledMetric(double Min, double Max, double Mean, double HarmonicMean);

/// <summary>The metrics of one frame, in the order libvmaf reports them.</summary>
/// <param name="FrameNumber">The frame index.</param>
/// <param name="Metrics">Metric name → value, in report order.</param>
public sealed record FrameMetrics(int FrameNumber, IReadOnlyDictionary<string, double> Metrics);

/// <summary>What a VMAF run produced, whichever route ran it.</summary>
public sealed record VmafResult
{
    /// <summary>The route that produced it: <c>libvmaf</c>, <c>ffmpeg</c> or <c>managed</c>.</summary>
    public required string Route { get; init; }

    /// <summary>The metric name the model's prediction is stored under (normally <c>vmaf</c>).</summary>
    public string ModelKey { get; init; } = "vmaf";

    /// <summary>The libvmaf version string the output reports, when known.</summary>
    public string? Version { get; init; }

    public required IReadOnlyList<FrameMetrics> Frames { get; init; }

    /// <summary>Metric name → pooled values, in report order.</summary>
    public required IReadOnlyDictionary<string, PooledMetric> Pooled { get; init; }

    /// <summary>The older top-level <c>"VMAF score"</c> field, when the output had one.</summary>
    public double? LegacyScore { get; init; }

    /// <summary>Where the result was read from, for error messages (e.g. the JSON file).</summary>
    public string? Source { get; init; }

    /// <summary>
    /// The pooled VMAF: <c>pooled_metrics.vmaf.mean</c>, else the top-level <c>VMAF score</c>.
    /// </summary>
    /// <exception cref="InvalidScoreException">Neither is present, or the value is not finite.</exception>
    public double PooledVmaf()
    {
        double? score = Pooled.TryGetValue(ModelKey, out PooledMetric pooled) ? pooled.Mean : LegacyScore;
        string where = Source is null ? string.Empty : $" in {Source}";
        if (score is not { } value)
        {
            throw new InvalidScoreException($"no pooled_metrics.{ModelKey}.mean and no \"VMAF score\"{where}");
        }

        return double.IsFinite(value) ? value : throw new InvalidScoreException($"pooled {ModelKey} is {value}{where}");
    }
}
