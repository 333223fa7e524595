using System.CommandLine;
using System.Globalization;
using VmafRoi.Cli;
using VmafRoi.Contracts;
using VmafRoi.Materializer;
using VmafRoi.Materializer.Batch;
using VmafRoi.Materializer.Contracts;

namespace VmafRoi.Tools.Materialize;

/// <summary><c>vmaf-saliency-materialize batch</c>: every table of a manifest, with a JSON and a Markdown report.</summary>
public static class BatchCommand
{
    private static readonly Option<string> Manifest = new("--manifest") { Description = "batch manifest: {\"defaults\": {...}, \"tables\": [{\"id\", \"input\", \"output\", \"audit_json\"?, ...overrides}]}", Required = true, HelpName = "PATH" };
    private static readonly Option<string?> BaseDir = new("--base-dir") { Description = "folder manifest paths are relative to (default: the manifest's folder)", HelpName = "DIR" };
    private static readonly Option<string?> ReportJson = new("--report-json") { Description = "write the batch report (schema saliency-materializer-batch-v1) here", HelpName = "PATH" };
    private static readonly Option<string?> ReportMd = new("--report-md") { Description = "write a Markdown table of the tables here", HelpName = "PATH" };
    private static readonly Option<bool> AllowRowFailures = new("--allow-row-failures") { Description = "exit 0 when only rows failed (exploratory audits)" };
    private static readonly Option<bool> FailFast = new("--fail-fast") { Description = "stop at the first table that is not ok; the rest are reported as not run" };
    private static readonly Option<int> Jobs = CommonOptions.WithHelp(PlainNumber.Integer("--jobs", 0), "clips computed at once per table (0: one per processor)", "N");
    private static readonly Option<bool> Resume = new("--resume") { Description = "reuse each table's committed clips from its result cache" };
    private static readonly Option<bool> Quiet = CommonOptions.Quiet();

    public static Command Create(bool stderrIsTerminal, IReadOnlyList<string> argv)
    {
        var command = new Command("batch", "Materialize every table of a batch manifest with shared defaults and per-table overrides.")
        {
            Manifest, BaseDir, ReportJson, ReportMd, AllowRowFailures, FailFast, Jobs, Resume, Quiet,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, stderrIsTerminal, argv, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parse, bool stderrIsTerminal, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        TextWriter stderr = parse.InvocationConfiguration.Error;
        var args = new Dictionary<string, object?>
        {
            ["allow_row_failures"] = parse.GetValue(AllowRowFailures),
            ["base_dir"] = parse.GetValue(BaseDir),
            ["fail_fast"] = parse.GetValue(FailFast),
            ["jobs"] = parse.GetValue(Jobs),
            ["manifest"] = parse.GetRequiredValue(Manifest),
            ["report_json"] = parse.GetValue(ReportJson),
            ["report_md"] = parse.GetValue(ReportMd),
            ["resume"] = parse.GetValue(Resume),
        };
        (BatchReport report, bool passed) = CommandProgress.Run(
            stderr,
            CommandProgress.ShouldShow(stderrIsTerminal, parse.GetValue(Quiet)),
            (progress, note) => BatchRunner.Run(
                new BatchRequest
                {
                    Manifest = parse.GetRequiredValue(Manifest),
                    BaseDir = parse.GetValue(BaseDir),
                    ReportJson = parse.GetValue(ReportJson),
                    ReportMarkdown = parse.GetValue(ReportMd),
                    AllowRowFailures = parse.GetValue(AllowRowFailures),
                    FailFast = parse.GetValue(FailFast),
                    Template = new MaterializeRequest
                    {
                        Input = string.Empty,
                        Output = string.Empty,
                        Jobs = parse.GetValue(Jobs),
                        Resume = parse.GetValue(Resume),
                        Progress = progress,
                        Log = text => note($"{MaterializeCommand.ToolName}: {text}"),
                    },
                    Argv = argv,
                    Args = args,
                },
                cancellationToken));
        foreach (BatchTableReport table in report.Tables.Where(t => t.Summary is not null))
        {
            stderr.WriteLine($"{table.Id}: {MaterializeCommand.SummaryLine(table.Summary!)}");
        }

        BatchSummary s = report.Summary;
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"saliency batch: status={report.Status} tables={s.Tables} failed_tables={s.FailedTables} total={s.Total} ok={s.Ok} skipped={s.SkippedExisting} failed={s.Failed}"));
        return passed ? ExitCodes.Success : ExitCodes.InvalidInput;
    }
}
