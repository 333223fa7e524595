using DuckDB.NET.Data;
using VmafRoi.Contracts;

using VmafRoi.Materializer.Planning;

namespace VmafRoi.Materializer.Clips;

/// <summary>
/// Clip results committed one by one to a small DuckDB file beside the output, so an interrupted run loses nothing:
/// each insert is its own transaction (durable in DuckDB's write-ahead log before the next clip starts), and a run with
/// resume reads them back. An entry is used only for the same settings key and the clip file's same size and
/// modification time. DuckDB locks the file, so two runs never share one cache.
/// </summary>
internal sealed class ResultCache : IDisposable
{
    private const int FormatVersion = 1;
    private readonly DuckDBConnection _connection;
    private readonly Lock _sync = new();
    private readonly string _settings;

    private ResultCache(DuckDBConnection connection, string path, string settings)
    {
        _connection = connection;
        Path = path;
        _settings = settings;
    }

    public string Path { get; }

    /// <summary>Opens (or creates) the cache at <paramref name="path"/> for results made with <paramref name="settingsKey"/>.</summary>
    /// <exception cref="OutputWriteException">The file cannot be opened: locked by another run, not a DuckDB file, unwritable.</exception>
    public static ResultCache Open(string path, string settingsKey)
    {
        DuckDBConnection? connection = null;
        try
        {
            connection = new DuckDBConnection($"DataSource={path}");
            connection.Open();
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS cache_format (version INTEGER);
                CREATE TABLE IF NOT EXISTS clip_results (
                    settings VARCHAR NOT NULL, path VARCHAR NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
                    size BIGINT NOT NULL, mtime_ticks BIGINT NOT NULL,
                    status VARCHAR NOT NULL, mean DOUBLE, variance DOUBLE, message VARCHAR,
                    PRIMARY KEY (settings, path, width, height));
                """);
            using (DuckDBCommand version = connection.CreateCommand())
            {
                version.CommandText = "SELECT max(version) FROM cache_format";
                object? found = version.ExecuteScalar();
                if (found is null or DBNull)
                {
                    Execute(connection, $"INSERT INTO cache_format VALUES ({FormatVersion})");
                }
                else if (Convert.ToInt32(found, System.Globalization.CultureInfo.InvariantCulture) != FormatVersion)
                {
                    throw new OutputWriteException($"result cache '{path}' has format {found}, this version writes {FormatVersion}; delete it or pass --cache-file with another path", path);
                }
            }

            return new ResultCache(connection, path, settingsKey);
        }
        catch (DuckDBException e)
        {
            connection?.Dispose();
            throw new OutputWriteException($"cannot open the result cache '{path}': {FirstLine(e.Message)} (another run may be using it; give each run its own output or --cache-file)", path, e);
        }
    }

    /// <summary>Every entry of this settings key, by clip, with the file identity it was computed for.</summary>
    public Dictionary<ClipRequest, (long Size, long Ticks, ClipOutcome Outcome)> ReadAll()
    {
        var entries = new Dictionary<ClipRequest, (long, long, ClipOutcome)>();
        lock (_sync)
        {
            using DuckDBCommand command = _connection.CreateCommand();
            command.CommandText = "SELECT path, width, height, size, mtime_ticks, status, mean, variance, message FROM clip_results WHERE settings = $settings";
            command.Parameters.Add(new DuckDBParameter("settings", _settings));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                int width = reader.GetInt32(1), height = reader.GetInt32(2);
                var clip = new ClipRequest(reader.GetString(0), width == 0 ? null : width, height == 0 ? null : height);
                var outcome = new ClipOutcome(
                    reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetDouble(6),
                    reader.IsDBNull(7) ? null : reader.GetDouble(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8));
                entries[clip] = (reader.GetInt64(3), reader.GetInt64(4), outcome);
            }
        }

        return entries;
    }

    /// <summary>Commits one clip's result.</summary>
    public void Put(ClipRequest clip, long size, long ticks, ClipOutcome outcome)
    {
        lock (_sync)
        {
            using DuckDBCommand command = _connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO clip_results VALUES ($settings, $path, $width, $height, $size, $ticks, $status, $mean, $variance, $message)";
            command.Parameters.Add(new DuckDBParameter("settings", _settings));
            command.Parameters.Add(new DuckDBParameter("path", clip.Path));
            command.Parameters.Add(new DuckDBParameter("width", clip.WidthOrZero));
            command.Parameters.Add(new DuckDBParameter("height", clip.HeightOrZero));
            command.Parameters.Add(new DuckDBParameter("size", size));
            command.Parameters.Add(new DuckDBParameter("ticks", ticks));
            command.Parameters.Add(new DuckDBParameter("status", outcome.Status));
            command.Parameters.Add(new DuckDBParameter("mean", (object?)outcome.Mean ?? DBNull.Value));
            command.Parameters.Add(new DuckDBParameter("variance", (object?)outcome.Variance ?? DBNull.Value));
            command.Parameters.Add(new DuckDBParameter("message", (object?)outcome.Message ?? DBNull.Value));
            try
            {
                command.ExecuteNonQuery();
            }
            catch (DuckDBException e)
            {
                throw new OutputWriteException($"cannot write the result cache '{Path}': {FirstLine(e.Message)}", Path, e);
            }
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _connection.Dispose();
        }
    }

    /// <summary>The size and modification time that identify a clip file's content to the cache.</summary>
    public static (long Size, long Ticks) Identity(string path)
    {
        var info = new FileInfo(path);
        return (info.Length, info.LastWriteTimeUtc.Ticks);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
