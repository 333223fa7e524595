using VmafRoi.Yuv;

namespace VmafRoi.Blend;

/// <summary>
/// Blends whole frames of one geometry: luma with the given alpha, chroma with the alpha resized by the
/// nearest-neighbour index rule. Index maps and the chroma alpha buffer are built once and reused.
/// </summary>
public sealed class FrameBlender
{
    private readonly int[] _columns;
    private readonly int[] _rows;
    private readonly float[] _chromaAlpha;

    public FrameBlender(FrameGeometry geometry, VectorWidth width = VectorWidth.Auto)
    {
        Geometry = geometry;
        Width = width;
        PlaneSize chroma = geometry.ChromaPlane;
        _columns = chroma.Width > 0 ? ChromaAlpha.IndexMap(geometry.Width, chroma.Width) : [];
        _rows = chroma.Height > 0 ? ChromaAlpha.IndexMap(geometry.Height, chroma.Height) : [];
        _chromaAlpha = new float[chroma.Samples];
    }

    public FrameGeometry Geometry { get; }

    public VectorWidth Width { get; }

    /// <summary>Writes the blend of <paramref name="reference"/> and <paramref name="distorted"/> into <paramref name="destination"/>.</summary>
    /// <param name="reference">The reference frame.</param>
    /// <param name="distorted">The distorted frame.</param>
    /// <param name="lumaAlpha">Width × height weights: 1 keeps the distorted pixel, 0 takes the reference pixel.</param>
    /// <param name="destination">The output frame (may be <paramref name="distorted"/> itself).</param>
    public void Blend(YuvFrame reference, YuvFrame distorted, ReadOnlySpan<float> lumaAlpha, YuvFrame destination)
    {
        Check(reference, nameof(reference));
        Check(distorted, nameof(distorted));
        Check(destination, nameof(destination));
        if (lumaAlpha.Length != Geometry.Luma.Samples)
        {
            throw new ArgumentException($"alpha has {lumaAlpha.Length} values; a {Geometry} luma plane has {Geometry.Luma.Samples}", nameof(lumaAlpha));
        }

        if (Geometry.PlaneCount > 1)
        {
            ChromaAlpha.Resample(lumaAlpha, Geometry.Width, _columns, _rows, _chromaAlpha, Width);
        }

        for (int plane = 0; plane < Geometry.PlaneCount; plane++)
        {
            ReadOnlySpan<float> alpha = plane == 0 ? lumaAlpha : _chromaAlpha;
            if (Geometry.Format.BytesPerSample == 1)
            {
                MaskBlender.Blend(reference.Plane8(plane), distorted.Plane8(plane), alpha, destination.Plane8(plane), Width);
            }
            else
            {
                MaskBlender.Blend(reference.Plane16(plane), distorted.Plane16(plane), alpha, destination.Plane16(plane), Geometry.Format.BitDepth, Width);
            }
        }

        destination.Index = distorted.Index;
    }

    private void Check(YuvFrame frame, string name)
    {
        if (frame.Geometry != Geometry)
        {
            throw new ArgumentException($"{name} is {frame.Geometry}; the blender is for {Geometry}", name);
        }
    }
}
