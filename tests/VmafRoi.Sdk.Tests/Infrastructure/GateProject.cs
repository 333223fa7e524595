using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VmafRoi.Contracts;
using VmafRoi.Sdk.Tasks;
using VmafRoi.Sdk.Tasks.Metadata;

namespace VmafRoi.Sdk.Tests.Infrastructure;

/// <summary>
/// A project folder with clips and a stand-in scorer assembly, driving the gate's in-process steps the way the SDK's
/// target does: prepare, (score: the test writes what the scorer would), report.
/// </summary>
public sealed class GateProject : IDisposable
{
    private readonly TempDirectory _folder = new("vmafroi-gate-");

    public GateProject()
    {
        Directory.CreateDirectory(File("tools"));
        System.IO.File.WriteAllText(Scorer, "stand-in for vmaf-roi-score.dll: its bytes are part of every key");
    }

    public string Folder => _folder.Path;

    public string OutputDirectory => File("obj", "vmafroi");

    public string Scorer => File("tools", "vmaf-roi-score.dll");

    public string File(params string[] parts) => _folder.File(parts);

    /// <summary>A gate item as a project would write it.</summary>
    public static TaskItem Item(string distorted, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(distorted);
        foreach ((string name, string value) in metadata)
        {
            item.SetMetadata(name, value);
        }

        return item;
    }

    public (BuildEngineStub Engine, ITaskItem[] GateItems) Prepare(params ITaskItem[] items)
    {
        var engine = new BuildEngineStub();
        var task = new VmafRoiGatePrepare
        {
            BuildEngine = engine,
            Items = items,
            ProjectDirectory = Folder,
            OutputDirectory = OutputDirectory,
            ScorerPath = Scorer,
        };
        task.Execute();
        return (engine, task.GateItems);
    }

    /// <summary>Writes, for every item the gate wants scored, the result the scorer would write, with <paramref name="score"/>.</summary>
    public int ScoreAsTheToolWould(ITaskItem[] gateItems, Func<ITaskItem, double> score)
    {
        int scored = 0;
        foreach (ITaskItem item in gateItems.Where(i => i.GetMetadata(MetadataNames.Run) == VmafRoiGatePrepare.RunScore))
        {
            double value = score(item);
            var result = new RoiScoreResult
            {
                VmafFull = value - 1,
                VmafMasked = value + 1,
                Weight = 0.5,
                VmafRoi = value,
                Model = "vmaf_v0.6.1",
                SaliencyModel = "default",
                Reference = item.GetMetadata(MetadataNames.Reference),
                Distorted = item.ItemSpec,
            };
            System.IO.File.WriteAllText(item.GetMetadata(MetadataNames.ResultFile), ContractJson.Serialize(result));
            scored++;
        }

        return scored;
    }

    public (BuildEngineStub Engine, GateSummary Summary) Report(ITaskItem[] gateItems, params ITaskItem[] failed)
    {
        var engine = new BuildEngineStub();
        string summaryFile = Path.Combine(OutputDirectory, "gate-summary.json");
        var task = new VmafRoiGateReport { BuildEngine = engine, GateItems = gateItems, FailedItems = failed, SummaryFile = summaryFile };
        task.Execute();
        return (engine, ContractJson.Deserialize<GateSummary>(System.IO.File.ReadAllText(summaryFile)));
    }

    /// <summary>One whole gate run: prepare, score what needs it at <paramref name="score"/>, report.</summary>
    public GateRun Run(double score, params ITaskItem[] items)
    {
        (BuildEngineStub prepared, ITaskItem[] gateItems) = Prepare(items);
        int scored = ScoreAsTheToolWould(gateItems, _ => score);
        (BuildEngineStub reported, GateSummary summary) = Report(gateItems);
        return new GateRun(prepared, gateItems, scored, reported, summary);
    }

    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _folder.Dispose();
}

/// <summary>What one gate run did.</summary>
public sealed record GateRun(BuildEngineStub Prepared, ITaskItem[] GateItems, int Scored, BuildEngineStub Reported, GateSummary Summary)
{
    public IEnumerable<string> Runs => GateItems.Select(i => i.GetMetadata(MetadataNames.Run));
}
