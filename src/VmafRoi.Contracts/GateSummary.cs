using System.Text.Json.Serialization;

namespace VmafRoi.Contracts;

/// <summary>
/// The JSON summary the <c>VmafRoiQualityGate</c> MSBuild target writes after every run (schema version 1, key order
/// pinned): one entry per <c>VmafQualityGate</c> item, whether it was scored or reused, and the overall verdict.
/// </summary>
[JsonContract("gate-summary", 1)]
public sealed record GateSummary
{
    /// <summary>The schema version this shape belongs to.</summary>
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyName("schema_version")]
    [JsonPropertyOrder(0)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>True when every item met every bar it has and none had an error.</summary>
    [JsonPropertyName("passed")]
    [JsonPropertyOrder(1)]
    public required bool Passed { get; init; }

    [JsonPropertyName("item_count")]
    [JsonPropertyOrder(2)]
    public required int ItemCount { get; init; }

    /// <summary>Items whose verdict is <c>fail</c> or <c>error</c>.</summary>
    [JsonPropertyName("failed_count")]
    [JsonPropertyOrder(3)]
    public required int FailedCount { get; init; }

    /// <summary>Items scored in this run.</summary>
    [JsonPropertyName("scored_count")]
    [JsonPropertyOrder(4)]
    public required int ScoredCount { get; init; }

    /// <summary>Items whose previous result was reused because their inputs and settings were unchanged.</summary>
    [JsonPropertyName("reused_count")]
    [JsonPropertyOrder(5)]
    public required int ReusedCount { get; init; }

    /// <summary>One entry per item, in item order.</summary>
    [JsonPropertyName("items")]
    [JsonPropertyOrder(6)]
    public required IReadOnlyList<GateItemSummary> Items { get; init; }
}
