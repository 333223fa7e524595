using DuckDB.NET.Data;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Materializer.Tables;

/// <summary>An in-memory DuckDB with its spill folder in a private temporary folder (removed on exit and on signals).</summary>
internal sealed class DuckSql : IDisposable
{
    private readonly ScratchFolder _scratch;

    public DuckSql()
    {
        _scratch = TempPaths.CreateFolder("vmafroi-duckdb-");
        Connection = new DuckDBConnection("DataSource=:memory:");
        Connection.Open();
        Execute($"SET temp_directory = {Literal(_scratch.Path)}");
        Execute("SET preserve_insertion_order = true");
    }

    public DuckDBConnection Connection { get; }

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A quoted identifier.</summary>
    public static string Name(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public void Execute(string sql)
    {
        using DuckDBCommand command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public DuckDBCommand Command(string sql)
    {
        DuckDBCommand command = Connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public void Dispose()
    {
        Connection.Dispose();
        _scratch.Dispose();
    }
}
