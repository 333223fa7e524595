using System.CommandLine;
using VmafRoi.Cli;
using VmafRoi.Contracts;
using VmafRoi.Saliency;
using VmafRoi.Yuv.IO;
using VmafRoi.VmafRunner;
using VmafRoi.Roi;
using VmafRoi.VmafRunner.Routes;

namespace VmafRoi.Tools.RoiScore;

/// <summary><c>vmaf-roi-score</c>: the seed tool's flags and defaults, plus <c>--engine</c> and <c>--threads</c>.</summary>
public static class RoiScoreCommand
{
    public const string ToolName = "vmaf-roi-score";

    private static readonly RoiScoreRequest Defaults = new() { Reference = string.Empty, Distorted = string.Empty };

    public static readonly Option<string> Reference = new("--reference") { Description = "reference clip: raw YUV (with --width/--height/--pix-fmt), Y4M or any container", Required = true, HelpName = "PATH" };
    public static readonly Option<string> Distorted = new("--distorted") { Description = "distorted clip, same kinds as --reference", Required = true, HelpName = "PATH" };
    public static readonly Option<int?> Width = CommonOptions.WithHelp(PlainNumber.OptionalInteger("--width"), "raw YUV width (Y4M and containers carry their own)", "N");
    public static readonly Option<int?> Height = CommonOptions.WithHelp(PlainNumber.OptionalInteger("--height"), "raw YUV height", "N");
    public static readonly Option<string?> PixFmt = new("--pix-fmt") { Description = "raw YUV pixel format, ffmpeg name (default yuv420p); mapped to libvmaf's --pixel_format/--bitdepth", HelpName = "FMT" };
    public static readonly Option<string?> SaliencyModel = CommonOptions.SaliencyModel(" (exclusive with --synthetic-mask)");
    public static readonly Option<double?> SyntheticMask = CommonOptions.WithHelp(PlainNumber.OptionalReal("--synthetic-mask"), "constant mask value in [0, 1]; skips inference but still writes and scores a masked clip (testing)", "FILL");
    public static readonly Option<double> Weight = CommonOptions.WithHelp(PlainNumber.Real("--weight", Defaults.Weight), "weight of the saliency-masked score in [0, 1]", "W");
    public static readonly Option<double> Threshold = CommonOptions.WithHelp(PlainNumber.Real("--threshold", Defaults.Threshold), "mask values below this take the reference pixel", "T");
    public static readonly Option<double> Fade = CommonOptions.WithHelp(PlainNumber.Real("--fade", Defaults.Fade), "soft band above --threshold; 0 makes a hard mask", "F");
    public static readonly Option<string> Model = new("--model") { Description = "VMAF model: a version name (vmaf_v0.6.1), version=NAME, path=FILE or a .json path", DefaultValueFactory = _ => Defaults.Model, HelpName = "NAME" };
    public static readonly Option<string> VmafBin = new("--vmaf-bin") { Description = "libvmaf's vmaf CLI (name on PATH or path)", DefaultValueFactory = _ => "vmaf", HelpName = "PATH" };
    public static readonly Option<string> Engine = CommonOptions.Engine();
    public static readonly Option<int> Threads = CommonOptions.Threads();
    public static readonly Option<string?> Output = CommonOptions.Output();
    public static readonly Option<long?> MemoryLimitOption = CommonOptions.MemoryLimit();
    public static readonly Option<string> ColorMatrix = CommonOptions.ColorMatrix();
    public static readonly Option<string> SaliencyNormalization = CommonOptions.SaliencyNormalization();
    public static readonly Option<string?> SaliencySidecar = new("--saliency-sidecar") { Description = "per-clip saliency mask cache (MessagePack): reused when it matches this model and reference, else written", HelpName = "PATH" };
    public static readonly Option<string> SidecarMode = CommonOptions.SidecarMode();
    public static readonly Option<double?> MinVmafRoi = CommonOptions.WithHelp(PlainNumber.OptionalReal("--min-vmaf-roi"), "fail with exit 80 (after writing the result) when vmaf_roi is below this bar, in [0, 100]", "BAR");
    public static readonly Option<string> MotionVariantOption = CommonOptions.MotionVariant(
        "libvmaf release whose motion feature the managed engine reproduces: 3.0 (default) or 3.2; 3.2 makes auto pick managed and is a usage error with libvmaf or ffmpeg");
    public static readonly Option<bool> Quiet = CommonOptions.Quiet();
    public static readonly Option<string> Method = new Option<string>("--method")
    {
        Description = "how saliency enters the score: substitution (the seed's masked clip; default) or pooled (saliency-weighted pooling inside the features; managed engine)",
        DefaultValueFactory = _ => RoiScoreResult.Substitution,
        HelpName = "substitution|pooled",
    }.AcceptOnlyFromAmong(RoiScoreResult.Substitution, RoiScoreResult.Pooled);
    public static readonly Option<bool> PerFrame = new("--per-frame") { Description = "add every frame's scores and mask mean to the result (frames)" };
    public static readonly Option<string?> Report = new("--report") { Description = "also write a self-contained HTML report (summary, per-frame plot, worst frames, clip mask) to this file, atomically", HelpName = "FILE.html" };
    public static readonly Option<double?> MinVmaf = CommonOptions.WithHelp(PlainNumber.OptionalReal("--min-vmaf"), "fail with exit 80 (after writing the result) when vmaf_full is below this bar, in [0, 100]", "BAR");

    /// <summary>Builds the root command; progress is drawn on stderr only when <paramref name="stderrIsTerminal"/>.</summary>
    public static RootCommand Create(bool stderrIsTerminal = false)
    {
        var command = new RootCommand("Saliency-weighted (region-of-interest) VMAF: (1 - w) * vmaf_full + w * vmaf_masked.")
        {
            Reference, Distorted, Width, Height, PixFmt, SaliencyModel, SyntheticMask, Weight, Threshold, Fade, Model, VmafBin, Engine, Threads, Output,
            ColorMatrix, SaliencyNormalization, SaliencySidecar, SidecarMode, MinVmafRoi, MinVmaf, MotionVariantOption, Quiet, MemoryLimitOption,
            Method, PerFrame, Report,
        };
        command.Validators.Add(result =>
        {
            if (VmafRoutes.MotionVariantConflict(CommonOptions.EngineKind(result.GetValue(Engine)), CommonOptions.MotionVariantOf(result.GetValue(MotionVariantOption))) is { } conflict)
            {
                result.AddError(conflict);
            }

            RoiMethod method = result.GetValue(Method) == RoiScoreResult.Pooled ? RoiMethod.Pooled : RoiMethod.Substitution;
            if (RoiScorer.MethodConflict(CommonOptions.EngineKind(result.GetValue(Engine)), method) is { } methodConflict)
            {
                result.AddError(methodConflict);
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(parse, stderrIsTerminal, cancellationToken));
        return command;
    }

    /// <summary>The request a parse result describes (no validation beyond parsing).</summary>
    public static RoiScoreRequest ToRequest(ParseResult parse) => new()
    {
        Reference = parse.GetRequiredValue(Reference),
        Distorted = parse.GetRequiredValue(Distorted),
        Width = parse.GetValue(Width),
        Height = parse.GetValue(Height),
        PixFmt = parse.GetValue(PixFmt),
        SaliencyModel = parse.GetValue(SaliencyModel),
        SyntheticMask = parse.GetValue(SyntheticMask),
        Weight = parse.GetValue(Weight),
        Threshold = parse.GetValue(Threshold),
        Fade = parse.GetValue(Fade),
        Model = parse.GetValue(Model)!,
        Engine = CommonOptions.EngineKind(parse.GetValue(Engine)),
        Threads = parse.GetValue(Threads),
        Routes = new RouteOptions { VmafBinary = parse.GetValue(VmafBin)!, MotionVariant = CommonOptions.MotionVariantOf(parse.GetValue(MotionVariantOption)) },
        ColorMatrix = SaliencyOptions.ParseColorMatrix(parse.GetValue(ColorMatrix)!),
        SaliencyNormalization = SaliencyOptions.ParseNormalization(parse.GetValue(SaliencyNormalization)!),
        SaliencySidecar = parse.GetValue(SaliencySidecar),
        SidecarMode = CommonOptions.SidecarCacheMode(parse.GetValue(SidecarMode)),
        MinVmafRoi = parse.GetValue(MinVmafRoi),
        MinVmaf = parse.GetValue(MinVmaf),
        MemoryLimit = parse.GetValue(MemoryLimitOption),
        Method = RoiMethods.Parse(parse.GetValue(Method)!),
        PerFrame = parse.GetValue(PerFrame),
    };

    /// <summary>The seed tool's stderr wording for each error kind. A pixel format or bit depth no route takes is an input error, not a mask failure, so it has no prefix.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        MaskException => $"saliency mask failed: {exception.Message}",
        InvalidScoreException => $"invalid pooled score: {exception.Message}",
        _ => CliHost.DefaultDescription(exception),
    };

    /// <summary>Runs the tool in-process (tests call this; no child process).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal = false, CancellationToken cancellationToken = default) =>
        CliHost.Run(ToolName, Create(stderrIsTerminal), args, stdout, stderr, Describe, cancellationToken);

    private static Task<int> RunAsync(ParseResult parse, bool stderrIsTerminal, CancellationToken cancellationToken)
    {
        TextWriter stderr = parse.InvocationConfiguration.Error;
        RoiScoreRequest request = ToRequest(parse);
        string? output = parse.GetValue(Output);
        string? report = parse.GetValue(Report);
        if (output is not null && output != "-")
        {
            AtomicFile.CheckTarget(output, "--output", [.. RoiScorer.InputFiles(request), request.SaliencySidecar]);
        }

        if (report is not null)
        {
            if (report.Length == 0 || report == "-")
            {
                throw new InvalidInputException("--report needs a file path (FILE.html)");
            }

            AtomicFile.CheckTarget(report, "--report", [.. RoiScorer.InputFiles(request), request.SaliencySidecar, output == "-" ? null : output]);
        }

        RoiScoreResult result = CommandProgress.Run(
            stderr,
            CommandProgress.ShouldShow(stderrIsTerminal, parse.GetValue(Quiet)),
            (progress, note) =>
            {
                RoiScoreRequest run = request with { Progress = progress, Log = text => note($"{ToolName}: {text}"), CollectMaskStatistics = report is not null };
                RoiScoreRun scored = RoiScorer.Run(run, cancellationToken);
                if (report is not null)
                {
                    VmafRoi.Report.RoiReport.Write(report, scored, run with { Progress = null }, cancellationToken);
                }

                return scored.Result;
            });
        ResultWriter.Write(ContractJson.Serialize(result), output, parse.InvocationConfiguration.Output, cancellationToken);
        RoiScorer.CheckBars(result, request.MinVmafRoi, request.MinVmaf);
        return Task.FromResult(ExitCodes.Success);
    }
}
