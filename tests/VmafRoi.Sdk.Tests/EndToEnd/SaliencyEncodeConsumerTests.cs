using VmafRoi.Contracts;
using VmafRoi.Sdk.Tests.Infrastructure;
using VmafRoi.TestShared;
using Xunit.Abstractions;

namespace VmafRoi.Sdk.Tests.EndToEnd;

/// <summary>A media repository that encodes with saliency ROI and gates the encode, in one `dotnet build` against the packed SDK.</summary>
[Collection(PackedSdkCollection.Name)]
public sealed class SaliencyEncodeConsumerTests
{
    private readonly PackedSdkFixture _sdk;
    private readonly ITestOutputHelper _output;

    public SaliencyEncodeConsumerTests(PackedSdkFixture sdk, ITestOutputHelper output)
    {
        _sdk = sdk;
        _output = output;
    }

    [Fact]
    public async Task One_build_encodes_then_gates_and_a_second_build_reuses_both()
    {
        string folder = _sdk.NewFolder("EncodeAndGate");
        _sdk.WriteNugetConfig(folder);
        File.WriteAllText(Path.Combine(folder, "global.json"), $$"""{ "msbuild-sdks": { "VmafRoi.Sdk": "{{_sdk.Version}}" } }""");
        Directory.CreateDirectory(Path.Combine(folder, "masters"));
        File.Copy(NaturalClips.Carphone(12), Path.Combine(folder, "masters", "carphone.y4m"));
        File.WriteAllText(Path.Combine(folder, "Media.proj"), """
            <Project Sdk="VmafRoi.Sdk">
              <PropertyGroup>
                <VmafRoiEngine>managed</VmafRoiEngine>
              </PropertyGroup>
              <ItemGroup>
                <VmafSaliencyEncode Include="masters/carphone.y4m" OutputFile="encodes/carphone.mp4" Encoder="libx264" Preset="veryfast" Crf="30" />
                <VmafQualityGate Include="encodes/carphone.mp4" Reference="masters/carphone.y4m" MinVmafRoi="50" />
              </ItemGroup>
            </Project>
            """);

        ProcessOutput first = await _sdk.BuildAsync(folder);
        _output.WriteLine($"first build: {first.Elapsed.TotalSeconds:F1} s");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Matches(@"VmafSaliencyEncode 'masters/carphone\.y4m': encodes/carphone\.mp4 by libx264 crf 30, addroi, roi_applied true, [0-9]+ bytes \[encoded\]", first.Output);
        Assert.Contains("(MinVmafRoi): pass [scored]", first.Output);
        string report = Directory.GetFiles(Path.Combine(folder, "obj"), "*.saliency-encode.json", SearchOption.AllDirectories).Single();
        SaliencyEncodeReport encode = ContractJson.Deserialize<SaliencyEncodeReport>(File.ReadAllText(report));
        Assert.Equal(new FileInfo(Path.Combine(folder, "encodes", "carphone.mp4")).Length, encode.EncodeSizeBytes);
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(folder, "encodes", "carphone.mp4"));

        ProcessOutput second = await _sdk.BuildAsync(folder);
        _output.WriteLine($"second build: {second.Elapsed.TotalSeconds:F1} s");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("[reused]", second.Output);
        Assert.DoesNotContain("[encoded]", second.Output);
        Assert.Contains("pass [reused: inputs and settings unchanged]", second.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(folder, "encodes", "carphone.mp4")));
    }

    [Fact]
    public async Task An_encoder_without_a_saliency_route_fails_the_build_with_its_code()
    {
        string folder = _sdk.NewFolder("EncodeUnsupported");
        _sdk.WriteNugetConfig(folder);
        File.WriteAllText(Path.Combine(folder, "global.json"), $$"""{ "msbuild-sdks": { "VmafRoi.Sdk": "{{_sdk.Version}}" } }""");
        Directory.CreateDirectory(Path.Combine(folder, "masters"));
        File.Copy(NaturalClips.Carphone(12), Path.Combine(folder, "masters", "carphone.y4m"));
        File.WriteAllText(Path.Combine(folder, "Media.proj"), """
            <Project Sdk="VmafRoi.Sdk">
              <ItemGroup>
                <VmafSaliencyEncode Include="masters/carphone.y4m" OutputFile="encodes/carphone.mkv" Encoder="mpeg4" />
              </ItemGroup>
            </Project>
            """);

        ProcessOutput build = await _sdk.BuildAsync(folder);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error VRQ012: VmafSaliencyEncode 'masters/carphone.y4m': vmaf-tune recommend-saliency failed (exit 2): saliency ROI is not implemented for encoder 'mpeg4'.", build.Output);
        Assert.False(File.Exists(Path.Combine(folder, "encodes", "carphone.mkv")));
    }
}
