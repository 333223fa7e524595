using System.Text;
using VmafRoi.Contracts;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Yuv;

/// <summary>
/// Writes frames as raw planar YUV or Y4M. File writers are atomic by default: nothing appears at the path until
/// <see cref="Complete"/>, and an abandoned writer leaves no partial file.
/// </summary>
public abstract class FrameWriter : IDisposable
{
    private readonly AtomicFile? _atomic;
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private bool _completed;

    private protected FrameWriter(FrameGeometry geometry, Stream stream, bool ownsStream, AtomicFile? atomic)
    {
        Geometry = geometry;
        _stream = stream;
        _ownsStream = ownsStream;
        _atomic = atomic;
    }

    public FrameGeometry Geometry { get; }

    public int FramesWritten { get; private set; }

    /// <summary>A raw planar file at <paramref name="path"/>.</summary>
    public static FrameWriter CreateRaw(string path, FrameGeometry geometry, bool atomic = true)
    {
        (Stream stream, AtomicFile? file) = OpenFile(path, atomic);
        return new RawFrameWriter(geometry, stream, ownsStream: true, file);
    }

    /// <summary>Raw planar frames into a stream the caller owns.</summary>
    public static FrameWriter CreateRaw(Stream stream, FrameGeometry geometry) => new RawFrameWriter(geometry, stream, ownsStream: false, null);

    /// <summary>A Y4M file at <paramref name="path"/>.</summary>
    public static FrameWriter CreateY4m(string path, FrameGeometry geometry, FrameRate? rate = null, ColorRange range = ColorRange.Unknown, bool atomic = true)
    {
        (Stream stream, AtomicFile? file) = OpenFile(path, atomic);
        return new Y4mFrameWriter(geometry, stream, ownsStream: true, file, rate ?? FrameRate.Default, range);
    }

    /// <summary>Y4M frames into a stream the caller owns.</summary>
    public static FrameWriter CreateY4m(Stream stream, FrameGeometry geometry, FrameRate? rate = null, ColorRange range = ColorRange.Unknown) =>
        new Y4mFrameWriter(geometry, stream, ownsStream: false, null, rate ?? FrameRate.Default, range);

    public void Write(YuvFrame frame)
    {
        if (frame.Geometry != Geometry)
        {
            throw new ArgumentException($"frame geometry {frame.Geometry} differs from the writer's {Geometry}", nameof(frame));
        }

        Write(frame.Data);
    }

    /// <summary>Writes one frame given as its raw bytes (all planes).</summary>
    public void Write(ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (frame.Length != Geometry.FrameBytes)
        {
            throw new ArgumentException($"a {Geometry} frame is {Geometry.FrameBytes} bytes, not {frame.Length}", nameof(frame));
        }

        WriteFrame(_stream, frame);
        FramesWritten++;
    }

    /// <summary>Flushes and, for an atomic file, moves it into place.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        OnComplete(_stream);
        _stream.Flush();
        _atomic?.Commit();
        _completed = true;
    }

    public void Dispose()
    {
        if (_ownsStream && _atomic is null)
        {
            _stream.Dispose();
        }

        _atomic?.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected abstract void WriteFrame(Stream stream, ReadOnlySpan<byte> frame);

    private protected virtual void OnComplete(Stream stream)
    {
    }

    private static (Stream Stream, AtomicFile? File) OpenFile(string path, bool atomic)
    {
        if (atomic)
        {
            AtomicFile file = AtomicFile.Create(path);
            return (file.Stream, file);
        }

        try
        {
            return (new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException($"cannot write '{path}': {e.Message}", path, e);
        }
    }

    private sealed class RawFrameWriter(FrameGeometry geometry, Stream stream, bool ownsStream, AtomicFile? atomic)
        : FrameWriter(geometry, stream, ownsStream, atomic)
    {
        private protected override void WriteFrame(Stream stream, ReadOnlySpan<byte> frame) => stream.Write(frame);
    }

    private sealed class Y4mFrameWriter : FrameWriter
    {
        private static readonly byte[] FrameMarker = "FRAME\n"u8.ToArray();
        private readonly byte[] _header;
        private bool _headerWritten;

        public Y4mFrameWriter(FrameGeometry geometry, Stream stream, bool ownsStream, AtomicFile? atomic, FrameRate rate, ColorRange range)
            : base(geometry, stream, ownsStream, atomic)
        {
            var header = new Y4mHeader { Geometry = geometry, Rate = rate, Range = range };
            _header = Encoding.ASCII.GetBytes(header.Format());
        }

        private protected override void WriteFrame(Stream stream, ReadOnlySpan<byte> frame)
        {
            WriteHeaderOnce(stream);
            stream.Write(FrameMarker);
            stream.Write(frame);
        }

        // A stream with no frames is still a valid Y4M file: header only.
        private protected override void OnComplete(Stream stream) => WriteHeaderOnce(stream);

        private void WriteHeaderOnce(Stream stream)
        {
            if (!_headerWritten)
            {
                stream.Write(_header);
                _headerWritten = true;
            }
        }
    }
}
