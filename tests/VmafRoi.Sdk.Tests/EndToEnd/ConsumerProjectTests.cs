using System.Text.RegularExpressions;
using VmafRoi.Sdk.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VmafRoi.Sdk.Tests.EndToEnd;

/// <summary>Ordinary C# projects that consume our packages from the feed, built for real.</summary>
[Collection(PackedSdkCollection.Name)]
public sealed class ConsumerProjectTests
{
    // Line 8 returns a literal exit code (VR1001); line 15 is a contract member without a JSON name (VR2001).
    private const string ConsumerProgram = """
        using System.Text.Json.Serialization;
        using VmafRoi.Contracts;

        public static class Program
        {
            public static int Main()
            {
                return 3;
            }
        }

        [JsonContract("consumer-result", 1)]
        public sealed class ConsumerResult
        {
            public int Unannotated { get; init; }
        }
        """;

    private readonly PackedSdkFixture _sdk;
    private readonly ITestOutputHelper _output;

    public ConsumerProjectTests(PackedSdkFixture sdk, ITestOutputHelper output)
    {
        _sdk = sdk;
        _output = output;
    }

    [Fact]
    public async Task Library_package_consumer_sees_the_analyzers_through_its_transitive_VmafRoi_Contracts()
    {
        string folder = _sdk.NewFolder("LibraryConsumer");
        _sdk.WriteNugetConfig(folder);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), ConsumerProgram);
        File.WriteAllText(Path.Combine(folder, "LibraryConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <!-- VmafRunner -> Yuv -> Contracts: the analyzers ride on Contracts through every library. -->
                <PackageReference Include="VmafRoi.VmafRunner" Version="{_sdk.Version}" />
              </ItemGroup>
            </Project>
            """);

        ProcessOutput build = await _sdk.BuildAsync(folder);
        _output.WriteLine($"library consumer build: {build.Elapsed.TotalSeconds:F1} s");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("Program.cs(8,16): warning VR1001", build.Output);
        Assert.Contains("Program.cs(15,16): warning VR2001", build.Output);
    }

    [Fact]
    public async Task Sdk_element_in_a_csharp_project_gates_after_build_and_adds_the_analyzers_once()
    {
        BuiltSample sample = await _sdk.Sample;
        string clips = Path.Combine(sample.Folder, "obj", "clips");
        string folder = _sdk.NewFolder("SdkAddOn");
        _sdk.WriteNugetConfig(folder);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), ConsumerProgram);
        File.WriteAllText(Path.Combine(folder, "SdkAddOn.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Sdk Name="VmafRoi.Sdk" Version="{_sdk.Version}" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <VmafRoiReport>true</VmafRoiReport>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="VmafRoi.Contracts" Version="{_sdk.Version}" />
                <VmafQualityGate Include="{Path.Combine(clips, "dis_crf23.y4m")}" Reference="{Path.Combine(clips, "ref.y4m")}" MinVmafRoi="90" Engine="managed" />
              </ItemGroup>
              <Target Name="ShowAnalyzers" AfterTargets="_VmafRoiAddAnalyzers" BeforeTargets="CoreCompile">
                <Message Importance="high" Text="analyzers: @(Analyzer->'%(Filename)', ' ')" />
              </Target>
            </Project>
            """);

        ProcessOutput build = await _sdk.BuildAsync(folder);
        _output.WriteLine($"Sdk-element consumer build: {build.Elapsed.TotalSeconds:F1} s");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("SdkAddOn -> ", build.Output);
        Assert.Contains("Program.cs(8,16): warning VR1001", build.Output);
        string analyzers = Regex.Match(build.Output, "analyzers: (.*)").Groups[1].Value;
        Assert.Single(analyzers.Split(' '), name => name == "VmafRoi.Analyzers");
        Assert.Matches("VmafQualityGate '.*dis_crf23\\.y4m': vmaf_roi [0-9.]+ >= 90 \\(MinVmafRoi\\): pass \\[scored\\]", build.Output);
        string gate = Path.Combine(folder, "obj", "Debug", "net10.0", "vmafroi");
        Assert.True(File.Exists(Path.Combine(gate, "gate-summary.json")));

        // VmafRoiReport=true: the item's report (from the packed vmaf-roi-score) and the index linking it.
        string index = File.ReadAllText(Path.Combine(gate, "gate-summary.html"));
        string report = Assert.Single(Directory.GetFiles(Path.Combine(gate, "items"), "*.roi-score.html"));
        Assert.Contains($"href=\"items/{Path.GetFileName(report)}\"", index, StringComparison.Ordinal);
        Assert.Contains("id=\"worst-frames\"", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Contains("; reports ", build.Output);
    }
}
