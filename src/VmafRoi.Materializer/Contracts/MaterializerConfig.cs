using System.Text.Json.Serialization;
using VmafRoi.Contracts;

namespace VmafRoi.Materializer.Contracts;

/// <summary>The effective settings of one table's run (seed 003's config, plus the model's content hash).</summary>
[JsonContract("saliency-materializer-config", 1)]
public sealed record MaterializerConfig
{
    /// <summary>Folder relative clip paths are joined to; null when paths are used as they are.</summary>
    [JsonPropertyName("root")]
    [JsonPropertyOrder(0)]
    public string? Root { get; init; }

    [JsonPropertyName("path_column")]
    [JsonPropertyOrder(1)]
    public required string PathColumn { get; init; }

    [JsonPropertyName("width_column")]
    [JsonPropertyOrder(2)]
    public required string WidthColumn { get; init; }

    [JsonPropertyName("height_column")]
    [JsonPropertyOrder(3)]
    public required string HeightColumn { get; init; }

    /// <summary>0 means none.</summary>
    [JsonPropertyName("default_width")]
    [JsonPropertyOrder(4)]
    public required int DefaultWidth { get; init; }

    /// <summary>0 means none.</summary>
    [JsonPropertyName("default_height")]
    [JsonPropertyOrder(5)]
    public required int DefaultHeight { get; init; }

    /// <summary>The id recorded in <c>saliency_model_id</c>: explicit, else the model's own id.</summary>
    [JsonPropertyName("model_id")]
    [JsonPropertyOrder(6)]
    public required string ModelId { get; init; }

    /// <summary>The ONNX file given with <c>--model-path</c>; null for the built-in default model.</summary>
    [JsonPropertyName("model_path")]
    [JsonPropertyOrder(7)]
    public string? ModelPath { get; init; }

    /// <summary>SHA-256 of the model's ONNX bytes: which weights made the numbers.</summary>
    [JsonPropertyName("model_sha256")]
    [JsonPropertyOrder(8)]
    public required string ModelSha256 { get; init; }

    [JsonPropertyName("temporal_aggregator")]
    [JsonPropertyOrder(9)]
    public required string TemporalAggregator { get; init; }

    [JsonPropertyName("ema_alpha")]
    [JsonPropertyOrder(10)]
    public required double EmaAlpha { get; init; }

    [JsonPropertyName("max_frames")]
    [JsonPropertyOrder(11)]
    public required int MaxFrames { get; init; }

    [JsonPropertyName("frame_samples")]
    [JsonPropertyOrder(12)]
    public required int FrameSamples { get; init; }

    [JsonPropertyName("overwrite")]
    [JsonPropertyOrder(13)]
    public required bool Overwrite { get; init; }

    /// <summary>Empty when the column is disabled.</summary>
    [JsonPropertyName("status_column")]
    [JsonPropertyOrder(14)]
    public required string StatusColumn { get; init; }

    [JsonPropertyName("model_id_column")]
    [JsonPropertyOrder(15)]
    public required string ModelIdColumn { get; init; }

    [JsonPropertyName("aggregator_column")]
    [JsonPropertyOrder(16)]
    public required string AggregatorColumn { get; init; }

    [JsonPropertyName("ema_alpha_column")]
    [JsonPropertyOrder(17)]
    public required string EmaAlphaColumn { get; init; }
}
