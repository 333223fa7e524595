using System.Buffers.Binary;
using System.IO.Compression;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Saliency.Previews;

/// <summary>
/// Minimal PNG encoder for 8-bit RGB or grayscale images: IHDR, one zlib IDAT (System.IO.Compression), IEND, with the
/// chunk CRC-32 computed here. Enough for previews; no palette, alpha or interlacing.
/// </summary>
public static class PngWriter
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Writes <paramref name="pixels"/> (row-major; 3 bytes per pixel for RGB, 1 for gray) to a file, atomically.</summary>
    public static void Write(string path, int width, int height, ReadOnlySpan<byte> pixels, bool rgb = true, CancellationToken cancellationToken = default)
    {
        using AtomicFile file = AtomicFile.Create(path, cancellationToken);
        Write(file.Stream, width, height, pixels, rgb);
        file.Commit();
    }

    /// <summary>Writes a PNG to a stream.</summary>
    public static void Write(Stream stream, int width, int height, ReadOnlySpan<byte> pixels, bool rgb = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int channels = rgb ? 3 : 1;
        int stride = width * channels;
        if (pixels.Length < stride * height)
        {
            throw new ArgumentException($"{width}x{height} needs {stride * height} bytes, got {pixels.Length}", nameof(pixels));
        }

        stream.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)height);
        header[8] = 8;                          // bit depth
        header[9] = (byte)(rgb ? 2 : 0);        // colour type: truecolour or grayscale
        header[10] = 0;                         // deflate
        header[11] = 0;                         // adaptive filtering
        header[12] = 0;                         // no interlace
        WriteChunk(stream, "IHDR"u8, header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            // Filter type 1 (Sub) per row: smooth heatmaps compress much better than with no filter.
            byte[] row = new byte[stride + 1];
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> source = pixels.Slice(y * stride, stride);
                row[0] = 1;
                for (int x = 0; x < stride; x++)
                {
                    byte left = x >= channels ? source[x - channels] : (byte)0;
                    row[x + 1] = (byte)(source[x] - left);
                }

                zlib.Write(row);
            }
        }

        WriteChunk(stream, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(stream, "IEND"u8, []);
    }

    /// <summary>CRC-32 (ISO 3309, as PNG uses) of <paramref name="data"/>, continuing from <paramref name="crc"/>.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data, uint crc = 0)
    {
        uint c = ~crc;
        foreach (byte b in data)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        stream.Write(word);
        stream.Write(type);
        stream.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(data, Crc32(type)));
        stream.Write(word);
    }

    private static uint[] BuildCrcTable()
    {
        uint[] table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
