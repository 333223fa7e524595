using System.Globalization;
using System.Text.Json;
using Microsoft.Build.Framework;
using VmafRoi.Contracts;
using VmafRoi.Sdk.Tasks.Metadata;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// Last step of the quality gate: judges each item's score against its bars, logs one high-importance line per item,
/// reports <c>VRQ001</c> for each item below a bar, stamps fresh results for the next build and writes the
/// <c>gate-summary</c> JSON atomically.
/// </summary>
public sealed class VmafRoiGateReport : VmafRoiTask
{
    /// <summary>What <see cref="VmafRoiGatePrepare"/> returned.</summary>
    [Required]
    public ITaskItem[] GateItems { get; set; } = [];

    /// <summary>Items <see cref="VmafRoiRoiScore"/> could not score, with <c>ErrorCode</c> metadata.</summary>
    public ITaskItem[] FailedItems { get; set; } = [];

    /// <summary>The summary file to write (<c>gate-summary</c> v1).</summary>
    [Required]
    public string SummaryFile { get; set; } = string.Empty;

    /// <summary>How messages name items.</summary>
    public string ItemType { get; set; } = "VmafQualityGate";

    /// <summary>When set (<c>VmafRoiReport=true</c>), an HTML index of the gate linking every item's report is written here.</summary>
    public string? IndexFile { get; set; }

    /// <summary>The summary written.</summary>
    [Output]
    public ITaskItem? Summary { get; private set; }

    protected override bool Run()
    {
        Dictionary<string, string> failedCodes = FailedItems
            .GroupBy(f => f.GetMetadata(MetadataNames.GateId), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().GetMetadata(MetadataNames.ErrorCode), StringComparer.Ordinal);
        string summaryFolder = Path.GetDirectoryName(Path.GetFullPath(SummaryFile))!;
        var entries = new List<GateItemSummary>();
        foreach (ITaskItem item in GateItems)
        {
            entries.Add(Judge(item, failedCodes, summaryFolder));
        }

        var summary = new GateSummary
        {
            Passed = entries.All(e => e.Verdict == GateItemSummary.Pass),
            ItemCount = entries.Count,
            FailedCount = entries.Count(e => e.Verdict != GateItemSummary.Pass),
            ScoredCount = entries.Count(e => e.Run == GateItemSummary.Scored),
            ReusedCount = entries.Count(e => e.Run == GateItemSummary.Reused),
            Items = entries,
        };
        Directory.CreateDirectory(summaryFolder);
        AtomicFile.WriteAllText(SummaryFile, ContractJson.Serialize(summary));
        Summary = new Microsoft.Build.Utilities.TaskItem(SummaryFile);
        string? index = null;
        if (IndexFile is { Length: > 0 })
        {
            index = Path.GetFullPath(IndexFile);
            Directory.CreateDirectory(Path.GetDirectoryName(index)!);
            AtomicFile.WriteAllText(index, GateIndex.Render(summary, GateItems.Select(i => i.GetMetadata(MetadataNames.ReportFile)).ToList(), Path.GetDirectoryName(index)!, SummaryFile));
        }

        Log.LogMessage(
            MessageImportance.High,
            "VmafRoi quality gate: {0} of {1} item(s) passed ({2} scored, {3} reused); summary {4}{5}",
            entries.Count - summary.FailedCount,
            entries.Count,
            summary.ScoredCount,
            summary.ReusedCount,
            SummaryFile,
            index is null ? string.Empty : $"; reports {index}");
        return !Log.HasLoggedErrors;
    }

    private GateItemSummary Judge(ITaskItem item, Dictionary<string, string> failedCodes, string summaryFolder)
    {
        string name = item.GetMetadata(MetadataNames.GateName) is { Length: > 0 } n ? n : item.ItemSpec;
        string label = $"{ItemType} '{name}'";
        double? minRoi = Bar(item, MetadataNames.MinVmafRoi);
        double? minVmaf = Bar(item, MetadataNames.MinVmaf);
        string run = item.GetMetadata(MetadataNames.Run);
        string resultFile = item.GetMetadata(MetadataNames.ResultFile);
        var entry = new GateItemSummary
        {
            Name = name,
            Reference = item.GetMetadata(MetadataNames.Reference),
            Distorted = item.ItemSpec,
            Verdict = GateItemSummary.Error,
            Run = GateItemSummary.NotRun,
            MinVmafRoi = minRoi,
            MinVmaf = minVmaf,
            InputKey = item.GetMetadata(MetadataNames.InputKey) is { Length: > 0 } key ? key : null,
        };

        string? notRunCode = run == VmafRoiGatePrepare.RunInvalid ? item.GetMetadata(MetadataNames.ErrorCode)
            : failedCodes.TryGetValue(item.GetMetadata(MetadataNames.GateId), out string? code) ? code
            : null;
        if (notRunCode is not null)
        {
            Log.LogMessage(MessageImportance.High, "{0}: error {1}, not scored", label, notRunCode);
            return entry with { ErrorCode = notRunCode };
        }

        RoiScoreResult score;
        try
        {
            score = ContractJson.Deserialize<RoiScoreResult>(File.ReadAllText(resultFile));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // Never trust this result again: the next build rescores the item.
            File.Delete(item.GetMetadata(MetadataNames.StampFile));
            LogCoded(GateCodes.ToolFailed, $"{label}: its result '{resultFile}' cannot be read: {e.Message}");
            return entry with { ErrorCode = GateCodes.ToolFailed };
        }

        bool reused = run == VmafRoiGatePrepare.RunReused;
        if (!reused)
        {
            AtomicFile.WriteAllText(item.GetMetadata(MetadataNames.StampFile), item.GetMetadata(MetadataNames.InputKey) + "\n");
        }

        var checks = new List<string>();
        var misses = new List<string>();
        Check("vmaf_roi", score.VmafRoi, MetadataNames.MinVmafRoi, minRoi, checks, misses);
        Check("vmaf", score.VmafFull, MetadataNames.MinVmaf, minVmaf, checks, misses);
        bool passed = misses.Count == 0;
        Log.LogMessage(
            MessageImportance.High,
            "{0}: {1}: {2} [{3}]",
            label,
            string.Join(", ", checks),
            passed ? "pass" : "FAIL",
            reused ? "reused: inputs and settings unchanged" : "scored");
        if (!passed)
        {
            LogCoded(GateCodes.BelowBar, $"{label} is below its bar: {string.Join("; ", misses)}");
        }

        return entry with
        {
            Verdict = passed ? GateItemSummary.Pass : GateItemSummary.Fail,
            Run = reused ? GateItemSummary.Reused : GateItemSummary.Scored,
            VmafRoi = score.VmafRoi,
            VmafFull = score.VmafFull,
            VmafMasked = score.VmafMasked,
            Result = Path.GetRelativePath(summaryFolder, resultFile).Replace(Path.DirectorySeparatorChar, '/'),
            ErrorCode = passed ? null : GateCodes.BelowBar,
        };
    }

    private static void Check(string metric, double score, string barName, double? bar, List<string> checks, List<string> misses)
    {
        if (bar is not { } min)
        {
            return;
        }

        if (score >= min)
        {
            checks.Add(string.Create(CultureInfo.InvariantCulture, $"{metric} {score:F2} >= {min:0.###} ({barName})"));
        }
        else
        {
            checks.Add(string.Create(CultureInfo.InvariantCulture, $"{metric} {score:F2} < {min:0.###} ({barName})"));
            misses.Add(string.Create(CultureInfo.InvariantCulture, $"{metric} {score:0.00###} < {barName} {min:0.###}"));
        }
    }

    // VmafRoiGatePrepare has already checked the bars; an item that reaches here has valid ones.
    private static double? Bar(ITaskItem item, string name) =>
        double.TryParse(item.GetMetadata(name), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
}
