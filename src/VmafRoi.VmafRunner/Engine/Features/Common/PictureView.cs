using System.Runtime.InteropServices;

namespace VmafRoi.VmafRunner.Engine.Features.Common;

/// <summary>
/// The planes of one picture (Y, then Cb and Cr unless 4:0:0), each a span of samples with a row stride in samples.
/// Samples are bytes at 8 bits and little-endian 16-bit words above (as the Yuv library reads them). Only the floor-sized
/// region of <see cref="PictureGeometry"/> is read, except where a kernel documents otherwise.
/// </summary>
public readonly ref struct PictureView
{
    private readonly ReadOnlySpan<byte> _y;
    private readonly ReadOnlySpan<byte> _u;
    private readonly ReadOnlySpan<byte> _v;

    /// <param name="geometry">The picture's geometry.</param>
    /// <param name="y">Luma samples (bytes; two per sample above 8 bits).</param>
    /// <param name="lumaStride">Luma row stride in samples.</param>
    /// <param name="u">Cb samples (empty for 4:0:0).</param>
    /// <param name="v">Cr samples (empty for 4:0:0).</param>
    /// <param name="chromaStride">Chroma row stride in samples.</param>
    /// <exception cref="ArgumentException">A stride is shorter than its plane's width, or a span is too short for its plane.</exception>
    public PictureView(PictureGeometry geometry, ReadOnlySpan<byte> y, int lumaStride, ReadOnlySpan<byte> u, ReadOnlySpan<byte> v, int chromaStride)
    {
        Geometry = geometry;
        _y = y;
        _u = u;
        _v = v;
        LumaStride = lumaStride;
        ChromaStride = chromaStride;
        for (int p = 0; p < geometry.PlaneCount; p++)
        {
            int width = geometry.PlaneWidth(p), height = geometry.PlaneHeight(p), stride = Stride(p);
            long needed = height == 0 ? 0 : (((long)(height - 1) * stride) + width) * geometry.BytesPerSample;
            if (stride < width)
            {
                throw new ArgumentException($"plane {p}: stride {stride} is shorter than the plane width {width}");
            }

            if (Plane(p).Length < needed)
            {
                throw new ArgumentException($"plane {p}: {Plane(p).Length} bytes given, a {width}x{height} plane at stride {stride} needs {needed}");
            }
        }
    }

    public PictureGeometry Geometry { get; }

    /// <summary>Luma row stride in samples.</summary>
    public int LumaStride { get; }

    /// <summary>Chroma row stride in samples.</summary>
    public int ChromaStride { get; }

    /// <summary>A picture whose planes are 16-bit sample spans (bit depths above 8).</summary>
    public static PictureView FromWords(PictureGeometry geometry, ReadOnlySpan<ushort> y, int lumaStride, ReadOnlySpan<ushort> u, ReadOnlySpan<ushort> v, int chromaStride)
    {
        if (geometry.BitDepth == 8)
        {
            throw new ArgumentException("16-bit sample spans need a bit depth above 8", nameof(geometry));
        }

        return new PictureView(geometry, MemoryMarshal.AsBytes(y), lumaStride, MemoryMarshal.AsBytes(u), MemoryMarshal.AsBytes(v), chromaStride);
    }

    /// <summary>
    /// A raw frame as the Yuv library reads it: planes back to back, rows packed, chroma planes ceil-sized
    /// (<c>(W + ssx) &gt;&gt; ssx</c>), so odd sizes keep their last chroma column and row (which libvmaf drops).
    /// </summary>
    public static PictureView FromPackedFrame(PictureGeometry geometry, ReadOnlySpan<byte> frame)
    {
        int bps = geometry.BytesPerSample;
        int lumaBytes = geometry.Width * geometry.Height * bps;
        if (geometry.PlaneCount == 1)
        {
            return new PictureView(geometry, frame[..lumaBytes], geometry.Width, [], [], 0);
        }

        int cw = (geometry.Width + geometry.ChromaShiftX) >> geometry.ChromaShiftX;
        int ch = (geometry.Height + geometry.ChromaShiftY) >> geometry.ChromaShiftY;
        int chromaBytes = cw * ch * bps;
        return new PictureView(
            geometry,
            frame[..lumaBytes],
            geometry.Width,
            frame.Slice(lumaBytes, chromaBytes),
            frame.Slice(lumaBytes + chromaBytes, chromaBytes),
            cw);
    }

    /// <summary>The bytes of plane <paramref name="plane"/> (0 = Y, 1 = Cb, 2 = Cr).</summary>
    public ReadOnlySpan<byte> Plane(int plane) => plane switch
    {
        0 => _y,
        1 => _u,
        _ => _v,
    };

    /// <summary>Row stride of a plane, in samples.</summary>
    public int Stride(int plane) => plane == 0 ? LumaStride : ChromaStride;

    /// <summary>How many whole rows of the plane the span holds (at least the plane's height; more for ceil-sized planes).</summary>
    public int RowsAvailable(int plane)
    {
        int width = Geometry.PlaneWidth(plane), stride = Stride(plane), bytes = Plane(plane).Length / Geometry.BytesPerSample;
        return stride == 0 || bytes < width ? 0 : ((bytes - width) / stride) + 1;
    }

    /// <summary>One row of an 8-bit plane (the plane's floor width).</summary>
    public ReadOnlySpan<byte> Row8(int plane, int row) =>
        Plane(plane).Slice(row * Stride(plane), Geometry.PlaneWidth(plane));

    /// <summary>One row of a 16-bit plane (the plane's floor width).</summary>
    public ReadOnlySpan<ushort> Row16(int plane, int row) =>
        MemoryMarshal.Cast<byte, ushort>(Plane(plane).Slice(row * Stride(plane) * 2, Geometry.PlaneWidth(plane) * 2));

    /// <summary>Checks that this picture has the geometry an instance was made for.</summary>
    /// <exception cref="ArgumentException">The geometries differ.</exception>
    internal void Require(PictureGeometry geometry, string extractor)
    {
        if (Geometry != geometry)
        {
            throw new ArgumentException($"{extractor}: picture is {Geometry}, the instance was made for {geometry}");
        }
    }

    /// <summary>Plane <paramref name="plane"/> as 16-bit samples (whole span).</summary>
    public ReadOnlySpan<ushort> Words(int plane) => MemoryMarshal.Cast<byte, ushort>(Plane(plane));
}
