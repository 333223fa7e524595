using System.Globalization;
using System.Text.Json.Serialization;
using MessagePack;
using VmafRoi.Aggregators;
using VmafRoi.Contracts;
using VmafRoi.Yuv;
using YuvColorMatrix = VmafRoi.Yuv.ColorMatrix;
using YuvColorRange = VmafRoi.Yuv.ColorRange;

namespace VmafRoi.Saliency.Sidecars;

/// <summary>How frame payloads are stored.</summary>
public static class SidecarCompression
{
    /// <summary>A zlib stream (RFC 1950), as Python's <c>zlib.decompress</c> reads it.</summary>
    public const string Zlib = "zlib";

    /// <summary>The quantised samples as they are.</summary>
    public const string None = "none";
}

/// <summary>One header field that differs between what a run expects and what a sidecar holds.</summary>
public sealed record SidecarFieldMismatch(string Field, string Expected, string Actual);

/// <summary>
/// The header of a saliency sidecar: everything a cached mask depends on. It is the first MessagePack map of the file
/// (<see cref="Kind"/> <c>header</c>, then the fields) and a JSON contract with the same keys in the same order (the
/// JSON shape is pinned in schemas/; each MessagePack <see cref="KeyAttribute"/> equals the JSON name, which a test
/// holds). See docs/sidecar.md.
/// </summary>
[JsonContract("saliency-sidecar-header", 2)]
[MessagePackObject]
public sealed record SidecarHeader
{
    /// <summary>The value of <see cref="Format"/>: what identifies the file as ours.</summary>
    public const string FormatName = "vmafroi-saliency-sidecar";

    /// <summary>The layout version this code writes and reads.</summary>
    public const int CurrentSchemaVersion = 2;

    /// <summary>The <see cref="Aggregator"/> of a sidecar whose frames are used one by one.</summary>
    public const string NoAggregator = "none";

    /// <summary>The file map's discriminator, always <c>header</c>; not part of the JSON contract.</summary>
    [JsonIgnore]
    [Key("kind")]
    public string Kind { get; } = "header";

    [JsonPropertyName("format")]

    [Key("format")]
    [JsonPropertyOrder(0)]
    public string Format { get; init; } = FormatName;

    [JsonPropertyName("schema_version")]

    [Key("schema_version")]
    [JsonPropertyOrder(1)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>A readable model name (informational: the model's identity is <see cref="ModelSha256"/>).</summary>
    [JsonPropertyName("model_id")]
    [Key("model_id")]
    [JsonPropertyOrder(2)]
    public required string ModelId { get; init; }

    /// <summary>SHA-256 of the model file, lowercase hex.</summary>
    [JsonPropertyName("model_sha256")]
    [Key("model_sha256")]
    [JsonPropertyOrder(3)]
    public required string ModelSha256 { get; init; }

    /// <summary>SHA-256 of the reference clip file's bytes, lowercase hex (<see cref="ContentHash.Sha256OfFile"/>).</summary>
    [JsonPropertyName("reference_sha256")]
    [Key("reference_sha256")]
    [JsonPropertyOrder(4)]
    public required string ReferenceSha256 { get; init; }

    [JsonPropertyName("width")]

    [Key("width")]
    [JsonPropertyOrder(5)]
    public required int Width { get; init; }

    [JsonPropertyName("height")]

    [Key("height")]
    [JsonPropertyOrder(6)]
    public required int Height { get; init; }

    /// <summary>The reference's ffmpeg pixel format, e.g. <c>yuv420p10le</c>.</summary>
    [JsonPropertyName("pix_fmt")]
    [Key("pix_fmt")]
    [JsonPropertyOrder(7)]
    public required string PixFmt { get; init; }

    /// <summary>The YUV→RGB matrix used for the model input: <c>bt601</c>, <c>bt709</c> or <c>bt2020</c>.</summary>
    [JsonPropertyName("color_matrix")]
    [Key("color_matrix")]
    [JsonPropertyOrder(8)]
    public required string ColorMatrix { get; init; }

    /// <summary>The sample range assumed for that conversion: <c>limited</c> or <c>full</c>.</summary>
    [JsonPropertyName("color_range")]
    [Key("color_range")]
    [JsonPropertyOrder(9)]
    public required string ColorRange { get; init; }

    /// <summary><c>all</c> (every frame) or <c>uniform</c> (<see cref="FrameSampling.Indices"/>).</summary>
    [JsonPropertyName("sampling")]
    [Key("sampling")]
    [JsonPropertyOrder(10)]
    public required string Sampling { get; init; }

    /// <summary>The <c>n</c> of the uniform rule; 0 for <c>all</c>.</summary>
    [JsonPropertyName("sample_count")]
    [Key("sample_count")]
    [JsonPropertyOrder(11)]
    public required int SampleCount { get; init; }

    /// <summary>The frame count the uniform rule was applied to; 0 for <c>all</c>.</summary>
    [JsonPropertyName("sample_total")]
    [Key("sample_total")]
    [JsonPropertyOrder(12)]
    public required int SampleTotal { get; init; }

    /// <summary>The temporal aggregator the masks feed (<c>mean</c>, <c>ema</c>, <c>max</c>, <c>motion-weighted</c>) or <c>none</c>.</summary>
    [JsonPropertyName("aggregator")]
    [Key("aggregator")]
    [JsonPropertyOrder(13)]
    public required string Aggregator { get; init; }

    /// <summary>The EMA alpha (compared only when the aggregator is <c>ema</c>).</summary>
    [JsonPropertyName("aggregator_alpha")]
    [Key("aggregator_alpha")]
    [JsonPropertyOrder(14)]
    public required double AggregatorAlpha { get; init; }

    /// <summary>Bits per stored mask sample: 8 or 16 (<see cref="MaskQuantisation"/>).</summary>
    [JsonPropertyName("mask_bits")]
    [Key("mask_bits")]
    [JsonPropertyOrder(15)]
    public required int MaskBits { get; init; }

    [JsonPropertyName("mask_width")]

    [Key("mask_width")]
    [JsonPropertyOrder(16)]
    public required int MaskWidth { get; init; }

    [JsonPropertyName("mask_height")]

    [Key("mask_height")]
    [JsonPropertyOrder(17)]
    public required int MaskHeight { get; init; }

    /// <summary><c>zlib</c> or <c>none</c> (a storage detail: not compared against expectations).</summary>
    [JsonPropertyName("compression")]
    [Key("compression")]
    [JsonPropertyOrder(18)]
    public string Compression { get; init; } = SidecarCompression.Zlib;

    /// <summary>How RGB was normalised for the model (<c>imagenet</c> or <c>unit</c>): the same model gives other masks under another one.</summary>
    [JsonPropertyName("normalization")]
    [Key("normalization")]
    [JsonPropertyOrder(19)]
    public required string Normalization { get; init; }

    /// <summary>
    /// Builds a header from typed values; masks are at luma resolution. Hashes are lowercased; everything is validated
    /// (<see cref="InvalidInputException"/>).
    /// </summary>
    public static SidecarHeader Create(
        string modelId,
        string modelSha256,
        string referenceSha256,
        FrameGeometry geometry,
        YuvColorMatrix colorMatrix,
        YuvColorRange colorRange,
        SidecarSampling sampling,
        AggregatorSpec? aggregator,
        int maskBits = 8,
        string compression = SidecarCompression.Zlib,
        Normalization normalization = Saliency.Normalization.ImageNet)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(sampling);
        var header = new SidecarHeader
        {
            ModelId = modelId,
            ModelSha256 = modelSha256?.ToLowerInvariant()!,
            ReferenceSha256 = referenceSha256?.ToLowerInvariant()!,
            Width = geometry.Width,
            Height = geometry.Height,
            PixFmt = geometry.Format.Name,
            ColorMatrix = MatrixName(colorMatrix),
            ColorRange = RangeName(colorRange),
            Sampling = sampling.Rule,
            SampleCount = sampling.Count,
            SampleTotal = sampling.Total,
            Aggregator = aggregator?.Name ?? NoAggregator,
            AggregatorAlpha = aggregator?.Alpha ?? AggregatorSpec.DefaultEmaAlpha,
            MaskBits = maskBits,
            MaskWidth = geometry.Width,
            MaskHeight = geometry.Height,
            Compression = compression,
            Normalization = NormalizationName(normalization),
        };
        header.Validate();
        return header;
    }

    /// <summary>The header's name for a colour matrix; <see cref="YuvColorMatrix.Unknown"/> is not allowed.</summary>
    public static string MatrixName(YuvColorMatrix matrix) => matrix switch
    {
        YuvColorMatrix.Bt601 => "bt601",
        YuvColorMatrix.Bt709 => "bt709",
        YuvColorMatrix.Bt2020 => "bt2020",
        _ => throw new InvalidInputException("a saliency sidecar needs the YUV→RGB matrix the model input used (bt601, bt709 or bt2020)"),
    };

    /// <summary>The header's name for an input normalisation.</summary>
    public static string NormalizationName(Normalization normalization) => normalization == Saliency.Normalization.Unit ? "unit" : "imagenet";

    /// <summary>The header's name for a colour range; <see cref="YuvColorRange.Unknown"/> is not allowed.</summary>
    public static string RangeName(YuvColorRange range) => range switch
    {
        YuvColorRange.Limited => "limited",
        YuvColorRange.Full => "full",
        _ => throw new InvalidInputException("a saliency sidecar needs the sample range the model input assumed (limited or full)"),
    };

    /// <summary>The first field where <paramref name="actual"/> differs from what <paramref name="expected"/> needs, or null.</summary>
    /// <remarks>
    /// <see cref="ModelId"/> and <see cref="Compression"/> are not compared (a renamed model or another storage choice
    /// gives the same masks), nor the alpha of aggregators other than <c>ema</c>.
    /// </remarks>
    public static SidecarFieldMismatch? FindMismatch(SidecarHeader expected, SidecarHeader actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        (string Field, string Expected, string Actual)[] fields =
        [
            ("format", expected.Format, actual.Format),
            ("schema_version", Text(expected.SchemaVersion), Text(actual.SchemaVersion)),
            ("model_sha256", expected.ModelSha256, actual.ModelSha256),
            ("reference_sha256", expected.ReferenceSha256, actual.ReferenceSha256),
            ("width", Text(expected.Width), Text(actual.Width)),
            ("height", Text(expected.Height), Text(actual.Height)),
            ("pix_fmt", expected.PixFmt, actual.PixFmt),
            ("color_matrix", expected.ColorMatrix, actual.ColorMatrix),
            ("color_range", expected.ColorRange, actual.ColorRange),
            ("normalization", expected.Normalization, actual.Normalization),
            ("sampling", expected.Sampling, actual.Sampling),
            ("sample_count", Text(expected.SampleCount), Text(actual.SampleCount)),
            ("sample_total", Text(expected.SampleTotal), Text(actual.SampleTotal)),
            ("aggregator", expected.Aggregator, actual.Aggregator),
            ("aggregator_alpha", Alpha(expected), Alpha(actual)),
            ("mask_bits", Text(expected.MaskBits), Text(actual.MaskBits)),
            ("mask_width", Text(expected.MaskWidth), Text(actual.MaskWidth)),
            ("mask_height", Text(expected.MaskHeight), Text(actual.MaskHeight)),
        ];
        foreach ((string field, string want, string have) in fields)
        {
            if (!string.Equals(want, have, StringComparison.Ordinal))
            {
                return new SidecarFieldMismatch(field, want, have);
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (Problem() is string problem)
        {
            throw new InvalidInputException($"invalid saliency sidecar header: {problem}");
        }
    }

    /// <summary>The sampling the header describes.</summary>
    public SidecarSampling GetSampling() =>
        SidecarSampling.TryFrom(Sampling, SampleCount, SampleTotal)
        ?? throw new InvalidInputException($"invalid saliency sidecar sampling '{Sampling}' (n {SampleCount}, total {SampleTotal})");

    /// <summary>The reference geometry the header describes.</summary>
    public FrameGeometry GetGeometry() => YuvFormat.Parse(PixFmt).WithSize(Width, Height);

    /// <summary>Samples per mask: <see cref="MaskWidth"/> × <see cref="MaskHeight"/>.</summary>
    public int GetMaskLength() => checked(MaskWidth * MaskHeight);

    /// <summary>The first problem of this header, or null when it is valid.</summary>
    internal string? Problem()
    {
        if (Format != FormatName)
        {
            return $"format is '{Format}', not '{FormatName}'";
        }

        if (SchemaVersion != CurrentSchemaVersion)
        {
            return $"schema_version {SchemaVersion} is not {CurrentSchemaVersion}";
        }

        if (string.IsNullOrEmpty(ModelId))
        {
            return "model_id is empty";
        }

        if (!ContentHash.IsSha256Hex(ModelSha256))
        {
            return $"model_sha256 '{ModelSha256}' is not 64 lowercase hex digits";
        }

        if (!ContentHash.IsSha256Hex(ReferenceSha256))
        {
            return $"reference_sha256 '{ReferenceSha256}' is not 64 lowercase hex digits";
        }

        if (Width <= 0 || Height <= 0 || (long)Width * Height > int.MaxValue / 8)
        {
            return $"frame size {Width}x{Height} is not valid";
        }

        if (!YuvFormat.TryParse(PixFmt, out _, out string? formatError))
        {
            return formatError;
        }

        if (ColorMatrix is not ("bt601" or "bt709" or "bt2020"))
        {
            return $"color_matrix '{ColorMatrix}' is not bt601, bt709 or bt2020";
        }

        if (ColorRange is not ("limited" or "full"))
        {
            return $"color_range '{ColorRange}' is not limited or full";
        }

        if (Normalization is not ("imagenet" or "unit"))
        {
            return $"normalization '{Normalization}' is not imagenet or unit";
        }

        if (SidecarSampling.TryFrom(Sampling, SampleCount, SampleTotal) is null)
        {
            return $"sampling '{Sampling}' with sample_count {SampleCount} and sample_total {SampleTotal} is not valid "
                + "(all: 0 and 0; uniform: both at least 1)";
        }

        if (Aggregator != NoAggregator && !AggregatorNames.All.Contains(Aggregator, StringComparer.Ordinal))
        {
            return $"aggregator '{Aggregator}' is not one of none, {string.Join(", ", AggregatorNames.All)}";
        }

        if (!(AggregatorAlpha > 0 && AggregatorAlpha <= 1))
        {
            return $"aggregator_alpha {Text(AggregatorAlpha)} is not in (0, 1]";
        }

        if (MaskBits is not (8 or 16))
        {
            return $"mask_bits {MaskBits} is not 8 or 16";
        }

        if (MaskWidth <= 0 || MaskHeight <= 0 || (long)MaskWidth * MaskHeight > int.MaxValue / 8)
        {
            return $"mask size {MaskWidth}x{MaskHeight} is not valid";
        }

        if (Compression is not (SidecarCompression.Zlib or SidecarCompression.None))
        {
            return $"compression '{Compression}' is not zlib or none";
        }

        return null;
    }

    private static string Alpha(SidecarHeader header) =>
        header.Aggregator == AggregatorNames.Ema ? Text(header.AggregatorAlpha) : "(unused)";

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
