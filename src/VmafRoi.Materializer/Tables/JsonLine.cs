using System.Globalization;
using System.Text;
using System.Text.Json;
using VmafRoi.Contracts;

namespace VmafRoi.Materializer.Tables;

/// <summary>One member of a JSON object line: where its key and value bytes are, and its decoded key.</summary>
internal readonly record struct JsonMember(string Key, int KeyStart, int ValueStart, int ValueEnd);

/// <summary>
/// Finds the top-level members of one JSONL line without re-serializing anything, so the bytes of every value we do not
/// change are written back exactly (numbers keep their text). Accepts Python's <c>NaN</c>, <c>Infinity</c> and
/// <c>-Infinity</c>, which <c>json.dumps</c> writes.
/// </summary>
internal static class JsonLine
{
    /// <summary>Scans an object line into <paramref name="members"/>; returns the offset of the closing brace.</summary>
    /// <exception cref="FormatException">Not one JSON object; the message says where.</exception>
    public static int Scan(ReadOnlySpan<byte> line, List<JsonMember> members)
    {
        members.Clear();
        int i = SkipSpace(line, 0);
        if (i >= line.Length || line[i] != (byte)'{')
        {
            throw new FormatException($"expected a JSON object at column {i + 1}");
        }

        i = SkipSpace(line, i + 1);
        if (i < line.Length && line[i] == (byte)'}')
        {
            return End(line, i);
        }

        while (true)
        {
            if (i >= line.Length || line[i] != (byte)'"')
            {
                throw new FormatException($"expected a member name at column {i + 1}");
            }

            int keyStart = i;
            int keyEnd = SkipString(line, i);
            string key = DecodeString(line[keyStart..keyEnd]);
            i = SkipSpace(line, keyEnd);
            if (i >= line.Length || line[i] != (byte)':')
            {
                throw new FormatException($"expected ':' at column {i + 1}");
            }

            int valueStart = SkipSpace(line, i + 1);
            int valueEnd = SkipValue(line, valueStart, depth: 0);
            members.Add(new JsonMember(key, keyStart, valueStart, valueEnd));
            i = SkipSpace(line, valueEnd);
            if (i < line.Length && line[i] == (byte)',')
            {
                i = SkipSpace(line, i + 1);
                continue;
            }

            if (i < line.Length && line[i] == (byte)'}')
            {
                return End(line, i);
            }

            throw new FormatException($"expected ',' or '}}' at column {i + 1}");
        }
    }

    /// <summary>The decoded text of a JSON string token (quotes included in <paramref name="token"/>).</summary>
    public static string DecodeString(ReadOnlySpan<byte> token)
    {
        ReadOnlySpan<byte> inner = token[1..^1];
        if (inner.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(inner);
        }

        return JsonSerializer.Deserialize<string>(token) ?? string.Empty;
    }

    /// <summary>A value read as a number: JSON numbers, Python's NaN/Infinity, and strings holding a plain number; null otherwise.</summary>
    public static double? Number(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return null;
        }

        if (value.SequenceEqual("NaN"u8))
        {
            return double.NaN;
        }

        if (value.SequenceEqual("Infinity"u8))
        {
            return double.PositiveInfinity;
        }

        if (value.SequenceEqual("-Infinity"u8))
        {
            return double.NegativeInfinity;
        }

        ReadOnlySpan<byte> text = value;
        string? decoded = null;
        if (value[0] == (byte)'"')
        {
            decoded = DecodeString(value).Trim();
        }
        else if (value[0] is not ((byte)'-' or (>= (byte)'0' and <= (byte)'9')))
        {
            return null;
        }

        string s = decoded ?? Encoding.ASCII.GetString(text);
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? number : null;
    }

    /// <summary>A value read as text: the decoded string, or null for anything that is not a JSON string.</summary>
    public static string? Text(ReadOnlySpan<byte> value) =>
        value.Length >= 2 && value[0] == (byte)'"' ? DecodeString(value) : null;

    /// <summary>Appends <paramref name="text"/> as Python's <c>json.dumps</c> writes it (ASCII, <c>\uXXXX</c> escapes).</summary>
    public static void WriteString(Stream output, string text)
    {
        var s = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': s.Append("\\\""); break;
                case '\\': s.Append("\\\\"); break;
                case '\n': s.Append("\\n"); break;
                case '\r': s.Append("\\r"); break;
                case '\t': s.Append("\\t"); break;
                case '\b': s.Append("\\b"); break;
                case '\f': s.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        s.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        s.Append(c);
                    }

                    break;
            }
        }

        output.Write(Encoding.ASCII.GetBytes(s.Append('"').ToString()));
    }

    /// <summary>Appends a double as Python's <c>repr</c> (<c>0.5</c>, <c>1.0</c>); the caller writes null instead of a non-finite one.</summary>
    public static void WriteNumber(Stream output, double value) => output.Write(Encoding.ASCII.GetBytes(ContractJson.FormatDouble(value)));

    private static int End(ReadOnlySpan<byte> line, int brace)
    {
        int after = SkipSpace(line, brace + 1);
        if (after != line.Length)
        {
            throw new FormatException($"unexpected text after the object at column {after + 1}");
        }

        return brace;
    }

    private static int SkipSpace(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    private static int SkipString(ReadOnlySpan<byte> line, int i)
    {
        for (int j = i + 1; j < line.Length; j++)
        {
            if (line[j] == (byte)'\\')
            {
                j++;
            }
            else if (line[j] == (byte)'"')
            {
                return j + 1;
            }
        }

        throw new FormatException($"unterminated string starting at column {i + 1}");
    }

    private static int SkipValue(ReadOnlySpan<byte> line, int i, int depth)
    {
        if (depth > 256)
        {
            throw new FormatException("values nested more than 256 deep");
        }

        if (i >= line.Length)
        {
            throw new FormatException($"expected a value at column {i + 1}");
        }

        switch (line[i])
        {
            case (byte)'"':
                return SkipString(line, i);
            case (byte)'{':
            case (byte)'[':
                return SkipContainer(line, i, depth);
            default:
                int j = i;
                while (j < line.Length && line[j] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    j++;
                }

                if (j == i || !IsScalar(line[i..j]))
                {
                    throw new FormatException($"invalid value at column {i + 1}");
                }

                return j;
        }
    }

    private static int SkipContainer(ReadOnlySpan<byte> line, int i, int depth)
    {
        byte close = line[i] == (byte)'{' ? (byte)'}' : (byte)']';
        bool isObject = close == (byte)'}';
        int j = SkipSpace(line, i + 1);
        if (j < line.Length && line[j] == close)
        {
            return j + 1;
        }

        while (true)
        {
            if (isObject)
            {
                if (j >= line.Length || line[j] != (byte)'"')
                {
                    throw new FormatException($"expected a member name at column {j + 1}");
                }

                j = SkipSpace(line, SkipString(line, j));
                if (j >= line.Length || line[j] != (byte)':')
                {
                    throw new FormatException($"expected ':' at column {j + 1}");
                }

                j = SkipSpace(line, j + 1);
            }

            j = SkipSpace(line, SkipValue(line, j, depth + 1));
            if (j < line.Length && line[j] == (byte)',')
            {
                j = SkipSpace(line, j + 1);
                continue;
            }

            if (j < line.Length && line[j] == close)
            {
                return j + 1;
            }

            throw new FormatException($"expected ',' or '{(char)close}' at column {j + 1}");
        }
    }

    private static bool IsScalar(ReadOnlySpan<byte> token)
    {
        if (token.SequenceEqual("true"u8) || token.SequenceEqual("false"u8) || token.SequenceEqual("null"u8)
            || token.SequenceEqual("NaN"u8) || token.SequenceEqual("Infinity"u8) || token.SequenceEqual("-Infinity"u8))
        {
            return true;
        }

        var reader = new Utf8JsonReader(token, new JsonReaderOptions { AllowTrailingCommas = false });
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.BytesConsumed == token.Length;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
