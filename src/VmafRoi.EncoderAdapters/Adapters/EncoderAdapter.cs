using System.Globalization;
using VmafRoi.Contracts;

namespace VmafRoi.EncoderAdapters.Adapters;

/// <summary>The ROI mechanisms an encode can report.</summary>
public static class RoiMechanisms
{
    /// <summary>ffmpeg's <c>addroi</c> filter: per-block QP offsets as frame side data the encoder wrapper reads.</summary>
    public const string Addroi = "addroi";

    /// <summary>Our saliency-guided smoothing of low-saliency pixels before the encoder: no QP map reaches the encoder.</summary>
    public const string Prefilter = "prefilter";

    /// <summary>SvtAv1EncApp's <c>--roi-map-file</c> (SVT-AV1 ≥ 1.6 only).</summary>
    public const string SvtRoiMap = "svt-roi-map";

    /// <summary>A plain encode.</summary>
    public const string None = "none";
}

/// <summary>How to run an encoder: the same for the ROI encode and any plain encode it is compared with.</summary>
public sealed record EncodeSettings
{
    /// <summary>The preset as given (<c>medium</c>, or the encoder's own number for VP9 and AV1).</summary>
    public string Preset { get; init; } = "medium";

    /// <summary>An x264/x265 tune, or null.</summary>
    public string? Tune { get; init; }

    public double Crf { get; init; } = 23;

    /// <summary>
    /// Turn adaptive quantisation on when the preset or tune turns it off (x264 ultrafast and tune psnr; x265 ultrafast,
    /// superfast and tune grain), since x264/x265 ignore an ROI map without it.
    /// </summary>
    public bool ForceAq { get; init; } = true;

    /// <summary>Extra encoder arguments, appended after ours (they win); one token each.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}

/// <summary>
/// One encoder and the ROI mechanism it really honours (roi-encoders.md): the codec arguments, the block grid of its
/// offsets, how a QP offset is written for it, and its CRF range.
/// </summary>
public abstract class EncoderAdapter
{
    /// <summary>The ffmpeg encoder name.</summary>
    public abstract string Name { get; }

    /// <summary>One of <see cref="RoiMechanisms"/>.</summary>
    public abstract string Mechanism { get; }

    /// <summary>Edge of the encoder's offset block (the plan's grid).</summary>
    public abstract int BlockSize { get; }

    /// <summary>True when the encoder takes a fractional CRF.</summary>
    public abstract bool FractionalCrf { get; }

    public abstract double MinCrf { get; }

    public abstract double MaxCrf { get; }

    /// <summary>A CRF the encoder's users know as its default (the CRF search starts there).</summary>
    public abstract double DefaultCrf { get; }

    /// <summary>ffmpeg arguments after the input: codec, preset, CRF, AQ forcing, then the extra arguments.</summary>
    public IReadOnlyList<string> CodecArguments(EncodeSettings settings)
    {
        CheckCrf(settings.Crf);
        var arguments = new List<string>();
        AddCodecArguments(arguments, settings);
        arguments.AddRange(settings.ExtraArguments);
        return arguments;
    }

    /// <summary>Fails with <see cref="InvalidInputException"/> when <paramref name="crf"/> is outside the encoder's range (or fractional where it must be whole).</summary>
    public void CheckCrf(double crf)
    {
        if (!double.IsFinite(crf) || crf < MinCrf || crf > MaxCrf || (!FractionalCrf && crf != Math.Floor(crf)))
        {
            throw new InvalidInputException($"--crf {Format(crf)} is not a CRF {Name} takes: {(FractionalCrf ? "a number" : "a whole number")} in [{Format(MinCrf)}, {Format(MaxCrf)}]");
        }
    }

    /// <summary>A QP offset as <c>addroi</c>'s <c>qoffset</c> rational for this encoder at <paramref name="bitDepth"/>.</summary>
    public virtual string QOffset(int qp, int bitDepth) => throw new NotSupportedException($"{Name} takes no addroi map");

    /// <summary>Formats a CRF for the command line.</summary>
    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private protected abstract void AddCodecArguments(List<string> arguments, EncodeSettings settings);

    private protected static int PresetNumber(string preset, IReadOnlyDictionary<string, int> names, int min, int max, string what)
    {
        if (int.TryParse(preset, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number >= min && number <= max)
        {
            return number;
        }

        return names.TryGetValue(preset, out int mapped)
            ? mapped
            : throw new InvalidInputException($"--preset '{preset}' is not a {what}: give a number in [{min}, {max}] or one of {string.Join(", ", names.Keys)}");
    }
}
