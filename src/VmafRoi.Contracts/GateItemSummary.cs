using System.Text.Json.Serialization;

namespace VmafRoi.Contracts;

/// <summary>
/// One item of a <see cref="GateSummary"/> (schema version 1, key order pinned). Its own contract, so a change to an
/// item's shape is a reviewed diff just like a change to the summary.
/// </summary>
[JsonContract("gate-summary-item", 1)]
public sealed record GateItemSummary
{
    /// <summary>Verdict of an item that met every bar it has.</summary>
    public const string Pass = "pass";

    /// <summary>Verdict of an item scored below a bar.</summary>
    public const string Fail = "fail";

    /// <summary>Verdict of an item that could not be scored (bad metadata, unreadable clip, tool failure).</summary>
    public const string Error = "error";

    /// <summary>Run of an item scored in this build.</summary>
    public const string Scored = "scored";

    /// <summary>Run of an item whose previous result was reused.</summary>
    public const string Reused = "reused";

    /// <summary>Run of an item that was not scored because of an error.</summary>
    public const string NotRun = "not-run";

    /// <summary>The item as written in the project (its <c>Include</c>, the distorted clip).</summary>
    [JsonPropertyName("name")]
    [JsonPropertyOrder(0)]
    public required string Name { get; init; }

    [JsonPropertyName("reference")]
    [JsonPropertyOrder(1)]
    public required string Reference { get; init; }

    [JsonPropertyName("distorted")]
    [JsonPropertyOrder(2)]
    public required string Distorted { get; init; }

    /// <summary><c>pass</c>, <c>fail</c> or <c>error</c>.</summary>
    [JsonPropertyName("verdict")]
    [JsonPropertyOrder(3)]
    public required string Verdict { get; init; }

    /// <summary><c>scored</c>, <c>reused</c> or <c>not-run</c>.</summary>
    [JsonPropertyName("run")]
    [JsonPropertyOrder(4)]
    public required string Run { get; init; }

    [JsonPropertyName("vmaf_roi")]
    [JsonPropertyOrder(5)]
    public double? VmafRoi { get; init; }

    [JsonPropertyName("vmaf_full")]
    [JsonPropertyOrder(6)]
    public double? VmafFull { get; init; }

    [JsonPropertyName("vmaf_masked")]
    [JsonPropertyOrder(7)]
    public double? VmafMasked { get; init; }

    /// <summary>The item's <c>MinVmafRoi</c> bar, when it has one.</summary>
    [JsonPropertyName("min_vmaf_roi")]
    [JsonPropertyOrder(8)]
    public double? MinVmafRoi { get; init; }

    /// <summary>The item's <c>MinVmaf</c> bar (on <c>vmaf_full</c>), when it has one.</summary>
    [JsonPropertyName("min_vmaf")]
    [JsonPropertyOrder(9)]
    public double? MinVmaf { get; init; }

    /// <summary>The item's <c>roi-score</c> JSON, relative to the summary's folder.</summary>
    [JsonPropertyName("result")]
    [JsonPropertyOrder(10)]
    public string? Result { get; init; }

    /// <summary>SHA-256 of the item's inputs (content of both clips) and scoring settings; equal keys reuse a result.</summary>
    [JsonPropertyName("input_key")]
    [JsonPropertyOrder(11)]
    public string? InputKey { get; init; }

    /// <summary>The <c>VRQ</c> code of the item's failure or error, or null when it passed.</summary>
    [JsonPropertyName("error_code")]
    [JsonPropertyOrder(12)]
    public string? ErrorCode { get; init; }
}
