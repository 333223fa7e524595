using System.Text.RegularExpressions;
using VmafRoi.Contracts;
using VmafRoi.Sdk.Tests.Infrastructure;
using VmafRoi.TestShared;

namespace VmafRoi.Sdk.Tests.Sdk;

/// <summary>
/// The SDK's own Sdk.props/Sdk.targets imported by path into a temp project, with the task assembly and the scorer
/// pointed at this repository's fresh builds: no package involved, so a change to the targets is tested at once.
/// </summary>
public sealed class SdkByPathTests
{
    private static string Built(params string[] parts) =>
        Path.Combine([SharedData.RepoRoot, .. parts.Take(parts.Length - 1), "bin", PackedSdkFixture.Configuration, "net10.0", parts[^1]]);

    [Fact]
    public async Task Sdk_files_imported_by_path_gate_with_fresh_builds_and_honour_property_overrides()
    {
        using var folder = new TempDirectory("vmafroi-sdk-bypath-");
        Clips.Y4m(folder.File("ref.y4m"), frames: 5);
        Clips.Y4m(folder.File("dis.y4m"), frames: 5, noise: 6, seed: 3);
        string sdk = Path.Combine(SharedData.RepoRoot, "sdk", "VmafRoi.Sdk", "Sdk");
        string marker = Guid.NewGuid().ToString("N");
        File.WriteAllText(folder.File("Gates.proj"), $"""
            <Project>
              <Import Project="{sdk}/Sdk.props" />
              <PropertyGroup>
                <VmafRoiEngine>managed</VmafRoiEngine>
              </PropertyGroup>
              <ItemGroup>
                <VmafQualityGate Include="dis.y4m" Reference="ref.y4m" MinVmafRoi="1" />
              </ItemGroup>
              <Import Project="{sdk}/Sdk.targets" />
              <Target Name="Marker" AfterTargets="VmafRoiQualityGate">
                <Message Importance="high" Text="{marker}: UsingVmafRoiSdk=$(UsingVmafRoiSdk) project-sdk=$(VmafRoiSdkIsProjectSdk) tasks=$(VmafRoiTasksAssembly)" />
              </Target>
            </Project>
            """);
        string tasks = Built("sdk", "VmafRoi.Sdk.Tasks", "VmafRoi.Sdk.Tasks.dll");
        string scorer = Built("src", "tools", "vmaf-roi-score", "vmaf-roi-score.dll");

        ProcessOutput build = await Dotnet.RunAsync(
            folder.Path,
            new Dictionary<string, string?> { ["VMAF_MODEL_PATH"] = null },
            "build", "-nologo", "-tl:off", "--disable-build-servers", $"-p:VmafRoiTasksAssembly={tasks}", $"-p:VmafRoiScoreTool={scorer}", "-p:VmafRoiWeight=0.25", "-p:VmafRoiMaxParallel=1");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains($"{marker}: UsingVmafRoiSdk=true project-sdk=true tasks={tasks}", build.Output);
        Assert.Matches("VmafQualityGate 'dis\\.y4m': vmaf_roi [0-9.]+ >= 1 \\(MinVmafRoi\\): pass \\[scored\\]", build.Output);
        string result = Directory.GetFiles(folder.File("obj", "Debug", "net10.0", "vmafroi", "items"), "*.roi-score.json").Single();
        Assert.Equal(0.25, ContractJson.Deserialize<RoiScoreResult>(File.ReadAllText(result)).Weight);
        Assert.DoesNotMatch(new Regex("Gates -> "), build.Output);
        Assert.False(File.Exists(folder.File("bin", "Debug", "net10.0", "Gates.dll")));
    }

    [Fact]
    public async Task Unreadable_clip_fails_the_build_with_VRQ006_from_the_real_scorer_and_no_trace()
    {
        using var folder = new TempDirectory("vmafroi-sdk-bypath-");
        Clips.Y4m(folder.File("ref.y4m"), frames: 3);
        File.WriteAllText(folder.File("broken.mp4"), "not a video");
        string sdk = Path.Combine(SharedData.RepoRoot, "sdk", "VmafRoi.Sdk", "Sdk");
        File.WriteAllText(folder.File("Gates.proj"), $"""
            <Project>
              <Import Project="{sdk}/Sdk.props" />
              <ItemGroup>
                <VmafQualityGate Include="broken.mp4" Reference="ref.y4m" MinVmaf="50" Engine="managed" />
              </ItemGroup>
              <Import Project="{sdk}/Sdk.targets" />
            </Project>
            """);

        ProcessOutput build = await Dotnet.RunAsync(
            folder.Path,
            new Dictionary<string, string?> { ["VMAF_MODEL_PATH"] = null },
            "build", "-nologo", "-tl:off", "--disable-build-servers",
            $"-p:VmafRoiTasksAssembly={Built("sdk", "VmafRoi.Sdk.Tasks", "VmafRoi.Sdk.Tasks.dll")}",
            $"-p:VmafRoiScoreTool={Built("src", "tools", "vmaf-roi-score", "vmaf-roi-score.dll")}");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches("Gates\\.proj : error VRQ006: VmafQualityGate 'broken\\.mp4': vmaf-roi-score rejected the clips \\(exit 1\\): .*broken\\.mp4", build.Output);
        Assert.Contains("VmafQualityGate 'broken.mp4': error VRQ006, not scored", build.Output);
        Assert.DoesNotContain("   at ", build.Output);
    }
}
