using Microsoft.Build.Framework;
using VmafRoi.Sdk.Tasks;
using VmafRoi.Sdk.Tests.Infrastructure;
using VmafRoi.TestShared;

namespace VmafRoi.Sdk.Tests.Tasks;

/// <summary>
/// The <c>VmafSaliencyMaterialize</c> task with the real command as a child process: a table is rerun exactly when its
/// content, settings or tool change; row failures are VRQ014 unless allowed.
/// </summary>
public sealed class MaterializeTaskTests : IDisposable
{
    private readonly TempDirectory _folder = new("vmafroi-materialize-task-");

    public MaterializeTaskTests()
    {
        Clips.Y4m(_folder.File("a.y4m"));
        Clips.Y4m(_folder.File("b.y4m"), noise: 9, seed: 4);
        File.WriteAllText(_folder.File("features.jsonl"), "{\"src\": \"a.y4m\", \"mos\": 3.5}\n{\"src\": \"b.y4m\", \"mos\": 2.0}\n{\"src\": \"a.y4m\", \"mos\": 3.6}\n");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_table_is_materialized_once_and_reused_until_its_content_or_settings_change()
    {
        string output = _folder.File("features.saliency.jsonl");

        (BuildEngineStub first, ITaskItem[] firstOutputs) = Run(GateProject.Item("features.jsonl", ("MaxFrames", "2")));
        DateTime written = File.GetLastWriteTimeUtc(output);
        (BuildEngineStub second, ITaskItem[] secondOutputs) = Run(GateProject.Item("features.jsonl", ("MaxFrames", "2")));
        DateTime afterReuse = File.GetLastWriteTimeUtc(output);
        (_, ITaskItem[] changedSetting) = Run(GateProject.Item("features.jsonl", ("MaxFrames", "3")));
        File.AppendAllText(_folder.File("features.jsonl"), "{\"src\": \"b.y4m\", \"mos\": 1.0}\n");
        (_, ITaskItem[] changedTable) = Run(GateProject.Item("features.jsonl", ("MaxFrames", "3")));

        Assert.Empty(first.Errors);
        Assert.Equal("materialized", Assert.Single(firstOutputs).GetMetadata("Run"));
        Assert.Contains(first.MessagesAtLeast(MessageImportance.High), m => m == "saliency materialize: total=3 ok=3 skipped=0 failed=0");
        Assert.Equal("reused", Assert.Single(secondOutputs).GetMetadata("Run"));
        Assert.Equal(written, afterReuse);
        Assert.Empty(second.Errors);
        Assert.Equal("materialized", Assert.Single(changedSetting).GetMetadata("Run"));
        Assert.Equal("materialized", Assert.Single(changedTable).GetMetadata("Run"));
        Assert.Equal(4, File.ReadAllLines(output).Length);
        Assert.All(File.ReadAllLines(output), line => Assert.Contains("\"saliency_status\":\"ok\"", line));
    }

    [Fact]
    public void Failed_rows_are_VRQ014_unless_allowed_and_a_missing_table_is_VRQ003()
    {
        File.AppendAllText(_folder.File("features.jsonl"), "{\"src\": \"gone.y4m\"}\n");

        (BuildEngineStub strict, ITaskItem[] none) = Run(GateProject.Item("features.jsonl"));
        (BuildEngineStub allowed, ITaskItem[] kept) = Run(GateProject.Item("features.jsonl", ("AllowRowFailures", "true"), ("OutputTable", "out/kept.jsonl")));
        (BuildEngineStub missing, _) = Run(GateProject.Item("nowhere.jsonl"));

        BuildErrorEventArgs error = Assert.Single(strict.Errors);
        Assert.Equal("VRQ014", error.Code);
        Assert.Contains("saliency materialize: total=4 ok=3 skipped=0 failed=1", error.Message);
        Assert.Empty(none);
        Assert.Empty(allowed.Errors);
        Assert.Equal("VRQ014", Assert.Single(allowed.Warnings).Code);
        Assert.True(File.Exists(_folder.File("out", "kept.jsonl")));
        Assert.Equal("materialized", Assert.Single(kept).GetMetadata("Run"));
        Assert.Equal(["VRQ003"], missing.ErrorCodes);
    }

    private (BuildEngineStub Engine, ITaskItem[] Outputs) Run(params ITaskItem[] tables)
    {
        Directory.CreateDirectory(_folder.File("out"));
        var engine = new BuildEngineStub();
        var task = new VmafRoiMaterialize
        {
            BuildEngine = engine,
            Tables = tables,
            ProjectDirectory = _folder.Path,
            StampDirectory = _folder.File("obj", "vmafroi", "materialize"),
            ToolPath = Path.Combine(SharedData.RepoRoot, "src", "tools", "vmaf-saliency-materialize", "bin", PackedSdkFixture.Configuration, "net10.0", "vmaf-saliency-materialize.dll"),
        };
        task.Execute();
        return (engine, task.Outputs);
    }
}
