using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using VmafRoi.Materializer;
using VmafRoi.TestShared;

namespace VmafRoi.Materializer.Tests;

/// <summary>One row of the generated table and the status the materializer must give it.</summary>
public sealed record CorpusRow(int Index, string? Src, int? Width, int? Height, string Expected, double? Mean = null, double? Variance = null);

/// <summary>
/// A generated feature-table corpus: tiny lavfi clips (H.264 in MP4, FFV1 in Matroska, Y4M), raw yuv420p files, a file
/// that does not decode, a missing file, an empty path, one row with existing finite saliency columns, and a natural
/// clip from ../shared, referenced by a few hundred rows (a per-frame table: many rows per clip).
/// </summary>
public sealed class Corpus : IDisposable
{
    public const int RowCount = 300;

    private readonly TempFolder _folder = new();

    public Corpus()
    {
        Directory.CreateDirectory(ClipFolder);
        var containers = new List<(string Name, int Width, int Height)>();
        string[] sources = ["testsrc2", "mandelbrot", "smptebars", "rgbtestsrc", "cellauto", "life"];
        for (int i = 0; i < 9; i++)
        {
            int width = 48 + (16 * (i % 3)), height = 32 + (16 * (i % 2));
            string extension = (i % 3) switch { 0 => "mp4", 1 => "mkv", _ => "y4m" };
            string codec = extension switch { "mp4" => "-c:v libx264 -preset ultrafast", "mkv" => "-c:v ffv1", _ => string.Empty };
            string name = string.Create(CultureInfo.InvariantCulture, $"clip{i:D2}.{extension}");
            Ffmpeg($"-f lavfi -i {sources[i % sources.Length]}=size={width}x{height}:rate=10 -frames:v {6 + i} {codec} -pix_fmt yuv420p {Q(Path.Combine(ClipFolder, name))}");
            containers.Add((name, width, height));
        }

        Ffmpeg($"-f lavfi -i testsrc=size=64x48:rate=10 -frames:v 6 -f rawvideo -pix_fmt yuv420p {Q(Path.Combine(ClipFolder, "raw64x48.yuv"))}");
        Ffmpeg($"-f lavfi -i testsrc2=size=32x32:rate=10 -frames:v 4 -f rawvideo -pix_fmt yuv420p {Q(Path.Combine(ClipFolder, "nogeometry.yuv"))}");
        System.IO.File.WriteAllText(Path.Combine(ClipFolder, "broken.mp4"), "this is not a video");
        Containers = containers;
        Rows = MakeRows();
    }

    public string Folder => _folder.Path;

    /// <summary>The --root of the table.</summary>
    public string ClipFolder => Path.Combine(_folder.Path, "clips");

    public IReadOnlyList<(string Name, int Width, int Height)> Containers { get; }

    public IReadOnlyList<CorpusRow> Rows { get; }

    /// <summary>The natural clip, by absolute path (rows may name clips outside the root).</summary>
    public static string NaturalClip => SharedData.File("clips", "carphone_qcif_120f.mkv");

    public string File(string name) => _folder.File(name);

    /// <summary>Distinct clips the rows need: every container, the raw clip, the broken file, the geometry-less raw file, the natural clip.</summary>
    public int DistinctClips => Containers.Count + 4;

    /// <summary>Writes the table as JSONL with assorted number spellings, spacing, nesting and escapes in the other fields.</summary>
    public string WriteJsonl(string name = "table.jsonl")
    {
        var text = new StringBuilder();
        foreach (CorpusRow row in Rows)
        {
            text.Append(JsonLine(row)).Append('\n');
            if (row.Index == 7)
            {
                text.Append('\n'); // a blank line is not a row
            }
        }

        string path = File(name);
        System.IO.File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>The JSONL text of a row as the generated table spells it.</summary>
    public static string JsonLine(CorpusRow row)
    {
        string[] mos = ["3.10", "1e2", "-0.0", "4", "2.500000", "0.1", "12345678901234567890", "1E-7"];
        var members = new List<string>();
        if (row.Src is not null || row.Index % 2 == 0)
        {
            members.Add(row.Src is null ? "\"src\": null" : $"\"src\": \"{row.Src}\"");
        }

        if (row.Width is int w)
        {
            members.Add(row.Index % 2 == 0 ? $"\"width\": {w}" : $"\"width\":\"{w}\"");
        }

        if (row.Height is int h)
        {
            members.Add($"\"height\": {h}.0");
        }

        members.Add($"\"mos\": {mos[row.Index % mos.Length]}");
        members.Add($"\"frame\":{row.Index}");
        members.Add("\"name\": \"caf\\u00e9 \\\"quoted\\\" \u2603\"");
        members.Add("\"tags\": [1, {\"a\": null, \"b\": [true, false]}]");
        if (row.Mean is double m)
        {
            members.Add($"\"saliency_mean\": {m.ToString("R", CultureInfo.InvariantCulture)}");
            members.Add($"\"saliency_var\": {row.Variance!.Value.ToString("R", CultureInfo.InvariantCulture)}");
            members.Add("\"saliency_model_id\": \"legacy_model\"");
        }
        else if (row.Index % 13 == 5)
        {
            members.Add("\"saliency_mean\": NaN");
        }

        return row.Index % 3 == 0 ? "{" + string.Join(", ", members) + "}" : "{ " + string.Join(",", members) + " }";
    }

    /// <summary>Writes the table as Parquet (through DuckDB) with typed columns: integers, decimals, dates, lists, structs, nulls.</summary>
    public string WriteParquet(string name = "table.parquet", string saliencyMeanType = "DOUBLE")
    {
        string path = File(name);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var values = new StringBuilder();
        foreach (CorpusRow row in Rows)
        {
            if (values.Length > 0)
            {
                values.Append(",\n");
            }

            string Text(string? s) => s is null ? "NULL" : "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
            string Int(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "NULL";
            string Real(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "NULL";
            values.Append(CultureInfo.InvariantCulture, $"({Text(row.Src)}, {Int(row.Width)}, {Int(row.Height)}, {row.Index}, {Real(row.Index / 7.0)}, {(row.Index % 5 == 0 ? "NULL" : Real(row.Index * 0.125))}::DECIMAL(9,3), DATE '2026-01-01' + {row.Index % 30}, [{row.Index}, {row.Index + 1}], {{'k': {Text("v" + row.Index)}, 'n': {row.Index % 4}}}, {(row.Index % 2 == 0 ? "true" : "false")}, {Real(row.Mean)}, {Real(row.Variance)}, {(row.Mean is null ? "NULL" : "'legacy_model'")})");
        }

        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE t (dis_basename VARCHAR, width INTEGER, height INTEGER, frame BIGINT, mos DOUBLE, score DECIMAL(9,3), day DATE, ids INTEGER[], meta STRUCT(k VARCHAR, n INTEGER), flag BOOLEAN, saliency_mean {saliencyMeanType}, saliency_var DOUBLE, saliency_model_id VARCHAR);
            INSERT INTO t VALUES {values};
            COPY t TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT PARQUET, ROW_GROUP_SIZE 64);
            """;
        command.ExecuteNonQuery();
        return path;
    }

    public void Dispose() => _folder.Dispose();

    private List<CorpusRow> MakeRows()
    {
        var rows = new List<CorpusRow>();
        for (int i = 0; i < RowCount; i++)
        {
            (string Name, int Width, int Height) clip = Containers[i % Containers.Count];
            rows.Add(i switch
            {
                0 => new CorpusRow(i, clip.Name, clip.Width, clip.Height, RowStatus.SkippedExisting, 0.25, 0.0625),
                1 => new CorpusRow(i, "broken.mp4", 64, 48, RowStatus.DecodeFailed),
                2 => new CorpusRow(i, "missing/nowhere.mp4", 64, 48, RowStatus.MissingSource),
                3 or 103 or 203 => new CorpusRow(i, "nogeometry.yuv", null, null, RowStatus.MissingGeometry),
                4 => new CorpusRow(i, null, null, null, RowStatus.MissingSource),
                6 => new CorpusRow(i, string.Empty, 64, 48, RowStatus.MissingSource),
                5 or 150 => new CorpusRow(i, NaturalClip, null, null, RowStatus.Ok),
                _ when i % 10 == 9 => new CorpusRow(i, "raw64x48.yuv", 64, 48, RowStatus.Ok),
                _ when i % 2 == 0 => new CorpusRow(i, clip.Name, null, null, RowStatus.Ok),
                _ => new CorpusRow(i, clip.Name, clip.Width, clip.Height, RowStatus.Ok),
            });
        }

        // Every 11th row has no path (a null, or no member at all in JSONL).
        for (int i = 15; i < RowCount; i += 11)
        {
            if (rows[i].Expected == RowStatus.Ok && rows[i].Src != NaturalClip)
            {
                rows[i] = rows[i] with { Src = null, Width = null, Height = null, Expected = RowStatus.MissingSource };
            }
        }

        return rows;
    }

    private static string Q(string path) => "'" + path + "'";

    private static void Ffmpeg(string arguments)
    {
        var start = new ProcessStartInfo("bash", ["-c", "ffmpeg -nostdin -v error -y " + arguments]) { RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg {arguments} failed: {error}");
    }
}

[CollectionDefinition(Name)]
public sealed class CorpusCollection : ICollectionFixture<Corpus>
{
    /// <summary>Tests that share the generated corpus (it is made once).</summary>
    public const string Name = "materializer corpus";
}
