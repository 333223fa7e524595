using System.Text.Json.Serialization;

namespace VmafRoi.Contracts;

/// <summary>The JSON report of <c>vmaf-tune crf-search</c> (schema version 1, keys sorted like the encode report).</summary>
[JsonContract("crf-search", 1)]
public sealed record CrfSearchReport
{
    /// <summary>The schema version this shape belongs to.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>What the saliency-aware search saves over the plain one: <c>100·(1 − roi_size / plain_size)</c>; null without <c>--compare-plain</c>.</summary>
    [JsonPropertyName("bitrate_saving_percent")]
    [JsonPropertyOrder(0)]
    public required double? BitrateSavingPercent { get; init; }

    [JsonPropertyName("encoder")]
    [JsonPropertyOrder(1)]
    public required string Encoder { get; init; }

    /// <summary>Frames of the source clip.</summary>
    [JsonPropertyName("frames")]
    [JsonPropertyOrder(2)]
    public required int Frames { get; init; }

    /// <summary>Frames encoded per probe (all samples together).</summary>
    [JsonPropertyName("frames_sampled")]
    [JsonPropertyOrder(3)]
    public required int FramesSampled { get; init; }

    /// <summary>The same search without saliency ROI (<c>--compare-plain</c>); null without it.</summary>
    [JsonPropertyName("plain")]
    [JsonPropertyOrder(4)]
    public required CrfSearchOutcome? Plain { get; init; }

    [JsonPropertyName("preset")]
    [JsonPropertyOrder(5)]
    public required string Preset { get; init; }

    /// <summary>The search's own outcome: the recommended CRF, its predictions and the trace.</summary>
    [JsonPropertyName("result")]
    [JsonPropertyOrder(6)]
    public required CrfSearchOutcome Result { get; init; }

    /// <summary><c>addroi</c>, <c>prefilter</c> or <c>none</c> (a plain search).</summary>
    [JsonPropertyName("roi_mechanism")]
    [JsonPropertyOrder(7)]
    public required string RoiMechanism { get; init; }

    [JsonPropertyName("saliency_aware")]
    [JsonPropertyOrder(8)]
    public required bool SaliencyAware { get; init; }

    /// <summary>Sampled segments of the clip.</summary>
    [JsonPropertyName("samples")]
    [JsonPropertyOrder(9)]
    public required int Samples { get; init; }

    [JsonPropertyName("schema_version")]
    [JsonPropertyOrder(10)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The score to reach.</summary>
    [JsonPropertyName("target")]
    [JsonPropertyOrder(11)]
    public required double Target { get; init; }

    /// <summary><c>vmaf_roi</c> or <c>vmaf</c>.</summary>
    [JsonPropertyName("target_kind")]
    [JsonPropertyOrder(12)]
    public required string TargetKind { get; init; }
}

/// <summary>What one CRF search found (schema version 1).</summary>
[JsonContract("crf-search-outcome", 1)]
public sealed record CrfSearchOutcome
{
    /// <summary>The highest CRF predicted to meet the target (whole numbers for encoders without fractional CRF).</summary>
    [JsonPropertyName("crf")]
    [JsonPropertyOrder(0)]
    public required double Crf { get; init; }

    /// <summary>Predicted bitrate of the whole clip at <see cref="Crf"/>, kbit/s.</summary>
    [JsonPropertyName("predicted_bitrate_kbps")]
    [JsonPropertyOrder(1)]
    public required double PredictedBitrateKbps { get; init; }

    /// <summary>The target metric predicted at <see cref="Crf"/> (interpolated between the probes around it).</summary>
    [JsonPropertyName("predicted_score")]
    [JsonPropertyOrder(2)]
    public required double PredictedScore { get; init; }

    /// <summary>Predicted size of the whole clip at <see cref="Crf"/>: the samples' size scaled by the frame ratio.</summary>
    [JsonPropertyName("predicted_size_bytes")]
    [JsonPropertyOrder(3)]
    public required long PredictedSizeBytes { get; init; }

    /// <summary>False when even the lowest CRF probed missed the target.</summary>
    [JsonPropertyName("target_met")]
    [JsonPropertyOrder(4)]
    public required bool TargetMet { get; init; }

    /// <summary>Every probe, in the order it ran.</summary>
    [JsonPropertyName("trace")]
    [JsonPropertyOrder(5)]
    public required IReadOnlyList<CrfProbe> Trace { get; init; }
}

/// <summary>One encode of the samples at one CRF (schema version 1).</summary>
[JsonContract("crf-probe", 1)]
public sealed record CrfProbe
{
    [JsonPropertyName("crf")]
    [JsonPropertyOrder(0)]
    public required double Crf { get; init; }

    /// <summary>The target metric of this probe.</summary>
    [JsonPropertyName("score")]
    [JsonPropertyOrder(1)]
    public required double Score { get; init; }

    /// <summary>Size of the encoded samples.</summary>
    [JsonPropertyName("size_bytes")]
    [JsonPropertyOrder(2)]
    public required long SizeBytes { get; init; }

    [JsonPropertyName("vmaf")]
    [JsonPropertyOrder(3)]
    public required double Vmaf { get; init; }

    /// <summary>ROI-VMAF of the probe; null in a plain search for a <c>vmaf</c> target, where no mask is made.</summary>
    [JsonPropertyName("vmaf_roi")]
    [JsonPropertyOrder(4)]
    public required double? VmafRoi { get; init; }
}
