using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VmafRoi.Sdk.Tasks;
using VmafRoi.Sdk.Tasks.Incremental;
using VmafRoi.Sdk.Tests.Infrastructure;
using VmafRoi.TestShared;

namespace VmafRoi.Sdk.Tests.Tasks;

/// <summary>VmafRoiSaliencyEncode in process: item metadata problems are coded before any encode runs, and the key follows content and settings.</summary>
public sealed class SaliencyEncodeTaskTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public SaliencyEncodeTaskTests()
    {
        File.WriteAllText(_folder.File("source.y4m"), "YUV4MPEG2 W2 H2 F25:1 C420jpeg\n");
        Directory.CreateDirectory(_folder.File("tools"));
        File.WriteAllText(_folder.File("tools/vmaf-tune.dll"), "stand-in: never started in these tests");
    }

    public void Dispose() => _folder.Dispose();

    private static TaskItem Item(string source, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(source);
        foreach ((string name, string value) in metadata)
        {
            item.SetMetadata(name, value);
        }

        return item;
    }

    private (BuildEngineStub Engine, bool Result, VmafRoiSaliencyEncode Task) Execute(params ITaskItem[] items)
    {
        var engine = new BuildEngineStub();
        var task = new VmafRoiSaliencyEncode
        {
            BuildEngine = engine,
            Items = items,
            ProjectDirectory = _folder.Path,
            OutputDirectory = _folder.File("obj"),
            ToolPath = _folder.File("tools/missing-vmaf-tune.dll"),
        };
        bool result = task.Execute();
        return (engine, result, task);
    }

    [Fact]
    public void Bad_metadata_is_coded_per_item_before_anything_runs()
    {
        (BuildEngineStub engine, bool result, VmafRoiSaliencyEncode task) = Execute(
            Item("source.y4m"),
            Item("missing.y4m", ("OutputFile", "a.mp4")),
            Item("source.y4m", ("OutputFile", "b.mp4"), ("Crf", "23"), ("TargetVmafRoi", "90")),
            Item("source.y4m", ("OutputFile", "c.mp4"), ("TargetVmaf", "140")),
            Item("source.y4m", ("OutputFile", "d.mp4"), ("FallbackPlain", "yes")),
            Item("source.y4m", ("OutputFile", "e.mp4"), ("SaliencyModel", "models/none.onnx")));

        Assert.False(result);
        Assert.Equal(["VRQ005", "VRQ003", "VRQ005", "VRQ004", "VRQ005", "VRQ003"], engine.ErrorCodes);
        Assert.Contains("has no OutputFile metadata", engine.Errors[0].Message);
        Assert.Contains("give one of Crf, TargetVmafRoi and TargetVmaf", engine.Errors[2].Message);
        Assert.Equal(6, task.FailedItems.Length);
    }

    [Fact]
    public void Two_items_writing_one_output_and_a_missing_tool_are_coded()
    {
        (BuildEngineStub engine, bool result, _) = Execute(
            Item("source.y4m", ("OutputFile", "same.mp4")),
            Item("source.y4m", ("OutputFile", "same.mp4"), ("Crf", "30")));

        Assert.False(result);
        Assert.Equal(["VRQ009", "VRQ007"], engine.ErrorCodes);
        Assert.Contains("missing-vmaf-tune was not found", engine.Errors[1].Message);
    }

    [Fact]
    public void The_key_follows_content_and_settings_not_file_times()
    {
        var hashes = ContentHashCache.InMemory();
        string source = _folder.File("source.y4m");
        var plain = new VmafRoiSaliencyEncode.EncodeItem("source.y4m", source, "a.mp4", _folder.File("a.mp4"), null, [("--encoder", "libx264"), ("--crf", "23")], null, null);
        string key = VmafRoiSaliencyEncode.KeyText(plain, "tool-1", hashes);

        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(5));
        Assert.Equal(key, VmafRoiSaliencyEncode.KeyText(plain, "tool-1", ContentHashCache.InMemory()));
        Assert.NotEqual(key, VmafRoiSaliencyEncode.KeyText(plain with { Settings = [("--encoder", "libx264"), ("--crf", "24")] }, "tool-1", hashes));
        Assert.NotEqual(key, VmafRoiSaliencyEncode.KeyText(plain, "tool-2", hashes));
        Assert.NotEqual(key, VmafRoiSaliencyEncode.KeyText(plain with { TargetFlag = "--target-vmaf-roi", Target = "92" }, "tool-1", hashes));

        File.AppendAllText(source, "FRAME\n");
        Assert.NotEqual(key, VmafRoiSaliencyEncode.KeyText(plain, "tool-1", ContentHashCache.InMemory()));
    }
}
