using System.Text;
using VmafRoi.Contracts;

namespace VmafRoi.Yuv;

/// <summary>A YUV4MPEG2 stream: a header line, then per frame a <c>FRAME</c> line (parameters allowed) and the planes.</summary>
public sealed class Y4mFrameSource : FrameSource
{
    private const int MaxLine = 4096;
    private readonly Stream _stream;
    private readonly Y4mHeader _header;
    private readonly byte[] _line = new byte[MaxLine];

    private Y4mFrameSource(string path, Stream stream, Y4mHeader header, int? frameCount)
        : base(path, header.Geometry)
    {
        _stream = stream;
        _header = header;
        FrameCount = frameCount;
    }

    public Y4mHeader Header => _header;

    public override int? FrameCount { get; }

    public override FrameRate Rate => _header.Rate;

    public override ColorTags Color => new(ColorMatrix.Unknown, _header.Range);

    /// <summary>Opens a Y4M file and reads its header.</summary>
    public static Y4mFrameSource Open(string path)
    {
        FrameReader.EnsureFileExists(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return FromStream(path, file, file.Length);
    }

    /// <summary>Reads the header of a Y4M stream (a file, or a pipe whose <paramref name="length"/> is unknown).</summary>
    internal static Y4mFrameSource FromStream(string path, Stream stream, long? length)
    {
        try
        {
            var buffered = new BufferedStream(stream, 1 << 16);
            byte[] lineBuffer = new byte[MaxLine];
            int headerLength = ReadLine(buffered, lineBuffer, path, -1);
            if (headerLength < 0)
            {
                throw new InvalidInputException($"'{path}' is empty", path);
            }

            string line = Encoding.Latin1.GetString(lineBuffer, 0, headerLength);

            Y4mHeader header = Y4mHeader.Parse(line, path);
            int? count = null;
            if (length is { } total)
            {
                long payload = total - (line.Length + 1);
                long perFrame = header.Geometry.FrameBytes + 6L;
                count = payload > 0 && payload % perFrame == 0 ? checked((int)(payload / perFrame)) : null;
            }

            return new Y4mFrameSource(path, buffered, header, count);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    protected override bool ReadFrameCore(Span<byte> frame)
    {
        // The FRAME line is matched in a reused buffer so reading allocates nothing per frame.
        int length = ReadLine(_stream, _line, Path, FramesRead);
        if (length < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> marker = _line.AsSpan(0, length);
        if (!marker.StartsWith("FRAME"u8) || (marker.Length > 5 && marker[5] != (byte)' '))
        {
            throw new InvalidInputException($"'{Path}': expected a FRAME marker before frame {FramesRead}, found '{Y4mHeader.Printable(marker)}'", Path);
        }

        int got = ReadFully(_stream, frame);
        return got == frame.Length ? true : throw Truncated(got);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
        }
    }

    // Returns the line length, or -1 at a clean end of stream (no bytes at all).
    private static int ReadLine(Stream stream, byte[] line, string path, int frameIndex)
    {
        string What() => frameIndex < 0 ? "header" : $"FRAME marker of frame {frameIndex}";
        int length = 0;
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0)
            {
                return length == 0 ? -1 : throw new InvalidInputException($"'{path}': the file ends inside the {What()}", path);
            }

            if (b == '\n')
            {
                return length;
            }

            if (length >= line.Length)
            {
                throw new InvalidInputException($"'{path}': the {What()} is longer than {line.Length} bytes; this is not a Y4M stream", path);
            }

            line[length++] = (byte)b;
        }
    }
}
