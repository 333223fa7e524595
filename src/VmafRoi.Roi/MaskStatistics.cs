using VmafRoi.Yuv;

namespace VmafRoi.Roi;

/// <summary>A clip's mean saliency mask at reduced resolution (block averages), row-major values in [0, 1].</summary>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="Values">Width × Height means.</param>
public sealed record ClipMask(int Width, int Height, float[] Values);

/// <summary>
/// What a scoring run keeps of the masks it used: each frame's mean, and the running mean of the masks over the clip at a
/// reduced resolution (blocks of a whole number of pixels, at most <see cref="MaxSide"/> per side), so memory stays flat
/// in clip length apart from one number per frame.
/// </summary>
public sealed class MaskStatistics
{
    /// <summary>The largest side of the kept clip mask.</summary>
    public const int MaxSide = 256;

    private readonly int _width;
    private readonly int _height;
    private readonly int _block;
    private readonly double[] _sums;
    private readonly int[] _counts;
    private readonly List<double> _means = [];

    public MaskStatistics(FrameGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        _width = geometry.Width;
        _height = geometry.Height;
        _block = Math.Max(1, (int)Math.Ceiling(Math.Max(_width, _height) / (double)MaxSide));
        ClipWidth = (_width + _block - 1) / _block;
        ClipHeight = (_height + _block - 1) / _block;
        _sums = new double[ClipWidth * ClipHeight];
        _counts = new int[_sums.Length];
        for (int y = 0; y < _height; y++)
        {
            for (int x = 0; x < _width; x++)
            {
                _counts[((y / _block) * ClipWidth) + (x / _block)]++;
            }
        }
    }

    public int ClipWidth { get; }

    public int ClipHeight { get; }

    /// <summary>Each added frame's mean mask value, in order.</summary>
    public IReadOnlyList<double> FrameMeans => _means;

    /// <summary>Adds one frame's mask (luma size, values in [0, 1]); returns its mean.</summary>
    public double Add(ReadOnlySpan<float> mask)
    {
        double total = 0;
        for (int y = 0; y < _height; y++)
        {
            ReadOnlySpan<float> row = mask.Slice(y * _width, _width);
            int clipRow = (y / _block) * ClipWidth;
            double rowTotal = 0;
            for (int x0 = 0; x0 < _width; x0 += _block)
            {
                double block = Sum(row.Slice(x0, Math.Min(_block, _width - x0)));
                _sums[clipRow + (x0 / _block)] += block;
                rowTotal += block;
            }

            total += rowTotal;
        }

        double mean = total / ((double)_width * _height);
        _means.Add(mean);
        return mean;
    }

    private static double Sum(ReadOnlySpan<float> values)
    {
        int i = 0;
        double total = 0;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated && values.Length >= 8)
        {
            var acc = System.Runtime.Intrinsics.Vector256<float>.Zero;
            for (; i <= values.Length - 8; i += 8)
            {
                acc += System.Runtime.Intrinsics.Vector256.Create(values.Slice(i, 8));
            }

            total = System.Runtime.Intrinsics.Vector256.Sum(acc);
        }

        for (; i < values.Length; i++)
        {
            total += values[i];
        }

        return total;
    }

    /// <summary>The mean mask over every added frame (zeros when none was added).</summary>
    public ClipMask ClipMask()
    {
        var values = new float[_sums.Length];
        int frames = Math.Max(1, _means.Count);
        for (int p = 0; p < values.Length; p++)
        {
            values[p] = (float)(_sums[p] / _counts[p] / frames);
        }

        return new ClipMask(ClipWidth, ClipHeight, values);
    }
}
