using System.CommandLine;
using System.Globalization;
using VmafRoi.Aggregators;
using VmafRoi.Cli;
using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters;
using VmafRoi.EncoderAdapters.Adapters;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.EncoderAdapters.Prefilter;
using VmafRoi.Saliency;
using VmafRoi.Tuning;
using VmafRoi.Yuv;

namespace VmafRoi.Tools.Tune;

/// <summary>
/// The options both subcommands share: the seed's flags and defaults (<c>--src --width --height --pix-fmt --framerate
/// --duration --encoder --preset --crf --saliency-offset --saliency-model --saliency-aggregator --saliency-ema-alpha
/// --saliency-fallback-plain --ffmpeg-bin</c>) and ours. One instance per command: a System.CommandLine option has one parent.
/// </summary>
public sealed class EncodeOptions
{
    public Option<string> Src { get; } = new("--src") { Description = "source clip: raw YUV (with --width/--height/--pix-fmt), Y4M or any container", Required = true, HelpName = "PATH" };
    public Option<int?> Width { get; } = CommonOptions.WithHelp(PlainNumber.OptionalInteger("--width"), "raw YUV width", "N");
    public Option<int?> Height { get; } = CommonOptions.WithHelp(PlainNumber.OptionalInteger("--height"), "raw YUV height", "N");
    public Option<string?> PixFmt { get; } = new("--pix-fmt") { Description = "raw YUV pixel format (default yuv420p)", HelpName = "FMT" };
    public Option<double?> Framerate { get; } = CommonOptions.WithHelp(PlainNumber.OptionalReal("--framerate"), "frame rate of raw YUV (default 24); Y4M and containers carry their own, and a given value must agree", "FPS");
    public Option<double> Duration { get; } = CommonOptions.WithHelp(PlainNumber.Real("--duration", 0), "seconds of the source to encode from its start; 0 is all of it", "S");
    public Option<string> Encoder { get; } = new("--encoder") { Description = "ffmpeg encoder: libx264, libx265, libvpx-vp9 (addroi), libsvtav1, libaom-av1 (saliency prefilter)", DefaultValueFactory = _ => "libx264", HelpName = "NAME" };
    public Option<string> Preset { get; } = new("--preset") { Description = "x264/x265 preset; for VP9 cpu-used 5..9, SVT-AV1 0..13, libaom cpu-used 0..9, or an x264 name mapped onto them", DefaultValueFactory = _ => "medium", HelpName = "NAME" };
    public Option<string?> Tune { get; } = new("--tune") { Description = "x264/x265 tune", HelpName = "NAME" };
    public Option<double> SaliencyOffset { get; } = CommonOptions.WithHelp(PlainNumber.Real("--saliency-offset", QpOffsets.DefaultSalientOffset), "QP offset of fully salient blocks (negative spends more bits there), in [-12, 12]; s=0 gets the opposite", "QP");
    public Option<string?> SaliencyModel { get; } = CommonOptions.SaliencyModel(" (default: default)");
    public Option<string> Aggregator { get; } = new Option<string>("--saliency-aggregator") { Description = "temporal reducer of each segment's sampled masks", DefaultValueFactory = _ => AggregatorNames.Mean }.AcceptOnlyFromAmong([.. AggregatorNames.All]);
    public Option<double> EmaAlpha { get; } = CommonOptions.WithHelp(PlainNumber.Real("--saliency-ema-alpha", AggregatorSpec.DefaultEmaAlpha), "current-frame weight of the ema aggregator, in (0, 1]", "A");
    public Option<int> Samples { get; } = CommonOptions.WithHelp(PlainNumber.Integer("--saliency-samples", 8), "masks sampled per segment (every n/N-th frame)", "N");
    public Option<bool> FallbackPlain { get; } = new("--saliency-fallback-plain") { Description = $"accept a plain encode when the encoder has no saliency ROI route or skips the plan (an ERROR line is logged); same as {EncoderCatalog.FallbackVariable}=1" };
    public Option<string> FfmpegBin { get; } = new("--ffmpeg-bin") { Description = "ffmpeg (name on PATH or path)", DefaultValueFactory = _ => "ffmpeg", HelpName = "PATH" };
    public Option<string?> Sidecar { get; } = new("--saliency-sidecar") { Description = "the source's saliency mask sidecar: reused when it matches the model and source, else written (default: a temporary one)", HelpName = "PATH" };
    public Option<string> SidecarMode { get; } = CommonOptions.SidecarMode();
    public Option<string> ColorMatrix { get; } = CommonOptions.ColorMatrix();
    public Option<string> Normalization { get; } = CommonOptions.SaliencyNormalization();
    public Option<int> Levels { get; } = CommonOptions.WithHelp(PlainNumber.Integer("--levels", 5), "offset levels the blocks snap to: 3, 5 or 7", "N");
    public Option<bool> NoSegments { get; } = new("--no-segments") { Description = "one plan for the whole clip (the seed's behaviour) instead of segments at scene cuts and mask changes" };
    public Option<double> MinSegmentSeconds { get; } = CommonOptions.WithHelp(PlainNumber.Real("--min-segment-seconds", 1.0), "shortest plan segment", "S");
    public Option<double> SegmentChange { get; } = CommonOptions.WithHelp(PlainNumber.Real("--segment-change", 0.25), "share of blocks whose offset level must change (for 3 frames) to start a segment", "F");
    public Option<double> SceneCut { get; } = CommonOptions.WithHelp(PlainNumber.Real("--scene-cut", SceneCuts.DefaultThreshold), "luma-histogram distance in (0, 1] that starts a segment", "D");
    public Option<int> MaxSegments { get; } = CommonOptions.WithHelp(PlainNumber.Integer("--max-segments", 128), "most plan segments per clip", "N");
    public Option<int> MaxRegions { get; } = CommonOptions.WithHelp(PlainNumber.Integer("--max-regions", 1000), "most addroi rectangles per segment (a finer map is coarsened)", "N");
    public Option<bool> NoForceAq { get; } = new("--no-force-aq") { Description = "keep AQ as the preset sets it (x264 ultrafast, tune psnr; x265 ultrafast, superfast, tune grain turn it off and the encoder then skips the plan: exit 81)" };
    public Option<int> PrefilterPasses { get; } = CommonOptions.WithHelp(PlainNumber.Integer("--prefilter-passes", new PrefilterOptions().Passes), "prefilter route (libsvtav1, libaom-av1): binomial blur passes over low-saliency pixels, 1 to 4", "N");
    public Option<double> PrefilterStrength { get; } = CommonOptions.WithHelp(PlainNumber.Real("--prefilter-strength", new PrefilterOptions().Strength), "prefilter route: how far a low-saliency pixel moves towards its blur, in (0, 1]", "F");
    public Option<string[]> FfmpegArgs { get; } = new("--ffmpeg-arg") { Description = "extra encoder argument, one token each, appended after ours (repeat; e.g. --ffmpeg-arg=-tune --ffmpeg-arg=film); may defeat the ROI, which is then detected", HelpName = "TOKEN", AllowMultipleArgumentsPerToken = false };
    public Option<string?> Format { get; } = new("--format") { Description = "ffmpeg muxer of the output (default: from its extension)", HelpName = "MUXER" };
    public Option<string> VmafModel { get; } = new("--vmaf-model") { Description = "VMAF model for scoring", DefaultValueFactory = _ => "vmaf_v0.6.1", HelpName = "NAME" };
    public Option<double> Weight { get; } = CommonOptions.WithHelp(PlainNumber.Real("--weight", 0.5), "ROI-VMAF: weight of the saliency-masked score in [0, 1]", "W");
    public Option<double> Threshold { get; } = CommonOptions.WithHelp(PlainNumber.Real("--threshold", 0.3), "ROI-VMAF: mask values below this take the reference pixel", "T");
    public Option<double> Fade { get; } = CommonOptions.WithHelp(PlainNumber.Real("--fade", 0.1), "ROI-VMAF: soft band above --threshold", "F");
    public Option<double> RegionThreshold { get; } = CommonOptions.WithHelp(PlainNumber.Real("--region-threshold", RegionPsnr.DefaultThreshold), "mask value at and above which a pixel is inside the salient region (PSNR inside/outside)", "T");
    public Option<int> Threads { get; } = CommonOptions.Threads();
    public Option<long?> MemoryLimit { get; } = CommonOptions.MemoryLimit();
    public Option<bool> Quiet { get; } = CommonOptions.Quiet();

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[]
        {
            Src, Width, Height, PixFmt, Framerate, Duration, Encoder, Preset, Tune, SaliencyOffset, SaliencyModel, Aggregator, EmaAlpha, Samples, FallbackPlain,
            FfmpegBin, Sidecar, SidecarMode, ColorMatrix, Normalization, Levels, NoSegments, MinSegmentSeconds, SegmentChange, SceneCut, MaxSegments, MaxRegions,
            NoForceAq, PrefilterPasses, PrefilterStrength, FfmpegArgs, Format, VmafModel, Weight, Threshold, Fade, RegionThreshold, Threads, MemoryLimit, Quiet,
        })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The encode a parse result describes; <paramref name="output"/> is the encoded file.</summary>
    public SaliencyEncodeRequest ToRequest(ParseResult parse, string output, double crf, bool saliencyAware, IProgress<FrameProgress>? progress, Action<string> log)
    {
        string ffmpeg = parse.GetValue(FfmpegBin)!;
        return new SaliencyEncodeRequest
        {
            Source = parse.GetRequiredValue(Src),
            ReaderOptions = new FrameReaderOptions
            {
                Width = parse.GetValue(Width),
                Height = parse.GetValue(Height),
                Format = parse.GetValue(PixFmt) is { } f ? YuvFormat.Parse(f) : null,
            },
            FrameRate = parse.GetValue(Framerate) is { } fps ? Rate(fps) : null,
            Duration = parse.GetValue(Duration),
            Encoder = parse.GetValue(Encoder)!,
            Settings = new EncodeSettings
            {
                Preset = parse.GetValue(Preset)!,
                Tune = parse.GetValue(Tune),
                Crf = crf,
                ForceAq = !parse.GetValue(NoForceAq),
                ExtraArguments = parse.GetValue(FfmpegArgs) ?? [],
            },
            Output = output,
            Format = parse.GetValue(Format),
            SaliencyAware = saliencyAware,
            FallbackPlain = parse.GetValue(FallbackPlain) || EncoderCatalog.FallbackAllowedByEnvironment(),
            SaliencyModel = parse.GetValue(SaliencyModel) ?? SaliencyModels.DefaultName,
            ColorMatrix = SaliencyOptions.ParseColorMatrix(parse.GetValue(ColorMatrix)!),
            Normalization = SaliencyOptions.ParseNormalization(parse.GetValue(Normalization)!),
            SaliencySidecar = parse.GetValue(Sidecar),
            SidecarMode = CommonOptions.SidecarCacheMode(parse.GetValue(SidecarMode)),
            Plan = new PlanOptions
            {
                SalientOffset = parse.GetValue(SaliencyOffset),
                Levels = parse.GetValue(Levels),
                Aggregator = AggregatorSpec.Create(parse.GetValue(Aggregator)!, parse.GetValue(EmaAlpha)),
                FrameSamples = parse.GetValue(Samples),
                Segmented = !parse.GetValue(NoSegments),
                MinSegmentSeconds = parse.GetValue(MinSegmentSeconds),
                MaskChangeFraction = parse.GetValue(SegmentChange),
                SceneCutThreshold = parse.GetValue(SceneCut),
                MaxSegments = parse.GetValue(MaxSegments),
                MaxRegions = parse.GetValue(MaxRegions),
            },
            Prefilter = new PrefilterOptions { Passes = parse.GetValue(PrefilterPasses), Strength = (float)parse.GetValue(PrefilterStrength) },
            FfmpegPath = ffmpeg,
            MemoryLimit = parse.GetValue(MemoryLimit),
            Progress = progress,
            Log = log,
        };
    }

    /// <summary>How encodes are scored (verify, search); the source and masks are filled in by the caller.</summary>
    public ScoreSetup ToScoring(ParseResult parse, SaliencyEncodeRequest request, string? saliencyModel, string? sidecar) => new()
    {
        Source = request.Source,
        SourceOptions = request.ReaderOptions with { FfmpegPath = request.FfmpegPath },
        SaliencyModel = saliencyModel,
        Sidecar = sidecar,
        ColorMatrix = request.ColorMatrix,
        Normalization = request.Normalization,
        Weight = Unit(parse.GetValue(Weight), "--weight"),
        Threshold = Unit(parse.GetValue(Threshold), "--threshold"),
        Fade = Unit(parse.GetValue(Fade), "--fade"),
        RegionThreshold = Unit(parse.GetValue(RegionThreshold), "--region-threshold"),
        Model = parse.GetValue(VmafModel)!,
        Threads = parse.GetValue(Threads),
        MemoryLimit = parse.GetValue(MemoryLimit),
    };

    private static double Unit(double value, string flag) =>
        value is >= 0 and <= 1 ? value : throw new InvalidInputException($"{flag} must be in [0, 1], got {value.ToString("R", CultureInfo.InvariantCulture)}");

    // A frame rate as a fraction: 30000/1001 style rates given as 29.97 keep their exact value.
    private static FrameRate Rate(double fps)
    {
        if (!(fps > 0 && fps <= 1000))
        {
            throw new InvalidInputException($"--framerate must be in (0, 1000], got {fps.ToString("R", CultureInfo.InvariantCulture)}");
        }

        foreach (int den in new[] { 1, 1001, 1000 })
        {
            double num = fps * (den == 1001 ? 1000 : den) * (den == 1001 ? 1.001 : 1);
            if (Math.Abs(num - Math.Round(num)) < 1e-6 * num)
            {
                return new FrameRate((int)Math.Round(num), den);
            }
        }

        return new FrameRate((int)Math.Round(fps * 1000), 1000);
    }
}
