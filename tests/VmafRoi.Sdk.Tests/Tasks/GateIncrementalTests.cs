using Microsoft.Build.Framework;
using VmafRoi.Contracts;
using VmafRoi.Sdk.Tasks;
using VmafRoi.Sdk.Tasks.Incremental;
using VmafRoi.Sdk.Tasks.Metadata;
using VmafRoi.Sdk.Tests.Infrastructure;

namespace VmafRoi.Sdk.Tests.Tasks;

/// <summary>
/// An item is rescored exactly when the content of its clips, its scoring settings or the scorer change; a new bar
/// re-judges the stored score; a failed rescore never leaves the stale result looking fresh.
/// </summary>
public sealed class GateIncrementalTests : IDisposable
{
    private readonly GateProject _project = new();

    public GateIncrementalTests()
    {
        Clips.Y4m(_project.File("ref.y4m"));
        Clips.Y4m(_project.File("a.y4m"), noise: 6, seed: 2);
        Clips.Y4m(_project.File("b.y4m"), noise: 12, seed: 3);
    }

    public void Dispose() => _project.Dispose();

    private static ITaskItem A(params (string, string)[] more) => GateProject.Item("a.y4m", [("Reference", "ref.y4m"), ("MinVmafRoi", "80"), .. more]);

    private static ITaskItem B(params (string, string)[] more) => GateProject.Item("b.y4m", [("Reference", "ref.y4m"), ("MinVmaf", "60"), .. more]);

    [Fact]
    public void Unchanged_items_are_reused_with_their_results_untouched()
    {
        GateRun first = _project.Run(90, A(), B());
        Dictionary<string, DateTime> times = ResultTimes(first);

        GateRun second = _project.Run(10, A(), B());

        Assert.Equal(2, first.Scored);
        Assert.Equal(0, second.Scored);
        Assert.Equal([VmafRoiGatePrepare.RunReused, VmafRoiGatePrepare.RunReused], second.Runs);
        Assert.Equal(times, ResultTimes(second));
        Assert.True(second.Summary.Passed);
        Assert.Equal(2, second.Summary.ReusedCount);
        Assert.All(second.Reported.MessagesAtLeast(MessageImportance.High).Where(m => m.StartsWith("VmafQualityGate", StringComparison.Ordinal)), line =>
            Assert.EndsWith(": pass [reused: inputs and settings unchanged]", line));
    }

    [Fact]
    public void Changed_content_of_one_clip_rescores_only_that_item()
    {
        _project.Run(90, A(), B());
        Clips.Y4m(_project.File("b.y4m"), noise: 20, seed: 4);

        GateRun second = _project.Run(90, A(), B());

        Assert.Equal([VmafRoiGatePrepare.RunReused, VmafRoiGatePrepare.RunScore], second.Runs);
        Assert.Equal(1, second.Scored);
    }

    [Fact]
    public void Changed_reference_rescores_every_item_that_uses_it()
    {
        _project.Run(90, A(), B());
        Clips.Y4m(_project.File("ref.y4m"), noise: 1, seed: 5);

        Assert.Equal(2, _project.Run(90, A(), B()).Scored);
    }

    [Fact]
    public void Touched_clip_with_the_same_content_is_reused()
    {
        _project.Run(90, A(), B());
        File.SetLastWriteTimeUtc(_project.File("a.y4m"), DateTime.UtcNow.AddMinutes(1));

        GateRun second = _project.Run(90, A(), B());

        Assert.Equal(0, second.Scored);
    }

    [Theory]
    [InlineData("Weight", "0.25")]
    [InlineData("Threshold", "0.2")]
    [InlineData("Fade", "0")]
    [InlineData("Engine", "managed")]
    [InlineData("Model", "vmaf_4k_v0.6.1")]
    [InlineData("Width", "64")]
    public void Changed_scoring_setting_rescores_that_item(string name, string value)
    {
        _project.Run(90, A(), B());

        ITaskItem changed = A((name, value));
        if (name == "Width")
        {
            changed.SetMetadata("Height", "36");
        }

        GateRun second = _project.Run(90, changed, B());

        Assert.Equal([VmafRoiGatePrepare.RunScore, VmafRoiGatePrepare.RunReused], second.Runs);
    }

    [Fact]
    public void New_bar_rejudges_the_stored_score_without_rescoring()
    {
        _project.Run(85, A(), B());

        GateRun stricter = _project.Run(85, A(("MinVmafRoi", "95")), B());

        Assert.Equal(0, stricter.Scored);
        Assert.False(stricter.Summary.Passed);
        BuildErrorEventArgs error = Assert.Single(stricter.Reported.Errors);
        Assert.Equal("VRQ001", error.Code);
        Assert.Equal("VmafQualityGate 'a.y4m' is below its bar: vmaf_roi 85.00 < MinVmafRoi 95", error.Message);
        Assert.Contains("VmafQualityGate 'a.y4m': vmaf_roi 85.00 < 95 (MinVmafRoi): FAIL [reused: inputs and settings unchanged]", stricter.Reported.MessagesAtLeast(MessageImportance.High));
    }

    [Fact]
    public void New_scorer_build_rescores_everything()
    {
        _project.Run(90, A(), B());
        File.AppendAllText(_project.Scorer, " (rebuilt)");

        Assert.Equal(2, _project.Run(90, A(), B()).Scored);
    }

    [Fact]
    public void Failed_rescore_never_leaves_the_stale_result_looking_fresh()
    {
        _project.Run(90, A());
        Clips.Y4m(_project.File("a.y4m"), noise: 30, seed: 9);

        (_, ITaskItem[] items) = _project.Prepare(A());
        ITaskItem failed = new Microsoft.Build.Utilities.TaskItem(items[0]);
        failed.SetMetadata(MetadataNames.ErrorCode, "VRQ008");
        (_, GateSummary summary) = _project.Report(items, failed);
        (_, ITaskItem[] next) = _project.Prepare(A());

        Assert.False(File.Exists(items[0].GetMetadata(MetadataNames.ResultFile)));
        Assert.Equal(GateItemSummary.Error, Assert.Single(summary.Items).Verdict);
        Assert.Equal("VRQ008", summary.Items[0].ErrorCode);
        Assert.Equal(VmafRoiGatePrepare.RunScore, Assert.Single(next).GetMetadata(MetadataNames.Run));
    }

    [Fact]
    public void Hash_cache_rereads_a_clip_only_when_its_size_or_time_changes()
    {
        string cacheFile = _project.File("hashes.txt");
        ContentHashCache first = ContentHashCache.Load(cacheFile);
        string sha = first.Sha256(_project.File("a.y4m"));
        first.Save();

        ContentHashCache second = ContentHashCache.Load(cacheFile);
        Assert.Equal(sha, second.Sha256(_project.File("a.y4m")));
        Assert.Equal(0, second.Hashed);

        File.SetLastWriteTimeUtc(_project.File("a.y4m"), DateTime.UtcNow.AddMinutes(2));
        Assert.Equal(sha, second.Sha256(_project.File("a.y4m")));
        Assert.Equal(1, second.Hashed);
    }

    private static Dictionary<string, DateTime> ResultTimes(GateRun run) =>
        run.GateItems.SelectMany(i => new[] { i.GetMetadata(MetadataNames.ResultFile), i.GetMetadata(MetadataNames.StampFile) })
            .ToDictionary(p => p, File.GetLastWriteTimeUtc);
}
