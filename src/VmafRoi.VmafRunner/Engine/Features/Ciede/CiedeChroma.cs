using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine.Features.Ciede;

/// <summary>How CIEDE brings subsampled chroma to full size.</summary>
public enum CiedeChromaUpsampling
{
    /// <summary>libvmaf 3.2.0's copy, defect included (4:2:2 reads the wrong rows): the values libvmaf prints.</summary>
    Libvmaf,

    /// <summary>A correct nearest-neighbour copy: source row <c>i &gt;&gt; ssy</c>, column <c>j &gt;&gt; ssx</c>.</summary>
    Nearest,
}

/// <summary>
/// libvmaf 3.2.0's chroma upsampling for CIEDE (<c>scale_chroma_planes</c>), reproduced on purpose: output row i reads
/// source row <c>i &gt;&gt; 1</c> for 4:2:0 <b>and</b> 4:2:2, and column j reads source column <c>j &gt;&gt; 1</c> for
/// 4:2:0 but <c>j</c> for 4:2:2, addressing the plane as libvmaf stores it (rows padded with zeros to a multiple of 32
/// samples). So a 4:2:2 row's right half reads the padding and then the next source row. Not a correct upsampling; it is
/// what libvmaf scores (s12: 46.435861 where a correct one gives 46.421913). 4:4:4 planes are read as they are.
/// </summary>
internal sealed class CiedeChroma
{
    private readonly PictureGeometry _geometry;
    private readonly int _rowShift;

    // Per output column: the source row offset (0, or 1+ past the stride) and column, or −1 for a padding zero.
    private readonly int[] _rowOffset;
    private readonly int[] _column;

    public CiedeChroma(PictureGeometry geometry, CiedeChromaUpsampling upsampling)
    {
        _geometry = geometry;
        int w = geometry.Width;
        _rowOffset = new int[w];
        _column = new int[w];
        if (geometry.Chroma == ChromaFormat.Yuv444 || upsampling == CiedeChromaUpsampling.Nearest)
        {
            _rowShift = geometry.ChromaShiftY;
            for (int j = 0; j < w; j++)
            {
                // An odd width's last column has no floor-sized source: the last one repeats.
                _column[j] = Math.Min(j >> geometry.ChromaShiftX, geometry.ChromaWidth - 1);
            }

            return;
        }

        _rowShift = 1;

        int stride = geometry.LibvmafStride(1), cw = geometry.ChromaWidth;
        for (int j = 0; j < w; j++)
        {
            int flat = geometry.Chroma == ChromaFormat.Yuv420 ? j >> 1 : j;
            _rowOffset[j] = flat / stride;
            int column = flat % stride;
            _column[j] = column < cw ? column : -1;
        }
    }

    /// <summary>Writes output row <paramref name="row"/> of chroma plane <paramref name="plane"/> as floats (exact integers).</summary>
    /// <remarks>
    /// A source row past the plane (only odd heights, where libvmaf reads the next plane's memory) is taken from the
    /// caller's span when it holds one (a ceil-sized plane), else the last row repeats.
    /// </remarks>
    public void Row(in PictureView picture, int plane, int row, Span<float> output)
    {
        int baseRow = row >> _rowShift;
        int available = picture.RowsAvailable(plane);
        int stride = picture.Stride(plane);
        bool wide = _geometry.BitDepth > 8;
        ReadOnlySpan<byte> bytes = picture.Plane(plane);
        ReadOnlySpan<ushort> words = wide ? picture.Words(plane) : default;
        for (int j = 0; j < output.Length; j++)
        {
            int column = _column[j];
            if (column < 0)
            {
                output[j] = 0;
                continue;
            }

            int r = Math.Min(baseRow + _rowOffset[j], available - 1);
            int index = (r * stride) + column;
            output[j] = wide ? words[index] : bytes[index];
        }
    }
}
