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
    private readonly string? _path;
    private bool _completed;

    private protected FrameWriter(FrameGeometry geometry, Stream stream, bool ownsStream, AtomicFile? atomic, string? path)
    {
        Geometry = geometry;
        _stream = stream;
        _ownsStream = ownsStream;
        _atomic = atomic;
        _path = path;
    }

    public FrameGeometry Geometry { get; }

    public int FramesWritten { get; private set; }

    /// <summary>A raw planar file at <paramref name="path"/> (a device or pipe is written through; see <see cref="AtomicFile"/>).</summary>
    public static FrameWriter CreateRaw(string path, FrameGeometry geometry, bool atomic = true, CancellationToken cancellationToken = default)
    {
        (Stream stream, AtomicFile? file) = OpenFile(path, atomic, cancellationToken);
        return new RawFrameWriter(geometry, stream, ownsStream: true, file, path);
    }

    /// <summary>Raw planar frames into a stream the caller owns.</summary>
    public static FrameWriter CreateRaw(Stream stream, FrameGeometry geometry) => new RawFrameWriter(geometry, stream, ownsStream: false, null, null);

    /// <summary>A Y4M file at <paramref name="path"/> (a device or pipe is written through; see <see cref="AtomicFile"/>).</summary>
    public static FrameWriter CreateY4m(string path, FrameGeometry geometry, FrameRate? rate = null, ColorRange range = ColorRange.Unknown, bool atomic = true, CancellationToken cancellationToken = default)
    {
        (Stream stream, AtomicFile? file) = OpenFile(path, atomic, cancellationToken);
        return new Y4mFrameWriter(geometry, stream, ownsStream: true, file, rate ?? FrameRate.Default, range, path);
    }

    /// <summary>Y4M frames into a stream the caller owns.</summary>
    public static FrameWriter CreateY4m(Stream stream, FrameGeometry geometry, FrameRate? rate = null, ColorRange range = ColorRange.Unknown) =>
        new Y4mFrameWriter(geometry, stream, ownsStream: false, null, rate ?? FrameRate.Default, range, null);

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

        try
        {
            WriteFrame(_stream, frame);
        }
        catch (Exception e) when (_path is not null && e is IOException or UnauthorizedAccessException)
        {
            throw Failed(e);
        }

        FramesWritten++;
    }

    /// <summary>Flushes and, for an atomic file, moves it into place.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        try
        {
            OnComplete(_stream);
            _stream.Flush();
        }
        catch (Exception e) when (_path is not null && e is IOException or UnauthorizedAccessException)
        {
            throw Failed(e);
        }

        _atomic?.Commit();
        _completed = true;
    }

    public void Dispose()
    {
        if (_ownsStream && _atomic is null)
        {
            try
            {
                _stream.Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Flushing failed (a full disk); the error that stopped the writer was already raised.
            }
        }

        _atomic?.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected abstract void WriteFrame(Stream stream, ReadOnlySpan<byte> frame);

    private protected virtual void OnComplete(Stream stream)
    {
    }

    private OutputWriteException Failed(Exception e) => new($"cannot write '{_path}': {e.Message}", _path!, e);

    private static (Stream Stream, AtomicFile? File) OpenFile(string path, bool atomic, CancellationToken cancellationToken)
    {
        if (atomic)
        {
            AtomicFile file = AtomicFile.Create(path, cancellationToken);
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

    private sealed class RawFrameWriter(FrameGeometry geometry, Stream stream, bool ownsStream, AtomicFile? atomic, string? path)
        : FrameWriter(geometry, stream, ownsStream, atomic, path)
    {
        private protected override void WriteFrame(Stream stream, ReadOnlySpan<byte> frame) => stream.Write(frame);
    }

    private sealed class Y4mFrameWriter : FrameWriter
    {
        private static readonly byte[] FrameMarker = "FRAME\n"u8.ToArray();
        private readonly byte[] _header;
        private bool _headerWritten;

        public Y4mFrameWriter(FrameGeometry geometry, Stream stream, bool ownsStream, AtomicFile? atomic, FrameRate rate, ColorRange range, string? path)
            : base(geometry, stream, ownsStream, atomic, path)
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
