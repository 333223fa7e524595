using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Task = System.Threading.Tasks.Task;
using VmafRoi.Contracts;
using VmafRoi.Sdk.Tasks.Incremental;
using VmafRoi.Sdk.Tasks.Metadata;
using VmafRoi.Sdk.Tasks.Running;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// Saliency-aware encodes in the build: each <c>VmafSaliencyEncode</c> item (Include = source clip, <c>OutputFile</c>,
/// <c>Encoder</c>, <c>Crf</c> or a target) runs <c>vmaf-tune</c> out of process (saliency runs on ONNX Runtime, which
/// never loads into the build node): <c>crf-search</c> first when a target is given, then <c>recommend-saliency</c>.
/// Incremental by content, like the quality gate: an item whose source, tool and settings hash to its stamp, and whose
/// output still has the bytes the stamp recorded, is not encoded again.
/// </summary>
public sealed class VmafRoiSaliencyEncode : VmafRoiTask
{
    /// <summary>Bumped when what goes into the key changes, so old stamps never match.</summary>
    public const string KeyVersion = "vmafroi-encode-key/1";

    /// <summary>The <c>VmafSaliencyEncode</c> items.</summary>
    [Required]
    public ITaskItem[] Items { get; set; } = [];

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>Where reports, searches, stamps and the hash cache go (under obj/).</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary><c>vmaf-tune.dll</c> (run with the dotnet host) or an executable; its assemblies are part of every key.</summary>
    [Required]
    public string ToolPath { get; set; } = string.Empty;

    public string? DotnetHost { get; set; }

    /// <summary>Most items encoded at once; 0 means one per processor.</summary>
    public int MaxParallel { get; set; }

    /// <summary>Every item, with <c>OutputFile</c>, <c>ResultFile</c>, <c>Crf</c> and <c>Run</c> (<c>encoded</c> or <c>reused</c>).</summary>
    [Output]
    public ITaskItem[] EncodedItems { get; private set; } = [];

    /// <summary>The items that could not be encoded, with <c>ErrorCode</c>.</summary>
    [Output]
    public ITaskItem[] FailedItems { get; private set; } = [];

    /// <summary>An item read from the project.</summary>
    internal sealed record EncodeItem(string Source, string SourceFullPath, string Output, string OutputFullPath, string? ModelFile, IReadOnlyList<(string Flag, string Value)> Settings, string? TargetFlag, string? Target);

    protected override bool Run()
    {
        if (MaxParallel < 0)
        {
            LogCoded(GateCodes.SettingInvalid, $"VmafRoiMaxParallel must be 0 (one per processor) or more, got {MaxParallel}");
            return false;
        }

        string output = Path.GetFullPath(OutputDirectory, ProjectDirectory);
        string folder = Path.Combine(output, "encodes");
        Directory.CreateDirectory(folder);
        ContentHashCache hashes = ContentHashCache.Load(Path.Combine(output, "content-hashes.txt"));
        var tool = new ToolCommand(ToolPath, ToolCommand.ResolveDotnetHost(DotnetHost));
        var failed = new List<ITaskItem>();
        var results = new List<ITaskItem>();
        var work = new List<(ITaskItem Item, EncodeItem Encode, string Key, string Id)>();
        string? fingerprint = null;
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ITaskItem item in Items)
        {
            EncodeItem? encode = Read(item, out IReadOnlyList<MetadataProblem> problems);
            if (encode is not null && outputs.TryGetValue(encode.OutputFullPath, out string? first))
            {
                problems = [new MetadataProblem(GateCodes.DuplicateItem, $"{ItemName(item)}: writes the same OutputFile as '{first}'")];
                encode = null;
            }

            if (encode is null)
            {
                foreach (MetadataProblem problem in problems)
                {
                    LogCoded(problem.Code, problem.Message);
                }

                failed.Add(WithMetadata(item, (MetadataNames.ErrorCode, problems[0].Code)));
                continue;
            }

            outputs[encode.OutputFullPath] = item.ItemSpec;
            fingerprint ??= GateKey.ScorerFingerprint(ToolPath, hashes);
            string key = Key(encode, fingerprint, hashes);
            string id = ItemIds.For(encode.Output, encode.Source);
            string stamp = Path.Combine(folder, id + ".stamp");
            string report = Path.Combine(folder, id + ".saliency-encode.json");
            if (IsFresh(stamp, key, report, encode.OutputFullPath, hashes))
            {
                Log.LogMessage(MessageImportance.High, "{0}: {1} [reused]", ItemName(item), Summary(report));
                results.Add(Result(item, encode, report, "reused"));
                continue;
            }

            // A stale stamp must never pass for a new one, also when the encode fails.
            File.Delete(stamp);
            work.Add((item, encode, key, id));
        }

        hashes.Save();
        if (work.Count > 0 && tool.Problem() is { } missing)
        {
            LogCoded(GateCodes.ToolMissing, missing);
            failed.AddRange(work.Select(w => WithMetadata(w.Item, (MetadataNames.ErrorCode, GateCodes.ToolMissing))));
            work.Clear();
        }

        int parallel = MaxParallel == 0 ? Environment.ProcessorCount : MaxParallel;
        IReadOnlyList<(string? Error, string? Code)> outcomes = RunWithLog(log => RunAll(work, folder, tool, parallel, log));
        for (int i = 0; i < work.Count; i++)
        {
            (ITaskItem item, EncodeItem encode, string key, string id) = work[i];
            (string? error, string? code) = outcomes[i];
            string report = Path.Combine(folder, id + ".saliency-encode.json");
            if (error is not null)
            {
                LogCoded(code!, $"{ItemName(item)}: {error}");
                failed.Add(WithMetadata(item, (MetadataNames.ErrorCode, code!)));
                continue;
            }

            string outputHash = hashes.Sha256(encode.OutputFullPath);
            VmafRoi.Yuv.IO.AtomicFile.WriteAllText(Path.Combine(folder, id + ".stamp"), key + "\n" + outputHash + "\n");
            Log.LogMessage(MessageImportance.High, "{0}: {1} [encoded]", ItemName(item), Summary(report));
            results.Add(Result(item, encode, report, "encoded"));
        }

        hashes.Save();
        EncodedItems = [.. results];
        FailedItems = [.. failed];
        return failed.Count == 0;
    }

    /// <summary>The canonical text an item's key hashes: one <c>name=value</c> line each.</summary>
    internal static string KeyText(EncodeItem item, string toolFingerprint, ContentHashCache hashes)
    {
        var lines = new StringBuilder();
        void Line(string name, string? value) => lines.Append(name).Append('=').Append(value ?? "default").Append('\n');
        Line("key", KeyVersion);
        Line("tool", toolFingerprint);
        Line("source", hashes.Sha256(item.SourceFullPath));
        Line("output", item.Output);
        Line("saliency_model", item.ModelFile is { } model ? "sha256:" + hashes.Sha256(model) : null);
        foreach ((string flag, string value) in item.Settings)
        {
            Line(flag, value);
        }

        Line("target", item.TargetFlag is null ? null : item.TargetFlag + " " + item.Target);
        return lines.ToString();
    }

    private static string Key(EncodeItem item, string fingerprint, ContentHashCache hashes) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(KeyText(item, fingerprint, hashes))));

    // Fresh: same key, the report is there, and the output still holds the bytes the stamp recorded.
    private static bool IsFresh(string stamp, string key, string report, string output, ContentHashCache hashes)
    {
        if (!File.Exists(stamp) || !File.Exists(report) || !File.Exists(output))
        {
            return false;
        }

        string[] lines = File.ReadAllLines(stamp);
        return lines.Length >= 2 && lines[0] == key && lines[1] == hashes.Sha256(output);
    }

    private async Task<IReadOnlyList<(string? Error, string? Code)>> RunAll(List<(ITaskItem Item, EncodeItem Encode, string Key, string Id)> work, string folder, ToolCommand tool, int parallel, Action<Action> log)
    {
        var outcomes = new (string? Error, string? Code)[work.Count];
        using var slots = new SemaphoreSlim(parallel, parallel);
        await Task.WhenAll(work.Select(async (w, i) =>
        {
            await slots.WaitAsync(CancellationToken).ConfigureAwait(false);
            try
            {
                outcomes[i] = await EncodeOne(w.Item, w.Encode, w.Id, folder, tool, log).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
        return outcomes;
    }

    private async Task<(string? Error, string? Code)> EncodeOne(ITaskItem item, EncodeItem encode, string id, string folder, ToolCommand tool, Action<Action> log)
    {
        var common = new List<string> { "--src", encode.Source };
        foreach ((string flag, string value) in encode.Settings.Where(s => s.Flag != "--crf"))
        {
            common.AddRange(flag.StartsWith("--no-", StringComparison.Ordinal) || flag == "--saliency-fallback-plain" ? (value == "true" ? [flag] : []) : [flag, value]);
        }

        common.Add("-q");
        string? crf = item.GetMetadata("Crf") is { Length: > 0 } given ? given.Trim() : null;
        if (encode.TargetFlag is not null)
        {
            string search = Path.Combine(folder, id + ".crf-search.json");
            log(() => Log.LogMessage(MessageImportance.Normal, "{0}: searching the CRF for {1} {2}", ItemName(item), encode.TargetFlag, encode.Target));
            ToolRunResult found = await Run(tool, ["crf-search", .. common, encode.TargetFlag, encode.Target!, "--output", search], item.ItemSpec).ConfigureAwait(false);
            if (!found.Succeeded)
            {
                return Failure(found, tool, "crf-search");
            }

            try
            {
                crf = ContractJson.Deserialize<CrfSearchReport>(File.ReadAllText(search)).Result.Crf.ToString("R", CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                return ($"{tool.Name} crf-search succeeded but its report '{search}' cannot be read: {e.Message}", GateCodes.ToolFailed);
            }
        }

        string report = Path.Combine(folder, id + ".saliency-encode.json");
        Directory.CreateDirectory(Path.GetDirectoryName(encode.OutputFullPath)!);
        ToolRunResult run = await Run(tool, ["recommend-saliency", .. common, "--output", encode.Output, "--report", report, .. crf is null ? Array.Empty<string>() : ["--crf", crf]], item.ItemSpec).ConfigureAwait(false);
        return run.Succeeded ? (null, null) : Failure(run, tool, "recommend-saliency");
    }

    private Task<ToolRunResult> Run(ToolCommand tool, IReadOnlyList<string> arguments, string key)
    {
        (string fileName, IReadOnlyList<string> rendered) = tool.Render(arguments);
        return ProcessRunner.RunOneAsync(new ToolRun(key, fileName, rendered, ProjectDirectory), CancellationToken);
    }

    private static (string Error, string Code) Failure(ToolRunResult run, ToolCommand tool, string command)
    {
        if (run.StartError is not null)
        {
            return (run.StartError, GateCodes.ToolMissing);
        }

        string code = run.ExitCode switch
        {
            ExitCodes.RoiNotApplied => GateCodes.RoiNotApplied,
            ExitCodes.Usage => GateCodes.EncoderUnsupported,
            ExitCodes.QualityGateFailed => GateCodes.TargetUnreachable,
            _ => GateCodes.FromExitCode(run.ExitCode),
        };
        string tail = string.Join(" | ", run.StandardError.Where(l => l.Length > 0).TakeLast(4).Select(l => l.StartsWith(tool.Name + ": ", StringComparison.Ordinal) ? l[(tool.Name.Length + 2)..] : l));
        return ($"{tool.Name} {command} failed (exit {run.ExitCode}): {tail}", code);
    }

    private EncodeItem? Read(ITaskItem item, out IReadOnlyList<MetadataProblem> problems)
    {
        var reader = new MetadataReader(item, "VmafSaliencyEncode");
        string source = item.ItemSpec;
        string sourceFull = Path.GetFullPath(source, ProjectDirectory);
        string? output = reader.Text("OutputFile");
        if (!File.Exists(sourceFull))
        {
            reader.Add(GateCodes.FileNotFound, $"the source clip '{sourceFull}' does not exist");
        }

        if (output is null)
        {
            reader.Add(GateCodes.MetadataInvalid, "has no OutputFile metadata (the encoded file to write; MSBuild reserves the name Output)");
        }

        string? model = reader.Text("SaliencyModel");
        string? modelFile = model is null or "default" ? null : Path.GetFullPath(model, ProjectDirectory);
        if (modelFile is not null && !File.Exists(modelFile))
        {
            reader.Add(GateCodes.FileNotFound, $"the saliency model '{modelFile}' does not exist");
        }

        string? targetRoi = reader.Text("TargetVmafRoi");
        string? targetVmaf = reader.Text("TargetVmaf");
        _ = reader.Bar("TargetVmafRoi");
        _ = reader.Bar("TargetVmaf");
        string? crf = reader.Text("Crf");
        if (crf is not null && !double.TryParse(crf, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            reader.Add(GateCodes.MetadataInvalid, $"Crf must be a number, got '{crf}'");
        }

        if ((targetRoi is not null && targetVmaf is not null) || (crf is not null && (targetRoi ?? targetVmaf) is not null))
        {
            reader.Add(GateCodes.MetadataInvalid, "give one of Crf, TargetVmafRoi and TargetVmaf");
        }

        string? fallback = reader.OneOf("FallbackPlain", "true", "false");
        problems = reader.Problems;
        if (reader.Problems.Count > 0)
        {
            return null;
        }

        var settings = new List<(string Flag, string Value)>();
        void Add(string metadata, string flag)
        {
            if (reader.Text(metadata) is { } value)
            {
                settings.Add((flag, value));
            }
        }

        Add("Encoder", "--encoder");
        Add("Preset", "--preset");
        Add("Tune", "--tune");
        Add("SaliencyOffset", "--saliency-offset");
        Add("SaliencyModel", "--saliency-model");
        Add("SaliencyAggregator", "--saliency-aggregator");
        Add("Width", "--width");
        Add("Height", "--height");
        Add("PixFmt", "--pix-fmt");
        Add("Framerate", "--framerate");
        if (fallback is not null)
        {
            settings.Add(("--saliency-fallback-plain", fallback));
        }

        if (crf is not null)
        {
            settings.Add(("--crf", crf));
        }

        string? targetFlag = targetRoi is not null ? "--target-vmaf-roi" : targetVmaf is not null ? "--target-vmaf" : null;
        return new EncodeItem(source, sourceFull, output!, Path.GetFullPath(output!, ProjectDirectory), modelFile, settings, targetFlag, targetRoi ?? targetVmaf);
    }

    private static string Summary(string report)
    {
        try
        {
            SaliencyEncodeReport r = ContractJson.Deserialize<SaliencyEncodeReport>(File.ReadAllText(report));
            return string.Create(CultureInfo.InvariantCulture, $"{r.Output} by {r.Encoder} crf {r.Crf:0.##}, {r.RoiMechanism}, roi_applied {(r.RoiApplied ? "true" : "false")}, {r.EncodeSizeBytes} bytes");
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return $"report '{report}' unreadable: {e.Message}";
        }
    }

    private static TaskItem Result(ITaskItem item, EncodeItem encode, string report, string run)
    {
        TaskItem result = WithMetadata(item, ("OutputFile", encode.Output), (MetadataNames.ResultFile, report), (MetadataNames.Run, run));
        try
        {
            result.SetMetadata("Crf", ContractJson.Deserialize<SaliencyEncodeReport>(File.ReadAllText(report)).Crf.ToString("R", CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
        }

        return result;
    }

    private static TaskItem WithMetadata(ITaskItem item, params (string Name, string Value)[] metadata)
    {
        var copy = new TaskItem(item);
        foreach ((string name, string value) in metadata)
        {
            copy.SetMetadata(name, value);
        }

        return copy;
    }

    private static string ItemName(ITaskItem item) => $"VmafSaliencyEncode '{item.ItemSpec}'";
}
