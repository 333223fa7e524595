using System.CommandLine;
using System.Globalization;
using VmafRoi.Aggregators;
using VmafRoi.Cli;
using VmafRoi.Contracts;
using VmafRoi.Materializer;
using VmafRoi.Materializer.Contracts;

namespace VmafRoi.Tools.Materialize;

/// <summary><c>vmaf-saliency-materialize</c>: saliency columns for one table; <c>batch</c> and <c>merge</c> as subcommands.</summary>
public static class MaterializeCommand
{
    public const string ToolName = "vmaf-saliency-materialize";

    private static readonly Option<string> Input = new("--input") { Description = "feature table to read: .jsonl (or .ndjson) or .parquet (or .pq)", Required = true, HelpName = "PATH" };
    private static readonly Option<string> Output = new("--output") { Description = "table to write, same format; written atomically, never the input", Required = true, HelpName = "PATH" };
    private static readonly Option<string?> Root = new("--root") { Description = "folder that relative clip paths are joined to", HelpName = "DIR" };
    private static readonly Option<string> PathColumn = new("--path-column") { Description = "column holding each row's clip path", DefaultValueFactory = _ => "src", HelpName = "NAME" };
    private static readonly Option<string> WidthColumn = new("--width-column") { Description = "column holding the clip width", DefaultValueFactory = _ => "width", HelpName = "NAME" };
    private static readonly Option<string> HeightColumn = new("--height-column") { Description = "column holding the clip height", DefaultValueFactory = _ => "height", HelpName = "NAME" };
    private static readonly Option<int> DefaultWidth = CommonOptions.WithHelp(PlainNumber.Integer("--default-width", 0), "width for rows without a valid one (raw .yuv corpora); 0 for none", "N");
    private static readonly Option<int> DefaultHeight = CommonOptions.WithHelp(PlainNumber.Integer("--default-height", 0), "height for rows without a valid one; 0 for none", "N");
    private static readonly Option<string?> ModelId = new("--model-id") { Description = "id written to the model-id column (default: the model's own id, e.g. the built-in model's, or the ONNX file's stem)", HelpName = "ID" };
    private static readonly Option<string?> ModelPath = new("--model-path") { Description = "saliency ONNX model (default: the built-in model)", HelpName = "PATH" };
    private static readonly Option<string> Aggregator = new Option<string>("--temporal-aggregator") { Description = "temporal reducer of the sampled frames' masks", DefaultValueFactory = _ => AggregatorNames.Mean }.AcceptOnlyFromAmong([.. AggregatorNames.All]);
    private static readonly Option<double> EmaAlpha = CommonOptions.WithHelp(PlainNumber.Real("--ema-alpha", AggregatorSpec.DefaultEmaAlpha), "current-frame weight of the ema reducer, in (0, 1]", "A");
    private static readonly Option<int> MaxFrames = CommonOptions.WithHelp(PlainNumber.Integer("--max-frames", 8), "frames decoded from the start of each clip", "N");
    private static readonly Option<int> FrameSamples = CommonOptions.WithHelp(PlainNumber.Integer("--frame-samples", 8), "frames sampled from those (every n/k-th) and run through the model", "N");
    private static readonly Option<bool> Overwrite = new("--overwrite") { Description = "recompute rows that already have finite saliency_mean and saliency_var" };
    private static readonly Option<string> StatusColumn = new("--status-column") { Description = "row status column (\"\" disables it)", DefaultValueFactory = _ => MaterializeRequest.DefaultStatusColumn, HelpName = "NAME" };
    private static readonly Option<string> ModelIdColumn = new("--model-id-column") { Description = "model id column (\"\" disables it)", DefaultValueFactory = _ => MaterializeRequest.DefaultModelIdColumn, HelpName = "NAME" };
    private static readonly Option<string> AggregatorColumn = new("--aggregator-column") { Description = "aggregator column (\"\" disables it)", DefaultValueFactory = _ => MaterializeRequest.DefaultAggregatorColumn, HelpName = "NAME" };
    private static readonly Option<string> EmaAlphaColumn = new("--ema-alpha-column") { Description = "EMA alpha column (\"\" disables it)", DefaultValueFactory = _ => MaterializeRequest.DefaultEmaAlphaColumn, HelpName = "NAME" };
    private static readonly Option<string?> AuditJson = new("--audit-json") { Description = "write the audit (counters, config, run provenance) here", HelpName = "PATH" };
    private static readonly Option<int> Jobs = CommonOptions.WithHelp(PlainNumber.Integer("--jobs", 0), "clips computed at once (0: one per processor)", "N");
    private static readonly Option<bool> Resume = new("--resume") { Description = "reuse the clips a previous (interrupted) run committed to the result cache" };
    private static readonly Option<string?> CacheFile = new("--cache-file") { Description = "result cache (default: OUTPUT.saliency-cache.duckdb)", HelpName = "PATH" };
    private static readonly Option<string?> Shard = new("--shard") { Description = "write only shard INDEX of COUNT (rows partitioned by a hash of the resolved clip path); combine with 'merge'", HelpName = "INDEX/COUNT" };
    private static readonly Option<bool> Quiet = CommonOptions.Quiet();

    /// <summary>The root command; <paramref name="argv"/> is recorded in audits; progress is drawn only when <paramref name="stderrIsTerminal"/>.</summary>
    public static RootCommand Create(bool stderrIsTerminal = false, IReadOnlyList<string>? argv = null)
    {
        var root = new RootCommand("Appends saliency_mean and saliency_var (and status, model id, aggregator, alpha) to a JSONL or Parquet feature table.")
        {
            Input, Output, Root, PathColumn, WidthColumn, HeightColumn, DefaultWidth, DefaultHeight, ModelId, ModelPath, Aggregator, EmaAlpha,
            MaxFrames, FrameSamples, Overwrite, StatusColumn, ModelIdColumn, AggregatorColumn, EmaAlphaColumn, AuditJson, Jobs, Resume, CacheFile, Shard, Quiet,
            BatchCommand.Create(stderrIsTerminal, argv ?? []),
            MergeCommand.Create(argv ?? []),
        };
        root.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, stderrIsTerminal, argv ?? [], cancellationToken)));
        return root;
    }

    /// <summary>Runs the tool in-process (tests call this; no child process).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal = false, CancellationToken cancellationToken = default) =>
        CliHost.Run(ToolName, Create(stderrIsTerminal, args), args, stdout, stderr, cancellationToken: cancellationToken);

    /// <summary>The request the parsed options describe.</summary>
    public static MaterializeRequest ToRequest(ParseResult parse, IReadOnlyList<string> argv)
    {
        MaterializeRequest request = new()
        {
            Input = parse.GetRequiredValue(Input),
            Output = parse.GetRequiredValue(Output),
            Root = parse.GetValue(Root),
            PathColumn = parse.GetValue(PathColumn)!,
            WidthColumn = parse.GetValue(WidthColumn)!,
            HeightColumn = parse.GetValue(HeightColumn)!,
            DefaultWidth = parse.GetValue(DefaultWidth),
            DefaultHeight = parse.GetValue(DefaultHeight),
            ModelId = parse.GetValue(ModelId),
            ModelPath = parse.GetValue(ModelPath),
            Aggregator = AggregatorSpec.Create(parse.GetValue(Aggregator)!, parse.GetValue(EmaAlpha)),
            MaxFrames = parse.GetValue(MaxFrames),
            FrameSamples = parse.GetValue(FrameSamples),
            Overwrite = parse.GetValue(Overwrite),
            StatusColumn = parse.GetValue(StatusColumn) ?? string.Empty,
            ModelIdColumn = parse.GetValue(ModelIdColumn) ?? string.Empty,
            AggregatorColumn = parse.GetValue(AggregatorColumn) ?? string.Empty,
            EmaAlphaColumn = parse.GetValue(EmaAlphaColumn) ?? string.Empty,
            AuditJson = parse.GetValue(AuditJson),
            Jobs = parse.GetValue(Jobs),
            Resume = parse.GetValue(Resume),
            CacheFile = parse.GetValue(CacheFile),
            Shard = parse.GetValue(Shard) is { } shard ? ShardSpec.Parse(shard) : null,
            Argv = argv,
        };
        return request;
    }

    /// <summary>The seed's summary line: <c>saliency materialize: total= ok= skipped= failed=</c>.</summary>
    public static string SummaryLine(MaterializerSummary s) =>
        string.Create(CultureInfo.InvariantCulture, $"saliency materialize: total={s.Total} ok={s.Ok} skipped={s.SkippedExisting} failed={s.Failed}");

    private static int Run(ParseResult parse, bool stderrIsTerminal, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        MaterializeRequest request = ToRequest(parse, argv);
        TextWriter stderr = parse.InvocationConfiguration.Error;
        MaterializeResult result = CommandProgress.Run(
            stderr,
            CommandProgress.ShouldShow(stderrIsTerminal, parse.GetValue(Quiet)),
            (progress, note) => SaliencyMaterializer.Run(request with { Progress = progress, Log = text => note($"{ToolName}: {text}") }, cancellationToken));
        stderr.WriteLine(SummaryLine(result.Summary));
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ToolName}: {result.Clips.Clips} clips: {result.Clips.Computed} computed, {result.Clips.FromCache} from the result cache"));
        return result.HasRowFailures ? ExitCodes.InvalidInput : ExitCodes.Success;
    }
}
