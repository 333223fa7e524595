using Microsoft.Build.Framework;
using VmafRoi.Contracts;
using VmafRoi.Sdk.Tasks;
using VmafRoi.Sdk.Tasks.Metadata;
using VmafRoi.Sdk.Tasks.Running;
using VmafRoi.Sdk.Tests.Infrastructure;

namespace VmafRoi.Sdk.Tests.Tasks;

/// <summary><c>VmafRoiReport=true</c>: a report per item, passed to the scorer, and an index linking them from the gate summary.</summary>
public sealed class GateReportIndexTests : IDisposable
{
    private readonly GateProject _project = new();

    public GateReportIndexTests()
    {
        Clips.Y4m(_project.File("ref.y4m"));
        Clips.Y4m(_project.File("a.y4m"), noise: 6, seed: 2);
        Clips.Y4m(_project.File("b c.y4m"), noise: 12, seed: 3);
    }

    public void Dispose() => _project.Dispose();

    private static ITaskItem[] Items() =>
    [
        GateProject.Item("a.y4m", ("Reference", "ref.y4m"), ("MinVmafRoi", "80")),
        GateProject.Item("b c.y4m", ("Reference", "ref.y4m"), ("MinVmaf", "95")),
    ];

    [Fact]
    public void Each_item_gets_a_report_file_and_the_index_links_them_beside_the_summary()
    {
        ITaskItem[] gateItems = Prepare(report: true);
        Assert.All(gateItems, i => Assert.EndsWith(".roi-score.html", i.GetMetadata(MetadataNames.ReportFile), StringComparison.Ordinal));
        ScoreWithReports(gateItems, 90);

        string index = Path.Combine(_project.OutputDirectory, "gate-summary.html");
        (BuildEngineStub engine, GateSummary summary) = Report(gateItems, index);

        string html = File.ReadAllText(index);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        foreach (ITaskItem item in gateItems)
        {
            string link = "items/" + Uri.EscapeDataString(Path.GetFileName(item.GetMetadata(MetadataNames.ReportFile)));
            Assert.Contains($"href=\"{link}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("b c.y4m", html, StringComparison.Ordinal);
        Assert.Contains(">fail", html, StringComparison.Ordinal);
        Assert.Contains("href=\"gate-summary.json\"", html, StringComparison.Ordinal);
        Assert.False(summary.Passed);
        Assert.Contains(engine.MessagesAtLeast(MessageImportance.High), m => m.Contains($"; reports {index}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reused_result_without_its_report_is_scored_again_and_the_report_reaches_the_scorer()
    {
        ITaskItem[] first = Prepare(report: false);
        _project.ScoreAsTheToolWould(first, _ => 90);
        _project.Report(first);

        Assert.Equal([VmafRoiGatePrepare.RunReused, VmafRoiGatePrepare.RunReused], Prepare(report: false).Select(i => i.GetMetadata(MetadataNames.Run)));
        ITaskItem[] withReports = Prepare(report: true);
        Assert.Equal([VmafRoiGatePrepare.RunScore, VmafRoiGatePrepare.RunScore], withReports.Select(i => i.GetMetadata(MetadataNames.Run)));

        RoiItem roi = RoiItem.Read(withReports[0], "VmafQualityGate", _project.Folder, out _)!;
        IReadOnlyList<string> args = RoiScoreArguments.For(roi, "/out/r.json", null, withReports[0].GetMetadata(MetadataNames.ReportFile));
        Assert.Equal(withReports[0].GetMetadata(MetadataNames.ReportFile), args[args.ToList().IndexOf("--report") + 1]);
    }

    private ITaskItem[] Prepare(bool report)
    {
        var task = new VmafRoiGatePrepare
        {
            BuildEngine = new BuildEngineStub(),
            Items = Items(),
            ProjectDirectory = _project.Folder,
            OutputDirectory = _project.OutputDirectory,
            ScorerPath = _project.Scorer,
            Report = report,
        };
        Assert.True(task.Execute());
        return task.GateItems;
    }

    private void ScoreWithReports(ITaskItem[] gateItems, double score)
    {
        _project.ScoreAsTheToolWould(gateItems, _ => score);
        foreach (ITaskItem item in gateItems)
        {
            File.WriteAllText(item.GetMetadata(MetadataNames.ReportFile), "<!DOCTYPE html><title>item report</title>");
        }
    }

    private (BuildEngineStub Engine, GateSummary Summary) Report(ITaskItem[] gateItems, string index)
    {
        var engine = new BuildEngineStub();
        string summaryFile = Path.Combine(_project.OutputDirectory, "gate-summary.json");
        var task = new VmafRoiGateReport { BuildEngine = engine, GateItems = gateItems, SummaryFile = summaryFile, IndexFile = index };
        task.Execute();
        return (engine, ContractJson.Deserialize<GateSummary>(File.ReadAllText(summaryFile)));
    }
}
