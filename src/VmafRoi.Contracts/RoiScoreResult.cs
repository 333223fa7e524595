using System.Text.Json.Serialization;

namespace VmafRoi.Contracts;

/// <summary>
/// The JSON result of <c>vmaf-roi-score</c> and of <c>RoiScorer.Score</c>, key order pinned. Without <c>--method pooled</c>
/// and <c>--per-frame</c> it is exactly schema 1 (the seed tool's keys); those flags add keys (<c>method</c>,
/// <c>vmaf_pooled</c> in place of <c>vmaf_masked</c>, <c>frames</c>) and the document then says <c>schema_version</c> 2.
/// </summary>
[JsonContract("roi-score", 2)]
public sealed record RoiScoreResult
{
    /// <summary>The schema of a document with only the seed tool's keys.</summary>
    public const int BaseSchemaVersion = 1;

    /// <summary>The schema of a document with any of the keys added since (<c>method</c>, <c>vmaf_pooled</c>, <c>frames</c>).</summary>
    public const int CurrentSchemaVersion = 2;

    /// <summary><c>substitution</c>: the seed's masked copy of the distorted clip.</summary>
    public const string Substitution = "substitution";

    /// <summary><c>pooled</c>: saliency-weighted pooling inside the features (docs/roi.md).</summary>
    public const string Pooled = "pooled";

    /// <summary>1 for a document with only the seed tool's keys, else 2.</summary>
    [JsonPropertyName("schema_version")]
    [JsonPropertyOrder(0)]
    public int SchemaVersion => Method is null && VmafPooled is null && Frames is null ? BaseSchemaVersion : CurrentSchemaVersion;

    /// <summary><c>pooled</c> with <c>--method pooled</c>; absent for the default substitution.</summary>
    [JsonPropertyName("method")]
    [JsonPropertyOrder(1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Method { get; init; }

    [JsonPropertyName("vmaf_full")]
    [JsonPropertyOrder(2)]
    public required double VmafFull { get; init; }

    /// <summary>Pooled VMAF of the saliency-masked clip (substitution); absent with <c>--method pooled</c>.</summary>
    [JsonPropertyName("vmaf_masked")]
    [JsonPropertyOrder(3)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? VmafMasked { get; init; }

    /// <summary>VMAF with every feature's per-pixel contributions weighted by the saliency mask (<c>--method pooled</c>).</summary>
    [JsonPropertyName("vmaf_pooled")]
    [JsonPropertyOrder(4)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? VmafPooled { get; init; }

    [JsonPropertyName("weight")]
    [JsonPropertyOrder(5)]
    public required double Weight { get; init; }

    /// <summary><c>(1 − weight)·vmaf_full + weight·</c>(<c>vmaf_masked</c> or <c>vmaf_pooled</c>).</summary>
    [JsonPropertyName("vmaf_roi")]
    [JsonPropertyOrder(6)]
    public required double VmafRoi { get; init; }

    [JsonPropertyName("model")]
    [JsonPropertyOrder(7)]
    public required string Model { get; init; }

    /// <summary><c>synthetic</c>, <c>default</c>, or the saliency model path as given.</summary>
    [JsonPropertyName("saliency_model")]
    [JsonPropertyOrder(8)]
    public required string SaliencyModel { get; init; }

    [JsonPropertyName("reference")]
    [JsonPropertyOrder(9)]
    public required string Reference { get; init; }

    [JsonPropertyName("distorted")]
    [JsonPropertyOrder(10)]
    public required string Distorted { get; init; }

    /// <summary>Every scored frame, with <c>--per-frame</c>.</summary>
    [JsonPropertyName("frames")]
    [JsonPropertyOrder(11)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RoiFrameResult>? Frames { get; init; }

    /// <summary>The method's score: <see cref="VmafPooled"/> with <c>pooled</c>, else <see cref="VmafMasked"/>.</summary>
    [JsonIgnore]
    public double MethodScore => VmafPooled ?? VmafMasked ?? double.NaN;
}

/// <summary>One frame of a <see cref="RoiScoreResult"/> (<c>--per-frame</c>), key order pinned.</summary>
[JsonContract("roi-score-frame", 1)]
public sealed record RoiFrameResult
{
    /// <summary>The frame index (0-based, after any skipped frames).</summary>
    [JsonPropertyName("index")]
    [JsonPropertyOrder(0)]
    public required int Index { get; init; }

    [JsonPropertyName("vmaf_full")]
    [JsonPropertyOrder(1)]
    public required double VmafFull { get; init; }

    [JsonPropertyName("vmaf_masked")]
    [JsonPropertyOrder(2)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? VmafMasked { get; init; }

    [JsonPropertyName("vmaf_pooled")]
    [JsonPropertyOrder(3)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? VmafPooled { get; init; }

    [JsonPropertyName("vmaf_roi")]
    [JsonPropertyOrder(4)]
    public required double VmafRoi { get; init; }

    /// <summary>The mean of the frame's saliency mask, in [0, 1].</summary>
    [JsonPropertyName("mask_mean")]
    [JsonPropertyOrder(5)]
    public required double MaskMean { get; init; }

    /// <summary>The method's score of this frame.</summary>
    [JsonIgnore]
    public double MethodScore => VmafPooled ?? VmafMasked ?? double.NaN;
}
