using VmafRoi.Materializer.Contracts;
using VmafRoi.TestShared;

namespace VmafRoi.Materializer.Tests;

/// <summary><c>batch</c>: manifest defaults and overrides, paths relative to the manifest, reports that hide no failure.</summary>
[Collection(CorpusCollection.Name)]
public sealed class BatchTests : IDisposable
{
    private readonly Corpus _corpus;
    private readonly string _run = Directory.CreateTempSubdirectory("vmafroi-mat-batch-").FullName;

    public BatchTests(Corpus corpus)
    {
        _corpus = corpus;
        File.Copy(corpus.WriteJsonl("batch.jsonl"), Path.Combine(_run, "konvid.jsonl"));
        File.Copy(corpus.WriteParquet("batch.parquet"), Path.Combine(_run, "netflix.parquet"));
        Tool.ConstantModel(_run);
    }

    public void Dispose() => Directory.Delete(_run, recursive: true);

    private string Manifest(string tables, string name = "batch.json")
    {
        string path = Path.Combine(_run, name);
        File.WriteAllText(path, $$"""
            {
              "_comment": "keys starting with _ are comments",
              "defaults": { "model_path": "constant_half.onnx", "temporal_aggregator": "ema", "ema_alpha": 0.5, "max_frames": 4, "frame_samples": 2 },
              "tables": [{{tables}}]
            }
            """);
        return path;
    }

    private string Konvid => $$"""{ "id": "konvid", "input": "konvid.jsonl", "output": "out/konvid.saliency.jsonl", "audit_json": "out/konvid.audit.json", "root": "{{_corpus.ClipFolder}}" }""";

    private string Netflix => $$"""{ "id": "netflix", "input": "netflix.parquet", "output": "out/netflix.saliency.parquet", "path_column": "dis_basename", "root": "{{_corpus.ClipFolder}}", "default_width": 32, "default_height": 32, "temporal_aggregator": "max" }""";

    private const string Ugc = """{ "id": "ugc", "input": "ugc_refresh.parquet", "output": "out/ugc.saliency.parquet" }""";

    [Fact]
    public void Batch_report_and_table_audit_match_their_snapshots_and_a_raising_table_fails_the_batch()
    {
        Directory.CreateDirectory(Path.Combine(_run, "out"));
        string manifest = Manifest($"{Konvid},\n{Netflix},\n{Ugc}");
        string report = Path.Combine(_run, "out", "report.json");
        string markdown = Path.Combine(_run, "out", "report.md");

        string stderr = Tool.Expect(1, "batch", "--manifest", manifest, "--report-json", report, "--report-md", markdown, "--jobs", "2");

        (string, string)[] folders = [(_corpus.Folder, "{corpus}"), (_run, "{run}")];
        Snapshot.Verify(Tool.Normalize(File.ReadAllText(report), folders), name: "Batch_report");
        Snapshot.Verify(Tool.Normalize(File.ReadAllText(Path.Combine(_run, "out", "konvid.audit.json")), folders), name: "Table_audit");
        Snapshot.Verify(Tool.Normalize(File.ReadAllText(markdown), folders), extension: "md", name: "Batch_report_markdown");
        Assert.Contains("saliency batch: status=failed tables=3 failed_tables=3", stderr);
        Assert.Contains("table 'ugc': error: input table not found", stderr);

        // The netflix defaults give the raw file without geometry 32x32: it decodes there, and max is recorded.
        Assert.Equal("ok", Parquet.Column(Path.Combine(_run, "out", "netflix.saliency.parquet"), "saliency_status")[3]);
    }

    [Fact]
    public void Row_failures_pass_only_with_allow_row_failures_and_fail_fast_reports_the_tables_it_did_not_run()
    {
        string manifest = Manifest($"{Konvid},\n{Ugc}");
        Directory.CreateDirectory(Path.Combine(_run, "out"));
        string report = Path.Combine(_run, "out", "r.json");

        string rowsOnly = Tool.Expect(1, "batch", "--manifest", Manifest(Konvid, "one.json"));
        string allowed = Tool.Expect(0, "batch", "--manifest", Manifest(Konvid, "one.json"), "--allow-row-failures", "--resume");
        Tool.Expect(1, "batch", "--manifest", manifest, "--fail-fast", "--report-json", report);

        Assert.Contains("saliency batch: status=row-failures", rowsOnly);
        Assert.Contains("saliency batch: status=row-failures", allowed);
        BatchReport stopped = VmafRoi.Contracts.ContractJson.Deserialize<BatchReport>(File.ReadAllText(report));
        Assert.Equal(["row-failures", "error"], stopped.Tables.Select(t => t.Status));
        Assert.Equal("not run: --fail-fast stopped the batch after table 'konvid'", stopped.Tables[1].Error);
        Assert.Equal("failed", stopped.Status);
    }

    [Theory]
    [InlineData("""{ "tables": [{ "id": "a", "input": "a.jsonl", "output": "b.jsonl", "colour": 1 }] }""", "unknown key \"colour\" in tables[0]")]
    [InlineData("""{ "defaults": { "id": "x" }, "tables": [] }""", "unknown key \"id\" in \"defaults\"")]
    [InlineData("""{ "table": [] }""", "unknown key \"table\" in the manifest")]
    [InlineData("""{ "tables": [{ "id": "a", "output": "b.jsonl" }] }""", "table 'a' has no \"input\"")]
    [InlineData("""{ "tables": [{ "id": "a", "input": "a.jsonl", "output": "b.jsonl", "max_frames": "8" }] }""", "table 'a' \"max_frames\" must be an integer")]
    [InlineData("""{ "tables": [{ "id": "a", "input": "a", "output": "b" }, { "id": "a", "input": "c", "output": "d" }] }""", "tables[1]: id 'a' is used by two tables")]
    [InlineData("""{ "tables": [ """, "is not JSON")]
    public void Manifest_errors_exit_2_with_the_seed_prefix(string manifest, string message)
    {
        string path = Path.Combine(_run, "bad.json");
        File.WriteAllText(path, manifest);

        string stderr = Tool.Expect(2, "batch", "--manifest", path);

        Assert.Contains("vmaf-saliency-materialize: saliency batch manifest error: ", stderr);
        Assert.Contains(message, stderr);
    }
}
