using System.Globalization;
using System.Text;
using VmafRoi.Contracts;
using VmafRoi.Materializer.Contracts;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Materializer.Batch;

/// <summary>A batch run over a manifest.</summary>
public sealed record BatchRequest
{
    /// <summary>Table status: no row failed.</summary>
    public const string Ok = "ok";

    /// <summary>Table or batch status: the run finished but rows failed.</summary>
    public const string RowFailures = "row-failures";

    /// <summary>Table status: the table raised (or was not run after <see cref="FailFast"/> stopped the batch).</summary>
    public const string Error = "error";

    /// <summary>Batch status: some table raised or was not run.</summary>
    public const string Failed = "failed";

    public required string Manifest { get; init; }

    /// <summary>The folder manifest paths are relative to; null is the manifest's own folder.</summary>
    public string? BaseDir { get; init; }

    public string? ReportJson { get; init; }

    public string? ReportMarkdown { get; init; }

    /// <summary>Row failures alone do not fail the batch (exploratory audits).</summary>
    public bool AllowRowFailures { get; init; }

    /// <summary>Stop at the first table that is not ok (row failures count unless allowed); the rest are reported as not run.</summary>
    public bool FailFast { get; init; }

    /// <summary>Run-wide settings every table starts from (jobs, resume, progress, log); its input and output are ignored.</summary>
    public required MaterializeRequest Template { get; init; }

    public IReadOnlyList<string> Argv { get; init; } = [];

    public IReadOnlyDictionary<string, object?>? Args { get; init; }

    public string? Entrypoint { get; init; }
}

/// <summary>Runs every table of a manifest with the single-table materializer and reports each one, never hiding a failure.</summary>
public static class BatchRunner
{
    /// <summary>Runs the batch; the report is written when asked. True when the command should exit 0.</summary>
    public static (BatchReport Report, bool Passed) Run(BatchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.BaseDir is { } baseDir && !Directory.Exists(baseDir))
        {
            throw new InvalidInputException($"--base-dir '{baseDir}' is not a folder", baseDir);
        }

        IReadOnlyList<BatchTable> tables = BatchManifest.Load(request.Manifest, request.BaseDir, request.Template);
        foreach ((string? path, string what) in new[] { (request.ReportJson, "--report-json"), (request.ReportMarkdown, "--report-md") })
        {
            if (path is not null)
            {
                AtomicFile.CheckTarget(path, what, [request.Manifest, .. tables.Select(t => t.Request.Input)]);
            }
        }

        var reports = new List<BatchTableReport>();
        string? stoppedAt = null;
        foreach (BatchTable table in tables)
        {
            MaterializeRequest run = table.Request;
            if (stoppedAt is not null)
            {
                reports.Add(Report(table, null, BatchRequest.Error, $"not run: --fail-fast stopped the batch after table '{stoppedAt}'"));
                continue;
            }

            request.Template.Log?.Invoke($"table '{table.Id}': {run.Input} -> {run.Output}");
            BatchTableReport report;
            try
            {
                MaterializeResult result = SaliencyMaterializer.Run(run with { Argv = request.Argv, Entrypoint = request.Entrypoint }, cancellationToken);
                report = Report(table, result.Audit, result.HasRowFailures ? BatchRequest.RowFailures : BatchRequest.Ok, null);
            }
            catch (Exception e) when (e is VmafRoiException or IOException or UnauthorizedAccessException)
            {
                report = Report(table, null, BatchRequest.Error, e.Message);
                request.Template.Log?.Invoke($"table '{table.Id}': error: {e.Message}");
            }

            reports.Add(report);
            bool stops = report.Status == BatchRequest.Error || (report.Status == BatchRequest.RowFailures && !request.AllowRowFailures);
            if (request.FailFast && stops)
            {
                stoppedAt = table.Id;
            }
        }

        string status = reports.Any(r => r.Status == BatchRequest.Error) ? BatchRequest.Failed
            : reports.Any(r => r.Status == BatchRequest.RowFailures) ? BatchRequest.RowFailures
            : BatchRequest.Ok;
        var summaries = reports.Where(r => r.Summary is not null).Select(r => r.Summary!).ToList();
        var batch = new BatchReport
        {
            Status = status,
            Manifest = request.Manifest,
            Summary = new BatchSummary
            {
                Tables = reports.Count,
                FailedTables = reports.Count(r => r.Status != BatchRequest.Ok),
                Total = summaries.Sum(s => s.Total),
                Ok = summaries.Sum(s => s.Ok),
                SkippedExisting = summaries.Sum(s => s.SkippedExisting),
                Failed = summaries.Sum(s => s.Failed),
            },
            Tables = reports,
            RunProvenance = Provenance.Create(
                request.Entrypoint,
                request.Argv,
                request.Args ?? new Dictionary<string, object?>(),
                [("manifest", request.Manifest), ("base_dir", request.BaseDir)],
                [("report_json", request.ReportJson, false), ("report_md", request.ReportMarkdown, false)]),
        };
        if (request.ReportJson is { } json)
        {
            AtomicFile.WriteAllText(json, ContractJson.Serialize(batch), cancellationToken);
        }

        if (request.ReportMarkdown is { } md)
        {
            AtomicFile.WriteAllText(md, Markdown(batch), cancellationToken);
        }

        bool passed = status == BatchRequest.Ok || (status == BatchRequest.RowFailures && request.AllowRowFailures);
        return (batch, passed);
    }

    /// <summary>The Markdown report: one row per table, then the totals.</summary>
    public static string Markdown(BatchReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Saliency batch: {report.Status}\n\n");
        text.Append("| Table | Status | Total | OK | Skipped | Failed | Output |\n");
        text.Append("|---|---|---|---|---|---|---|\n");
        foreach (BatchTableReport t in report.Tables)
        {
            string Count(Func<MaterializerSummary, int> pick) => t.Summary is null ? "-" : pick(t.Summary).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"| {Cell(t.Id)} | {t.Status} | {Count(s => s.Total)} | {Count(s => s.Ok)} | {Count(s => s.SkippedExisting)} | {Count(s => s.Failed)} | {Cell(t.Output)} |\n");
        }

        BatchSummary sum = report.Summary;
        text.Append(CultureInfo.InvariantCulture, $"\n{sum.Tables} tables ({sum.FailedTables} not ok): {sum.Total} rows, {sum.Ok} ok, {sum.SkippedExisting} skipped, {sum.Failed} failed.\n");
        foreach (BatchTableReport t in report.Tables.Where(t => t.Error is not null))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- `{t.Id}`: {t.Error}");
        }

        if (report.Tables.Any(t => t.Error is not null))
        {
            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static BatchTableReport Report(BatchTable table, MaterializerAudit? audit, string status, string? error) => new()
    {
        Id = table.Id,
        Input = table.Request.Input,
        Output = table.Request.Output,
        AuditJson = table.Request.AuditJson,
        Config = audit?.Config,
        Summary = audit?.Summary,
        Status = status,
        Error = error,
    };
}
