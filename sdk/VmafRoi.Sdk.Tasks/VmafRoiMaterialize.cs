using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VmafRoi.Sdk.Tasks.Incremental;
using VmafRoi.Sdk.Tasks.Running;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// Saliency columns for each <c>VmafSaliencyMaterialize</c> feature table, through <c>vmaf-saliency-materialize</c>
/// (out of process: ONNX Runtime and DuckDB are native libraries that must never load into the build node). Incremental
/// by content: a table whose content, model, settings, tool and output are unchanged is not run again; a changed one
/// runs with <c>--resume</c>, so only clips whose files changed are recomputed.
/// </summary>
public sealed class VmafRoiMaterialize : VmafRoiTask
{
    /// <summary>The item metadata that become command-line flags, with their flag names.</summary>
    public static readonly (string Metadata, string Flag)[] Settings =
    [
        ("Root", "--root"), ("PathColumn", "--path-column"), ("WidthColumn", "--width-column"), ("HeightColumn", "--height-column"),
        ("DefaultWidth", "--default-width"), ("DefaultHeight", "--default-height"), ("ModelId", "--model-id"), ("ModelPath", "--model-path"),
        ("TemporalAggregator", "--temporal-aggregator"), ("EmaAlpha", "--ema-alpha"), ("MaxFrames", "--max-frames"), ("FrameSamples", "--frame-samples"),
        ("StatusColumn", "--status-column"), ("ModelIdColumn", "--model-id-column"), ("AggregatorColumn", "--aggregator-column"), ("EmaAlphaColumn", "--ema-alpha-column"),
        ("Jobs", "--jobs"),
    ];

    /// <summary>
    /// Tables (Include = the input .jsonl or .parquet); metadata <c>OutputTable</c> (default <c>&lt;name&gt;.saliency&lt;ext&gt;</c>
    /// beside the input), <c>AuditJson</c>, <c>Overwrite</c>, <c>AllowRowFailures</c>, and every <see cref="Settings"/> name.
    /// </summary>
    [Required]
    public ITaskItem[] Tables { get; set; } = [];

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>Where the per-table stamps go.</summary>
    [Required]
    public string StampDirectory { get; set; } = string.Empty;

    /// <summary><c>vmaf-saliency-materialize.dll</c> (run with the dotnet host) or an executable.</summary>
    [Required]
    public string ToolPath { get; set; } = string.Empty;

    public string? DotnetHost { get; set; }

    /// <summary>The tables written (Include = output) with <c>Run</c> metadata: <c>materialized</c> or <c>reused</c>.</summary>
    [Output]
    public ITaskItem[] Outputs { get; private set; } = [];

    protected override bool Run()
    {
        var tool = new ToolCommand(ToolPath, ToolCommand.ResolveDotnetHost(DotnetHost));
        if (Tables.Length > 0 && tool.Problem() is { } missing)
        {
            LogCoded(GateCodes.ToolMissing, missing);
            return false;
        }

        var hashes = ContentHashCache.Load(Path.Combine(StampDirectory, "content-hashes.tsv"));
        string fingerprint = GateKey.ScorerFingerprint(ToolPath, hashes);
        var outputs = new List<ITaskItem>();
        foreach (ITaskItem table in Tables)
        {
            string input = Path.GetFullPath(table.ItemSpec, ProjectDirectory);
            if (!File.Exists(input))
            {
                LogCoded(GateCodes.FileNotFound, $"VmafSaliencyMaterialize '{table.ItemSpec}': table not found: {input}");
                continue;
            }

            string output = table.GetMetadata("OutputTable") is { Length: > 0 } given
                ? Path.GetFullPath(given, ProjectDirectory)
                : Path.Combine(Path.GetDirectoryName(input)!, Path.GetFileNameWithoutExtension(input) + ".saliency" + Path.GetExtension(input));
            var args = new List<string> { "--input", input, "--output", output, "--resume", "--quiet" };
            if (table.GetMetadata("AuditJson") is { Length: > 0 } audit)
            {
                args.AddRange(["--audit-json", Path.GetFullPath(audit, ProjectDirectory)]);
            }

            foreach ((string metadata, string flag) in Settings)
            {
                if (table.GetMetadata(metadata) is { Length: > 0 } value)
                {
                    args.AddRange([flag, metadata is "Root" or "ModelPath" ? Path.GetFullPath(value, ProjectDirectory) : value]);
                }
            }

            if (IsTrue(table.GetMetadata("Overwrite")))
            {
                args.Add("--overwrite");
            }

            string key = Key(input, args, fingerprint, table.GetMetadata("ModelPath") is { Length: > 0 } model ? Path.GetFullPath(model, ProjectDirectory) : null, hashes);
            string stamp = Path.Combine(StampDirectory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(output)))[..16] + ".stamp");
            var result = new TaskItem(output);
            result.SetMetadata("Table", table.ItemSpec);
            if (File.Exists(output) && File.Exists(stamp) && File.ReadAllText(stamp) == key + "\n" + hashes.Sha256(output) + "\n")
            {
                Log.LogMessage(MessageImportance.High, "VmafSaliencyMaterialize '{0}': {1} [reused: table, model, settings and tool unchanged]", table.ItemSpec, output);
                result.SetMetadata("Run", "reused");
                outputs.Add(result);
                continue;
            }

            (string fileName, IReadOnlyList<string> arguments) = tool.Render(args);
            ToolRunResult run = RunWithLog(_ => ProcessRunner.RunOneAsync(new ToolRun(table.ItemSpec, fileName, arguments, ProjectDirectory), CancellationToken));
            foreach (string line in run.StandardError)
            {
                Log.LogMessage(line.StartsWith("saliency materialize:", StringComparison.Ordinal) ? MessageImportance.High : MessageImportance.Low, "{0}", line);
            }

            bool rowsFailed = run.StartError is null && run.ExitCode == 1 && run.StandardError.Any(l => l.StartsWith("saliency materialize:", StringComparison.Ordinal));
            if (!run.Succeeded && !(rowsFailed && IsTrue(table.GetMetadata("AllowRowFailures"))))
            {
                string code = run.StartError is not null ? GateCodes.ToolMissing : rowsFailed ? GateCodes.RowsFailed : GateCodes.FromExitCode(run.ExitCode);
                string summary = run.StandardError.LastOrDefault(l => l.StartsWith("saliency materialize:", StringComparison.Ordinal)) ?? run.StderrTail();
                LogCoded(code, $"VmafSaliencyMaterialize '{table.ItemSpec}': {run.StartError ?? $"{tool.Name} exit {run.ExitCode.ToString(CultureInfo.InvariantCulture)}: {summary}"}{(rowsFailed ? " (set AllowRowFailures=\"true\" to keep such a table)" : string.Empty)}");
                if (File.Exists(stamp))
                {
                    File.Delete(stamp); // a failed run never leaves the previous output looking current
                }
                continue;
            }

            if (rowsFailed)
            {
                Log.LogWarning(null, GateCodes.RowsFailed, null, BuildEngine?.ProjectFileOfTaskNode, 0, 0, 0, 0, "VmafSaliencyMaterialize '{0}': some rows failed (AllowRowFailures): {1}", table.ItemSpec, run.StandardError.LastOrDefault(l => l.StartsWith("saliency materialize:", StringComparison.Ordinal)));
            }

            Directory.CreateDirectory(StampDirectory);
            AtomicFile.WriteAllText(stamp, key + "\n" + hashes.Sha256(output) + "\n");
            result.SetMetadata("Run", "materialized");
            outputs.Add(result);
        }

        hashes.Save();
        Outputs = [.. outputs];
        return !Log.HasLoggedErrors;
    }

    private static bool IsTrue(string value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    // The table's content, the model's, the tool's assemblies and every argument (paths included) decide a rerun.
    private static string Key(string input, IReadOnlyList<string> args, string fingerprint, string? modelPath, ContentHashCache hashes)
    {
        var text = new StringBuilder("vmafroi-materialize-key/1\n");
        text.Append("tool=").Append(fingerprint).Append('\n');
        text.Append("table=").Append(hashes.Sha256(input)).Append('\n');
        text.Append("model=").Append(modelPath is not null && File.Exists(modelPath) ? hashes.Sha256(modelPath) : "default").Append('\n');
        foreach (string arg in args)
        {
            text.Append("arg=").Append(arg).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
