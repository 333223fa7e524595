using VmafRoi.Contracts;
using VmafRoi.Sdk.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VmafRoi.Sdk.Tests.EndToEnd;

/// <summary>The QualityGate sample, copied out of the repository and built for real against the packed SDK.</summary>
[Collection(PackedSdkCollection.Name)]
public sealed class QualityGateSampleTests
{
    private const string GoodEncode = "obj/clips/dis_crf23.y4m";
    private const string RawEncode = "obj/clips/dis_crf35.yuv";
    private const string StrictItem = "obj/clips/enc_crf40.mp4";

    private readonly PackedSdkFixture _sdk;
    private readonly ITestOutputHelper _output;

    public QualityGateSampleTests(PackedSdkFixture sdk, ITestOutputHelper output)
    {
        _sdk = sdk;
        _output = output;
    }

    [Fact]
    public async Task Sample_build_makes_its_clips_and_passes_the_gate()
    {
        BuiltSample sample = await _sdk.Sample;
        _output.WriteLine($"pack: {_sdk.Pack!.Elapsed.TotalSeconds:F1} s; first sample build: {sample.First.Elapsed.TotalSeconds:F1} s");

        Assert.True(sample.First.ExitCode == 0, sample.First.ToString());
        Assert.Contains($"VmafQualityGate '{GoodEncode}': vmaf_roi ", sample.First.Output);
        Assert.Contains("(MinVmafRoi): pass [scored]", sample.First.Output);
        Assert.Contains($"VmafQualityGate '{RawEncode}': vmaf ", sample.First.Output);
        Assert.Contains("(MinVmaf): pass [scored]", sample.First.Output);
        Assert.Contains("2 of 2 item(s) passed (2 scored, 0 reused)", sample.First.Output);

        GateSummary summary = ContractJson.Deserialize<GateSummary>(sample.FirstSummaryJson ?? throw new Xunit.Sdk.XunitException("the first build wrote no gate summary"));
        Assert.True(summary.Passed);
        Assert.Equal([GoodEncode, RawEncode], summary.Items.Select(i => i.Name));
        Assert.All(summary.Items, item =>
        {
            Assert.Equal(GateItemSummary.Pass, item.Verdict);
            Assert.Equal(GateItemSummary.Scored, item.Run);
            RoiScoreResult result = ContractJson.Deserialize<RoiScoreResult>(File.ReadAllText(Path.Combine(Path.GetDirectoryName(sample.SummaryFile)!, item.Result!)));
            Assert.Equal(item.VmafRoi, result.VmafRoi);
            Assert.Equal("default", result.SaliencyModel);
            Assert.InRange(result.VmafRoi, 0, 100);
        });
    }

    [Fact]
    public async Task Second_build_with_no_change_rescores_nothing()
    {
        BuiltSample sample = await _sdk.Sample;
        _output.WriteLine($"second sample build: {sample.Second.Elapsed.TotalSeconds:F1} s");

        Assert.True(sample.Second.ExitCode == 0, sample.Second.ToString());
        Assert.Contains($"VmafQualityGate '{GoodEncode}': vmaf_roi ", sample.Second.Output);
        Assert.Contains("pass [reused: inputs and settings unchanged]", sample.Second.Output);
        Assert.DoesNotContain("[scored]", sample.Second.Output);
        Assert.DoesNotContain("scoring with vmaf-roi-score", sample.Second.Output);
        Assert.Contains("2 of 2 item(s) passed (0 scored, 2 reused)", sample.Second.Output);
        Assert.Equal(sample.ResultTimesAfterFirst, BuiltSample.ResultTimes(sample.Folder));
    }

    [Fact]
    public async Task Changing_one_clip_rescores_only_that_item_and_touching_one_rescores_nothing()
    {
        BuiltSample built = await _sdk.Sample;
        string folder = _sdk.CopyBuiltSample(built);

        // New content for the raw clip: the good encode decoded to raw instead of the rough one (same size and format).
        string raw = Path.Combine(folder, RawEncode);
        ProcessOutput decode = await Dotnet.RunProgramAsync("ffmpeg", folder, null, "-v", "error", "-nostdin", "-y", "-i", "obj/clips/enc_crf23.mp4", "-pix_fmt", "yuv420p", "-f", "rawvideo", RawEncode + ".new");
        Assert.True(decode.ExitCode == 0, decode.ToString());
        File.Move(raw + ".new", raw, overwrite: true);

        // Only the time of the other clip changes: its content, and so its key, does not.
        File.SetLastWriteTimeUtc(Path.Combine(folder, GoodEncode), DateTime.UtcNow);

        ProcessOutput build = await _sdk.BuildAsync(folder);
        _output.WriteLine($"build after one clip changed: {build.Elapsed.TotalSeconds:F1} s");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Matches($"VmafQualityGate '{RawEncode.Replace(".", "\\.", StringComparison.Ordinal)}': vmaf [0-9.]+ >= 60 \\(MinVmaf\\): pass \\[scored\\]", build.Output);
        Assert.Matches($"VmafQualityGate '{GoodEncode.Replace(".", "\\.", StringComparison.Ordinal)}': vmaf_roi [0-9.]+ >= 90 \\(MinVmafRoi\\): pass \\[reused: inputs and settings unchanged\\]", build.Output);
        Assert.Contains("(1 scored, 1 reused)", build.Output);
    }

    [Fact]
    public async Task Strict_bar_fails_the_build_with_VRQ001_naming_the_item()
    {
        BuiltSample built = await _sdk.Sample;
        string folder = _sdk.CopyBuiltSample(built);

        ProcessOutput build = await _sdk.BuildAsync(folder, "-p:SampleStrictBar=true");
        _output.WriteLine($"strict build: {build.Elapsed.TotalSeconds:F1} s");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches($"QualityGate\\.proj : error VRQ001: VmafQualityGate '{StrictItem.Replace(".", "\\.", StringComparison.Ordinal)}' is below its bar: vmaf_roi [0-9.]+ < MinVmafRoi 99\\.5", build.Output);
        Assert.Contains($"VmafQualityGate '{StrictItem}': vmaf_roi ", build.Output);
        Assert.Contains("FAIL [scored]", build.Output);
        Assert.Contains("(1 scored, 2 reused)", build.Output);
        Assert.DoesNotContain("   at ", build.Output);

        GateSummary summary = ContractJson.Deserialize<GateSummary>(File.ReadAllText(Path.Combine(folder, BuiltSample.GateFolder, "gate-summary.json")));
        Assert.False(summary.Passed);
        GateItemSummary strict = Assert.Single(summary.Items, i => i.Verdict == GateItemSummary.Fail);
        Assert.Equal(StrictItem, strict.Name);
        Assert.Equal("VRQ001", strict.ErrorCode);
    }

    [Fact]
    public async Task Gate_can_be_switched_off_and_still_run_on_its_own()
    {
        BuiltSample built = await _sdk.Sample;
        string folder = _sdk.CopyBuiltSample(built);

        ProcessOutput off = await _sdk.BuildAsync(folder, "-p:VmafRoiQualityGateEnabled=false");
        ProcessOutput alone = await _sdk.BuildAsync(folder, "-t:VmafRoiQualityGate", "-p:VmafRoiQualityGateEnabled=false");

        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.DoesNotContain("VmafQualityGate '", off.Output);
        Assert.True(alone.ExitCode == 0, alone.ToString());
        Assert.Contains("2 of 2 item(s) passed (0 scored, 2 reused)", alone.Output);
    }
}
