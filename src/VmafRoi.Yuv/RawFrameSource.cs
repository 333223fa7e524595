using VmafRoi.Contracts;

namespace VmafRoi.Yuv;

/// <summary>Headerless planar YUV: the frame count comes from the file size (unknown for a pipe, read as a stream).</summary>
public sealed class RawFrameSource : FrameSource
{
    private readonly Stream _stream;

    public RawFrameSource(string path, FrameGeometry geometry)
        : base(path, geometry)
    {
        FrameReader.EnsureFileExists(path);
        long size = new FileInfo(path).Length;
        if (size % geometry.FrameBytes != 0)
        {
            throw new InvalidInputException(
                $"'{path}' is {size} bytes, which is not a whole number of {geometry} frames ({geometry.FrameBytes} bytes each; {size / geometry.FrameBytes} frames and {size % geometry.FrameBytes} bytes left over)",
                path);
        }

        if (size == 0)
        {
            throw new InvalidInputException($"'{path}' is empty", path);
        }

        FrameCount = checked((int)(size / geometry.FrameBytes));
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
    }

    /// <summary>A pipe or device read as a stream of whole frames; the count is known only at its end.</summary>
    internal RawFrameSource(string path, FrameGeometry geometry, Stream stream)
        : base(path, geometry)
    {
        _stream = stream;
    }

    public override int? FrameCount { get; }

    protected override bool ReadFrameCore(Span<byte> frame)
    {
        int got = ReadFully(_stream, frame);
        if (got == 0)
        {
            return false;
        }

        return got == frame.Length ? true : throw Truncated(got);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
        }
    }
}
