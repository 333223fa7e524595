using System.Security.Cryptography;
using System.Text;
using VmafRoi.Contracts;
using VmafRoi.Materializer.Planning;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Materializer.Tables;

/// <summary>
/// JSONL tables, streamed twice (plan, then write) and never re-serialized: each written line is the input line's bytes
/// with only the saliency columns' values replaced in place, and absent ones appended in compact form
/// (<c>,"saliency_mean":0.5</c>) after the last member. Blank lines are not rows and are not written.
/// </summary>
internal sealed class JsonlTable(MaterializeRequest request) : IFeatureTable
{
    private static readonly byte[] NullToken = "null"u8.ToArray();
    private string? _sha256;

    public string InputSha256 => _sha256 ?? throw new InvalidOperationException("the table has not been read");

    public void Plan(TablePlan plan, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var members = new List<JsonMember>();
        bool sawPathColumn = false;
        using (LineReader reader = Open(hash))
        {
            while (reader.TryRead(out ReadOnlyMemory<byte> memory))
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<byte> line = memory.Span;
                if (IsBlank(line))
                {
                    continue;
                }

                Scan(line, members, reader.LineNumber);
                static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> line, List<JsonMember> members, string key)
                {
                    for (int m = members.Count - 1; m >= 0; m--)
                    {
                        if (members[m].Key == key)
                        {
                            return line[members[m].ValueStart..members[m].ValueEnd];
                        }
                    }

                    return default;
                }

                ReadOnlySpan<byte> path = Find(line, members, request.PathColumn);
                sawPathColumn |= !path.IsEmpty;
                plan.Add(new RowFields(
                    JsonLine.Text(path),
                    JsonLine.Number(Find(line, members, request.WidthColumn)),
                    JsonLine.Number(Find(line, members, request.HeightColumn)),
                    JsonLine.Number(Find(line, members, OutputColumns.Mean)),
                    JsonLine.Number(Find(line, members, OutputColumns.Variance))));
            }
        }

        _sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (plan.TableRows > 0 && !sawPathColumn)
        {
            throw new InvalidInputException($"no row of '{request.Input}' has the path column '{request.PathColumn}' (set --path-column)", request.Input);
        }
    }

    public void Write(string outputPath, RowResults results, bool shardRows, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using AtomicFile output = AtomicFile.Create(outputPath, cancellationToken);
        var buffered = new BufferedStream(output.Stream, 1 << 16);
        IReadOnlyList<(string Name, ColumnKind Kind)> columns = results.Columns.Written;
        var members = new List<JsonMember>();
        var line = new MemoryStream();
        int row = -1, next = 0;
        using (LineReader reader = Open(hash))
        {
            while (reader.TryRead(out ReadOnlyMemory<byte> memory))
            {
                if (IsBlank(memory.Span))
                {
                    continue;
                }

                row++;
                if (next >= results.Rows.Count || results.Rows[next].Row != row)
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                Scan(memory.Span, members, reader.LineNumber);
                line.SetLength(0);
                Rewrite(memory.Span, members, columns, results, results.Rows[next], shardRows, line);
                buffered.Write(line.GetBuffer(), 0, (int)line.Length);
                next++;
            }
        }

        if (Convert.ToHexStringLower(hash.GetHashAndReset()) != InputSha256)
        {
            throw new InvalidInputException($"'{request.Input}' changed while it was being materialized; run again", request.Input);
        }

        buffered.Flush();
        output.Commit();
    }

    public void Dispose()
    {
    }

    /// <summary>Writes one row: the input bytes with written columns replaced or appended, and a newline.</summary>
    private static void Rewrite(ReadOnlySpan<byte> source, List<JsonMember> members, IReadOnlyList<(string Name, ColumnKind Kind)> columns, RowResults results, PlannedRow row, bool shardRows, MemoryStream output)
    {
        var replacements = new List<(int Start, int End, byte[] Bytes)>();
        var appended = new MemoryStream();
        foreach ((string name, ColumnKind kind) in columns)
        {
            Cell cell = results.CellOf(row, kind);
            int at = members.FindLastIndex(m => m.Key == name);
            if (at >= 0)
            {
                if (!cell.Keep)
                {
                    replacements.Add((members[at].ValueStart, members[at].ValueEnd, Token(cell)));
                }

                continue;
            }

            Append(appended, name, cell.Keep ? NullToken : Token(cell));
        }

        if (shardRows)
        {
            Append(appended, OutputColumns.ShardRow, Encoding.ASCII.GetBytes(row.Row.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        // Appended members go right after the last member's value (or the opening brace), before any space and the '}'.
        int insertAt = members.Count > 0 ? members[^1].ValueEnd : source.IndexOf((byte)'{') + 1;
        byte[] insert = appended.ToArray();
        if (members.Count == 0 && insert.Length > 0)
        {
            insert = insert[1..]; // no member before it: drop the leading comma
        }

        replacements.Add((insertAt, insertAt, insert));
        replacements.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        int position = 0;
        foreach ((int start, int end, byte[] bytes) in replacements)
        {
            output.Write(source[position..start]);
            output.Write(bytes);
            position = end;
        }

        output.Write(source[position..]);
        output.WriteByte((byte)'\n');
    }

    private static void Append(MemoryStream appended, string name, byte[] value)
    {
        appended.WriteByte((byte)',');
        JsonLine.WriteString(appended, name);
        appended.WriteByte((byte)':');
        appended.Write(value);
    }

    private static byte[] Token(Cell cell)
    {
        var bytes = new MemoryStream();
        if (cell.Text is { } text)
        {
            JsonLine.WriteString(bytes, text);
        }
        else if (cell.Number is double number && double.IsFinite(number))
        {
            JsonLine.WriteNumber(bytes, number);
        }
        else
        {
            bytes.Write(NullToken);
        }

        return bytes.ToArray();
    }

    private void Scan(ReadOnlySpan<byte> line, List<JsonMember> members, int lineNumber)
    {
        try
        {
            JsonLine.Scan(line, members);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            throw new InvalidInputException($"'{request.Input}' line {lineNumber}: not a JSON object: {e.Message}", request.Input, e);
        }
    }

    private LineReader Open(IncrementalHash hash)
    {
        try
        {
            return new LineReader(new FileStream(request.Input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), hash);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read '{request.Input}': {e.Message}", request.Input, e);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }
}
