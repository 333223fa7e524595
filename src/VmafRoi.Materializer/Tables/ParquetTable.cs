using System.Data.Common;
using System.Security.Cryptography;
using DuckDB.NET.Data;
using VmafRoi.Contracts;
using VmafRoi.Materializer.Planning;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Materializer.Tables;

/// <summary>
/// Parquet tables through DuckDB: the plan reads only the columns it needs, in file row order; the output is one
/// <c>COPY (SELECT …) TO … (FORMAT PARQUET)</c> of every input column (same name, type and values, row order kept by
/// <c>file_row_number</c>), with existing saliency columns replaced in place (cast to their own type) and the others
/// appended as DOUBLE / VARCHAR.
/// </summary>
internal sealed class ParquetTable(MaterializeRequest request) : IFeatureTable
{
    private const string RowNumber = "file_row_number";
    private readonly DuckSql _sql = new();
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private string? _sha256;

    public string InputSha256 => _sha256 ?? throw new InvalidOperationException("the table has not been read");

    private string Source => $"read_parquet({DuckSql.Literal(request.Input)}, file_row_number = true)";

    public void Plan(TablePlan plan, CancellationToken cancellationToken)
    {
        _sha256 = Sha256(request.Input);
        ReadSchema();
        if (!_types.TryGetValue(request.PathColumn, out string? pathType))
        {
            throw new InvalidInputException($"'{request.Input}' has no column '{request.PathColumn}' (set --path-column); its columns: {string.Join(", ", _types.Keys)}", request.Input);
        }

        if (pathType != "VARCHAR")
        {
            throw new InvalidInputException($"'{request.Input}' column '{request.PathColumn}' is {pathType}, not text: it cannot hold clip paths (set --path-column)", request.Input);
        }

        string sql = $"SELECT {RowNumber}, {DuckSql.Name(request.PathColumn)}, {AsDouble(request.WidthColumn)}, {AsDouble(request.HeightColumn)}, {AsDouble(OutputColumns.Mean)}, {AsDouble(OutputColumns.Variance)} FROM {Source} ORDER BY {RowNumber}";
        Query(() =>
        {
            using DuckDBCommand command = _sql.Command(sql);
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                plan.Add(new RowFields(
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    Double(reader, 2),
                    Double(reader, 3),
                    Double(reader, 4),
                    Double(reader, 5)));
            }
        });
    }

    public void Write(string outputPath, RowResults results, bool shardRows, CancellationToken cancellationToken)
    {
        if (shardRows && _types.ContainsKey(OutputColumns.ShardRow))
        {
            throw new InvalidInputException($"'{request.Input}' already has a column '{OutputColumns.ShardRow}', which shard outputs use for the row number", request.Input);
        }

        _sql.Execute("CREATE OR REPLACE TEMP TABLE saliency_results (row_number BIGINT, keep BOOLEAN, mean DOUBLE, variance DOUBLE, status VARCHAR, model_id VARCHAR, aggregator VARCHAR, ema_alpha DOUBLE)");
        using (DuckDBAppender appender = _sql.Connection.CreateAppender("saliency_results"))
        {
            foreach (PlannedRow row in results.Rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Cell mean = results.CellOf(row, ColumnKind.Mean);
                Cell model = results.CellOf(row, ColumnKind.ModelId);
                appender.CreateRow()
                    .AppendValue((long)row.Row)
                    .AppendValue(mean.Keep)
                    .AppendValue(mean.Number)
                    .AppendValue(results.CellOf(row, ColumnKind.Variance).Number)
                    .AppendValue(results.StatusOf(row))
                    .AppendValue(model.Text)
                    .AppendValue(results.CellOf(row, ColumnKind.Aggregator).Text)
                    .AppendValue(results.CellOf(row, ColumnKind.EmaAlpha).Number)
                    .EndRow();
            }
        }

        var replaced = new List<string>();
        var added = new List<string>();
        foreach ((string name, ColumnKind kind) in results.Columns.Written)
        {
            string value = kind switch
            {
                ColumnKind.Mean => "r.mean",
                ColumnKind.Variance => "r.variance",
                ColumnKind.Status => "r.status",
                ColumnKind.ModelId => "r.model_id",
                ColumnKind.Aggregator => "r.aggregator",
                _ => "r.ema_alpha",
            };
            if (_types.TryGetValue(name, out string? type))
            {
                string cast = $"TRY_CAST({value} AS {type})";
                string expression = kind == ColumnKind.Status ? cast : $"CASE WHEN r.keep THEN t.{DuckSql.Name(name)} ELSE {cast} END";
                replaced.Add($"{expression} AS {DuckSql.Name(name)}");
            }
            else
            {
                added.Add($"{value} AS {DuckSql.Name(name)}");
            }
        }

        if (shardRows)
        {
            added.Add($"t.{RowNumber} AS {DuckSql.Name(OutputColumns.ShardRow)}");
        }

        string replace = replaced.Count > 0 ? $" REPLACE ({string.Join(", ", replaced)})" : string.Empty;
        string select = $"SELECT t.* EXCLUDE ({RowNumber}){replace}{string.Concat(added.Select(a => ", " + a))} FROM {Source} t JOIN saliency_results r ON r.row_number = t.{RowNumber} ORDER BY t.{RowNumber}";
        AtomicFile.Produce(
            outputPath,
            temp =>
            {
                try
                {
                    _sql.Execute($"COPY ({select}) TO {DuckSql.Literal(temp)} (FORMAT PARQUET)");
                }
                catch (DuckDBException e)
                {
                    // The input was read whole by the plan: what fails here is the write (a full disk, a vanished folder).
                    throw new OutputWriteException($"cannot write output '{outputPath}': {e.Message.Split('\n')[0]}", outputPath, e);
                }
            },
            cancellationToken);
        if (Sha256(request.Input) != InputSha256)
        {
            throw new InvalidInputException($"'{request.Input}' changed while it was being materialized; run again", request.Input);
        }
    }

    public void Dispose() => _sql.Dispose();

    private void ReadSchema()
    {
        Query(() =>
        {
            using DuckDBCommand command = _sql.Command($"DESCRIBE SELECT * FROM read_parquet({DuckSql.Literal(request.Input)})");
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                _types[reader.GetString(0)] = reader.GetString(1);
            }
        });
        // DuckDB 1.5.6 writes every Parquet column OPTIONAL (duckdb/duckdb#22144, #23051): say so rather than drop it silently.
        var required = new List<string>();
        Query(() =>
        {
            using DuckDBCommand command = _sql.Command($"SELECT name FROM parquet_schema({DuckSql.Literal(request.Input)}) WHERE repetition_type = 'REQUIRED'");
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                string name = reader.GetString(0);
                if (_types.ContainsKey(name))
                {
                    required.Add(name);
                }
            }
        });
        if (required.Count > 0)
        {
            request.Log?.Invoke($"warning: '{request.Input}' declares {string.Join(", ", required)} REQUIRED (non-null); the output keeps their values (still without nulls) but marks them OPTIONAL, as DuckDB writes every Parquet column");
        }

        if (_types.ContainsKey(RowNumber))
        {
            throw new InvalidInputException($"'{request.Input}' has a column named '{RowNumber}', which the materializer needs for row order; rename it", request.Input);
        }
    }

    private string AsDouble(string column) =>
        _types.ContainsKey(column) ? $"TRY_CAST({DuckSql.Name(column)} AS DOUBLE)" : "CAST(NULL AS DOUBLE)";

    private static double? Double(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private void Query(Action action)
    {
        try
        {
            action();
        }
        catch (DuckDBException e)
        {
            throw new InvalidInputException($"cannot read Parquet table '{request.Input}': {e.Message.Split('\n')[0]}", request.Input, e);
        }
    }

    private static string Sha256(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
