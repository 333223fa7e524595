using System.Runtime.CompilerServices;

namespace VmafRoi.VmafRunner.Engine.Features.Cambi;

/// <summary>
/// The c-value of every masked pixel of one scale (05-cambi.md C.3), with libvmaf's sliding per-column histograms:
/// <c>hist[v][col]</c> counts masked pixels of value v in the window centred on (current row, col). Only values in the
/// band that some c-value can read are counted (libvmaf's band, provably the same results).
/// </summary>
internal sealed class CambiCValues
{
    private readonly int _diffs;
    private readonly int[] _tviShifted;
    private readonly int _visibilityLuma;
    private readonly int[] _weights;
    private readonly float[] _reciprocal = CambiTables.Reciprocal;
    private readonly uint[] _steps;

    /// <summary>Largest 10-bit working value: 12- and 16-bit input round up to 1024.</summary>
    private const int MaxSample = 1024;

    /// <param name="maxLogContrast">The <c>max_log_contrast</c> option: 2^this contrast steps.</param>
    /// <param name="tvi">Per contrast step d, the highest visible code (<see cref="CambiLuminance.TviForDiff"/>).</param>
    /// <param name="visibilityLuma">The dark cut-off code (<see cref="CambiLuminance.VisibilityLuma"/>).</param>
    public CambiCValues(int maxLogContrast, ReadOnlySpan<int> tvi, int visibilityLuma)
    {
        _diffs = 1 << maxLogContrast;
        _tviShifted = new int[_diffs];
        _weights = new int[_diffs];
        for (int d = 0; d < _diffs; d++)
        {
            _tviShifted[d] = tvi[d] + _diffs;
            _weights[d] = CambiTables.ContrastWeights[d];
        }

        _visibilityLuma = visibilityLuma;

        // Per sample value v, the contrast steps d libvmaf tests (v + diffs <= tvi[d] + diffs and v + diffs + d + 1 > vlt),
        // as a bit set: the pixel loop then visits only those.
        _steps = new uint[MaxSample + 1];
        for (int v = 0; v <= MaxSample; v++)
        {
            for (int d = 0; d < _diffs; d++)
            {
                if (v + _diffs <= _tviShifted[d] && v + _diffs + d + 1 > _visibilityLuma)
                {
                    _steps[v] |= 1u << d;
                }
            }
        }

        int low = visibilityLuma - (3 * _diffs) + 1;
        BandBase = low > 0 ? low : 0;
        BandSize = _tviShifted[_diffs - 1] + 1 - BandBase;
    }

    /// <summary>The lowest sample value counted.</summary>
    public int BandBase { get; }

    /// <summary>How many values are counted (rows of the histogram).</summary>
    public int BandSize { get; }

    /// <summary>
    /// Computes the c-values of a <paramref name="width"/> x <paramref name="height"/> scale into
    /// <paramref name="cValues"/> (row-major, <paramref name="width"/> per row; unmasked pixels 0).
    /// </summary>
    /// <param name="img">The mode-filtered scale (stride <paramref name="stride"/>).</param>
    /// <param name="mask">The decimated mask (same layout).</param>
    /// <param name="stride">Row stride of the image and mask buffers.</param>
    /// <param name="width">Scale width.</param>
    /// <param name="height">Scale height; at least the half-window (the caller refuses smaller).</param>
    /// <param name="pad">Half-window: <c>window_size >> 1</c>.</param>
    /// <param name="cValues">Output, at least <c>width * height</c>.</param>
    /// <param name="histograms">Scratch, at least <c>BandSize * width</c>.</param>
    public void Compute(ReadOnlySpan<ushort> img, ReadOnlySpan<byte> mask, int stride, int width, int height, int pad, Span<float> cValues, Span<ushort> histograms)
    {
        cValues[..(width * height)].Clear();
        histograms = histograms[..(BandSize * width)];
        histograms.Clear();

        // libvmaf visits columns [0, max(width, pad)) when it builds rows; past the scale's width it reads what earlier,
        // larger scales left in the buffers, and so do we.
        int columns = Math.Max(width, pad);
        for (int r = 0; r < pad; r++)
        {
            AddRow(img, mask, stride, r, width, columns, pad, histograms, +1);
        }

        for (int i = 0; i < height; i++)
        {
            int leaving = i - pad - 1;
            int entering = i + pad;
            if (leaving >= 0 && entering < height)
            {
                SlideRow(img, mask, stride, leaving, entering, width, columns, pad, histograms);
            }
            else if (entering < height)
            {
                AddRow(img, mask, stride, entering, width, columns, pad, histograms, +1);
            }
            else if (leaving >= 0)
            {
                AddRow(img, mask, stride, leaving, width, columns, pad, histograms, -1);
            }

            Row(img.Slice(i * stride, width), mask.Slice(i * stride, width), width, histograms, cValues.Slice(i * width, width));
        }
    }

    private unsafe void Row(ReadOnlySpan<ushort> img, ReadOnlySpan<byte> mask, int width, ReadOnlySpan<ushort> histograms, Span<float> cValues)
    {
        int bandBase = BandBase;
        uint bandSize = (uint)BandSize;
        fixed (ushort* pImg = img)
        fixed (byte* pMask = mask)
        fixed (ushort* pHist = histograms)
        fixed (float* pC = cValues)
        fixed (uint* pSteps = _steps)
        fixed (int* pWeights = _weights)
        fixed (float* pRecip = _reciprocal)
        {
            for (int col = 0; col < width; col++)
            {
                if (pMask[col] == 0)
                {
                    continue;
                }

                int v = pImg[col];
                int compact = v - bandBase;
                if ((uint)compact >= bandSize)
                {
                    continue;
                }

                ushort* cell = pHist + (compact * width) + col;
                int p0 = *cell;
                float c = 0.0f;
                for (uint steps = pSteps[v]; steps != 0; steps &= steps - 1)
                {
                    int d = System.Numerics.BitOperations.TrailingZeroCount(steps);
                    int step = (d + 1) * width;
                    int p1 = cell[step];
                    int p2 = compact - d - 1 >= 0 ? cell[-step] : 0;
                    int p = p1 > p2 ? p1 : p2;
                    float val = (float)(pWeights[d] * p0 * p) * pRecip[p + p0];
                    if (val > c)
                    {
                        c = val;
                    }
                }

                pC[col] = c;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool InBand(int v) => (uint)(v - BandBase) < (uint)BandSize;

    private void AddRow(ReadOnlySpan<ushort> img, ReadOnlySpan<byte> mask, int stride, int r, int width, int columns, int pad, Span<ushort> histograms, int sign)
    {
        int offset = r * stride;
        for (int j = 0; j < columns; j++)
        {
            if (mask[offset + j] == 0)
            {
                continue;
            }

            int v = img[offset + j];
            if (!InBand(v))
            {
                continue;
            }

            Span<ushort> counts = Window(histograms, v, j, width, pad);
            if (sign > 0)
            {
                CambiKernels.Increment(counts);
            }
            else
            {
                CambiKernels.Decrement(counts);
            }
        }
    }

    private void SlideRow(ReadOnlySpan<ushort> img, ReadOnlySpan<byte> mask, int stride, int leaving, int entering, int width, int columns, int pad, Span<ushort> histograms)
    {
        int outOffset = leaving * stride;
        int inOffset = entering * stride;
        for (int j = 0; j < columns; j++)
        {
            bool outCounts = mask[outOffset + j] != 0 && InBand(img[outOffset + j]);
            bool inCounts = mask[inOffset + j] != 0 && InBand(img[inOffset + j]);
            if (outCounts && inCounts && img[outOffset + j] == img[inOffset + j])
            {
                continue;
            }

            if (outCounts)
            {
                CambiKernels.Decrement(Window(histograms, img[outOffset + j], j, width, pad));
            }

            if (inCounts)
            {
                CambiKernels.Increment(Window(histograms, img[inOffset + j], j, width, pad));
            }
        }
    }

    /// <summary>The counts of value <paramref name="v"/> for the columns whose window holds column <paramref name="j"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<ushort> Window(Span<ushort> histograms, int v, int j, int width, int pad)
    {
        int left = Math.Max(j - pad, 0);
        int right = Math.Min(j + pad + 1, width);
        return histograms.Slice(((v - BandBase) * width) + left, right - left);
    }
}
