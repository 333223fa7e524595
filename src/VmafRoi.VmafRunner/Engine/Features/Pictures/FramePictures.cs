using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine.Features.Pictures;

/// <summary>
/// Both pictures of one frame pair with every plane, as the Yuv library holds a frame (planes back to back, rows packed,
/// chroma ceil-sized); extractors that read chroma or need the chroma layout take their planes from here.
/// </summary>
internal readonly ref struct FramePictures
{
    public FramePictures(FrameGeometry geometry, ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted)
    {
        if (reference.Length < geometry.FrameBytes || distorted.Length < geometry.FrameBytes)
        {
            throw new InvalidOperationException($"an extractor that reads whole pictures needs {geometry.FrameBytes}-byte frames; the caller supplied luma only");
        }

        Geometry = geometry;
        Reference = reference[..geometry.FrameBytes];
        Distorted = distorted[..geometry.FrameBytes];
    }

    public FrameGeometry Geometry { get; }

    public ReadOnlySpan<byte> Reference { get; }

    public ReadOnlySpan<byte> Distorted { get; }

    /// <summary>The raw bytes of plane <paramref name="plane"/> (0 = Y, 1 = Cb, 2 = Cr) of a picture of this pair.</summary>
    public ReadOnlySpan<byte> Plane(ReadOnlySpan<byte> picture, int plane)
    {
        int bps = Geometry.Format.BytesPerSample;
        return picture.Slice(Geometry.PlaneOffset(plane) * bps, Geometry.Plane(plane).Samples * bps);
    }

    /// <summary>Row stride of plane <paramref name="plane"/> in samples (rows are packed).</summary>
    public int Stride(int plane) => Geometry.Plane(plane).Width;
}
