using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using VmafRoi.Cli;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Output;
using VmafRoi.VmafRunner.Output;
using VmafRoi.Yuv;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Tools.Vmaf;

/// <summary>
/// <c>dotnet-vmaf</c>: libvmaf's <c>vmaf</c> command line on the managed engine, so scripts can switch unchanged.
/// </summary>
public static class VmafCommand
{
    public const string ToolName = "dotnet-vmaf";

    /// <summary>
    /// The version line <c>-v</c> prints for the libvmaf release emulated: 3.2.0 (every model and feature of it), or 3.0.0
    /// under <c>--motion-variant 3.0</c>; the v0.6.x models score as 3.0.0 unless 3.2 is asked for (docs/engine.md).
    /// </summary>
    public static string VersionText(string libvmaf) =>
        $"VMAF version {libvmaf} (VmafRoi.Sdk managed engine {typeof(VmafEngine).Assembly.GetName().Version?.ToString(3)})";

    public static readonly Option<string?> Reference = new("--reference", "-r") { Description = "reference: raw YUV (with -w -h -p -b), Y4M or any container", HelpName = "PATH" };
    public static readonly Option<string?> Distorted = new("--distorted", "-d") { Description = "distorted clip, same kinds", HelpName = "PATH" };
    public static readonly Option<int?> Width = CommonOptions.WithHelp(PlainNumber.OptionalInteger("--width", "-w"), "raw YUV width", "N");
    public static readonly Option<int?> Height = CommonOptions.WithHelp(PlainNumber.OptionalInteger("--height", "-h"), "raw YUV height", "N");
    public static readonly Option<string?> PixelFormat = new Option<string?>("--pixel_format", "-p") { Description = "raw YUV chroma layout", HelpName = "420|422|444|400" }.AcceptOnlyFromAmong("420", "422", "444", "400");
    public static readonly Option<int?> BitDepth = CommonOptions.WithHelp(PlainNumber.OptionalInteger("--bitdepth", "-b"), "raw YUV bit depth", "8|10|12|16");
    public static readonly Option<string[]> Models = new("--model", "-m") { Description = "model: version=NAME, path=FILE, a plain NAME or a .json FILE, plus :name=N :disable_clip :enable_transform (repeatable; default version=vmaf_v0.6.1)", HelpName = "MODEL", AllowMultipleArgumentsPerToken = false };
    public static readonly Option<string[]> Features = new("--feature") { Description = "extra extractor, as libvmaf: NAME[=opt=val:opt=val] (psnr, float_ssim, float_ms_ssim, psnr_hvs, ciede, cambi, float_vif, float_adm, float_motion, speed_chroma, vif, adm, motion, motion_v2; repeatable)", HelpName = "FEATURE" };
    public static readonly Option<string?> Output = new("--output", "-o") { Description = "output file ('-' for stdout); nothing is written without it", HelpName = "PATH" };
    public static readonly Option<bool> Xml = new("--xml") { Description = "XML output (the default)" };
    public static readonly Option<bool> Json = new("--json") { Description = "JSON output, byte-compatible with libvmaf 3.0.0 (fps aside)" };
    public static readonly Option<bool> Csv = new("--csv") { Description = "CSV output" };
    public static readonly Option<bool> Sub = new("--sub") { Description = "MicroDVD subtitle output" };
    public static readonly Option<int> Threads = CommonOptions.WithHelp(PlainNumber.Integer("--threads", 0), $"frame-parallel worker threads (0: none, as libvmaf; at most {ThreadLimit.Max} here: 4 x the logical processors, at least 8); results never depend on it", "N");
    public static readonly Option<int> Subsample = CommonOptions.WithHelp(PlainNumber.Integer("--subsample", 1), "score every Nth frame", "N");
    public static readonly Option<int?> FrameCount = CommonOptions.WithHelp(PlainNumber.OptionalInteger("--frame_cnt"), "score at most N frames", "N");
    public static readonly Option<int> SkipReference = CommonOptions.WithHelp(PlainNumber.Integer("--frame_skip_ref", 0), "skip the first N reference frames", "N");
    public static readonly Option<int> SkipDistorted = CommonOptions.WithHelp(PlainNumber.Integer("--frame_skip_dist", 0), "skip the first N distorted frames", "N");
    public static readonly Option<bool> NoPrediction = new("--no_prediction", "-n") { Description = "extract features only" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "no version line or FPS meter on a terminal; the pooled scores still show there unless -o is given" };
    public static readonly Option<bool> Version = new("--version", "-v") { Description = "print the version and exit" };
    public static readonly Option<string?> MotionVariantOption = CommonOptions.LibvmafVersion("libvmaf release to reproduce (default: 3.2 when a model or --feature exists only in 3.2.0, e.g. vmaf_v1.0.16_*, else 3.0)");
    public static readonly Option<string?> CpuMask = new("--cpumask") { Description = "accepted for compatibility; the managed engine's kernels are all bit-exact", HelpName = "M" };
    public static readonly Option<long?> MemoryLimitOption = CommonOptions.MemoryLimit();
    public static readonly Option<string?> GpuMask = new("--gpumask") { Description = "accepted for compatibility; ignored", HelpName = "M" };

    /// <summary>Builds the root command. <c>-h</c> means height here, as in libvmaf; help is <c>--help</c>.</summary>
    public static RootCommand Create(bool stderrIsTerminal)
    {
        var command = new RootCommand("libvmaf's vmaf command on VmafRoi's managed engine (exactly libvmaf's numbers).")
        {
            Reference, Distorted, Width, Height, PixelFormat, BitDepth, Models, Features, Output, Xml, Json, Csv, Sub, Threads, Subsample, FrameCount,
            SkipReference, SkipDistorted, NoPrediction, Quiet, MotionVariantOption, CpuMask, GpuMask, MemoryLimitOption,
        };
        foreach (Option option in command.Options.ToList())
        {
            if (option is HelpOption help)
            {
                help.Aliases.Remove("-h");
            }
            else if (option is VersionOption)
            {
                command.Options.Remove(option);
            }
        }

        command.Options.Add(Version);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, stderrIsTerminal, cancellationToken)));
        return command;
    }

    /// <summary>Runs the tool in-process (tests call this; no child process).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal = false, CancellationToken cancellationToken = default) =>
        CliHost.Run(ToolName, Create(stderrIsTerminal), args, stdout, stderr, cancellationToken: cancellationToken);

    /// <summary>The run request the flags describe.</summary>
    public static VmafRunRequest ToRequest(ParseResult parse)
    {
        string reference = parse.GetValue(Reference) ?? throw new InvalidInputException("missing --reference (-r)");
        string distorted = parse.GetValue(Distorted) ?? throw new InvalidInputException("missing --distorted (-d)");
        FrameReaderOptions options = RawOptions(parse);
        bool noPrediction = parse.GetValue(NoPrediction);
        string[] models = parse.GetValue(Models) ?? [];
        return new VmafRunRequest
        {
            Reference = new VmafInput(reference, options),
            Distorted = new VmafInput(distorted, options),
            Models = noPrediction ? [] : models.Length == 0 ? [ModelRequest.Parse("version=vmaf_v0.6.1")] : models.Select(ModelRequest.Parse).ToList(),
            Features = (parse.GetValue(Features) ?? []).Select(ParseFeature).ToList(),
            Threads = parse.GetValue(Threads),
            FrameCount = parse.GetValue(FrameCount),
            SkipReferenceFrames = parse.GetValue(SkipReference),
            SkipDistortedFrames = parse.GetValue(SkipDistorted),
            Subsample = parse.GetValue(Subsample),
            MotionVariant = CommonOptions.MotionVariantOrAuto(parse.GetValue(MotionVariantOption)),
            MemoryLimit = parse.GetValue(MemoryLimitOption),
        };
    }

    /// <summary>Parses <c>--feature NAME[=opt=val:opt=val]</c>.</summary>
    public static FeatureRequest ParseFeature(string text)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        string name = eq < 0 ? text : text[..eq];
        var options = new Dictionary<string, object>(StringComparer.Ordinal);
        if (eq >= 0)
        {
            foreach (string pair in text[(eq + 1)..].Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] kv = pair.Split('=', 2);
                options[kv[0]] = kv.Length == 2 ? ParseValue(kv[1]) : true;
            }
        }

        return new FeatureRequest(name, options);
    }

    private static object ParseValue(string value) =>
        value switch
        {
            "true" => true,
            "false" => false,
            // libvmaf rewrites a lone number as printf("%g", strtof(text)) before the extractor parses it.
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) =>
                double.Parse(CFormat.G((float)d), NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => value,
        };

    private static FrameReaderOptions RawOptions(ParseResult parse)
    {
        int? w = parse.GetValue(Width);
        int? h = parse.GetValue(Height);
        string? p = parse.GetValue(PixelFormat);
        int? b = parse.GetValue(BitDepth);
        if (w is null && h is null && p is null && b is null)
        {
            return new FrameReaderOptions();
        }

        if (w is null || h is null || p is null || b is null)
        {
            throw new InvalidInputException("raw YUV input needs all of --width, --height, --pixel_format and --bitdepth (-w -h -p -b)");
        }

        if (b is not (8 or 10 or 12 or 16))
        {
            throw new UnsupportedFormatException($"--bitdepth {b} is not supported; libvmaf takes 8, 10, 12 or 16");
        }

        ChromaFormat chroma = p switch
        {
            "420" => ChromaFormat.Yuv420,
            "422" => ChromaFormat.Yuv422,
            "444" => ChromaFormat.Yuv444,
            _ => ChromaFormat.Gray,
        };
        return new FrameReaderOptions { Kind = InputKind.Raw, Width = w, Height = h, Format = YuvFormat.From(chroma, b.Value) };
    }

    private static VmafOutputFormat OutputFormat(ParseResult parse) =>
        parse.GetValue(Json) ? VmafOutputFormat.Json
        : parse.GetValue(Csv) ? VmafOutputFormat.Csv
        : parse.GetValue(Sub) ? VmafOutputFormat.Sub
        : VmafOutputFormat.Xml;

    /// <summary>Every file a run reads: both clips and each model's JSON file (by path, or where its version name resolves).</summary>
    public static IReadOnlyList<string> InputFiles(VmafRunRequest request) =>
        [request.Reference.Path, request.Distorted.Path, .. request.Models.Select(m => ModelFiles.Of(m.Spec)).OfType<string>()];

    private static int Run(ParseResult parse, bool stderrIsTerminal, CancellationToken cancellationToken)
    {
        TextWriter stdout = parse.InvocationConfiguration.Output;
        TextWriter stderr = parse.InvocationConfiguration.Error;
        if (parse.GetValue(Version))
        {
            stdout.WriteLine(VersionText(CommonOptions.MotionVariantOrAuto(parse.GetValue(MotionVariantOption)) == MotionVariant.V3_0 ? "3.0.0" : "3.2.0"));
            return ExitCodes.Success;
        }

        VmafRunRequest request = ToRequest(parse);
        string? output = parse.GetValue(Output);

        // As libvmaf: stderr stays empty off a terminal; -q keeps only the scores, and only when there is no -o.
        bool chatty = stderrIsTerminal && !parse.GetValue(Quiet);
        bool summary = stderrIsTerminal && (chatty || output is null);
        if (chatty)
        {
            stderr.WriteLine(VersionText(VmafRun.LibvmafVersion(request)));
        }

        if (output is not null && output != "-")
        {
            AtomicFile.CheckTarget(output, "--output", [.. InputFiles(request)]);
        }

        FpsMeter? meter = chatty ? new FpsMeter(stderr) : null;
        VmafScores scores;
        try
        {
            scores = VmafRun.Score(request with { Progress = meter }, cancellationToken);
        }
        catch
        {
            meter?.Abandon();
            throw;
        }

        meter?.Complete(new VmafProgress(scores.FrameCount, scores.Elapsed));

        // libvmaf prints these whether or not stderr is a terminal: a silently shorter score is worse than noise.
        foreach (string warning in scores.Warnings)
        {
            stderr.WriteLine($"{ToolName}: warning: {warning}");
        }

        if (output is not null)
        {
            VmafJsonFlavor flavor = scores.Version == MotionVariant.V3_2 || FeatureRegistry.NeedsLibvmaf32(request.Features, scores.Models)
                ? VmafJsonFlavor.V3_2_0
                : VmafJsonFlavor.V3_0_0;
            ResultWriter.Write(VmafTextWriters.Format(scores, OutputFormat(parse), flavor), output, stdout, cancellationToken);
        }

        if (summary)
        {
            for (int m = 0; m < scores.Models.Count; m++)
            {
                string label = request.Models[m].Spec.Version ?? request.Models[m].Spec.FilePath!;
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {scores.PooledScore(scores.Models[m].Name):F6}"));
            }
        }

        return ExitCodes.Success;
    }
}
