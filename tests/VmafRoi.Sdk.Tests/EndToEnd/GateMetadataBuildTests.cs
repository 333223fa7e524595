using VmafRoi.Contracts;
using VmafRoi.Sdk.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VmafRoi.Sdk.Tests.EndToEnd;

/// <summary>Bad gate metadata in a real consumer build of the packed SDK: coded errors, never a task exception.</summary>
[Collection(PackedSdkCollection.Name)]
public sealed class GateMetadataBuildTests
{
    private readonly PackedSdkFixture _sdk;
    private readonly ITestOutputHelper _output;

    public GateMetadataBuildTests(PackedSdkFixture sdk, ITestOutputHelper output)
    {
        _sdk = sdk;
        _output = output;
    }

    [Fact]
    public async Task Missing_reference_and_out_of_range_bar_fail_the_build_with_VRQ002_and_VRQ004_naming_each_item()
    {
        string folder = _sdk.NewFolder("BadMetadata");
        _sdk.WriteNugetConfig(folder);
        Clips.Y4m(Path.Combine(folder, "ref.y4m"), frames: 3);
        Clips.Y4m(Path.Combine(folder, "good.y4m"), frames: 3, noise: 4, seed: 2);
        Clips.Y4m(Path.Combine(folder, "noref.y4m"), frames: 3, noise: 4, seed: 3);
        Clips.Y4m(Path.Combine(folder, "toohigh.y4m"), frames: 3, noise: 4, seed: 4);
        File.WriteAllText(Path.Combine(folder, "Gates.proj"), $"""
            <Project Sdk="VmafRoi.Sdk/{_sdk.Version}">
              <PropertyGroup>
                <VmafRoiEngine>managed</VmafRoiEngine>
                <VmafRoiMaxParallel>1</VmafRoiMaxParallel>
              </PropertyGroup>
              <ItemGroup>
                <VmafQualityGate Include="good.y4m" Reference="ref.y4m" MinVmaf="1" />
                <VmafQualityGate Include="noref.y4m" MinVmafRoi="80" />
                <VmafQualityGate Include="toohigh.y4m" Reference="ref.y4m" MinVmafRoi="150" />
              </ItemGroup>
            </Project>
            """);

        // Normal verbosity: the scorer's parallel limit is logged there.
        ProcessOutput build = await _sdk.BuildAsync(folder, "-v:n");
        _output.WriteLine($"bad-metadata build: {build.Elapsed.TotalSeconds:F1} s");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches("Gates\\.proj : error VRQ002: VmafQualityGate 'noref\\.y4m': has no Reference metadata", build.Output);
        Assert.Matches("Gates\\.proj : error VRQ004: VmafQualityGate 'toohigh\\.y4m': MinVmafRoi must be in \\[0, 100\\], got 150", build.Output);
        Assert.DoesNotContain("MSB4018", build.Output);
        Assert.DoesNotContain("   at ", build.Output);
        Assert.DoesNotContain("error VRQ099", build.Output);

        // The valid item is still scored, one process at a time as the property asks.
        Assert.Contains("VmafQualityGate: scoring 1 item(s) with vmaf-roi-score, at most 1 at once", build.Output);
        Assert.Matches("VmafQualityGate 'good\\.y4m': vmaf [0-9.]+ >= 1 \\(MinVmaf\\): pass \\[scored\\]", build.Output);

        GateSummary summary = ContractJson.Deserialize<GateSummary>(File.ReadAllText(Path.Combine(folder, BuiltSample.GateFolder, "gate-summary.json")));
        Assert.False(summary.Passed);
        Assert.Equal(
            [("good.y4m", GateItemSummary.Pass, (string?)null), ("noref.y4m", GateItemSummary.Error, "VRQ002"), ("toohigh.y4m", GateItemSummary.Error, "VRQ004")],
            summary.Items.Select(i => (i.Name, i.Verdict, i.ErrorCode)));
    }
}
