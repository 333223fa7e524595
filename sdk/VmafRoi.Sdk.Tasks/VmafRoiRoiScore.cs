using System.Globalization;
using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VmafRoi.Contracts;
using VmafRoi.Sdk.Tasks.Metadata;
using VmafRoi.Sdk.Tasks.Running;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// Region-of-interest VMAF of each item (Include = distorted clip, <c>Reference</c> metadata) through the
/// <c>vmaf-roi-score</c> command, out of process: it loads ONNX Runtime, which must never load into the build node.
/// Up to <see cref="MaxParallel"/> items run at once; items of one reference share its saliency sidecar.
/// </summary>
public sealed class VmafRoiRoiScore : VmafRoiTask
{
    /// <summary>Distorted clips to score; metadata as in the SDK README (Reference, Weight, SaliencyModel, …, ResultFile).</summary>
    [Required]
    public ITaskItem[] Items { get; set; } = [];

    /// <summary>The project folder: item paths are relative to it and the tool runs in it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>Where results go for items without <c>ResultFile</c> metadata.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>When set, each reference's saliency masks are cached here and reused by every item and build that scores against it.</summary>
    public string? SidecarDirectory { get; set; }

    /// <summary><c>vmaf-roi-score.dll</c> (run with the dotnet host) or an executable.</summary>
    [Required]
    public string ToolPath { get; set; } = string.Empty;

    /// <summary>The dotnet host; empty means <c>$DOTNET_HOST_PATH</c>, else <c>dotnet</c>.</summary>
    public string? DotnetHost { get; set; }

    /// <summary>Most items scored at once; 0 means one per processor.</summary>
    public int MaxParallel { get; set; }

    /// <summary>Folders (';'-separated) holding libvmaf model JSON files, searched before <c>$VMAF_MODEL_PATH</c>.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>How messages name items (the item type), e.g. <c>VmafQualityGate</c>.</summary>
    public string ItemType { get; set; } = "VmafRoiScore";

    /// <summary>The items scored, with <c>VmafRoi</c>, <c>VmafFull</c>, <c>VmafMasked</c> and <c>ResultFile</c> metadata.</summary>
    [Output]
    public ITaskItem[] ScoredItems { get; private set; } = [];

    /// <summary>The items that could not be scored, with their <c>ErrorCode</c> metadata.</summary>
    [Output]
    public ITaskItem[] FailedItems { get; private set; } = [];

    protected override bool Run()
    {
        if (MaxParallel < 0)
        {
            LogCoded(GateCodes.SettingInvalid, $"VmafRoiMaxParallel must be 0 (one per processor) or more, got {MaxParallel}");
            return false;
        }

        var tool = new ToolCommand(ToolPath, ToolCommand.ResolveDotnetHost(DotnetHost));
        IReadOnlyDictionary<string, string?>? environment = ToolCommand.ModelPathEnvironment(ModelDirectory, ProjectDirectory);
        var failed = new List<ITaskItem>();
        var planned = new List<(ITaskItem Item, RoiItem Roi, string Result, ToolRun Run)>();
        foreach (ITaskItem item in Items)
        {
            RoiItem? roi = RoiItem.Read(item, ItemType, ProjectDirectory, out IReadOnlyList<MetadataProblem> problems);
            if (roi is null)
            {
                foreach (MetadataProblem problem in problems)
                {
                    LogCoded(problem.Code, problem.Message);
                }

                failed.Add(WithError(item, problems[0].Code));
                continue;
            }

            string result = ResultPath(item, roi);
            string? sidecar = SidecarDirectory is { Length: > 0 } dir
                ? Path.Combine(Path.GetFullPath(dir, ProjectDirectory), ItemIds.ForSidecar(roi.Reference, roi.SaliencyModel) + ".saliency.msgpack")
                : null;
            string? report = item.GetMetadata(MetadataNames.ReportFile) is { Length: > 0 } r ? r : null;
            (string fileName, IReadOnlyList<string> arguments) = tool.Render(RoiScoreArguments.For(roi, result, sidecar, report));
            planned.Add((item, roi, result, new ToolRun(item.ItemSpec, fileName, arguments, ProjectDirectory, sidecar, environment)));
        }

        if (planned.Count > 0 && tool.Problem() is { } missing)
        {
            LogCoded(GateCodes.ToolMissing, missing);
            failed.AddRange(planned.Select(p => WithError(p.Item, GateCodes.ToolMissing)));
            planned.Clear();
        }

        foreach (string folder in planned.Select(p => Path.GetDirectoryName(p.Result)!).Concat(SidecarDirectory is { Length: > 0 } s ? [Path.GetFullPath(s, ProjectDirectory)] : []).Distinct())
        {
            Directory.CreateDirectory(folder);
        }

        int parallel = MaxParallel == 0 ? Environment.ProcessorCount : MaxParallel;
        if (planned.Count > 0)
        {
            Log.LogMessage(MessageImportance.Normal, "{0}: scoring {1} item(s) with {2}, at most {3} at once", ItemType, planned.Count, tool.Name, parallel);
        }

        IReadOnlyList<ToolRunResult> results = RunWithLog(log => ProcessRunner.RunAllAsync(
            [.. planned.Select(p => p.Run)],
            parallel,
            started: run => log(() => Log.LogMessage(MessageImportance.Normal, "{0} '{1}': scoring with {2}", ItemType, run.Key, tool.Name)),
            finished: done => log(() => Log.LogMessage(MessageImportance.Low, "{0} '{1}': {2} exited {3} after {4:F1} s", ItemType, done.Run.Key, tool.Name, done.ExitCode, done.Elapsed.TotalSeconds)),
            cancellationToken: CancellationToken));

        var scored = new List<ITaskItem>();
        for (int i = 0; i < planned.Count; i++)
        {
            (ITaskItem item, RoiItem roi, string resultPath, _) = planned[i];
            ToolRunResult run = results[i];
            foreach (string line in run.StandardError)
            {
                Log.LogMessage(MessageImportance.Low, "{0}", line);
            }

            if (!run.Succeeded)
            {
                string code = run.StartError is not null ? GateCodes.ToolMissing : GateCodes.FromExitCode(run.ExitCode);
                string what = run.StartError ?? $"{tool.Name} {(code == GateCodes.ClipUnreadable ? "rejected the clips" : "failed")} (exit {run.ExitCode}): {StripToolName(run.StderrTail(), tool.Name)}";
                LogCoded(code, $"{ItemType} '{item.ItemSpec}': {what}");
                failed.Add(WithError(item, code));
                continue;
            }

            RoiScoreResult score;
            try
            {
                score = ContractJson.Deserialize<RoiScoreResult>(File.ReadAllText(resultPath));
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                LogCoded(GateCodes.ToolFailed, $"{ItemType} '{item.ItemSpec}': {tool.Name} succeeded but its result '{resultPath}' cannot be read: {e.Message}");
                failed.Add(WithError(item, GateCodes.ToolFailed));
                continue;
            }

            Log.LogMessage(MessageImportance.Normal, "{0} '{1}': vmaf_roi {2:F2} (vmaf {3:F2}, masked {4:F2}) in {5:F1} s", ItemType, item.ItemSpec, score.VmafRoi, score.VmafFull, score.VmafMasked, run.Elapsed.TotalSeconds);
            scored.Add(WithScore(item, score, resultPath));
        }

        ScoredItems = [.. scored];
        FailedItems = [.. failed];
        return failed.Count == 0;
    }

    /// <summary>Copies <paramref name="item"/> with the score's metadata.</summary>
    internal static TaskItem WithScore(ITaskItem item, RoiScoreResult score, string resultPath)
    {
        var copy = new TaskItem(item);
        copy.SetMetadata(MetadataNames.VmafRoi, Format(score.VmafRoi));
        copy.SetMetadata(MetadataNames.VmafFull, Format(score.VmafFull));
        copy.SetMetadata(MetadataNames.VmafMasked, score.VmafMasked is { } masked ? Format(masked) : string.Empty);
        copy.SetMetadata(MetadataNames.ResultFile, resultPath);
        return copy;
    }

    private static TaskItem WithError(ITaskItem item, string code)
    {
        var copy = new TaskItem(item);
        copy.SetMetadata(MetadataNames.ErrorCode, code);
        return copy;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // Our commands prefix every message with their name; the error already names the tool once.
    private static string StripToolName(string text, string tool) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.StartsWith(tool + ": ", StringComparison.Ordinal) ? line[(tool.Length + 2)..] : line));

    private string ResultPath(ITaskItem item, RoiItem roi)
    {
        string? given = item.GetMetadata(MetadataNames.ResultFile) is { Length: > 0 } r ? r : null;
        if (given is not null)
        {
            return Path.GetFullPath(given, ProjectDirectory);
        }

        string folder = Path.GetFullPath(OutputDirectory is { Length: > 0 } o ? o : Path.Combine("obj", "vmafroi"), ProjectDirectory);
        return Path.Combine(folder, ItemIds.For(roi.Distorted, roi.Reference) + ".roi-score.json");
    }
}
