using System.IO.Compression;
using VmafRoi.Sdk.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VmafRoi.Sdk.Tests.EndToEnd;

/// <summary>A media repository that materializes a feature table with the packed SDK, built for real twice.</summary>
[Collection(PackedSdkCollection.Name)]
public sealed class MaterializeConsumerTests(PackedSdkFixture sdk, ITestOutputHelper output)
{
    [Fact]
    public async Task Feature_table_item_is_materialized_after_build_and_reused_by_the_next_build()
    {
        string folder = sdk.NewFolder("FeatureTables");
        sdk.WriteNugetConfig(folder);
        File.WriteAllText(Path.Combine(folder, "global.json"), $$"""{ "msbuild-sdks": { "VmafRoi.Sdk": "{{sdk.Version}}" } }""");
        Directory.CreateDirectory(Path.Combine(folder, "clips"));
        Clips.Y4m(Path.Combine(folder, "clips", "a.y4m"));
        Clips.Raw(Path.Combine(folder, "clips", "b.yuv"), noise: 4);
        File.WriteAllText(Path.Combine(folder, "features.jsonl"), "{\"src\": \"a.y4m\", \"mos\": 4.1}\n{\"src\": \"b.yuv\", \"mos\": 3.2}\n");
        File.WriteAllText(Path.Combine(folder, "FeatureTables.proj"), """
            <Project Sdk="VmafRoi.Sdk">
              <ItemGroup>
                <VmafSaliencyMaterialize Include="features.jsonl" OutputTable="out/features.saliency.jsonl" AuditJson="out/features.audit.json"
                                         Root="clips" DefaultWidth="64" DefaultHeight="36" MaxFrames="2" />
              </ItemGroup>
            </Project>
            """);
        Directory.CreateDirectory(Path.Combine(folder, "out"));

        ProcessOutput first = await sdk.BuildAsync(folder);
        string table = Path.Combine(folder, "out", "features.saliency.jsonl");
        DateTime written = File.GetLastWriteTimeUtc(table);
        ProcessOutput second = await sdk.BuildAsync(folder);
        output.WriteLine($"builds: {first.Elapsed.TotalSeconds:F1} s, {second.Elapsed.TotalSeconds:F1} s");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("saliency materialize: total=2 ok=2 skipped=0 failed=0", first.Output);
        Assert.All(File.ReadAllLines(table), line => Assert.Contains("\"saliency_status\":\"ok\"", line));
        Assert.True(File.Exists(Path.Combine(folder, "out", "features.audit.json")));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("[reused: table, model, settings and tool unchanged]", second.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(table));
    }

    [Fact]
    public void Sdk_package_carries_the_materializer_and_duckdb_for_this_machine_only()
    {
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(sdk.Feed, $"VmafRoi.Sdk.{sdk.Version}.nupkg"));
        string[] entries = [.. zip.Entries.Select(e => e.FullName)];

        Assert.Contains("tools/vmaf-saliency-materialize.dll", entries);
        Assert.Contains("tools/VmafRoi.Materializer.dll", entries);
        Assert.Contains("tools/DuckDB.NET.Data.dll", entries);
        Assert.Single(entries, e => e.EndsWith("/libduckdb.so", StringComparison.Ordinal));
        Assert.Single(entries, e => e.EndsWith("/libonnxruntime.so", StringComparison.Ordinal));
        Assert.Contains("Sdk/VmafRoi.Materialize.targets", entries);
    }
}
