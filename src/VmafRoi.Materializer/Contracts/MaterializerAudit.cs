using System.Text.Json.Serialization;
using VmafRoi.Contracts;

namespace VmafRoi.Materializer.Contracts;

/// <summary>
/// The audit of one table's run (schema <c>saliency-materializer-audit-v1</c>): what was read and written, the
/// effective config, the row counters, which shard it was, and the run's provenance.
/// </summary>
[JsonContract("saliency-materializer-audit", 1)]
public sealed record MaterializerAudit
{
    /// <summary>The schema name every audit carries.</summary>
    public const string SchemaName = "saliency-materializer-audit-v1";

    [JsonPropertyName("schema")]
    [JsonPropertyOrder(0)]
    public string Schema { get; init; } = SchemaName;

    /// <summary>The input table as given.</summary>
    [JsonPropertyName("input")]
    [JsonPropertyOrder(1)]
    public required string Input { get; init; }

    /// <summary>The output table as given.</summary>
    [JsonPropertyName("output")]
    [JsonPropertyOrder(2)]
    public required string Output { get; init; }

    [JsonPropertyName("config")]
    [JsonPropertyOrder(3)]
    public required MaterializerConfig Config { get; init; }

    [JsonPropertyName("summary")]
    [JsonPropertyOrder(4)]
    public required MaterializerSummary Summary { get; init; }

    /// <summary>Which share of the table this run wrote; null for a whole table (also a merged one).</summary>
    [JsonPropertyName("shard")]
    [JsonPropertyOrder(5)]
    public ShardAudit? Shard { get; init; }

    [JsonPropertyName("run_provenance")]
    [JsonPropertyOrder(6)]
    public required RunProvenance RunProvenance { get; init; }
}

/// <summary>A shard run's place in its table.</summary>
[JsonContract("saliency-materializer-shard", 1)]
public sealed record ShardAudit
{
    /// <summary>0-based shard index.</summary>
    [JsonPropertyName("index")]
    [JsonPropertyOrder(0)]
    public required int Index { get; init; }

    [JsonPropertyName("count")]
    [JsonPropertyOrder(1)]
    public required int Count { get; init; }

    /// <summary>Rows of the whole input table (every shard sees them all and writes its own).</summary>
    [JsonPropertyName("table_rows")]
    [JsonPropertyOrder(2)]
    public required int TableRows { get; init; }

    /// <summary>SHA-256 of the input table's content, so shards of different inputs never merge.</summary>
    [JsonPropertyName("input_sha256")]
    [JsonPropertyOrder(3)]
    public required string InputSha256 { get; init; }

    /// <summary>SHA-256 of this shard's output, checked by <c>merge</c>.</summary>
    [JsonPropertyName("output_sha256")]
    [JsonPropertyOrder(4)]
    public required string OutputSha256 { get; init; }
}
