using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.Materializer.Clips;
using VmafRoi.Materializer.Contracts;
using VmafRoi.Materializer.Planning;
using VmafRoi.Materializer.Tables;
using VmafRoi.Saliency;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Materializer;

/// <summary>What a table's run did.</summary>
public sealed record MaterializeResult(MaterializerAudit Audit, ClipRunStats Clips)
{
    public MaterializerSummary Summary => Audit.Summary;

    /// <summary>True when a row has a failure status (the command then exits 1).</summary>
    public bool HasRowFailures => Summary.Failed > 0;
}

/// <summary>
/// Appends saliency aggregates to a JSONL or Parquet feature table (seed 003): plan every row, compute each distinct
/// clip once (in parallel, results committed to a cache as they finish), then write the output atomically and the audit.
/// </summary>
public static class SaliencyMaterializer
{
    /// <summary>The result cache beside <paramref name="output"/>.</summary>
    public static string DefaultCacheFile(string output) => output + ".saliency-cache.duckdb";

    /// <summary>Materializes one table.</summary>
    /// <exception cref="UsageException">Contradictory settings (e.g. two output columns of one name).</exception>
    /// <exception cref="InvalidInputException">A missing or malformed input table, a bad setting value, an output that is an input.</exception>
    /// <exception cref="OutputWriteException">An output or the cache cannot be written.</exception>
    /// <exception cref="MaskException">The saliency model cannot be loaded.</exception>
    public static MaterializeResult Run(MaterializeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        AtomicFile.CheckTarget(request.Output, "--output", request.Input, request.ModelPath);
        if (request.AuditJson is { } audit)
        {
            AtomicFile.CheckTarget(audit, "--audit-json", request.Input, request.ModelPath, request.Output);
        }

        // A device or pipe output (/dev/stdout) has no folder for a cache beside it, and no content to hash for a shard.
        bool streamOutput = IsStream(request.Output);
        if (streamOutput && request.Shard is not null)
        {
            throw new UsageException($"--shard needs a file --output (merge reads it back), not '{request.Output}'");
        }

        string? cacheFile = request.CacheFile ?? (streamOutput ? null : DefaultCacheFile(request.Output));
        if (cacheFile is null && request.Resume)
        {
            throw new UsageException($"--resume needs the result cache: give --cache-file when --output '{request.Output}' is a device or pipe");
        }

        if (cacheFile is not null)
        {
            AtomicFile.CheckTarget(cacheFile, "--cache-file", request.Input, request.ModelPath, request.Output, request.AuditJson);
        }

        // Loaded once up front: a model that cannot load fails the run before any row (and its session is the workers').
        int jobs = request.Jobs > 0 ? request.Jobs : Environment.ProcessorCount;
        string modelId, modelSha;
        using (OnnxSaliencyModel model = SaliencyModels.Load(request.ModelSpec, new SaliencyOptions { IntraOpThreads = IntraOpThreads(jobs) }))
        {
            modelId = request.ModelId is { Length: > 0 } given ? given : model.Id;
            modelSha = model.Sha256;
        }

        MaterializerConfig config = ConfigOf(request, modelId, modelSha);
        var plan = new TablePlan(request);
        using IFeatureTable table = TableFormats.Open(request);
        table.Plan(plan, cancellationToken);

        var settings = new ClipSettings(request.ModelSpec, request.Aggregator, request.MaxFrames, request.FrameSamples, IntraOpThreads(jobs), request.FfmpegPath);
        ClipOutcome[] outcomes;
        ClipRunStats stats;
        using (ResultCache? cache = cacheFile is null ? null : ResultCache.Open(cacheFile, SettingsKey(config)))
        {
            (outcomes, stats) = ClipRunner.Run(plan.Clips, settings, jobs, cache, request.Resume, request.Progress, cancellationToken);
        }

        LogFailures(request, plan, outcomes);
        var results = new RowResults(plan.Rows, outcomes, modelId, request.Aggregator, request.Columns);
        table.Write(request.Output, results, shardRows: request.Shard is not null, cancellationToken);

        MaterializerSummary summary = Summarize(plan, results);
        ShardAudit? shard = request.Shard is { } s
            ? new ShardAudit { Index = s.Index, Count = s.Count, TableRows = plan.TableRows, InputSha256 = table.InputSha256, OutputSha256 = Provenance.Sha256(request.Output) }
            : null;
        var auditRecord = new MaterializerAudit
        {
            Input = request.Input,
            Output = request.Output,
            Config = config,
            Summary = summary,
            Shard = shard,
            RunProvenance = Provenance.Create(
                request.Entrypoint,
                request.Argv,
                request.Args ?? ArgsOf(request),
                [("input", request.Input), ("model_path", request.ModelPath), ("root", request.Root)],
                [("output", request.Output, true), ("audit_json", request.AuditJson, false)]),
        };
        if (request.AuditJson is { } auditPath)
        {
            AtomicFile.WriteAllText(auditPath, ContractJson.Serialize(auditRecord), cancellationToken);
        }

        return new MaterializeResult(auditRecord, stats);
    }

    /// <summary>The effective config recorded in audits.</summary>
    public static MaterializerConfig ConfigOf(MaterializeRequest request, string modelId, string modelSha256) => new()
    {
        Root = request.Root,
        PathColumn = request.PathColumn,
        WidthColumn = request.WidthColumn,
        HeightColumn = request.HeightColumn,
        DefaultWidth = request.DefaultWidth,
        DefaultHeight = request.DefaultHeight,
        ModelId = modelId,
        ModelPath = request.ModelPath,
        ModelSha256 = modelSha256,
        TemporalAggregator = request.Aggregator.Name,
        EmaAlpha = request.Aggregator.Alpha,
        MaxFrames = request.MaxFrames,
        FrameSamples = request.FrameSamples,
        Overwrite = request.Overwrite,
        StatusColumn = request.StatusColumn,
        ModelIdColumn = request.ModelIdColumn,
        AggregatorColumn = request.AggregatorColumn,
        EmaAlphaColumn = request.EmaAlphaColumn,
    };

    /// <summary>The arguments of a library call, as the command would record them.</summary>
    public static IReadOnlyDictionary<string, object?> ArgsOf(MaterializeRequest request) => new Dictionary<string, object?>
    {
        ["aggregator_column"] = request.AggregatorColumn,
        ["audit_json"] = request.AuditJson,
        ["cache_file"] = request.CacheFile,
        ["default_height"] = request.DefaultHeight,
        ["default_width"] = request.DefaultWidth,
        ["ema_alpha"] = request.Aggregator.Alpha,
        ["ema_alpha_column"] = request.EmaAlphaColumn,
        ["frame_samples"] = request.FrameSamples,
        ["height_column"] = request.HeightColumn,
        ["input"] = request.Input,
        ["jobs"] = request.Jobs,
        ["max_frames"] = request.MaxFrames,
        ["model_id"] = request.ModelId,
        ["model_id_column"] = request.ModelIdColumn,
        ["model_path"] = request.ModelPath,
        ["output"] = request.Output,
        ["overwrite"] = request.Overwrite,
        ["path_column"] = request.PathColumn,
        ["resume"] = request.Resume,
        ["root"] = request.Root,
        ["shard"] = request.Shard?.ToString(),
        ["status_column"] = request.StatusColumn,
        ["temporal_aggregator"] = request.Aggregator.Name,
        ["width_column"] = request.WidthColumn,
    };

    private static bool IsStream(string path)
    {
        try
        {
            return FileNode.Of(Path.GetFullPath(path)).IsSpecial;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Validate(MaterializeRequest request)
    {
        request.Columns.CheckDistinct();
        if (string.IsNullOrEmpty(request.PathColumn))
        {
            throw new UsageException("--path-column must name a column");
        }

        if (request.MaxFrames < 1 || request.FrameSamples < 1)
        {
            throw new InvalidInputException($"--max-frames and --frame-samples must be at least 1, got {request.MaxFrames} and {request.FrameSamples}");
        }

        if (request.DefaultWidth < 0 || request.DefaultHeight < 0)
        {
            throw new InvalidInputException($"--default-width and --default-height must be 0 (none) or positive, got {request.DefaultWidth} and {request.DefaultHeight}");
        }

        if (request.Jobs < 0)
        {
            throw new InvalidInputException($"--jobs must be 0 (one per processor) or more, got {request.Jobs}");
        }

        if (!File.Exists(request.Input))
        {
            throw new InvalidInputException(Directory.Exists(request.Input) ? $"input table is a directory, not a file: {request.Input}" : $"input table not found: {request.Input}", request.Input);
        }

        bool jsonl = TableFormats.IsJsonl(request.Input);
        if (!jsonl && !TableFormats.IsParquet(request.Input))
        {
            throw new InvalidInputException($"input table '{request.Input}' is neither .jsonl (or .ndjson) nor .parquet (or .pq)", request.Input);
        }

        if (!IsStream(request.Output) && (jsonl != TableFormats.IsJsonl(request.Output) || jsonl == TableFormats.IsParquet(request.Output)))
        {
            throw new InvalidInputException($"output '{request.Output}' must be the input's format ({(jsonl ? ".jsonl" : ".parquet")})", request.Output);
        }

        if (request.Root is { Length: > 0 } root && !Directory.Exists(root))
        {
            throw new InvalidInputException($"--root '{root}' is not a folder", root);
        }
    }

    // Jobs share the cores: one ONNX Runtime thread per job when they fill the machine, else the cores split between them.
    private static int IntraOpThreads(int jobs) => Math.Max(1, Environment.ProcessorCount / Math.Max(1, jobs));

    private static string SettingsKey(MaterializerConfig config) =>
        string.Create(CultureInfo.InvariantCulture, $"v1|{config.ModelSha256}|{config.TemporalAggregator}|{config.EmaAlpha:R}|{config.MaxFrames}|{config.FrameSamples}");

    private static MaterializerSummary Summarize(TablePlan plan, RowResults results)
    {
        var counts = RowStatus.All.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (PlannedRow row in plan.Rows)
        {
            counts[results.StatusOf(row)]++;
        }

        int failed = counts[RowStatus.MissingSource] + counts[RowStatus.MissingGeometry] + counts[RowStatus.DecodeFailed] + counts[RowStatus.ModelFailed];
        return new MaterializerSummary
        {
            Total = plan.Rows.Count,
            Ok = counts[RowStatus.Ok],
            SkippedExisting = counts[RowStatus.SkippedExisting],
            Failed = failed,
            MissingSource = counts[RowStatus.MissingSource],
            MissingGeometry = counts[RowStatus.MissingGeometry],
            DecodeFailed = counts[RowStatus.DecodeFailed],
            ModelFailed = counts[RowStatus.ModelFailed],
            Clips = plan.Clips.Count,
        };
    }

    // One line per failed clip (the first few of each status), so a bad corpus is diagnosable without flooding stderr.
    private static void LogFailures(MaterializeRequest request, TablePlan plan, ClipOutcome[] outcomes)
    {
        if (request.Log is not { } log)
        {
            return;
        }

        const int PerStatus = 10;
        foreach (IGrouping<string, ClipOutcome> group in outcomes.Where(o => RowStatus.IsFailure(o.Status)).GroupBy(o => o.Status))
        {
            foreach (ClipOutcome outcome in group.Take(PerStatus))
            {
                log($"{group.Key}: {outcome.Message}");
            }

            if (group.Count() > PerStatus)
            {
                log($"{group.Key}: … and {group.Count() - PerStatus} more clips");
            }
        }

        int missing = plan.Rows.Count(r => r.Status == RowStatus.MissingSource);
        if (missing > 0)
        {
            log($"{RowStatus.MissingSource}: {missing} rows whose '{request.PathColumn}' is empty or names no file{(request.Root is null ? string.Empty : $" under --root '{request.Root}'")}");
        }
    }
}
