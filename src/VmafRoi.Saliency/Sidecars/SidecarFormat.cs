using System.Buffers.Binary;
using System.IO.Compression;
using System.Reflection;
using System.Runtime.InteropServices;
using MessagePack;

namespace VmafRoi.Saliency.Sidecars;

/// <summary>The wire layout shared by <see cref="SaliencySidecarWriter"/> and <see cref="SaliencySidecarReader"/> (docs/sidecar.md).</summary>
internal static class SidecarFormat
{
    public const string KindKey = "kind";
    public const string HeaderKind = "header";
    public const string FrameKind = "frame";
    public const string EndKind = "end";
    public const string FrameKey = "frame";
    public const string Sha256Key = "sha256";
    public const string DataKey = "data";
    public const string FrameCountKey = "frame_count";
    public const string FramesSha256Key = "frames_sha256";
    public const int DigestLength = 32;

    /// <summary>Bytes of one quantised mask.</summary>
    public static int PayloadLength(SidecarHeader header) => checked(header.GetMaskLength() * (header.MaskBits / 8));

    /// <summary>The most bytes a stored payload may take: zlib's worst case (stored blocks) with room to spare.</summary>
    public static int MaxStoredLength(SidecarHeader header)
    {
        int raw = PayloadLength(header);
        return header.Compression == SidecarCompression.None ? raw : (int)Math.Min(Array.MaxLength, raw + (raw / 256L) + 64);
    }

    /// <summary>
    /// How MessagePack-CSharp reads and writes sidecars: its standard resolver with the untrusted-data guards. Strings
    /// are str 8/16/32 and byte strings bin (not the old spec), ints and map headers in their smallest form, doubles
    /// float 64: exactly the bytes docs/sidecar.md describes.
    /// </summary>
    public static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>The header's fields in file order (key, CLR type), from its <see cref="KeyAttribute"/>s; <c>kind</c> first.</summary>
    public static readonly IReadOnlyList<(string Key, Type Type)> HeaderFields =
    [
        .. typeof(SidecarHeader).GetProperties()
            .Select(p => (Key: p.GetCustomAttribute<KeyAttribute>()?.StringKey, p.PropertyType, p.MetadataToken))
            .Where(p => p.Key is not null)
            .OrderBy(p => p.MetadataToken)
            .Select(p => (p.Key!, p.PropertyType)),
    ];

    /// <summary>The longest header we read: ours are about 600 bytes; room for keys other writers may add.</summary>
    public const int MaxHeaderBytes = 1 << 20;

    /// <summary>
    /// Reads the header map. Throws <see cref="SidecarHeaderException"/> for a map that is not a sidecar header, and
    /// <see cref="SidecarForeignHeaderException"/> for another schema version (whose other fields may differ);
    /// MessagePack errors propagate. A first pass names the first missing, duplicated or mistyped key; then
    /// MessagePack-CSharp reads the map into <see cref="SidecarHeader"/>. Field values are not validated here
    /// (<see cref="SidecarHeader.Problem"/>).
    /// </summary>
    public static SidecarHeader ReadHeader(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw new SidecarHeaderException("the file does not start with a header map (not a saliency sidecar)");
        }

        Dictionary<string, object?> fields = Survey(reader.CreatePeekReader());
        if (!fields.TryGetValue(KindKey, out object? kind) || kind as string != HeaderKind)
        {
            throw new SidecarHeaderException("the first map is not a header (kind != \"header\"; not a saliency sidecar)");
        }

        string format = Field(fields, "format") as string ?? throw new SidecarHeaderException("the header's 'format' is not a string");
        if (format != SidecarHeader.FormatName)
        {
            throw new SidecarHeaderException($"the header's format is '{format}', not '{SidecarHeader.FormatName}' (not a saliency sidecar)");
        }

        int schema = Field(fields, "schema_version") as int? ?? throw new SidecarHeaderException("the header's 'schema_version' is not a 32-bit integer");
        if (schema != SidecarHeader.CurrentSchemaVersion)
        {
            throw new SidecarForeignHeaderException(schema);
        }

        foreach ((string key, Type type) in HeaderFields)
        {
            object? value = Field(fields, key);
            string? wrong = type == typeof(int) ? value is int ? null : "a 32-bit integer"
                : type == typeof(double) ? value is double or int ? null : "a number"
                : value is string ? null : "a string";
            if (wrong is not null)
            {
                throw new SidecarHeaderException($"the header's '{key}' is not {wrong}");
            }
        }

        return MessagePackSerializer.Deserialize<SidecarHeader>(ref reader, Options);
    }

    /// <summary>What is at a sidecar path, as far as replacing it goes (only our own files are ever replaced).</summary>
    public static SidecarFileKind Classify(string path)
    {
        using FileStream file = File.OpenRead(path);
        long length = file.Length;
        if (length == 0)
        {
            return SidecarFileKind.Empty;
        }

        byte[] head = new byte[(int)Math.Min(length, 1 << 16)];
        file.ReadExactly(head);
        var reader = new MessagePackReader(head);
        try
        {
            if (reader.NextMessagePackType != MessagePackType.Map)
            {
                return SidecarFileKind.Foreign;
            }

            string? kind = null, format = null;
            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                if (reader.NextMessagePackType != MessagePackType.String)
                {
                    return SidecarFileKind.Foreign;
                }

                string key = reader.ReadString()!;
                if (key is KindKey or "format")
                {
                    if (reader.NextMessagePackType != MessagePackType.String)
                    {
                        return SidecarFileKind.Foreign;
                    }

                    if (key == KindKey)
                    {
                        kind = reader.ReadString();
                    }
                    else
                    {
                        format = reader.ReadString();
                    }

                    if ((kind ?? HeaderKind) != HeaderKind || (format ?? SidecarHeader.FormatName) != SidecarHeader.FormatName)
                    {
                        return SidecarFileKind.Foreign;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            return kind is null || format is null ? SidecarFileKind.Foreign : SidecarFileKind.Sidecar;
        }
        catch (EndOfStreamException)
        {
            // Everything up to the file's end looked like our header: a sidecar cut short before its header was whole.
            return head.Length == length ? SidecarFileKind.CutShortHeader : SidecarFileKind.Foreign;
        }
        catch (Exception e) when (e is MessagePackSerializationException or OverflowException or ArgumentOutOfRangeException)
        {
            return SidecarFileKind.Foreign;
        }
    }

    // Every key of the map with its value when it is a string or a 32-bit integer or a number; other values as null.
    private static Dictionary<string, object?> Survey(MessagePackReader reader)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        int count = reader.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw new SidecarHeaderException("the header has a key that is not a string");
            }

            string key = reader.ReadString()!;
            object? value = reader.NextMessagePackType switch
            {
                MessagePackType.String => reader.ReadString(),
                MessagePackType.Integer => Int32Or(ref reader),
                MessagePackType.Float => reader.ReadDouble(),
                _ => Skipped(ref reader),
            };
            if (!fields.TryAdd(key, value))
            {
                throw new SidecarHeaderException($"the header has the key '{key}' twice");
            }
        }

        return fields;
    }

    // An integer as int when it fits, else as a double (a number, but not a 32-bit integer).
    private static object Int32Or(ref MessagePackReader reader)
    {
        MessagePackReader peek = reader.CreatePeekReader();
        try
        {
            long value = peek.ReadInt64();
            reader.Skip();
            return value is >= int.MinValue and <= int.MaxValue ? (object)(int)value : (double)value;
        }
        catch (OverflowException)
        {
            return (double)reader.ReadUInt64();
        }
    }

    private static object? Skipped(ref MessagePackReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary>Stores quantised bytes as the header's compression says.</summary>
    public static void Encode(ReadOnlySpan<byte> quantised, string compression, MemoryStream destination)
    {
        destination.SetLength(0);
        if (compression == SidecarCompression.None)
        {
            destination.Write(quantised);
            return;
        }

        using var zlib = new ZLibStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        zlib.Write(quantised);
    }

    /// <summary>
    /// Restores exactly <paramref name="destination"/>.Length quantised bytes from a stored payload; returns a problem
    /// description instead of throwing, so callers attach the file name.
    /// </summary>
    public static string? Decode(ReadOnlyMemory<byte> stored, string compression, Span<byte> destination)
    {
        if (compression == SidecarCompression.None)
        {
            if (stored.Length != destination.Length)
            {
                return $"payload has {stored.Length} bytes, the mask needs {destination.Length}";
            }

            stored.Span.CopyTo(destination);
            return null;
        }

        try
        {
            Stream source = MemoryMarshal.TryGetArray(stored, out ArraySegment<byte> segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(stored.ToArray(), writable: false);
            using var zlib = new ZLibStream(source, CompressionMode.Decompress);
            int filled = 0;
            while (filled < destination.Length)
            {
                int n = zlib.Read(destination[filled..]);
                if (n == 0)
                {
                    return $"zlib payload inflates to {filled} bytes, the mask needs {destination.Length}";
                }

                filled += n;
            }

            // Reading on to the end makes zlib check its Adler-32 trailer, and reveals an over-long payload.
            Span<byte> probe = stackalloc byte[1];
            if (zlib.Read(probe) != 0)
            {
                return $"zlib payload inflates to more than the {destination.Length} bytes of a mask";
            }

            return null;
        }
        catch (InvalidDataException e)
        {
            return $"zlib payload is invalid ({e.Message})";
        }
    }

    /// <summary>Quantised levels as stored: bytes for 8 bits, little-endian words for 16.</summary>
    public static void Quantise(ReadOnlySpan<float> mask, int bits, Span<byte> destination)
    {
        if (bits == 8)
        {
            MaskQuantisation.Quantise(mask, destination);
            return;
        }

        Span<ushort> words = MemoryMarshal.Cast<byte, ushort>(destination);
        MaskQuantisation.Quantise(mask, words);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }

    /// <summary>Stored levels back to mask values; <paramref name="stored"/> is modified on big-endian machines.</summary>
    public static void Dequantise(Span<byte> stored, int bits, Span<float> destination)
    {
        if (bits == 8)
        {
            MaskQuantisation.Dequantise(stored, destination);
            return;
        }

        Span<ushort> words = MemoryMarshal.Cast<byte, ushort>(stored);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        MaskQuantisation.Dequantise(words, destination);
    }

    private static object? Field(Dictionary<string, object?> fields, string name) =>
        fields.TryGetValue(name, out object? value) ? value : throw new SidecarHeaderException($"the header has no '{name}'");
}

/// <summary>What <see cref="SidecarFormat.Classify"/> found at a sidecar path.</summary>
internal enum SidecarFileKind
{
    /// <summary>A file of zero bytes (e.g. made by <c>touch</c> or a shell redirect): ours to replace.</summary>
    Empty,

    /// <summary>A file that starts with a whole sidecar header map (of any schema version).</summary>
    Sidecar,

    /// <summary>A file that ends inside a map which, as far as it goes, is a sidecar header: ours to replace.</summary>
    CutShortHeader,

    /// <summary>Anything else: never replaced.</summary>
    Foreign,
}

/// <summary>A header map that is not a valid sidecar header; the reader turns it into <see cref="SidecarCorruptException"/>.</summary>
internal class SidecarHeaderException(string message) : Exception(message);

/// <summary>A header of another schema version; the reader turns it into <see cref="SidecarMismatchException"/>.</summary>
internal sealed class SidecarForeignHeaderException(int schemaVersion)
    : SidecarHeaderException($"schema_version {schemaVersion}")
{
    public int SchemaVersion { get; } = schemaVersion;
}
