using System.CommandLine;
using System.Globalization;
using VmafRoi.Aggregators;
using VmafRoi.Cli;
using VmafRoi.Contracts;
using VmafRoi.Saliency;
using VmafRoi.Yuv;

namespace VmafRoi.Tools.Roi;

/// <summary><c>vmaf-roi saliency</c>: a clip's saliency sidecar, heatmap previews, aggregated mask and mask video.</summary>
public static class SaliencyCommand
{
    public static readonly Option<string> Input = new("--input") { Description = "the clip: raw YUV (with --width/--height/--pix-fmt), Y4M or any container", Required = true, HelpName = "PATH" };
    public static readonly Option<int?> Width = CommonOptions.WithHelp(PlainNumber.OptionalInteger("--width"), "raw YUV width", "N");
    public static readonly Option<int?> Height = CommonOptions.WithHelp(PlainNumber.OptionalInteger("--height"), "raw YUV height", "N");
    public static readonly Option<string?> PixFmt = new("--pix-fmt") { Description = "raw YUV pixel format (default yuv420p)", HelpName = "FMT" };
    public static readonly Option<string?> Model = CommonOptions.SaliencyModel(" (default: default)");
    public static readonly Option<string> ColorMatrix = CommonOptions.ColorMatrix();
    public static readonly Option<string> Normalization = CommonOptions.SaliencyNormalization();
    public static readonly Option<string?> Sidecar = new("--sidecar") { Description = "sidecar to reuse or write (default: <input file name>.saliency.msgpack in the current folder)", HelpName = "PATH" };
    public static readonly Option<string> SidecarMode = CommonOptions.SidecarMode();
    public static readonly Option<int> MaskBits = CommonOptions.WithHelp(PlainNumber.Integer("--mask-bits", 8), "mask quantisation in the sidecar: 8 or 16", "8|16");
    public static readonly Option<string?> Previews = new("--previews") { Description = "folder for PNG heatmaps of the sampled frames and of the aggregated mask", HelpName = "DIR" };
    public static readonly Option<int> FrameSamples = CommonOptions.WithHelp(PlainNumber.Integer("--frame-samples", 8), "how many frames to sample for previews and the aggregate (every total/n-th frame)", "N");
    public static readonly Option<string> Aggregator = new Option<string>("--aggregator") { Description = "temporal reducer of the sampled masks", DefaultValueFactory = _ => AggregatorNames.Mean }.AcceptOnlyFromAmong([.. AggregatorNames.All]);
    public static readonly Option<double> EmaAlpha = CommonOptions.WithHelp(PlainNumber.Real("--ema-alpha", AggregatorSpec.DefaultEmaAlpha), "current-frame weight of the ema aggregator, in (0, 1]", "A");
    public static readonly Option<bool> Quiet = CommonOptions.Quiet();
    public static readonly Option<long?> MemoryLimitOption = CommonOptions.MemoryLimit();
    public static readonly Option<string?> MasksOut = new("--masks-out") { Description = "also write every frame's mask as a grayscale (Cmono) Y4M video", HelpName = "FILE.y4m" };

    /// <summary>The command; progress is drawn on stderr only when <paramref name="stderrIsTerminal"/>.</summary>
    public static Command Create(bool stderrIsTerminal = false)
    {
        var command = new Command("saliency", "Compute a clip's saliency masks into a sidecar, with PNG heatmap previews and an optional mask video.")
        {
            Input, Width, Height, PixFmt, Model, ColorMatrix, Normalization, Sidecar, SidecarMode, MaskBits, Previews, FrameSamples, Aggregator, EmaAlpha, MasksOut, Quiet, MemoryLimitOption,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, stderrIsTerminal, cancellationToken)));
        return command;
    }

    public static ClipSaliencyRequest ToRequest(ParseResult parse)
    {
        string input = parse.GetRequiredValue(Input);
        return new ClipSaliencyRequest
        {
            Input = input,
            ReaderOptions = new FrameReaderOptions
            {
                Width = parse.GetValue(Width),
                Height = parse.GetValue(Height),
                Format = parse.GetValue(PixFmt) is { } f ? YuvFormat.Parse(f) : null,
            },
            Model = parse.GetValue(Model) ?? SaliencyModels.DefaultName,
            ColorMatrix = SaliencyOptions.ParseColorMatrix(parse.GetValue(ColorMatrix)!),
            Normalization = SaliencyOptions.ParseNormalization(parse.GetValue(Normalization)!),
            Sidecar = parse.GetValue(Sidecar) ?? Path.GetFileName(input) + ".saliency.msgpack",
            SidecarMode = CommonOptions.SidecarCacheMode(parse.GetValue(SidecarMode)),
            MaskBits = parse.GetValue(MaskBits),
            PreviewDirectory = parse.GetValue(Previews),
            FrameSamples = parse.GetValue(FrameSamples),
            Aggregator = AggregatorSpec.Create(parse.GetValue(Aggregator)!, parse.GetValue(EmaAlpha)),
            MasksOut = parse.GetValue(MasksOut),
            MemoryLimit = parse.GetValue(MemoryLimitOption),
        };
    }

    private static int Run(ParseResult parse, bool stderrIsTerminal, CancellationToken cancellationToken)
    {
        ClipSaliencyRequest request = ToRequest(parse);
        ClipSaliencyResult result = CommandProgress.Run(
            parse.InvocationConfiguration.Error,
            CommandProgress.ShouldShow(stderrIsTerminal, parse.GetValue(Quiet)),
            (progress, note) => ClipSaliency.Run(request with { Progress = progress, Log = text => note($"{RoiCommand.ToolName}: {text}") }, cancellationToken));
        TextWriter output = parse.InvocationConfiguration.Output;
        output.WriteLine($"sidecar: {result.Sidecar} ({result.SidecarOutcome.ToString().ToLowerInvariant()}, {result.Frames} frames, model {result.ModelId})");
        foreach (string png in result.Previews)
        {
            output.WriteLine($"preview: {png}");
        }

        if (result.MasksOut is { } masks)
        {
            output.WriteLine($"masks: {masks}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"aggregate ({request.Aggregator.Name} over frames {string.Join(',', result.SampledFrames)}): mean {result.AggregateMean:F6}, var {result.AggregateVariance:F6}"));
        return ExitCodes.Success;
    }
}
