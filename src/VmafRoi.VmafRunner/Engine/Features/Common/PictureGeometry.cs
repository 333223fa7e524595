using VmafRoi.Contracts;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine.Features.Common;

/// <summary>
/// A picture as libvmaf 3.2.0 lays it out for its extractors: luma size, bit depth and chroma layout, with chroma planes
/// of <b>floor</b> size (<c>W &gt;&gt; ssx</c>, <c>H &gt;&gt; ssy</c>); for odd sizes the last chroma column/row of a
/// ceil-sized file plane is not part of the picture.
/// </summary>
public readonly record struct PictureGeometry
{
    /// <exception cref="InvalidInputException">Width or height is below 1.</exception>
    public PictureGeometry(int width, int height, int bitDepth, ChromaFormat chroma)
    {
        if (width < 1 || height < 1)
        {
            throw new InvalidInputException($"picture size {width}x{height} is not valid: width and height must be at least 1");
        }

        if (bitDepth is < 8 or > 16)
        {
            throw new UnsupportedFormatException($"{bitDepth}-bit samples are not supported: bit depth must be 8 to 16");
        }

        Width = width;
        Height = height;
        BitDepth = bitDepth;
        Chroma = chroma;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Bits per sample; samples are bytes at 8 bits and little-endian 16-bit words above.</summary>
    public int BitDepth { get; }

    public ChromaFormat Chroma { get; }

    public int BytesPerSample => BitDepth > 8 ? 2 : 1;

    /// <summary>1 when chroma is halved horizontally (4:2:0, 4:2:2).</summary>
    public int ChromaShiftX => Chroma is ChromaFormat.Yuv420 or ChromaFormat.Yuv422 ? 1 : 0;

    /// <summary>1 when chroma is halved vertically (4:2:0).</summary>
    public int ChromaShiftY => Chroma == ChromaFormat.Yuv420 ? 1 : 0;

    public int PlaneCount => Chroma == ChromaFormat.Gray ? 1 : 3;

    /// <summary>libvmaf's chroma plane width (floor); 0 for 4:0:0.</summary>
    public int ChromaWidth => Chroma == ChromaFormat.Gray ? 0 : Width >> ChromaShiftX;

    /// <summary>libvmaf's chroma plane height (floor); 0 for 4:0:0.</summary>
    public int ChromaHeight => Chroma == ChromaFormat.Gray ? 0 : Height >> ChromaShiftY;

    /// <summary>The geometry of a frame of the Yuv library (whose chroma planes are ceil-sized; the picture uses floor).</summary>
    public static PictureGeometry From(FrameGeometry frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new PictureGeometry(frame.Width, frame.Height, frame.Format.BitDepth, frame.Format.Chroma);
    }

    public int PlaneWidth(int plane) => plane == 0 ? Width : ChromaWidth;

    public int PlaneHeight(int plane) => plane == 0 ? Height : ChromaHeight;

    /// <summary>libvmaf's picture allocator pads every row to a multiple of 32 samples (CIEDE's 4:2:2 path reads the padding).</summary>
    public int LibvmafStride(int plane) => (PlaneWidth(plane) + 31) & ~31;

    public override string ToString() => $"{Width}x{Height} {Chroma} {BitDepth}-bit";

    /// <summary>libvmaf's CLI and float conversion take 8, 10, 12 or 16 bits only.</summary>
    /// <exception cref="UnsupportedFormatException">Any other bit depth.</exception>
    internal void RequireLibvmafBitDepth(string extractor)
    {
        if (BitDepth is not (8 or 10 or 12 or 16))
        {
            throw new UnsupportedFormatException(
                $"{extractor}: {BitDepth}-bit input is not supported; libvmaf takes 8, 10, 12 or 16 bits per sample");
        }
    }

    /// <summary>Extractors that read colour refuse 4:0:0, as libvmaf's init does.</summary>
    /// <exception cref="UnsupportedFormatException">The picture has no chroma planes.</exception>
    internal void RequireChroma(string extractor)
    {
        if (Chroma == ChromaFormat.Gray)
        {
            throw new UnsupportedFormatException($"{extractor}: 4:0:0 (gray) input is not supported; the feature needs chroma planes (4:2:0, 4:2:2 or 4:4:4)");
        }
    }
}
