using System.Text.Json.Serialization;

namespace VmafRoi.Contracts;

/// <summary>
/// The JSON report of <c>vmaf-tune recommend-saliency</c> (schema version 1). Keys are sorted, as the seed tool wrote
/// them (its eleven keys keep their names and meaning), and ours interleave in the same order.
/// </summary>
[JsonContract("saliency-encode", 1)]
public sealed record SaliencyEncodeReport
{
    /// <summary>The schema version this shape belongs to.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Base quality before ROI offsets.</summary>
    [JsonPropertyName("crf")]
    [JsonPropertyOrder(0)]
    public required double Crf { get; init; }

    [JsonPropertyName("encode_size_bytes")]
    [JsonPropertyOrder(1)]
    public required long EncodeSizeBytes { get; init; }

    /// <summary>Wall time of the encode itself (frames piped into the encoder until it finished), in milliseconds.</summary>
    [JsonPropertyName("encode_time_ms")]
    [JsonPropertyOrder(2)]
    public required double EncodeTimeMs { get; init; }

    [JsonPropertyName("encoder")]
    [JsonPropertyOrder(3)]
    public required string Encoder { get; init; }

    /// <summary>What the encoder said its version was (e.g. <c>x264 core 164 r3095 baee400</c>), or <c>unknown</c>.</summary>
    [JsonPropertyName("encoder_version")]
    [JsonPropertyOrder(4)]
    public required string EncoderVersion { get; init; }

    /// <summary>The encoding process's exit status.</summary>
    [JsonPropertyName("exit_status")]
    [JsonPropertyOrder(5)]
    public required int ExitStatus { get; init; }

    [JsonPropertyName("ffmpeg_version")]
    [JsonPropertyOrder(6)]
    public required string FfmpegVersion { get; init; }

    /// <summary>The encoded file as given; null when the encode was not kept (the ROI plan did not take effect).</summary>
    [JsonPropertyName("output")]
    [JsonPropertyOrder(7)]
    public required string? Output { get; init; }

    /// <summary>The ROI plan; null for a plain encode.</summary>
    [JsonPropertyName("plan")]
    [JsonPropertyOrder(8)]
    public required SaliencyEncodePlan? Plan { get; init; }

    [JsonPropertyName("preset")]
    [JsonPropertyOrder(9)]
    public required string Preset { get; init; }

    /// <summary>True only when the plan reached the encoder and nothing in its output says it was skipped.</summary>
    [JsonPropertyName("roi_applied")]
    [JsonPropertyOrder(10)]
    public required bool RoiApplied { get; init; }

    /// <summary><c>addroi</c>, <c>prefilter</c>, <c>svt-roi-map</c> or <c>none</c>.</summary>
    [JsonPropertyName("roi_mechanism")]
    [JsonPropertyOrder(11)]
    public required string RoiMechanism { get; init; }

    [JsonPropertyName("saliency_aggregator")]
    [JsonPropertyOrder(12)]
    public required string SaliencyAggregator { get; init; }

    /// <summary>True when a saliency plan was made for this encode (the seed's meaning), whether or not it took effect.</summary>
    [JsonPropertyName("saliency_aware")]
    [JsonPropertyOrder(13)]
    public required bool SaliencyAware { get; init; }

    /// <summary><c>default</c> or the saliency model path as given.</summary>
    [JsonPropertyName("saliency_model")]
    [JsonPropertyOrder(14)]
    public required string SaliencyModel { get; init; }

    /// <summary>QP offset of fully salient blocks (<c>--saliency-offset</c>).</summary>
    [JsonPropertyName("saliency_offset")]
    [JsonPropertyOrder(15)]
    public required double SaliencyOffset { get; init; }

    [JsonPropertyName("schema_version")]
    [JsonPropertyOrder(16)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The matched-size comparison with a plain encode (<c>--verify</c>); null without it.</summary>
    [JsonPropertyName("verify")]
    [JsonPropertyOrder(17)]
    public required SaliencyEncodeVerify? Verify { get; init; }
}

/// <summary>What the ROI plan of an encode was (schema version 1).</summary>
[JsonContract("saliency-encode-plan", 1)]
public sealed record SaliencyEncodePlan
{
    /// <summary>Block edge in pixels the offsets were computed on (16 for x264/x265, 8 for VP9 and the prefilter).</summary>
    [JsonPropertyName("block_size")]
    [JsonPropertyOrder(0)]
    public required int BlockSize { get; init; }

    [JsonPropertyName("frames")]
    [JsonPropertyOrder(1)]
    public required int Frames { get; init; }

    /// <summary>Distinct QP offsets the encoder was given, over all segments, ascending (empty for the prefilter).</summary>
    [JsonPropertyName("offsets_used")]
    [JsonPropertyOrder(2)]
    public required IReadOnlyList<int> OffsetsUsed { get; init; }

    /// <summary>ROI rectangles (one <c>addroi</c> filter each) over all segments.</summary>
    [JsonPropertyName("regions")]
    [JsonPropertyOrder(3)]
    public required int Regions { get; init; }

    [JsonPropertyName("segments")]
    [JsonPropertyOrder(4)]
    public required IReadOnlyList<SaliencyEncodeSegment> Segments { get; init; }
}

/// <summary>One time segment of a plan (schema version 1): frames with one aggregated mask and one offset map.</summary>
[JsonContract("saliency-encode-segment", 1)]
public sealed record SaliencyEncodeSegment
{
    /// <summary>First frame after the segment (exclusive).</summary>
    [JsonPropertyName("end_frame")]
    [JsonPropertyOrder(0)]
    public required int EndFrame { get; init; }

    /// <summary>Mean of the segment's aggregated saliency mask.</summary>
    [JsonPropertyName("mean_saliency")]
    [JsonPropertyOrder(1)]
    public required double MeanSaliency { get; init; }

    [JsonPropertyName("offsets_used")]
    [JsonPropertyOrder(2)]
    public required IReadOnlyList<int> OffsetsUsed { get; init; }

    /// <summary>Why the segment starts here: <c>start</c>, <c>scene-cut</c> or <c>mask-change</c>.</summary>
    [JsonPropertyName("reason")]
    [JsonPropertyOrder(3)]
    public required string Reason { get; init; }

    [JsonPropertyName("regions")]
    [JsonPropertyOrder(4)]
    public required int Regions { get; init; }

    [JsonPropertyName("start_frame")]
    [JsonPropertyOrder(5)]
    public required int StartFrame { get; init; }
}

/// <summary>The ROI encode against a plain encode of the same encoder at the same size (schema version 1).</summary>
[JsonContract("saliency-encode-verify", 1)]
public sealed record SaliencyEncodeVerify
{
    /// <summary>ROI minus plain, per score.</summary>
    [JsonPropertyName("delta")]
    [JsonPropertyOrder(0)]
    public required EncodeScores Delta { get; init; }

    /// <summary>Share of luma pixels, over all frames, inside the salient region.</summary>
    [JsonPropertyName("inside_fraction")]
    [JsonPropertyOrder(1)]
    public required double InsideFraction { get; init; }

    /// <summary><c>crf-bisection</c> (a plain encode within the tolerance) or <c>interpolated</c> (plain scores interpolated in log-size between the two encodes around the ROI size).</summary>
    [JsonPropertyName("matched_by")]
    [JsonPropertyOrder(2)]
    public required string MatchedBy { get; init; }

    [JsonPropertyName("plain")]
    [JsonPropertyOrder(3)]
    public required EncodeScores Plain { get; init; }

    /// <summary>The plain encode's CRF (interpolated when <see cref="MatchedBy"/> says so).</summary>
    [JsonPropertyName("plain_crf")]
    [JsonPropertyOrder(4)]
    public required double PlainCrf { get; init; }

    [JsonPropertyName("plain_size_bytes")]
    [JsonPropertyOrder(5)]
    public required long PlainSizeBytes { get; init; }

    /// <summary>Mask value at and above which a pixel counts as inside the salient region.</summary>
    [JsonPropertyName("region_threshold")]
    [JsonPropertyOrder(6)]
    public required double RegionThreshold { get; init; }

    [JsonPropertyName("roi")]
    [JsonPropertyOrder(7)]
    public required EncodeScores Roi { get; init; }

    /// <summary>Plain size divided by ROI size.</summary>
    [JsonPropertyName("size_ratio")]
    [JsonPropertyOrder(8)]
    public required double SizeRatio { get; init; }

    /// <summary>The VMAF model both encodes were scored with.</summary>
    [JsonPropertyName("vmaf_model")]
    [JsonPropertyOrder(9)]
    public required string VmafModel { get; init; }

    /// <summary>The masked score's weight in ROI-VMAF.</summary>
    [JsonPropertyName("weight")]
    [JsonPropertyOrder(10)]
    public required double Weight { get; init; }
}

/// <summary>Scores of one encode against its source (schema version 1): VMAF, ROI-VMAF and luma PSNR in and out of the salient region.</summary>
[JsonContract("encode-scores", 1)]
public sealed record EncodeScores
{
    /// <summary>Luma PSNR in dB over the salient region, from the MSE pooled over all frames.</summary>
    [JsonPropertyName("psnr_inside")]
    [JsonPropertyOrder(0)]
    public required double PsnrInside { get; init; }

    /// <summary>Luma PSNR in dB outside the salient region.</summary>
    [JsonPropertyName("psnr_outside")]
    [JsonPropertyOrder(1)]
    public required double PsnrOutside { get; init; }

    [JsonPropertyName("vmaf")]
    [JsonPropertyOrder(2)]
    public required double Vmaf { get; init; }

    [JsonPropertyName("vmaf_masked")]
    [JsonPropertyOrder(3)]
    public required double VmafMasked { get; init; }

    [JsonPropertyName("vmaf_roi")]
    [JsonPropertyOrder(4)]
    public required double VmafRoi { get; init; }
}
