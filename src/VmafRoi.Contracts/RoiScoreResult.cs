using System.Text.Json.Serialization;

namespace VmafRoi.Contracts;

/// <summary>The JSON result of <c>vmaf-roi-score</c> (schema version 1, key order pinned).</summary>
[JsonContract("roi-score", 1)]
public sealed record RoiScoreResult
{
    /// <summary>The schema version this shape belongs to.</summary>
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyName("schema_version")]
    [JsonPropertyOrder(0)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    [JsonPropertyName("vmaf_full")]
    [JsonPropertyOrder(1)]
    public required double VmafFull { get; init; }

    [JsonPropertyName("vmaf_masked")]
    [JsonPropertyOrder(2)]
    public required double VmafMasked { get; init; }

    [JsonPropertyName("weight")]
    [JsonPropertyOrder(3)]
    public required double Weight { get; init; }

    [JsonPropertyName("vmaf_roi")]
    [JsonPropertyOrder(4)]
    public required double VmafRoi { get; init; }

    [JsonPropertyName("model")]
    [JsonPropertyOrder(5)]
    public required string Model { get; init; }

    /// <summary><c>synthetic</c>, <c>default</c>, or the saliency model path as given.</summary>
    [JsonPropertyName("saliency_model")]
    [JsonPropertyOrder(6)]
    public required string SaliencyModel { get; init; }

    [JsonPropertyName("reference")]
    [JsonPropertyOrder(7)]
    public required string Reference { get; init; }

    [JsonPropertyName("distorted")]
    [JsonPropertyOrder(8)]
    public required string Distorted { get; init; }
}
