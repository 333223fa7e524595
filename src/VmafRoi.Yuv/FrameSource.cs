using VmafRoi.Contracts;

namespace VmafRoi.Yuv;

/// <summary>
/// A stream of frames read one at a time. Implementations hold one read buffer and hand frames out of a
/// <see cref="FramePool"/>, so memory does not grow with the clip's length.
/// </summary>
public abstract class FrameSource : IDisposable
{
    private FramePool? _pool;
    private List<string>? _warnings;

    protected FrameSource(string path, FrameGeometry geometry)
    {
        Path = path;
        Geometry = geometry;
    }

    /// <summary>The file this stream reads.</summary>
    public string Path { get; }

    public FrameGeometry Geometry { get; }

    /// <summary>How many frames the stream holds, when that is known before reading (raw files, most Y4M); else null.</summary>
    public abstract int? FrameCount { get; }

    /// <summary>Colour tags from the file, when it carries them.</summary>
    public virtual ColorTags Color => ColorTags.None;

    /// <summary>The frame rate recorded in the file, or 25 fps when it records none.</summary>
    public virtual FrameRate Rate => FrameRate.Default;

    /// <summary>Problems noticed while reading that did not stop it, e.g. a container ffmpeg says ended prematurely.</summary>
    public IReadOnlyList<string> Warnings => _warnings ?? [];

    /// <summary>Frames read so far.</summary>
    public int FramesRead { get; private set; }

    /// <summary>The pool <see cref="ReadNext"/> rents from; set it to share a pool between streams of one geometry.</summary>
    public FramePool Pool
    {
        get => _pool ??= new FramePool(Geometry);
        set
        {
            if (value.Geometry != Geometry)
            {
                throw new ArgumentException($"pool geometry {value.Geometry} differs from {Geometry}", nameof(value));
            }

            _pool = value;
        }
    }

    /// <summary>Reads the next frame into <paramref name="destination"/>. Returns false at a clean end of stream.</summary>
    /// <exception cref="InvalidInputException">The stream ends inside a frame, or is otherwise malformed.</exception>
    public bool ReadFrame(YuvFrame destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Geometry != Geometry)
        {
            throw new ArgumentException($"frame geometry {destination.Geometry} differs from the stream's {Geometry}", nameof(destination));
        }

        if (!ReadFrameCore(destination.Data))
        {
            return false;
        }

        destination.Index = FramesRead;
        FramesRead++;
        return true;
    }

    /// <summary>Reads the next frame into a pooled frame (dispose it to return the buffer), or null at the end.</summary>
    public YuvFrame? ReadNext()
    {
        YuvFrame frame = Pool.Rent();
        if (ReadFrame(frame))
        {
            return frame;
        }

        frame.Dispose();
        return null;
    }

    /// <summary>Reads and discards up to <paramref name="count"/> frames; returns how many were skipped.</summary>
    public int Skip(int count)
    {
        if (count <= 0)
        {
            return 0;
        }

        using YuvFrame scratch = Pool.Rent();
        int skipped = 0;
        while (skipped < count && ReadFrame(scratch))
        {
            skipped++;
        }

        return skipped;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Fills <paramref name="frame"/> with the next frame's bytes; false at a clean end.</summary>
    protected abstract bool ReadFrameCore(Span<byte> frame);

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Records a problem that did not stop reading (see <see cref="Warnings"/>).</summary>
    protected void Warn(string message) => (_warnings ??= []).Add(message);

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes unless the stream ends first; returns the count read.</summary>
    protected static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>The error for a stream that ends inside a frame.</summary>
    protected InvalidInputException Truncated(int got) =>
        new($"'{Path}': frame {FramesRead} is truncated: {got} of {Geometry.FrameBytes} bytes ({Geometry}) before the end of the file", Path);
}
