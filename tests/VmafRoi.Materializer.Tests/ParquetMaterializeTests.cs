namespace VmafRoi.Materializer.Tests;

/// <summary>Parquet tables through DuckDB: every input column kept by name, type and value in row order; new columns typed.</summary>
[Collection(CorpusCollection.Name)]
public sealed class ParquetMaterializeTests(Corpus corpus) : IDisposable
{
    private static readonly string[] InputColumns = ["dis_basename", "width", "height", "frame", "mos", "score", "day", "ids", "meta", "flag"];

    private readonly string _out = Directory.CreateTempSubdirectory("vmafroi-mat-pq-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void Every_input_column_keeps_name_type_and_values_in_row_order_and_new_columns_are_appended_typed()
    {
        string input = corpus.WriteParquet();
        string output = Path.Combine(_out, "out.parquet");

        Tool.Expect(1, "--input", input, "--output", output, "--root", corpus.ClipFolder, "--path-column", "dis_basename", "--jobs", "2", "--model-path", Tool.ConstantModel(_out));

        List<(string Name, string Type)> before = Parquet.Schema(input);
        List<(string Name, string Type)> after = Parquet.Schema(output);
        Assert.Equal(before, after.Take(before.Count));
        Assert.Equal(
            [("saliency_aggregator", "VARCHAR"), ("saliency_ema_alpha", "DOUBLE"), ("saliency_status", "VARCHAR")],
            after.Skip(before.Count));
        Assert.Equal(0, Parquet.Differences(input, output, InputColumns));
        Assert.Equal(corpus.Rows.Select(r => (object?)r.Expected), Parquet.Column(output, "saliency_status"));

        List<object?> means = Parquet.Column(output, "saliency_mean");
        List<object?> models = Parquet.Column(output, "saliency_model_id");
        foreach (CorpusRow row in corpus.Rows)
        {
            (object? mean, object? model) = (means[row.Index], models[row.Index]);
            switch (row.Expected)
            {
                case RowStatus.Ok:
                    Assert.Equal(0.5, mean);
                    Assert.Equal("constant_half", model);
                    break;
                case RowStatus.SkippedExisting:
                    Assert.Equal(0.25, mean);
                    Assert.Equal("legacy_model", model); // kept, in its own column position
                    break;
                default:
                    Assert.Null(mean);
                    Assert.Null(model);
                    break;
            }
        }
    }

    [Fact]
    public void An_existing_saliency_column_is_replaced_in_place_in_its_own_type()
    {
        string input = corpus.WriteParquet("float-mean.parquet", saliencyMeanType: "FLOAT");
        string output = Path.Combine(_out, "float-mean.out.parquet");

        Tool.Expect(1, "--input", input, "--output", output, "--root", corpus.ClipFolder, "--path-column", "dis_basename", "--model-path", Tool.ConstantModel(_out, 0.75f));

        Assert.Contains(("saliency_mean", "FLOAT"), Parquet.Schema(output));
        Assert.Equal(0.75f, Parquet.Column(output, "saliency_mean")[corpus.Rows.First(r => r.Expected == RowStatus.Ok).Index]);
    }

    [Fact]
    public void Parquet_and_jsonl_of_one_table_give_the_same_statuses_and_numbers()
    {
        string parquetOut = Path.Combine(_out, "same.parquet");
        string jsonlOut = Path.Combine(_out, "same.jsonl");
        Tool.Expect(1, "--input", corpus.WriteParquet("same.parquet"), "--output", parquetOut, "--root", corpus.ClipFolder, "--path-column", "dis_basename", "--max-frames", "3");
        Tool.Expect(1, "--input", corpus.WriteJsonl("same.jsonl"), "--output", jsonlOut, "--root", corpus.ClipFolder, "--max-frames", "3");

        List<System.Text.Json.JsonElement> rows = Tool.JsonRows(jsonlOut);
        Assert.Equal(rows.Select(r => (object?)r.GetProperty("saliency_status").GetString()), Parquet.Column(parquetOut, "saliency_status"));
        Assert.Equal(
            rows.Select(r => r.GetProperty("saliency_mean") is { ValueKind: System.Text.Json.JsonValueKind.Number } m ? (object?)m.GetDouble() : null),
            Parquet.Column(parquetOut, "saliency_mean"));
    }

    [Fact]
    public void A_missing_path_column_is_an_error_naming_the_columns()
    {
        (int code, _, string stderr) = Tool.Run("--input", corpus.WriteParquet("nopath.parquet"), "--output", Path.Combine(_out, "x.parquet"));

        Assert.Equal(1, code);
        Assert.Contains("has no column 'src' (set --path-column); its columns: dis_basename, width", stderr);
    }
}
