using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters.Formats;

namespace VmafRoi.EncoderAdapters.Adapters;

/// <summary>The x264/x265 preset names.</summary>
internal static class X26xPresets
{
    public static readonly IReadOnlyList<string> Names = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"];

    public static void Check(string encoder, string preset)
    {
        if (!Names.Contains(preset, StringComparer.Ordinal))
        {
            throw new InvalidInputException($"--preset '{preset}' is not a {encoder} preset: one of {string.Join(", ", Names)}");
        }
    }
}

/// <summary>
/// x264 and x265 through ffmpeg's <c>addroi</c>: same presets, CRF range and arguments; they differ in the CRF default, how
/// a QP delta becomes a <c>qoffset</c>, which presets turn AQ off, and how AQ is forced back on.
/// </summary>
public abstract class X26xAdapter : EncoderAdapter
{
    public override string Mechanism => RoiMechanisms.Addroi;

    public override int BlockSize => 16;

    public override bool FractionalCrf => true;

    public override double MinCrf => 0;

    public override double MaxCrf => 51;

    /// <summary>True when this encoder runs with AQ off for the preset and tune, which makes it skip the ROI map.</summary>
    private protected abstract bool AqOff(string preset, string? tune);

    /// <summary>The ffmpeg arguments that turn AQ mode 1 back on.</summary>
    private protected abstract string[] ForceAqArguments { get; }

    private protected sealed override void AddCodecArguments(List<string> arguments, EncodeSettings settings)
    {
        X26xPresets.Check(Name, settings.Preset);
        arguments.AddRange(["-c:v", Name, "-preset", settings.Preset]);
        if (settings.Tune is { } tune)
        {
            arguments.AddRange(["-tune", tune]);
        }

        arguments.AddRange(["-crf", Format(settings.Crf)]);
        if (settings.ForceAq && AqOff(settings.Preset, settings.Tune))
        {
            arguments.AddRange(ForceAqArguments);
        }
    }
}

/// <summary>
/// libx264 through ffmpeg's <c>addroi</c> → <c>quant_offsets</c>: a float QP delta per 16×16 macroblock, added on top of
/// AQ. x264 skips the map when AQ is off (preset ultrafast, tune psnr), so AQ mode 1 is set for those.
/// </summary>
public sealed class X264Adapter : X26xAdapter
{
    public override string Name => "libx264";

    public override double DefaultCrf => 23;

    /// <summary>True when x264 runs with AQ off for this preset and tune (measured: docs/encoding.md).</summary>
    public static bool PresetDisablesAq(string preset, string? tune) =>
        preset == "ultrafast" || (tune?.Split(',').Contains("psnr", StringComparer.Ordinal) ?? false);

    /// <summary>x264 scales <c>qoffset</c> by its QP range: 51 at 8 bits, 6 more per extra bit.</summary>
    public override string QOffset(int qp, int bitDepth) => AddroiScript.QpFraction(qp, 51 + (6 * Math.Max(0, bitDepth - 8)));

    private protected override bool AqOff(string preset, string? tune) => PresetDisablesAq(preset, tune);

    private protected override string[] ForceAqArguments => ["-aq-mode", "1"];
}

/// <summary>
/// libx265 through <c>addroi</c> → <c>quantOffsets</c>: a float QP delta per 16×16 block (averaged within x265's
/// quantisation group), skipped when AQ is off (preset ultrafast or superfast, tune grain), so AQ mode 1 is set for those.
/// </summary>
public sealed class X265Adapter : X26xAdapter
{
    public override string Name => "libx265";

    public override double DefaultCrf => 28;

    /// <summary>True when x265 runs with AQ off for this preset and tune (measured: docs/encoding.md).</summary>
    public static bool PresetDisablesAq(string preset, string? tune) =>
        preset is "ultrafast" or "superfast" || tune == "grain";

    public override string QOffset(int qp, int bitDepth) => AddroiScript.QpFraction(qp, 51);

    private protected override bool AqOff(string preset, string? tune) => PresetDisablesAq(preset, tune);

    private protected override string[] ForceAqArguments => ["-x265-params", "aq-mode=1"];
}

/// <summary>
/// libvpx-vp9 through <c>addroi</c> → VP9 segments: one q delta per 8×8 block, at most 7 distinct non-zero deltas, and
/// only in realtime mode with cpu-used ≥ 5 and aq-mode 0, which this adapter sets (plain comparison encodes too, so both
/// sides run the same mode). <c>--preset</c> is cpu-used 5..9, or an x264 name mapped onto it.
/// </summary>
public sealed class Vp9Adapter : EncoderAdapter
{
    private static readonly Dictionary<string, int> Names = new(StringComparer.Ordinal)
    {
        ["ultrafast"] = 9, ["superfast"] = 8, ["veryfast"] = 7, ["faster"] = 7, ["fast"] = 6, ["medium"] = 6,
        ["slow"] = 5, ["slower"] = 5, ["veryslow"] = 5, ["placebo"] = 5,
    };

    public override string Name => "libvpx-vp9";

    public override string Mechanism => RoiMechanisms.Addroi;

    public override int BlockSize => 8;

    public override bool FractionalCrf => false;

    public override double MinCrf => 0;

    public override double MaxCrf => 63;

    public override double DefaultCrf => 32;

    public override string QOffset(int qp, int bitDepth) => AddroiScript.Vp9Fraction(qp);

    private protected override void AddCodecArguments(List<string> arguments, EncodeSettings settings)
    {
        int cpu = PresetNumber(settings.Preset, Names, 5, 9, "VP9 ROI speed (cpu-used; ROI needs realtime mode with cpu-used 5 to 9)");
        arguments.AddRange(["-c:v", Name, "-deadline", "realtime", "-cpu-used", cpu.ToString(System.Globalization.CultureInfo.InvariantCulture), "-aq-mode", "0", "-row-mt", "1", "-crf", Format(settings.Crf), "-b:v", "0"]);
    }
}

/// <summary>
/// libsvtav1: ffmpeg 5.1's wrapper ignores <c>addroi</c> and SVT-AV1 1.4.1 has no ROI, so the ROI route is our
/// saliency prefilter (<see cref="Prefilter.SaliencyPrefilter"/>); where SvtAv1EncApp's help lists <c>--roi-map-file</c>
/// (SVT-AV1 ≥ 1.6, unverified here) the app encodes with a 64×64 qindex map instead. <c>--preset</c> is SVT's 0..13, or
/// an x264 name mapped onto it.
/// </summary>
public sealed class SvtAv1Adapter : EncoderAdapter
{
    private readonly Lazy<string?> _app = new(SvtAv1App.FindWithRoiMap);

    private static readonly Dictionary<string, int> Names = new(StringComparer.Ordinal)
    {
        ["ultrafast"] = 12, ["superfast"] = 11, ["veryfast"] = 10, ["faster"] = 9, ["fast"] = 9, ["medium"] = 8,
        ["slow"] = 6, ["slower"] = 5, ["veryslow"] = 4, ["placebo"] = 2,
    };

    public override string Name => "libsvtav1";

    /// <summary>SvtAv1EncApp when its help lists <c>--roi-map-file</c>; null here (SVT-AV1 1.4.1).</summary>
    public string? RoiMapApp => _app.Value;

    public override string Mechanism => RoiMapApp is null ? RoiMechanisms.Prefilter : RoiMechanisms.SvtRoiMap;

    // The prefilter's strength is bilinear between block centres, so 16-pixel blocks plan as well as finer ones, for a quarter of the work.
    public override int BlockSize => 16;

    public override bool FractionalCrf => false;

    public override double MinCrf => 1;

    public override double MaxCrf => 63;

    public override double DefaultCrf => 35;

    /// <summary>SVT-AV1's own preset number for a <c>--preset</c> value.</summary>
    public static int PresetOf(string preset) => PresetNumber(preset, Names, 0, 13, "SVT-AV1 preset");

    private protected override void AddCodecArguments(List<string> arguments, EncodeSettings settings) =>
        arguments.AddRange(["-c:v", Name, "-preset", PresetOf(settings.Preset).ToString(System.Globalization.CultureInfo.InvariantCulture), "-crf", Format(settings.Crf)]);
}

/// <summary>
/// libaom-av1: ffmpeg 5.1's wrapper ignores <c>addroi</c> and libaom 3.6 has no ROI map, so the ROI route is our saliency
/// prefilter. <c>--preset</c> is cpu-used 0..9, or an x264 name mapped onto it.
/// </summary>
public sealed class AomAv1Adapter : EncoderAdapter
{
    private static readonly Dictionary<string, int> Names = new(StringComparer.Ordinal)
    {
        ["ultrafast"] = 8, ["superfast"] = 8, ["veryfast"] = 7, ["faster"] = 7, ["fast"] = 6, ["medium"] = 6,
        ["slow"] = 4, ["slower"] = 3, ["veryslow"] = 2, ["placebo"] = 1,
    };

    public override string Name => "libaom-av1";

    public override string Mechanism => RoiMechanisms.Prefilter;

    // As for SVT-AV1: the prefilter's strength is bilinear between block centres.
    public override int BlockSize => 16;

    public override bool FractionalCrf => false;

    public override double MinCrf => 0;

    public override double MaxCrf => 63;

    public override double DefaultCrf => 32;

    private protected override void AddCodecArguments(List<string> arguments, EncodeSettings settings)
    {
        int cpu = PresetNumber(settings.Preset, Names, 0, 9, "libaom speed (cpu-used)");
        arguments.AddRange(["-c:v", Name, "-cpu-used", cpu.ToString(System.Globalization.CultureInfo.InvariantCulture), "-row-mt", "1", "-crf", Format(settings.Crf), "-b:v", "0"]);
    }
}

/// <summary>A plain encode with an encoder we have no ROI mechanism for (the fallback): codec and CRF only.</summary>
public sealed class PlainAdapter(string name) : EncoderAdapter
{
    public override string Name => name;

    public override string Mechanism => RoiMechanisms.None;

    public override int BlockSize => 16;

    public override bool FractionalCrf => true;

    public override double MinCrf => 0;

    public override double MaxCrf => 63;

    public override double DefaultCrf => 23;

    private protected override void AddCodecArguments(List<string> arguments, EncodeSettings settings)
    {
        arguments.AddRange(["-c:v", Name]);
        if (settings.Preset is { Length: > 0 } preset)
        {
            arguments.AddRange(["-preset", preset]);
        }

        arguments.AddRange(["-crf", Format(settings.Crf)]);
    }
}

/// <summary>The adapters by encoder name, and the seed's message for the rest.</summary>
public static class EncoderCatalog
{
    /// <summary>Encoders with a saliency ROI route, in the order the message lists them.</summary>
    public static IReadOnlyList<EncoderAdapter> All { get; } = [new X264Adapter(), new X265Adapter(), new Vp9Adapter(), new SvtAv1Adapter(), new AomAv1Adapter()];

    /// <summary>The environment variable that, set to 1, allows a plain encode for an encoder without ROI (as the flag does).</summary>
    public const string FallbackVariable = "VMAFTUNE_SALIENCY_FALLBACK_OK";

    /// <summary>The adapter for <paramref name="encoder"/>, or null when it has no ROI route.</summary>
    public static EncoderAdapter? Find(string encoder) => All.FirstOrDefault(a => a.Name == encoder);

    /// <summary>The seed's three-line message for an encoder without an ROI route (after <c>vmaf-tune: </c>).</summary>
    public static string UnsupportedMessage(string encoder) =>
        $"saliency ROI is not implemented for encoder '{encoder}'.\n"
        + $"Supported encoders: {string.Join(", ", All.Select(a => a.Name))}\n"
        + $"To accept a plain encode without ROI bias, pass --saliency-fallback-plain or set {FallbackVariable}=1.";

    /// <summary>True when the fallback variable allows a plain encode.</summary>
    public static bool FallbackAllowedByEnvironment(Func<string, string?>? environment = null) =>
        (environment ?? Environment.GetEnvironmentVariable)(FallbackVariable) == "1";
}
