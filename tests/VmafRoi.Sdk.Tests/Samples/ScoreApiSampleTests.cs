using System.Text.RegularExpressions;
using VmafRoi.Sdk.Tests.Infrastructure;
using VmafRoi.TestShared;

namespace VmafRoi.Sdk.Tests.Samples;

/// <summary>The ScoreApi sample runs as built and prints what it promises.</summary>
public sealed class ScoreApiSampleTests
{
    [Fact]
    public async Task Score_api_sample_prints_per_frame_vmaf_and_the_roi_score()
    {
        string sample = Path.Combine(SharedData.RepoRoot, "samples", "ScoreApi", "bin", PackedSdkFixture.Configuration, "net10.0", "ScoreApi.dll");
        using var folder = new TempDirectory("vmafroi-scoreapi-test-");

        ProcessOutput run = await Dotnet.RunAsync(folder.Path, new Dictionary<string, string?> { ["VMAF_MODEL_PATH"] = null }, "exec", sample);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("per-frame VMAF (managed engine):", run.Output);
        Assert.Equal(24, Regex.Matches(run.Output, @"^  frame +\d+: +[0-9.]+$", RegexOptions.Multiline).Count);
        Assert.Matches(@"pooled VMAF: [0-9.]+", run.Output);
        Assert.Matches(@"ROI score: vmaf_roi [0-9.]+ = \(1 - 0\.5\) \* vmaf_full [0-9.]+ \+ 0\.5 \* vmaf_masked [0-9.]+", run.Output);
        Assert.Matches(@"pooled ROI score: vmaf_roi [0-9.]+ \(vmaf_pooled [0-9.]+\)", run.Output);
    }
}
