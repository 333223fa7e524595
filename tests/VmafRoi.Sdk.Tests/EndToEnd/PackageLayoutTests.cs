using System.IO.Compression;
using VmafRoi.Sdk.Tests.Infrastructure;

namespace VmafRoi.Sdk.Tests.EndToEnd;

/// <summary>What the packed packages hold, read straight from the .nupkg files of this run's feed.</summary>
[Collection(PackedSdkCollection.Name)]
public sealed class PackageLayoutTests
{
    private readonly PackedSdkFixture _sdk;

    public PackageLayoutTests(PackedSdkFixture sdk)
    {
        _sdk = sdk;
    }

    [Fact]
    public void Sdk_package_holds_the_sdk_files_managed_tasks_the_commands_and_the_analyzers()
    {
        string[] entries = Entries("VmafRoi.Sdk");

        Assert.Contains("Sdk/Sdk.props", entries);
        Assert.Contains("Sdk/Sdk.targets", entries);
        Assert.Contains("build/net10.0/VmafRoi.Sdk.Tasks.dll", entries);
        Assert.Contains("tools/vmaf-roi-score.dll", entries);
        Assert.Contains("tools/vmaf-roi.dll", entries);
        Assert.Contains("tools/vmaf-tune.dll", entries);
        Assert.Contains("tools/vmaf-tune.runtimeconfig.json", entries);
        Assert.Contains("Sdk/VmafRoi.SaliencyEncode.targets", entries);
        Assert.Contains($"tools/runtimes/{System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}/native/libonnxruntime.so", entries);
        Assert.Contains("analyzers/dotnet/cs/VmafRoi.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/VmafRoi.Analyzers.CodeFixes.dll", entries);

        // Nothing native beside the tasks: the build node loads only managed code.
        Assert.All(entries.Where(e => e.StartsWith("build/", StringComparison.Ordinal)), e => Assert.True(e.EndsWith(".dll", StringComparison.Ordinal) || e.EndsWith(".pdb", StringComparison.Ordinal), e));
        Assert.Single(entries, e => e.EndsWith("/libonnxruntime.so", StringComparison.Ordinal));
        Assert.Contains("<packageType name=\"MSBuildSdk\" />", Nuspec("VmafRoi.Sdk"));
    }

    [Fact]
    public void Contracts_package_carries_the_analyzers_and_library_packages_let_them_flow()
    {
        Assert.Contains("analyzers/dotnet/cs/VmafRoi.Analyzers.dll", Entries("VmafRoi.Contracts"));
        Assert.Contains($"<dependency id=\"VmafRoi.Contracts\" version=\"{_sdk.Version}\" include=\"All\" />", Nuspec("VmafRoi.Yuv"));
    }

    [Theory]
    [InlineData("VmafRoi.VmafRunner")]
    [InlineData("VmafRoi.Sdk")]
    public void Packages_with_the_engine_ship_the_vmaf_models_licence_and_notice(string id)
    {
        string[] entries = Entries(id);

        Assert.Contains("vmaf-models/LICENSE", entries);
        Assert.Contains("vmaf-models/THIRD-PARTY-NOTICES.md", entries);
    }

    [Theory]
    [InlineData("VmafRoi.Saliency")]
    [InlineData("VmafRoi.Sdk")]
    public void Packages_with_the_default_saliency_model_ship_blazefaces_licence_and_notice(string id)
    {
        string[] entries = Entries(id);

        Assert.Contains("saliency-models/LICENSE-BlazeFace.txt", entries);
        Assert.Contains("saliency-models/THIRD-PARTY-NOTICES.md", entries);
        Assert.DoesNotContain(entries, e => e.EndsWith(".onnx", StringComparison.Ordinal));
    }

    private string Package(string id) => Path.Combine(_sdk.Feed, $"{id}.{_sdk.Version}.nupkg");

    private string[] Entries(string id)
    {
        using ZipArchive zip = ZipFile.OpenRead(Package(id));
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    private string Nuspec(string id)
    {
        using ZipArchive zip = ZipFile.OpenRead(Package(id));
        using var reader = new StreamReader(zip.GetEntry($"{id}.nuspec")!.Open());
        return reader.ReadToEnd();
    }
}
