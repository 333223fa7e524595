using VmafRoi.Contracts;

namespace VmafRoi.Yuv;

/// <summary>Width and height of one plane, in samples.</summary>
public readonly record struct PlaneSize(int Width, int Height)
{
    public int Samples => Width * Height;

    public override string ToString() => $"{Width}x{Height}";
}

/// <summary>Frame size plus pixel format: everything needed to lay out one raw frame.</summary>
public sealed record FrameGeometry
{
    /// <summary>The most luma samples a frame may have: every plane of a 16-bit 4:4:4 frame still fits in one array.</summary>
    public const int MaxLumaSamples = int.MaxValue / 8;

    public FrameGeometry(int width, int height, YuvFormat format)
        : this(width, height, format, null)
    {
    }

    /// <param name="width">Luma width.</param>
    /// <param name="height">Luma height.</param>
    /// <param name="format">Pixel format.</param>
    /// <param name="source">The file the size came from, named in the error when it is not valid.</param>
    public FrameGeometry(int width, int height, YuvFormat format, string? source)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (width <= 0 || height <= 0 || (long)width * height > MaxLumaSamples)
        {
            throw new InvalidInputException(
                $"{(source is null ? string.Empty : $"'{source}': ")}frame size {width}x{height} is not valid: width and height must be at least 1 and width x height at most {MaxLumaSamples} samples (e.g. 16384x16384)",
                source);
        }

        Width = width;
        Height = height;
        Format = format;
        Luma = new PlaneSize(width, height);
        ChromaPlane = format.Chroma switch
        {
            ChromaFormat.Gray => new PlaneSize(0, 0),
            ChromaFormat.Yuv420 => new PlaneSize((width + 1) / 2, (height + 1) / 2),
            ChromaFormat.Yuv422 => new PlaneSize((width + 1) / 2, height),
            _ => new PlaneSize(width, height),
        };
        FrameSamples = Luma.Samples + (2 * ChromaPlane.Samples);
        FrameBytes = FrameSamples * format.BytesPerSample;
    }

    public int Width { get; }

    public int Height { get; }

    public YuvFormat Format { get; }

    public PlaneSize Luma { get; }

    /// <summary>Size of each chroma plane (rounded up), or 0×0 for gray formats.</summary>
    public PlaneSize ChromaPlane { get; }

    public int PlaneCount => Format.PlaneCount;

    /// <summary>Samples in one frame, all planes.</summary>
    public int FrameSamples { get; }

    /// <summary>Bytes in one raw frame, all planes.</summary>
    public int FrameBytes { get; }

    public PlaneSize Plane(int plane) => plane switch
    {
        0 => Luma,
        1 or 2 when Format.Chroma != ChromaFormat.Gray => ChromaPlane,
        _ => throw new ArgumentOutOfRangeException(nameof(plane)),
    };

    /// <summary>Offset of a plane in samples from the start of the frame.</summary>
    public int PlaneOffset(int plane) => plane switch
    {
        0 => 0,
        1 => Luma.Samples,
        2 => Luma.Samples + ChromaPlane.Samples,
        _ => throw new ArgumentOutOfRangeException(nameof(plane)),
    };

    public override string ToString() => $"{Width}x{Height} {Format.Name}";
}
