using System.Text.Json.Serialization;
using VmafRoi.Contracts;

namespace VmafRoi.Materializer.Contracts;

/// <summary>The report of a batch run over a manifest (schema <c>saliency-materializer-batch-v1</c>).</summary>
[JsonContract("saliency-materializer-batch", 1)]
public sealed record BatchReport
{
    /// <summary>The schema name every batch report carries.</summary>
    public const string SchemaName = "saliency-materializer-batch-v1";

    [JsonPropertyName("schema")]
    [JsonPropertyOrder(0)]
    public string Schema { get; init; } = SchemaName;

    /// <summary><c>ok</c>, <c>row-failures</c> (only rows failed) or <c>failed</c> (a table raised or was not run).</summary>
    [JsonPropertyName("status")]
    [JsonPropertyOrder(1)]
    public required string Status { get; init; }

    /// <summary>The manifest as given.</summary>
    [JsonPropertyName("manifest")]
    [JsonPropertyOrder(2)]
    public required string Manifest { get; init; }

    [JsonPropertyName("summary")]
    [JsonPropertyOrder(3)]
    public required BatchSummary Summary { get; init; }

    /// <summary>One entry per manifest table, in manifest order, run or not.</summary>
    [JsonPropertyName("tables")]
    [JsonPropertyOrder(4)]
    public required IReadOnlyList<BatchTableReport> Tables { get; init; }

    [JsonPropertyName("run_provenance")]
    [JsonPropertyOrder(5)]
    public required RunProvenance RunProvenance { get; init; }
}

/// <summary>Counters over every table of a batch.</summary>
[JsonContract("saliency-materializer-batch-summary", 1)]
public sealed record BatchSummary
{
    [JsonPropertyName("tables")]
    [JsonPropertyOrder(0)]
    public required int Tables { get; init; }

    /// <summary>Tables whose status is not <c>ok</c>.</summary>
    [JsonPropertyName("failed_tables")]
    [JsonPropertyOrder(1)]
    public required int FailedTables { get; init; }

    [JsonPropertyName("total")]
    [JsonPropertyOrder(2)]
    public required int Total { get; init; }

    [JsonPropertyName("ok")]
    [JsonPropertyOrder(3)]
    public required int Ok { get; init; }

    [JsonPropertyName("skipped_existing")]
    [JsonPropertyOrder(4)]
    public required int SkippedExisting { get; init; }

    [JsonPropertyName("failed")]
    [JsonPropertyOrder(5)]
    public required int Failed { get; init; }
}

/// <summary>One table of a batch.</summary>
[JsonContract("saliency-materializer-batch-table", 1)]
public sealed record BatchTableReport
{
    [JsonPropertyName("id")]
    [JsonPropertyOrder(0)]
    public required string Id { get; init; }

    /// <summary>The resolved input path.</summary>
    [JsonPropertyName("input")]
    [JsonPropertyOrder(1)]
    public required string Input { get; init; }

    /// <summary>The resolved output path.</summary>
    [JsonPropertyName("output")]
    [JsonPropertyOrder(2)]
    public required string Output { get; init; }

    /// <summary>The resolved per-table audit path, or null when the table has none.</summary>
    [JsonPropertyName("audit_json")]
    [JsonPropertyOrder(3)]
    public required string? AuditJson { get; init; }

    /// <summary>The table's effective config; null when the table failed before its model was known.</summary>
    [JsonPropertyName("config")]
    [JsonPropertyOrder(4)]
    public required MaterializerConfig? Config { get; init; }

    /// <summary>Row counters; null when the table raised before writing.</summary>
    [JsonPropertyName("summary")]
    [JsonPropertyOrder(5)]
    public required MaterializerSummary? Summary { get; init; }

    /// <summary><c>ok</c>, <c>row-failures</c> or <c>error</c>.</summary>
    [JsonPropertyName("status")]
    [JsonPropertyOrder(6)]
    public required string Status { get; init; }

    /// <summary>Why the table is <c>error</c>; absent otherwise.</summary>
    [JsonPropertyName("error")]
    [JsonPropertyOrder(7)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }
}
