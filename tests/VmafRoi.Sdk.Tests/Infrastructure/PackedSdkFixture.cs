using System.Globalization;
using System.Security;
using VmafRoi.TestShared;

namespace VmafRoi.Sdk.Tests.Infrastructure;

/// <summary>
/// Packs VmafRoi.Sdk and every library package once per test run into a temporary feed, under a version no earlier
/// run used (<c>0.1.0-t&lt;timestamp&gt;</c>), and restores into a package folder of its own, so no cache ever serves
/// stale bits. Also builds the QualityGate sample once (twice: the second build must change nothing) for the tests
/// that start from a built sample.
/// </summary>
public sealed class PackedSdkFixture : IAsyncLifetime
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    private readonly TempDirectory _root = new("vmafroi-sdk-e2e-");
    private readonly Lazy<Task<BuiltSample>> _sample;

    public PackedSdkFixture()
    {
        Version = string.Create(CultureInfo.InvariantCulture, $"0.1.0-t{DateTime.UtcNow:yyyyMMddHHmmss}{System.Environment.ProcessId % 1000:D3}");
        _sample = new Lazy<Task<BuiltSample>>(BuildSampleAsync);
    }

    /// <summary>The version every package of this run has.</summary>
    public string Version { get; }

    public string Feed => _root.File("feed");

    /// <summary>This run's NUGET_PACKAGES.</summary>
    public string PackageFolder => _root.File("nuget-packages");

    public ProcessOutput? Pack { get; private set; }

    /// <summary>What every child build gets: its own package folder, and no VMAF_MODEL_PATH (the engine's built-in models must do).</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = PackageFolder,
        ["VMAF_MODEL_PATH"] = null,
    };

    /// <summary>The sample as built twice from a fresh copy (the fixture owns the folder; copy it before changing anything).</summary>
    public Task<BuiltSample> Sample => _sample.Value;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(PackageFolder);
        string[] projects =
        [
            Path.Combine(SharedData.RepoRoot, "sdk", "VmafRoi.Sdk", "VmafRoi.Sdk.csproj"),
            .. Directory.GetDirectories(Path.Combine(SharedData.RepoRoot, "src"), "VmafRoi.*")
                .Select(folder => Path.Combine(folder, Path.GetFileName(folder) + ".csproj"))
                .Where(File.Exists)
                .Order(StringComparer.Ordinal),
        ];

        // The test build has just built these projects in this configuration; packing must not rebuild them.
        string packProject = _root.File("pack.proj");
        await File.WriteAllTextAsync(packProject, $"""
            <Project>
              <ItemGroup>
            {string.Join('\n', projects.Select(p => $"    <VmafRoiPackage Include=\"{SecurityElement.Escape(p)}\" />"))}
              </ItemGroup>
              <Target Name="Pack">
                <MSBuild Projects="@(VmafRoiPackage)" Targets="Pack" BuildInParallel="true"
                         Properties="Configuration={Configuration};NoBuild=true;PackageVersion={Version};PackageOutputPath={SecurityElement.Escape(Feed)}" />
              </Target>
            </Project>
            """);
        Pack = await Dotnet.RunAsync(_root.Path, Environment, "msbuild", packProject, "-t:Pack", "-m", "-nologo", "-nodeReuse:false", "-v:m");
        if (Pack.ExitCode != 0 || !File.Exists(Path.Combine(Feed, $"VmafRoi.Sdk.{Version}.nupkg")))
        {
            throw new InvalidOperationException($"packing failed: {Pack}");
        }
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A new folder in this run's temp root.</summary>
    public string NewFolder(string name)
    {
        string folder = _root.File(name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>A nuget.config beside a project: this run's feed first, then nuget.org for anything else.</summary>
    public void WriteNugetConfig(string folder) =>
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="vmafroi-test-feed" value="{SecurityElement.Escape(Feed)}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);

    /// <summary>A real <c>dotnet build</c> (no build servers, so nothing outlives the test or holds its files).</summary>
    public Task<ProcessOutput> BuildAsync(string folder, params string[] arguments) =>
        Dotnet.RunAsync(folder, Environment, ["build", "-nologo", "-tl:off", "--disable-build-servers", .. arguments]);

    /// <summary>Copies the repository's QualityGate sample, pointed at this run's feed and version.</summary>
    public string CopySample()
    {
        string source = Path.Combine(SharedData.RepoRoot, "samples", "QualityGate");
        string target = NewFolder("QualityGate");
        Directory.Delete(target);
        FileTree.Copy(source, target, path => Path.GetFileName(path) is not ("obj" or "bin"));
        File.WriteAllText(Path.Combine(target, "global.json"), $$"""{ "msbuild-sdks": { "VmafRoi.Sdk": "{{Version}}" } }""");
        WriteNugetConfig(target);
        return target;
    }

    /// <summary>Copies a built sample (with its obj/ and file times) so a test can change it without touching the fixture's.</summary>
    public string CopyBuiltSample(BuiltSample sample)
    {
        string target = NewFolder("QualityGate-copy");
        Directory.Delete(target);
        FileTree.Copy(sample.Folder, target, _ => true);
        return target;
    }

    private async Task<BuiltSample> BuildSampleAsync()
    {
        string folder = CopySample();
        ProcessOutput first = await BuildAsync(folder);
        Dictionary<string, DateTime> resultTimes = BuiltSample.ResultTimes(folder);
        string summary = Path.Combine(folder, BuiltSample.GateFolder, "gate-summary.json");
        string? firstSummary = File.Exists(summary) ? await File.ReadAllTextAsync(summary) : null;
        ProcessOutput second = await BuildAsync(folder);
        return new BuiltSample(folder, first, firstSummary, resultTimes, second);
    }
}

/// <summary>The sample after two builds: the first from scratch (its summary kept), the second with nothing changed.</summary>
public sealed record BuiltSample(string Folder, ProcessOutput First, string? FirstSummaryJson, IReadOnlyDictionary<string, DateTime> ResultTimesAfterFirst, ProcessOutput Second)
{
    public const string GateFolder = "obj/Debug/net10.0/vmafroi";

    public string SummaryFile => Path.Combine(Folder, GateFolder, "gate-summary.json");

    /// <summary>Last-write times of the per-item results and stamps of the sample in <paramref name="folder"/>.</summary>
    public static Dictionary<string, DateTime> ResultTimes(string folder)
    {
        string items = Path.Combine(folder, GateFolder, "items");
        return Directory.Exists(items)
            ? Directory.GetFiles(items).ToDictionary(f => Path.GetFileName(f), File.GetLastWriteTimeUtc, StringComparer.Ordinal)
            : [];
    }
}

[CollectionDefinition(Name)]
public sealed class PackedSdkCollection : ICollectionFixture<PackedSdkFixture>
{
    /// <summary>Every test that builds against the packed SDK; they run one after another, sharing one pack.</summary>
    public const string Name = "packed VmafRoi.Sdk";
}
