using System.Data.Common;
using DuckDB.NET.Data;

namespace VmafRoi.Materializer.Tests;

/// <summary>Reads Parquet files through DuckDB for assertions: schemas, and cell-by-cell comparisons in file row order.</summary>
internal static class Parquet
{
    public static List<(string Name, string Type)> Schema(string path) =>
        Query($"DESCRIBE SELECT * FROM read_parquet({Literal(path)})", r => (r.GetString(0), r.GetString(1)));

    public static List<T> Query<T>(string sql, Func<DbDataReader, T> read)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>The value of one column per row, in file order.</summary>
    public static List<object?> Column(string path, string column) =>
        Query($"SELECT {Name(column)} FROM read_parquet({Literal(path)}, file_row_number = true) ORDER BY file_row_number", r => r.IsDBNull(0) ? null : r.GetValue(0));

    /// <summary>Rows (by file row number) where any of <paramref name="columns"/> differs between the two files, or a row is missing from either.</summary>
    public static long Differences(string a, string b, IEnumerable<string> columns)
    {
        string differs = string.Join(" OR ", columns.Select(c => $"x.{Name(c)} IS DISTINCT FROM y.{Name(c)}"));
        return Query($"""
            SELECT count(*) FROM read_parquet({Literal(a)}, file_row_number = true) x
            FULL OUTER JOIN read_parquet({Literal(b)}, file_row_number = true) y USING (file_row_number)
            WHERE x.file_row_number IS NULL OR y.file_row_number IS NULL OR {differs}
            """, r => r.GetInt64(0))[0];
    }

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Name(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
