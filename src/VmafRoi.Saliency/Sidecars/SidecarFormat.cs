using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using VmafRoi.Saliency.MessagePack;

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

    public static void WriteHeader(MessagePackWriter writer, SidecarHeader h)
    {
        writer.WriteMapHeader(21);
        writer.WriteString(KindKey);
        writer.WriteString(HeaderKind);
        writer.WriteString("format");
        writer.WriteString(h.Format);
        writer.WriteString("schema_version");
        writer.WriteInt64(h.SchemaVersion);
        writer.WriteString("model_id");
        writer.WriteString(h.ModelId);
        writer.WriteString("model_sha256");
        writer.WriteString(h.ModelSha256);
        writer.WriteString("reference_sha256");
        writer.WriteString(h.ReferenceSha256);
        writer.WriteString("width");
        writer.WriteInt64(h.Width);
        writer.WriteString("height");
        writer.WriteInt64(h.Height);
        writer.WriteString("pix_fmt");
        writer.WriteString(h.PixFmt);
        writer.WriteString("color_matrix");
        writer.WriteString(h.ColorMatrix);
        writer.WriteString("color_range");
        writer.WriteString(h.ColorRange);
        writer.WriteString("sampling");
        writer.WriteString(h.Sampling);
        writer.WriteString("sample_count");
        writer.WriteInt64(h.SampleCount);
        writer.WriteString("sample_total");
        writer.WriteInt64(h.SampleTotal);
        writer.WriteString("aggregator");
        writer.WriteString(h.Aggregator);
        writer.WriteString("aggregator_alpha");
        writer.WriteDouble(h.AggregatorAlpha);
        writer.WriteString("mask_bits");
        writer.WriteInt64(h.MaskBits);
        writer.WriteString("mask_width");
        writer.WriteInt64(h.MaskWidth);
        writer.WriteString("mask_height");
        writer.WriteInt64(h.MaskHeight);
        writer.WriteString("compression");
        writer.WriteString(h.Compression);
        writer.WriteString("normalization");
        writer.WriteString(h.Normalization);
    }

    /// <summary>
    /// Reads the header map. Throws <see cref="SidecarHeaderException"/> for a map that is not a sidecar header, and
    /// <see cref="SidecarForeignHeaderException"/> for another schema version (whose other fields may differ);
    /// MessagePack errors propagate. Field values are not validated here (<see cref="SidecarHeader.Problem"/>).
    /// </summary>
    public static SidecarHeader ReadHeader(MessagePackReader reader)
    {
        if (reader.PeekType() != MessagePackType.Map)
        {
            throw new SidecarHeaderException("the file does not start with a header map (not a saliency sidecar)");
        }

        // The header is small; a generic read keeps unknown keys harmless and is bounded by the reader's checks.
        var map = (KeyValuePair<object?, object?>[])reader.ReadObject(maxDepth: 4)!;
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach ((object? key, object? value) in map)
        {
            if (key is not string name)
            {
                throw new SidecarHeaderException("the header has a key that is not a string");
            }

            if (!fields.TryAdd(name, value))
            {
                throw new SidecarHeaderException($"the header has the key '{name}' twice");
            }
        }

        if (!fields.TryGetValue(KindKey, out object? kind) || kind as string != HeaderKind)
        {
            throw new SidecarHeaderException("the first map is not a header (kind != \"header\"; not a saliency sidecar)");
        }

        string format = String(fields, "format");
        if (format != SidecarHeader.FormatName)
        {
            throw new SidecarHeaderException($"the header's format is '{format}', not '{SidecarHeader.FormatName}' (not a saliency sidecar)");
        }

        int schema = Int(fields, "schema_version");
        if (schema != SidecarHeader.CurrentSchemaVersion)
        {
            throw new SidecarForeignHeaderException(schema);
        }

        return new SidecarHeader
        {
            Format = format,
            SchemaVersion = schema,
            ModelId = String(fields, "model_id"),
            ModelSha256 = String(fields, "model_sha256"),
            ReferenceSha256 = String(fields, "reference_sha256"),
            Width = Int(fields, "width"),
            Height = Int(fields, "height"),
            PixFmt = String(fields, "pix_fmt"),
            ColorMatrix = String(fields, "color_matrix"),
            ColorRange = String(fields, "color_range"),
            Sampling = String(fields, "sampling"),
            SampleCount = Int(fields, "sample_count"),
            SampleTotal = Int(fields, "sample_total"),
            Aggregator = String(fields, "aggregator"),
            AggregatorAlpha = Double(fields, "aggregator_alpha"),
            MaskBits = Int(fields, "mask_bits"),
            MaskWidth = Int(fields, "mask_width"),
            MaskHeight = Int(fields, "mask_height"),
            Compression = String(fields, "compression"),
            Normalization = String(fields, "normalization"),
        };
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
    public static string? Decode(byte[] stored, int storedLength, string compression, Span<byte> destination)
    {
        if (compression == SidecarCompression.None)
        {
            if (storedLength != destination.Length)
            {
                return $"payload has {storedLength} bytes, the mask needs {destination.Length}";
            }

            stored.AsSpan(0, storedLength).CopyTo(destination);
            return null;
        }

        try
        {
            using var zlib = new ZLibStream(new MemoryStream(stored, 0, storedLength, writable: false), CompressionMode.Decompress);
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

    private static string String(Dictionary<string, object?> fields, string name) =>
        Field(fields, name) as string ?? throw new SidecarHeaderException($"the header's '{name}' is not a string");

    private static int Int(Dictionary<string, object?> fields, string name) => Field(fields, name) switch
    {
        long v when v is >= int.MinValue and <= int.MaxValue => (int)v,
        _ => throw new SidecarHeaderException($"the header's '{name}' is not a 32-bit integer"),
    };

    private static double Double(Dictionary<string, object?> fields, string name) => Field(fields, name) switch
    {
        double d => d,
        float f => f,
        long l => l,
        _ => throw new SidecarHeaderException($"the header's '{name}' is not a number"),
    };
}

/// <summary>A header map that is not a valid sidecar header; the reader turns it into <see cref="SidecarCorruptException"/>.</summary>
internal class SidecarHeaderException(string message) : Exception(message);

/// <summary>A header of another schema version; the reader turns it into <see cref="SidecarMismatchException"/>.</summary>
internal sealed class SidecarForeignHeaderException(int schemaVersion)
    : SidecarHeaderException($"schema_version {schemaVersion}")
{
    public int SchemaVersion { get; } = schemaVersion;
}
