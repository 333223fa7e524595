using Microsoft.Build.Framework;
using VmafRoi.Sdk.Tasks;
using VmafRoi.Sdk.Tasks.Metadata;
using VmafRoi.Sdk.Tasks.Running;
using VmafRoi.Sdk.Tests.Infrastructure;

namespace VmafRoi.Sdk.Tests.Tasks;

/// <summary>How the out-of-process ROI score task calls vmaf-roi-score and turns its failures into VRQ codes.</summary>
public sealed class RoiScoreTaskTests : IDisposable
{
    private readonly TempDirectory _folder = new("vmafroi-roiscore-");

    public RoiScoreTaskTests()
    {
        Clips.Y4m(_folder.File("ref.y4m"));
        Clips.Y4m(_folder.File("dis.y4m"), noise: 5);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Arguments_are_exact_tokens_and_empty_metadata_leaves_the_tool_default()
    {
        RoiItem item = Read(GateProject.Item("dis.y4m", ("Reference", "ref.y4m"), ("Weight", "0.25"), ("Engine", "managed"), ("Width", "64"), ("Height", "36"), ("PixFmt", "yuv420p")));

        IReadOnlyList<string> args = RoiScoreArguments.For(item, "/out/r.json", "/out/s.msgpack");

        Assert.Equal(
            ["--reference", "ref.y4m", "--distorted", "dis.y4m", "--saliency-model", "default", "--weight", "0.25", "--engine", "managed",
             "--width", "64", "--height", "36", "--pix-fmt", "yuv420p", "--saliency-sidecar", "/out/s.msgpack", "--output", "/out/r.json"],
            args);
    }

    [Fact]
    public void Managed_tool_runs_under_the_dotnet_host_and_others_run_directly()
    {
        (string managed, IReadOnlyList<string> managedArgs) = new ToolCommand("/t/vmaf-roi-score.dll", "/usr/bin/dotnet").Render(["--x"]);
        (string script, IReadOnlyList<string> scriptArgs) = new ToolCommand("/t/scorer.sh", "/usr/bin/dotnet").Render(["--x"]);

        Assert.Equal("/usr/bin/dotnet", managed);
        Assert.Equal(["exec", "/t/vmaf-roi-score.dll", "--x"], managedArgs);
        Assert.Equal("/t/scorer.sh", script);
        Assert.Equal(["--x"], scriptArgs);
    }

    [Fact]
    public void Missing_scorer_is_VRQ007()
    {
        (BuildEngineStub engine, VmafRoiRoiScore task) = Run(_folder.File("tools", "vmaf-roi-score.dll"));

        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("VRQ007", error.Code);
        Assert.StartsWith("vmaf-roi-score was not found at", error.Message);
        Assert.Equal("VRQ007", Assert.Single(task.FailedItems).GetMetadata(MetadataNames.ErrorCode));
    }

    [Theory]
    [InlineData(1, "VRQ006", "rejected the clips (exit 1)")]
    [InlineData(69, "VRQ007", "failed (exit 69)")]
    [InlineData(64, "VRQ008", "failed (exit 64)")]
    [InlineData(134, "VRQ008", "failed (exit 134)")]
    public void Scorer_exit_code_maps_to_a_VRQ_code_with_its_message(int exitCode, string code, string what)
    {
        string scorer = Script("vmaf-roi-score", $"echo 'vmaf-roi-score: something is wrong with dis.y4m' >&2; exit {exitCode}");

        (BuildEngineStub engine, VmafRoiRoiScore task) = Run(scorer);

        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal($"VmafQualityGate 'dis.y4m': vmaf-roi-score {what}: something is wrong with dis.y4m", error.Message);
        Assert.Empty(task.ScoredItems);
    }

    [Fact]
    public void Successful_scorer_result_becomes_item_metadata()
    {
        string scorer = Script("vmaf-roi-score", """
            while [ "$1" != "--output" ]; do shift; done
            printf '{"schema_version":1,"vmaf_full":80.0,"vmaf_masked":90.0,"weight":0.5,"vmaf_roi":85.0,"model":"vmaf_v0.6.1","saliency_model":"default","reference":"ref.y4m","distorted":"dis.y4m"}' > "$2"
            """);

        (BuildEngineStub engine, VmafRoiRoiScore task) = Run(scorer);

        Assert.Empty(engine.Errors);
        ITaskItem scored = Assert.Single(task.ScoredItems);
        Assert.Equal("85", scored.GetMetadata(MetadataNames.VmafRoi));
        Assert.Equal("80", scored.GetMetadata(MetadataNames.VmafFull));
        Assert.True(File.Exists(scored.GetMetadata(MetadataNames.ResultFile)));
    }

    [Fact]
    public void Negative_parallel_limit_is_VRQ010()
    {
        var engine = new BuildEngineStub();
        var task = new VmafRoiRoiScore { BuildEngine = engine, Items = [], ProjectDirectory = _folder.Path, ToolPath = "x.dll", MaxParallel = -1 };

        Assert.False(task.Execute());
        Assert.Equal(["VRQ010"], engine.ErrorCodes);
    }

    private RoiItem Read(ITaskItem item) =>
        RoiItem.Read(item, "VmafQualityGate", _folder.Path, out IReadOnlyList<MetadataProblem> problems) ?? throw new InvalidOperationException(string.Join("; ", problems));

    private (BuildEngineStub Engine, VmafRoiRoiScore Task) Run(string scorer)
    {
        var engine = new BuildEngineStub();
        var task = new VmafRoiRoiScore
        {
            BuildEngine = engine,
            Items = [GateProject.Item("dis.y4m", ("Reference", "ref.y4m"))],
            ProjectDirectory = _folder.Path,
            OutputDirectory = _folder.File("out"),
            ToolPath = scorer,
            ItemType = "VmafQualityGate",
            MaxParallel = 2,
        };
        task.Execute();
        return (engine, task);
    }

    private string Script(string name, string body)
    {
        string path = _folder.File(name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
