using VmafRoi.Materializer.Planning;

namespace VmafRoi.Materializer.Tables;

/// <summary>A feature table format: read the rows once to plan, then write the output with the results.</summary>
internal interface IFeatureTable : IDisposable
{
    /// <summary>Reads every row into <paramref name="plan"/>.</summary>
    void Plan(TablePlan plan, CancellationToken cancellationToken);

    /// <summary>Writes the planned rows with their results to <paramref name="outputPath"/> (atomically); with <paramref name="shardRows"/>, each row also carries its input row number.</summary>
    void Write(string outputPath, RowResults results, bool shardRows, CancellationToken cancellationToken);

    /// <summary>SHA-256 of the input's bytes, known after <see cref="Plan"/>.</summary>
    string InputSha256 { get; }
}

/// <summary>Which format a table path is, by its extension.</summary>
internal static class TableFormats
{
    public static bool IsJsonl(string path) => Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson";

    public static bool IsParquet(string path) => Path.GetExtension(path).ToLowerInvariant() is ".parquet" or ".pq";

    /// <summary>The table reader for the request's input.</summary>
    public static IFeatureTable Open(MaterializeRequest request) =>
        IsJsonl(request.Input) ? new JsonlTable(request) : new ParquetTable(request);
}
