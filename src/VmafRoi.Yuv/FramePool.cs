using System.Collections.Concurrent;

namespace VmafRoi.Yuv;

/// <summary>
/// Hands out frame buffers of one geometry and takes them back. It keeps at most <c>retain</c> idle buffers, so
/// memory is bounded by the frames in flight plus that many.
/// </summary>
public sealed class FramePool
{
    private readonly ConcurrentBag<byte[]> _idle = [];
    private readonly int _retain;
    private int _idleCount;

    public FramePool(FrameGeometry geometry, int retain = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retain);
        Geometry = geometry;
        _retain = retain;
    }

    public FrameGeometry Geometry { get; }

    /// <summary>Buffers allocated over the pool's life (a test hook for the bounded-memory claim).</summary>
    public int Allocated { get; private set; }

    /// <summary>A frame whose buffer returns here when the frame is disposed. Its contents are undefined.</summary>
    public YuvFrame Rent()
    {
        if (_idle.TryTake(out byte[]? buffer))
        {
            Interlocked.Decrement(ref _idleCount);
        }
        else
        {
            buffer = new byte[Geometry.FrameBytes];
            lock (_idle)
            {
                Allocated++;
            }
        }

        return new YuvFrame(Geometry, buffer, this);
    }

    internal void Return(byte[] buffer)
    {
        if (Interlocked.Increment(ref _idleCount) <= _retain)
        {
            _idle.Add(buffer);
        }
        else
        {
            Interlocked.Decrement(ref _idleCount);
        }
    }
}
