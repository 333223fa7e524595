using System.Runtime.InteropServices;

namespace VmafRoi.Yuv;

/// <summary>
/// One raw planar frame in a reusable buffer. Disposing a frame that came from a <see cref="FramePool"/> returns its
/// buffer to the pool, so streams hold a bounded number of frames whatever the clip length.
/// </summary>
public sealed class YuvFrame : IDisposable
{
    private readonly FramePool? _pool;
    private readonly byte[] _buffer;
    private int _returned;

    /// <summary>Creates a standalone frame (not pooled).</summary>
    public YuvFrame(FrameGeometry geometry)
        : this(geometry, new byte[geometry.FrameBytes], null)
    {
    }

    internal YuvFrame(FrameGeometry geometry, byte[] buffer, FramePool? pool)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("VmafRoi.Yuv needs a little-endian machine");
        }

        Geometry = geometry;
        _buffer = buffer;
        _pool = pool;
    }

    public FrameGeometry Geometry { get; }

    /// <summary>Index of the frame in its stream (0-based), set by the reader.</summary>
    public int Index { get; set; }

    /// <summary>All planes, raw bytes, exactly <see cref="FrameGeometry.FrameBytes"/> long.</summary>
    public Span<byte> Data => _buffer.AsSpan(0, Geometry.FrameBytes);

    /// <summary>The raw bytes of one plane.</summary>
    public Span<byte> PlaneBytes(int plane)
    {
        int bps = Geometry.Format.BytesPerSample;
        return _buffer.AsSpan(Geometry.PlaneOffset(plane) * bps, Geometry.Plane(plane).Samples * bps);
    }

    /// <summary>One plane of an 8-bit frame.</summary>
    public Span<byte> Plane8(int plane)
    {
        if (Geometry.Format.BytesPerSample != 1)
        {
            throw new InvalidOperationException($"{Geometry.Format.Name} has 16-bit samples; use Plane16");
        }

        return PlaneBytes(plane);
    }

    /// <summary>One plane of a 9..16-bit frame (little-endian words).</summary>
    public Span<ushort> Plane16(int plane)
    {
        if (Geometry.Format.BytesPerSample != 2)
        {
            throw new InvalidOperationException($"{Geometry.Format.Name} has 8-bit samples; use Plane8");
        }

        return MemoryMarshal.Cast<byte, ushort>(PlaneBytes(plane));
    }

    /// <summary>Copies this frame's samples into <paramref name="destination"/> (same geometry).</summary>
    public void CopyTo(YuvFrame destination)
    {
        if (destination.Geometry != Geometry)
        {
            throw new ArgumentException($"geometry {destination.Geometry} differs from {Geometry}", nameof(destination));
        }

        Data.CopyTo(destination.Data);
        destination.Index = Index;
    }

    public void Dispose()
    {
        // A second Dispose must not hand the same buffer out twice.
        if (Interlocked.Exchange(ref _returned, 1) == 0)
        {
            _pool?.Return(_buffer);
        }
    }
}
