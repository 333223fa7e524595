using VmafRoi.Materializer.Contracts;

namespace VmafRoi.Materializer.Tests;

/// <summary><c>--shard i/N</c> runs plus <c>merge</c> give exactly the single run's table and audit counters.</summary>
[Collection(CorpusCollection.Name)]
public sealed class ShardMergeTests(Corpus corpus) : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("vmafroi-mat-shard-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void Shard_hash_is_sha256_prefix_modulo_count_as_documented()
    {
        // int(hashlib.sha256(p.encode()).hexdigest()[:16], 16) % N, computed in Python.
        Assert.Equal(0, ShardSpec.Of("/data/clips/a.mp4", 4));
        Assert.Equal(6, ShardSpec.Of("/data/clips/a.mp4", 7));
        Assert.Equal(1, ShardSpec.Of("/corpus/konvid/k150ka_extracted/1234.mp4", 4));
        Assert.Equal(3, ShardSpec.Of("/corpus/konvid/k150ka_extracted/1234.mp4", 7));
        Assert.Equal((2, 5), (ShardSpec.Parse("2/5").Index, ShardSpec.Parse("2/5").Count));
        Assert.Throws<VmafRoi.Contracts.UsageException>(() => ShardSpec.Parse("2/2"));
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("parquet")]
    public void Two_shards_and_merge_equal_one_run(string format)
    {
        string input = format == "jsonl" ? corpus.WriteJsonl($"shard.{format}") : corpus.WriteParquet($"shard.{format}");
        string[] common = ["--input", input, "--root", corpus.ClipFolder, "--model-path", Tool.ConstantModel(_out), "--jobs", "2", .. format == "parquet" ? new[] { "--path-column", "dis_basename" } : []];
        string single = Path.Combine(_out, $"single.{format}");
        Tool.Expect(1, [.. common, "--output", single, "--audit-json", single + ".audit.json"]);
        var audits = new List<string>();
        var shardRows = new List<int>();
        for (int i = 0; i < 2; i++)
        {
            string part = Path.Combine(_out, $"part{i}.{format}");
            // Which rows a shard gets depends on the (temporary) clip paths: it may hold no failed row.
            (int code, _, string stderr) = Tool.Run([.. common, "--output", part, "--audit-json", part + ".audit.json", "--shard", $"{i}/2"]);
            Assert.True(code is 0 or 1, stderr);
            audits.Add(part + ".audit.json");
            shardRows.Add(Tool.Audit(part + ".audit.json").Summary.Total);
        }

        string merged = Path.Combine(_out, "merged", $"single.{format}");
        Directory.CreateDirectory(Path.GetDirectoryName(merged)!);
        Tool.Expect(1, ["merge", "--output", merged, "--audit-json", merged + ".audit.json", audits[1], audits[0]]);

        Assert.All(shardRows, rows => Assert.InRange(rows, 1, Corpus.RowCount - 1));
        Assert.Equal(Corpus.RowCount, shardRows.Sum());
        if (format == "jsonl")
        {
            Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(merged));
        }
        else
        {
            Assert.Equal(Parquet.Schema(single), Parquet.Schema(merged));
            Assert.Equal(0, Parquet.Differences(single, merged, Parquet.Schema(single).Select(c => c.Name)));
        }

        MaterializerAudit one = Tool.Audit(single + ".audit.json");
        MaterializerAudit combined = Tool.Audit(merged + ".audit.json");
        Assert.Equal(one.Summary, combined.Summary);
        Assert.Equal(one.Config, combined.Config);
        Assert.Equal(one.Input, combined.Input);
        Assert.Null(combined.Shard);
    }

    [Fact]
    public void Merge_refuses_a_missing_shard_and_a_changed_shard_output()
    {
        string input = corpus.WriteJsonl("refuse.jsonl");
        string model = Tool.ConstantModel(_out);
        string[] audits = new string[3];
        for (int i = 0; i < 3; i++)
        {
            string part = Path.Combine(_out, $"r{i}.jsonl");
            Assert.InRange(Tool.Run("--input", input, "--root", corpus.ClipFolder, "--model-path", model, "--output", part, "--audit-json", part + ".audit.json", "--shard", $"{i}/3").Code, 0, 1);
            audits[i] = part + ".audit.json";
        }

        (int missingCode, _, string missing) = Tool.Run("merge", "--output", Path.Combine(_out, "m.jsonl"), audits[0], audits[2]);
        File.AppendAllText(Path.Combine(_out, "r1.jsonl"), "{}\n");
        (int changedCode, _, string changed) = Tool.Run("merge", "--output", Path.Combine(_out, "m.jsonl"), audits[0], audits[1], audits[2]);

        Assert.Equal(1, missingCode);
        Assert.Contains("merge needs each of shards 0..2 exactly once: missing 1", missing);
        Assert.Equal(1, changedCode);
        Assert.Contains("is not the file its audit", changed);
        Assert.False(File.Exists(Path.Combine(_out, "m.jsonl")));
    }
}
