using System.Text.Json.Serialization;
using VmafRoi.Contracts;

namespace VmafRoi.Materializer.Contracts;

/// <summary>Row counters of one table (seed 003's four, then one per failure status and the clip count).</summary>
[JsonContract("saliency-materializer-summary", 1)]
public sealed record MaterializerSummary
{
    /// <summary>Rows written.</summary>
    [JsonPropertyName("total")]
    [JsonPropertyOrder(0)]
    public required int Total { get; init; }

    [JsonPropertyName("ok")]
    [JsonPropertyOrder(1)]
    public required int Ok { get; init; }

    [JsonPropertyName("skipped_existing")]
    [JsonPropertyOrder(2)]
    public required int SkippedExisting { get; init; }

    /// <summary>Rows with any failure status; the four counters after it add up to this.</summary>
    [JsonPropertyName("failed")]
    [JsonPropertyOrder(3)]
    public required int Failed { get; init; }

    [JsonPropertyName("missing_source")]
    [JsonPropertyOrder(4)]
    public required int MissingSource { get; init; }

    [JsonPropertyName("missing_geometry")]
    [JsonPropertyOrder(5)]
    public required int MissingGeometry { get; init; }

    [JsonPropertyName("decode_failed")]
    [JsonPropertyOrder(6)]
    public required int DecodeFailed { get; init; }

    [JsonPropertyName("model_failed")]
    [JsonPropertyOrder(7)]
    public required int ModelFailed { get; init; }

    /// <summary>Distinct clips (resolved path and geometry) the rows asked for; each was computed once.</summary>
    [JsonPropertyName("clips")]
    [JsonPropertyOrder(8)]
    public required int Clips { get; init; }

    /// <summary>The sum of several tables' or shards' counters.</summary>
    public static MaterializerSummary Sum(IEnumerable<MaterializerSummary> parts)
    {
        MaterializerSummary[] all = [.. parts];
        return new MaterializerSummary
        {
            Total = all.Sum(p => p.Total),
            Ok = all.Sum(p => p.Ok),
            SkippedExisting = all.Sum(p => p.SkippedExisting),
            Failed = all.Sum(p => p.Failed),
            MissingSource = all.Sum(p => p.MissingSource),
            MissingGeometry = all.Sum(p => p.MissingGeometry),
            DecodeFailed = all.Sum(p => p.DecodeFailed),
            ModelFailed = all.Sum(p => p.ModelFailed),
            Clips = all.Sum(p => p.Clips),
        };
    }
}
