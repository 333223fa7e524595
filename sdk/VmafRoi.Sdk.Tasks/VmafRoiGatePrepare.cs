using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VmafRoi.Sdk.Tasks.Incremental;
using VmafRoi.Sdk.Tasks.Metadata;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// First step of the quality gate: checks every <c>VmafQualityGate</c> item's metadata (coded errors), keys each valid
/// item by the content of its clips and its settings, and marks it <c>reused</c> when its stored result has that key,
/// else <c>score</c>. Runs in process: it only reads files.
/// </summary>
public sealed class VmafRoiGatePrepare : VmafRoiTask
{
    /// <summary>What <c>Run</c> metadata says about an item.</summary>
    public const string RunScore = "score";

    /// <inheritdoc cref="RunScore"/>
    public const string RunReused = "reused";

    /// <inheritdoc cref="RunScore"/>
    public const string RunInvalid = "invalid";

    /// <summary>The <c>VmafQualityGate</c> items.</summary>
    [Required]
    public ITaskItem[] Items { get; set; } = [];

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The gate's folder under obj/: results, stamps, sidecars and the hash cache live here.</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>The scoring command; its assemblies are part of every key.</summary>
    [Required]
    public string ScorerPath { get; set; } = string.Empty;

    /// <summary>The gate's <c>VmafRoiModelDirectory</c>: where named VMAF models are found, so part of every key.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>How messages name items.</summary>
    public string ItemType { get; set; } = "VmafQualityGate";

    /// <summary>Also write an HTML report per item (<c>VmafRoiReport</c>): a result without its report is scored again.</summary>
    public bool Report { get; set; }

    /// <summary>
    /// Every item (valid or not), in order, with <c>GateName</c>, <c>GateId</c>, <c>Run</c>, <c>InputKey</c>,
    /// <c>ResultFile</c>, <c>StampFile</c> and, when invalid, <c>ErrorCode</c>; paths are as the scorer gets them.
    /// </summary>
    [Output]
    public ITaskItem[] GateItems { get; private set; } = [];

    /// <summary>The folder under <see cref="OutputDirectory"/> holding per-item results and stamps.</summary>
    public static string ItemsFolder(string outputDirectory) => Path.Combine(outputDirectory, "items");

    protected override bool Run()
    {
        string output = Path.GetFullPath(OutputDirectory, ProjectDirectory);
        string itemsFolder = ItemsFolder(output);
        ContentHashCache hashes = ContentHashCache.Load(Path.Combine(output, "content-hashes.txt"));
        var entries = new List<(ITaskItem Item, RoiItem? Roi, string? Code)>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ITaskItem item in Items)
        {
            var reader = new MetadataReader(item, ItemType);
            RoiItem? roi = RoiItem.Read(reader, item, ProjectDirectory);
            _ = reader.Bar(MetadataNames.MinVmafRoi);
            _ = reader.Bar(MetadataNames.MinVmaf);
            if (reader.Text(MetadataNames.MinVmafRoi) is null && reader.Text(MetadataNames.MinVmaf) is null)
            {
                reader.Add(GateCodes.BarInvalid, "has no bar: set MinVmafRoi and/or MinVmaf (a VMAF score in [0, 100])");
            }

            if (roi is not null && reader.Problems.Count == 0)
            {
                string id = ItemIds.For(roi.Distorted, roi.Reference);
                if (ids.TryGetValue(id, out string? first))
                {
                    reader.Add(GateCodes.DuplicateItem, $"scores the same clips as the item '{first}'; give each distorted/reference pair one item (with both bars if needed)");
                }
                else
                {
                    ids[id] = item.ItemSpec;
                }
            }

            foreach (MetadataProblem problem in reader.Problems)
            {
                LogCoded(problem.Code, problem.Message);
            }

            entries.Add(reader.Problems.Count == 0 ? (item, roi, null) : (item, null, reader.Problems[0].Code));
        }

        string fingerprint = entries.Any(e => e.Roi is not null) ? GateKey.ScorerFingerprint(ScorerPath, hashes) : string.Empty;
        var keys = new string?[entries.Count];
        var readErrors = new string?[entries.Count];
        Parallel.For(0, entries.Count, new ParallelOptions { CancellationToken = CancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            if (entries[i].Roi is { } roi)
            {
                try
                {
                    keys[i] = GateKey.Compute(roi, fingerprint, hashes, ModelDirectory);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    readErrors[i] = e.Message;
                }
            }
        });

        Directory.CreateDirectory(itemsFolder);
        var gateItems = new List<ITaskItem>();
        for (int i = 0; i < entries.Count; i++)
        {
            (ITaskItem item, RoiItem? roi, string? code) = entries[i];
            var gateItem = new TaskItem(roi?.Distorted ?? item.ItemSpec, item.CloneCustomMetadata());
            gateItem.SetMetadata(MetadataNames.GateName, item.ItemSpec);
            if (readErrors[i] is { } readError)
            {
                LogCoded(GateCodes.ClipUnreadable, $"{ItemType} '{item.ItemSpec}': cannot read a clip to hash it: {readError}");
                code = GateCodes.ClipUnreadable;
                roi = null;
            }

            if (roi is null)
            {
                gateItem.SetMetadata(MetadataNames.GateId, $"invalid-{i}");
                gateItem.SetMetadata(MetadataNames.Run, RunInvalid);
                gateItem.SetMetadata(MetadataNames.ErrorCode, code);
                gateItems.Add(gateItem);
                continue;
            }

            string id = ItemIds.For(roi.Distorted, roi.Reference);
            string result = Path.Combine(itemsFolder, id + ".roi-score.json");
            string stamp = Path.Combine(itemsFolder, id + ".stamp");
            string report = Path.Combine(itemsFolder, id + ".roi-score.html");
            string key = keys[i]!;
            bool reused = File.Exists(result) && File.Exists(stamp) && File.ReadAllText(stamp).Trim() == key && (!Report || File.Exists(report));
            if (!reused)
            {
                // A stale result must never pass for a new one, also when the rescore fails.
                File.Delete(stamp);
                File.Delete(result);
                File.Delete(report);
            }

            if (Report)
            {
                gateItem.SetMetadata(MetadataNames.ReportFile, report);
            }

            gateItem.SetMetadata(MetadataNames.Reference, roi.Reference);
            gateItem.SetMetadata(MetadataNames.SaliencyModel, roi.SaliencyModel);
            gateItem.SetMetadata(MetadataNames.GateId, id);
            gateItem.SetMetadata(MetadataNames.Run, reused ? RunReused : RunScore);
            gateItem.SetMetadata(MetadataNames.InputKey, key);
            gateItem.SetMetadata(MetadataNames.ResultFile, result);
            gateItem.SetMetadata(MetadataNames.StampFile, stamp);
            gateItems.Add(gateItem);
        }

        hashes.Save();
        GateItems = [.. gateItems];
        return !Log.HasLoggedErrors;
    }
}
