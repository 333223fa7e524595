using VmafRoi.Yuv;

namespace VmafRoi.Saliency;

/// <summary>
/// A frame brought down to the sizes vmafroi_v2 works at, made once per frame: the <b>working</b> image (box-averaged
/// by an integer factor so its longer side is at most <see cref="V2Design.WorkingSide"/>; RGB in [0,1] and luma), for
/// the face detector, and the <b>map</b> grid (the working image box-averaged again, longer side at most
/// <see cref="V2Design.MapSide"/>), on which every cue map is made and combined before one upsample to the frame.
/// Buffers are made once per frame size.
/// </summary>
internal sealed class WorkingFrame
{
    private readonly float[] _accumulator;
    private readonly float[] _chromaU;
    private readonly float[] _chromaV;
    private readonly float[] _rowU;
    private readonly float[] _rowV;
    private readonly float[] _rowY;

    public WorkingFrame(int width, int height)
    {
        SourceWidth = width;
        SourceHeight = height;
        Factor = Math.Max(1, (Math.Max(width, height) + V2Design.WorkingSide - 1) / V2Design.WorkingSide);
        Width = PlaneResampling.Reduced(width, Factor);
        Height = PlaneResampling.Reduced(height, Factor);
        MapFactor = Math.Max(1, (Math.Max(Width, Height) + V2Design.MapSide - 1) / V2Design.MapSide);
        MapWidth = PlaneResampling.Reduced(Width, MapFactor);
        MapHeight = PlaneResampling.Reduced(Height, MapFactor);
        Rgb = new float[3 * Width * Height];
        Luma = new float[Width * Height];
        MapRgb = new float[3 * MapWidth * MapHeight];
        MapLuma = new float[MapWidth * MapHeight];
        _accumulator = new float[Math.Max(width, 16) * 2];
        _chromaU = new float[width];
        _chromaV = new float[width];
        _rowU = new float[Width];
        _rowV = new float[Width];
        _rowY = new float[Width * Height];
    }

    public int SourceWidth { get; }

    public int SourceHeight { get; }

    /// <summary>Frame pixels per working pixel, per axis.</summary>
    public int Factor { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Working pixels per map pixel, per axis.</summary>
    public int MapFactor { get; }

    public int MapWidth { get; }

    public int MapHeight { get; }

    /// <summary>Working RGB, planar, in [0,1].</summary>
    public float[] Rgb { get; }

    /// <summary>Working luma in [0,1] (BT.601 weights of the RGB above).</summary>
    public float[] Luma { get; }

    /// <summary>Map-grid RGB, planar, in [0,1].</summary>
    public float[] MapRgb { get; }

    /// <summary>Map-grid luma in [0,1].</summary>
    public float[] MapLuma { get; }

    /// <summary>Loads a YUV frame: planes box-averaged at native depth, then the SDK's one YUV→RGB conversion per working row.</summary>
    public void Load(YuvFrame frame, YuvToRgbConversion conversion)
    {
        FrameGeometry geometry = frame.Geometry;
        YuvFormat format = geometry.Format;
        int width = geometry.Width;
        int height = geometry.Height;
        if (format.BytesPerSample == 1)
        {
            PlaneResampling.Downsample(frame.Plane8(0), width, height, Factor, _rowY, _accumulator);
        }
        else
        {
            PlaneResampling.Downsample(frame.Plane16(0), width, height, Factor, _rowY, _accumulator);
        }

        YuvToRgbCoefficients k = YuvToRgb.Coefficients(conversion, format.BitDepth, RgbNormalization.Unit);
        int plane = Width * Height;
        int shiftX = format.Chroma is ChromaFormat.Yuv420 or ChromaFormat.Yuv422 ? 1 : 0;
        int shiftY = format.Chroma == ChromaFormat.Yuv420 ? 1 : 0;
        PlaneSize chroma = geometry.ChromaPlane;
        if (format.Chroma == ChromaFormat.Gray)
        {
            _rowU.AsSpan().Fill(k.ChromaOffset);
            _rowV.AsSpan().Fill(k.ChromaOffset);
        }

        for (int oy = 0; oy < Height; oy++)
        {
            if (format.Chroma != ChromaFormat.Gray)
            {
                // The chroma samples under this row of working pixels, averaged: nearest-neighbour when the factor is 1.
                int c0 = (oy * Factor) >> shiftY;
                int c1 = (Math.Min(height, (oy + 1) * Factor) - 1) >> shiftY;
                Span<float> sumU = _chromaU.AsSpan(0, chroma.Width);
                Span<float> sumV = _chromaV.AsSpan(0, chroma.Width);
                sumU.Clear();
                sumV.Clear();
                for (int cy = c0; cy <= c1; cy++)
                {
                    if (format.BytesPerSample == 1)
                    {
                        PlaneResampling.Accumulate(frame.Plane8(1).Slice(cy * chroma.Width, chroma.Width), sumU, VectorPath.Auto);
                        PlaneResampling.Accumulate(frame.Plane8(2).Slice(cy * chroma.Width, chroma.Width), sumV, VectorPath.Auto);
                    }
                    else
                    {
                        PlaneResampling.Accumulate(frame.Plane16(1).Slice(cy * chroma.Width, chroma.Width), sumU, VectorPath.Auto);
                        PlaneResampling.Accumulate(frame.Plane16(2).Slice(cy * chroma.Width, chroma.Width), sumV, VectorPath.Auto);
                    }
                }

                int rows = c1 - c0 + 1;
                for (int ox = 0; ox < Width; ox++)
                {
                    int x0 = (ox * Factor) >> shiftX;
                    int x1 = (Math.Min(width, (ox + 1) * Factor) - 1) >> shiftX;
                    float u = 0;
                    float v = 0;
                    for (int cx = x0; cx <= x1; cx++)
                    {
                        u += sumU[cx];
                        v += sumV[cx];
                    }

                    float count = rows * (x1 - x0 + 1);
                    _rowU[ox] = u / count;
                    _rowV[ox] = v / count;
                }
            }

            int offset = oy * Width;
            YuvToRgbKernel.Row(
                _rowY.AsSpan(offset, Width),
                _rowU,
                _rowV,
                Rgb.AsSpan(offset, Width),
                Rgb.AsSpan(plane + offset, Width),
                Rgb.AsSpan((2 * plane) + offset, Width),
                k);
        }

        Finish();
    }

    /// <summary>Loads planar RGB in [0,1] of the frame's size (R plane, G plane, B plane).</summary>
    public void LoadRgb(ReadOnlySpan<float> rgb)
    {
        int source = SourceWidth * SourceHeight;
        int plane = Width * Height;
        for (int c = 0; c < 3; c++)
        {
            PlaneResampling.Downsample(rgb.Slice(c * source, source), SourceWidth, SourceHeight, Factor, Rgb.AsSpan(c * plane, plane), _accumulator);
        }

        Span<float> all = Rgb.AsSpan(0, 3 * plane);
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = Math.Clamp(all[i], 0f, 1f);
        }

        Finish();
    }

    // Luma from the working RGB, then both down to the map grid.
    private void Finish()
    {
        int plane = Width * Height;
        ReadOnlySpan<float> r = Rgb.AsSpan(0, plane);
        ReadOnlySpan<float> g = Rgb.AsSpan(plane, plane);
        ReadOnlySpan<float> b = Rgb.AsSpan(2 * plane, plane);
        for (int i = 0; i < plane; i++)
        {
            Luma[i] = (0.299f * r[i]) + (0.587f * g[i]) + (0.114f * b[i]);
        }

        int map = MapWidth * MapHeight;
        for (int c = 0; c < 3; c++)
        {
            PlaneResampling.Downsample(Rgb.AsSpan(c * plane, plane), Width, Height, MapFactor, MapRgb.AsSpan(c * map, map), _accumulator);
        }

        PlaneResampling.Downsample(Luma, Width, Height, MapFactor, MapLuma, _accumulator);
    }
}
