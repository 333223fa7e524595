namespace VmafRoi.Materializer.Tests;

/// <summary>Exit codes and messages at the command's edge.</summary>
[Collection(CorpusCollection.Name)]
public sealed class CommandTests(Corpus corpus) : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("vmafroi-mat-cli-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Theory]
    [InlineData(2, "Unrecognized command or argument '--colour'", "--input", "a.jsonl", "--output", "b.jsonl", "--colour")]
    [InlineData(2, "Option '--output' is required", "--input", "a.jsonl")]
    [InlineData(2, "--max-frames: 'eight' is not a plain integer", "--input", "a.jsonl", "--output", "b.jsonl", "--max-frames", "eight")]
    [InlineData(2, "--shard: 3/2 is not a shard", "--input", "{table}", "--output", "b.jsonl", "--shard", "3/2")]
    [InlineData(2, "two output columns are both named 'saliency_status'", "--input", "{table}", "--output", "b.jsonl", "--model-id-column", "saliency_status")]
    [InlineData(1, "input table not found: nowhere.jsonl", "--input", "nowhere.jsonl", "--output", "b.jsonl")]
    [InlineData(1, "is the input", "--input", "{table}", "--output", "{table}")]
    [InlineData(1, "must be the input's format (.jsonl)", "--input", "{table}", "--output", "b.parquet")]
    [InlineData(1, "--root '/nonexistent/clips' is not a folder", "--input", "{table}", "--output", "b.jsonl", "--root", "/nonexistent/clips")]
    [InlineData(1, "saliency model not found: /nonexistent/model.onnx", "--input", "{table}", "--output", "b.jsonl", "--model-path", "/nonexistent/model.onnx")]
    public void Bad_command_lines_exit_with_the_documented_code_before_any_clip(int code, string message, params string[] args)
    {
        string table = corpus.WriteJsonl("cli.jsonl");
        string[] resolved = [.. args.Select(a => a.Replace("{table}", table, StringComparison.Ordinal).Replace("b.jsonl", Path.Combine(_out, "b.jsonl"), StringComparison.Ordinal))];

        (int actual, _, string stderr) = Tool.Run(resolved);

        Assert.True(actual == code, $"exit {actual}, expected {code}: {stderr}");
        Assert.Contains(message, stderr);
        Assert.False(File.Exists(Path.Combine(_out, "b.jsonl")));
    }

    [Fact]
    public void A_device_output_is_written_through_without_a_cache_and_resume_then_needs_one()
    {
        string table = corpus.WriteJsonl("device.jsonl");
        string[] args = ["--input", table, "--output", "/dev/null", "--root", corpus.ClipFolder, "--model-path", Tool.ConstantModel(_out)];

        string stderr = Tool.Expect(1, args);
        string resume = Tool.Expect(2, [.. args, "--resume"]);
        string cached = Tool.Expect(1, [.. args, "--resume", "--cache-file", Path.Combine(_out, "device.cache.duckdb")]);

        Assert.Contains($"saliency materialize: total={Corpus.RowCount}", stderr);
        Assert.Contains("--resume needs the result cache: give --cache-file when --output '/dev/null' is a device or pipe", resume);
        Assert.Contains($"{corpus.DistinctClips} clips: {corpus.DistinctClips} computed", cached);
    }

    [Fact]
    public void A_malformed_line_names_the_file_and_line_and_writes_nothing()
    {
        string table = Path.Combine(_out, "bad.jsonl");
        File.WriteAllText(table, "{\"src\": \"a.mp4\"}\n{\"src\": \"b.mp4\",}\n");

        string stderr = Tool.Expect(1, "--input", table, "--output", Path.Combine(_out, "o.jsonl"));

        Assert.Contains($"'{table}' line 2: not a JSON object", stderr);
        Assert.False(File.Exists(Path.Combine(_out, "o.jsonl")));
    }

    [Fact]
    public void Model_failures_are_a_row_status_not_a_crash()
    {
        string model = Path.Combine(_out, "nan.onnx");
        File.WriteAllBytes(model, VmafRoi.TestShared.TestModels.NaNOutput());
        string output = Path.Combine(_out, "nan.jsonl");
        (string name, _, _) = corpus.Containers[0];
        string table = Path.Combine(_out, "nan-in.jsonl");
        File.WriteAllText(table, $"{{\"src\": \"{name}\"}}\n");

        string stderr = Tool.Expect(1, "--input", table, "--output", output, "--root", corpus.ClipFolder, "--model-path", model);

        Assert.Contains("\"saliency_status\":\"model-failed\"", File.ReadAllText(output));
        Assert.Contains("model-failed: ", stderr);
    }
}
