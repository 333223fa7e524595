using System.Text.Json;
using VmafRoi.Materializer.Contracts;

namespace VmafRoi.Materializer.Tests;

/// <summary>JSONL tables end to end over the generated corpus, with the real default model and with a constant test model.</summary>
[Collection(CorpusCollection.Name)]
public sealed class JsonlMaterializeTests(Corpus corpus) : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("vmafroi-mat-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void Every_row_gets_the_seed_status_and_ok_rows_get_aggregates_in_range()
    {
        string input = corpus.WriteJsonl();
        string output = Path.Combine(_out, "out.jsonl");
        string audit = Path.Combine(_out, "out.audit.json");

        string stderr = Tool.Expect(1, "--input", input, "--output", output, "--root", corpus.ClipFolder, "--audit-json", audit, "--jobs", "2");

        List<JsonElement> rows = Tool.JsonRows(output);
        Assert.Equal(Corpus.RowCount, rows.Count);
        Assert.Equal(corpus.Rows.Select(r => r.Expected), rows.Select(r => r.GetProperty("saliency_status").GetString()));
        foreach ((JsonElement row, CorpusRow expected) in rows.Zip(corpus.Rows))
        {
            if (expected.Expected == RowStatus.Ok)
            {
                double mean = row.GetProperty("saliency_mean").GetDouble();
                Assert.InRange(mean, 0, 1);
                Assert.InRange(row.GetProperty("saliency_var").GetDouble(), 0, 0.25);
                Assert.Equal("mean", row.GetProperty("saliency_aggregator").GetString());
                Assert.Equal(0.6, row.GetProperty("saliency_ema_alpha").GetDouble());
                Assert.False(string.IsNullOrEmpty(row.GetProperty("saliency_model_id").GetString()));
            }
            else if (expected.Expected != RowStatus.SkippedExisting)
            {
                Assert.Equal(JsonValueKind.Null, row.GetProperty("saliency_mean").ValueKind);
                Assert.Equal(JsonValueKind.Null, row.GetProperty("saliency_model_id").ValueKind);
            }
        }

        // Real content (the natural talking-head clip) gives a mask that is not flat.
        Assert.All(rows.Zip(corpus.Rows).Where(p => p.Second.Src == Corpus.NaturalClip), p => Assert.True(p.First.GetProperty("saliency_var").GetDouble() > 1e-4));

        // A per-frame table: rows of one clip share one computation, so they share the numbers.
        var byClip = corpus.Rows.Zip(rows).Where(p => p.First.Expected == RowStatus.Ok).GroupBy(p => p.First.Src);
        Assert.All(byClip, g => Assert.Single(g.Select(p => p.Second.GetProperty("saliency_mean").GetDouble()).Distinct()));

        MaterializerSummary summary = Tool.Audit(audit).Summary;
        Assert.Equal(corpus.Rows.Count(r => r.Expected == RowStatus.Ok), summary.Ok);
        Assert.Equal(1, summary.SkippedExisting);
        Assert.Equal(1, summary.DecodeFailed);
        Assert.Equal(3, summary.MissingGeometry);
        Assert.Equal(corpus.Rows.Count(r => r.Expected == RowStatus.MissingSource), summary.MissingSource);
        Assert.Equal(summary.Total - summary.Ok - summary.SkippedExisting, summary.Failed);
        Assert.Equal(corpus.DistinctClips, summary.Clips);
        Assert.Contains($"saliency materialize: total={Corpus.RowCount} ok={summary.Ok} skipped=1 failed={summary.Failed}", stderr);
    }

    [Fact]
    public void Other_fields_keep_their_bytes_and_new_keys_follow_in_sorted_compact_form()
    {
        string input = corpus.WriteJsonl();
        string output = Path.Combine(_out, "bytes.jsonl");
        string model = Tool.ConstantModel(_out);

        Tool.Expect(1, "--input", input, "--output", output, "--root", corpus.ClipFolder, "--model-path", model);

        string[] inputLines = [.. File.ReadAllLines(input).Where(l => l.Length > 0)];
        string[] outputLines = File.ReadAllLines(output);
        Assert.Equal(inputLines.Length, outputLines.Length);
        for (int i = 0; i < inputLines.Length; i++)
        {
            string source = inputLines[i];
            string written = outputLines[i];
            CorpusRow row = corpus.Rows[i];
            if (row.Mean is not null || source.Contains("saliency_mean", StringComparison.Ordinal))
            {
                // Existing saliency members are changed in place; everything before the first of them is untouched.
                int at = source.IndexOf("\"saliency_mean\"", StringComparison.Ordinal);
                Assert.Equal(source[..at], written[..at]);
                continue;
            }

            // The input line up to its last value, then our members, then the input's own closing bytes.
            int close = source.LastIndexOf('}');
            int end = source[..close].TrimEnd().Length;
            Assert.StartsWith(source[..end], written, StringComparison.Ordinal);
            Assert.EndsWith(source[end..], written, StringComparison.Ordinal);
            string added = written[end..^(source.Length - end)];
            string expected = row.Expected == RowStatus.Ok
                ? ",\"saliency_aggregator\":\"mean\",\"saliency_ema_alpha\":0.6,\"saliency_mean\":0.5,\"saliency_model_id\":\"constant_half\",\"saliency_status\":\"ok\",\"saliency_var\":0.0"
                : $",\"saliency_aggregator\":null,\"saliency_ema_alpha\":null,\"saliency_mean\":null,\"saliency_model_id\":null,\"saliency_status\":\"{row.Expected}\",\"saliency_var\":null";
            Assert.Equal(expected, added);
        }

        // The skipped row keeps its values and its legacy model id; no metadata is invented for it.
        Assert.Contains("\"saliency_mean\": 0.25, \"saliency_var\": 0.0625, \"saliency_model_id\": \"legacy_model\",\"saliency_aggregator\":null,\"saliency_ema_alpha\":null,\"saliency_status\":\"skipped-existing\"}", outputLines[0]);

        // A NaN placeholder is replaced where it stood.
        int nanRow = corpus.Rows.First(r => r.Index % 13 == 5 && r.Expected == RowStatus.Ok).Index;
        Assert.Contains("\"saliency_mean\": 0.5", outputLines[nanRow]);
    }

    [Fact]
    public void Constant_model_gives_the_exact_mean_and_population_variance_and_records_its_id()
    {
        string input = corpus.WriteJsonl();
        string output = Path.Combine(_out, "constant.jsonl");
        string model = Tool.ConstantModel(_out, 0.25f, "quarter");

        Tool.Expect(1, "--input", input, "--output", output, "--root", corpus.ClipFolder, "--model-path", model, "--model-id", "saliency_student_v2", "--temporal-aggregator", "ema", "--ema-alpha", "0.3", "--max-frames", "4", "--frame-samples", "2");

        JsonElement ok = Tool.JsonRows(output).First(r => r.GetProperty("saliency_status").GetString() == RowStatus.Ok);
        Assert.Equal(0.25, ok.GetProperty("saliency_mean").GetDouble());
        Assert.Equal(0.0, ok.GetProperty("saliency_var").GetDouble());
        Assert.Equal("saliency_student_v2", ok.GetProperty("saliency_model_id").GetString());
        Assert.Equal("ema", ok.GetProperty("saliency_aggregator").GetString());
        Assert.Equal(0.3, ok.GetProperty("saliency_ema_alpha").GetDouble());
    }

    [Fact]
    public void Disabled_columns_are_not_written_and_overwrite_recomputes_existing_rows()
    {
        string input = corpus.WriteJsonl();
        string output = Path.Combine(_out, "disabled.jsonl");
        string model = Tool.ConstantModel(_out);

        Tool.Expect(1, "--input", input, "--output", output, "--root", corpus.ClipFolder, "--model-path", model, "--overwrite",
            "--status-column", "", "--model-id-column", "", "--aggregator-column", "", "--ema-alpha-column", "status2");

        string first = File.ReadLines(output).First();
        Assert.DoesNotContain("saliency_status", first);
        Assert.DoesNotContain("saliency_aggregator", first);
        Assert.Contains("\"saliency_mean\": 0.5", first);
        Assert.Contains("\"saliency_model_id\": \"legacy_model\"", first); // a disabled column is not touched
        int ok = corpus.Rows.First(r => r.Expected == RowStatus.Ok).Index;
        Assert.Contains(",\"status2\":0.6", File.ReadLines(output).ElementAt(ok));
    }

    [Fact]
    public void A_table_of_only_good_rows_exits_0_and_the_per_frame_clips_are_computed_once()
    {
        string input = Path.Combine(_out, "good.jsonl");
        (string name, int width, int height) = corpus.Containers[0];
        File.WriteAllLines(input, Enumerable.Range(0, 40).Select(i => $"{{\"src\":\"{(i % 2 == 0 ? name : corpus.Containers[1].Name)}\",\"frame\":{i}}}"));
        string output = Path.Combine(_out, "good.out.jsonl");

        string stderr = Tool.Expect(0, "--input", input, "--output", output, "--root", corpus.ClipFolder, "--model-path", Tool.ConstantModel(_out));

        Assert.Contains("saliency materialize: total=40 ok=40 skipped=0 failed=0", stderr);
        Assert.Contains("2 clips: 2 computed, 0 from the result cache", stderr);
    }

    [Fact]
    public void Progress_counts_clips_in_clips_per_second_up_to_the_clips_it_computes()
    {
        var reports = new System.Collections.Concurrent.ConcurrentQueue<VmafRoi.Yuv.FrameProgress>();
        var progress = new Collector(reports.Enqueue);

        MaterializeResult result = SaliencyMaterializer.Run(new MaterializeRequest
        {
            Input = corpus.WriteJsonl("progress.jsonl"),
            Output = Path.Combine(_out, "progress.jsonl"),
            Root = corpus.ClipFolder,
            ModelPath = Tool.ConstantModel(_out),
            Jobs = 2,
            Progress = progress,
        });

        Assert.All(reports, r => Assert.Equal(("clips", "clips", corpus.DistinctClips), (r.Stage, r.Unit, r.Total!.Value)));
        Assert.Equal(corpus.DistinctClips, reports.Max(r => r.Frames));
        Assert.Equal(corpus.DistinctClips, result.Clips.Computed);
        Assert.Equal($"{corpus.DistinctClips}/{corpus.DistinctClips} clips", VmafRoi.Cli.CommandProgress.Frames(reports.MaxBy(r => r.Frames)));
    }

    private sealed class Collector(Action<VmafRoi.Yuv.FrameProgress> report) : IProgress<VmafRoi.Yuv.FrameProgress>
    {
        public void Report(VmafRoi.Yuv.FrameProgress value) => report(value);
    }
}
