using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafRoi.VmafRunner.Engine.Features.Cambi;

/// <summary>
/// The c-value of every masked pixel of one scale (05-cambi.md C.3), with libvmaf's sliding per-column histograms:
/// <c>hist[v][col]</c> counts masked pixels of value v in the window centred on (current row, col). Only values in the
/// band that some c-value can read are counted (libvmaf's band, provably the same results).
/// </summary>
/// <remarks>
/// The vector path (AVX2) adds to histogram ranges 16 counts at a time (the last, partial vector adds 0 past the range,
/// hence <see cref="HistogramSlack"/>) and computes runs of 8 masked pixels of one value together: the same integer
/// products, the same int→f32 conversion, the same reciprocal entries (gathered) and the same f32 multiply per lane.
/// </remarks>
internal sealed unsafe class CambiCValues
{
    /// <summary>Extra histogram entries past <c>BandSize · width</c> that the vector path may read and rewrite unchanged.</summary>
    public const int HistogramSlack = 16;

    /// <summary>Largest 10-bit working value: 12- and 16-bit input round up to 1024.</summary>
    private const int MaxSample = 1024;

    private static readonly ushort[] TailMasks =
    [
        0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private readonly int _diffs;
    private readonly int[] _weights;
    private readonly float[] _reciprocal = CambiTables.Reciprocal;
    private readonly uint[] _steps;
    private readonly bool _vector;

    /// <param name="maxLogContrast">The <c>max_log_contrast</c> option: 2^this contrast steps.</param>
    /// <param name="tvi">Per contrast step d, the highest visible code (<see cref="CambiLuminance.TviForDiff"/>).</param>
    /// <param name="visibilityLuma">The dark cut-off code (<see cref="CambiLuminance.VisibilityLuma"/>).</param>
    /// <param name="vector">Use the AVX2 path (callers check <see cref="CambiVectorKernels.IsSupported"/>).</param>
    public CambiCValues(int maxLogContrast, ReadOnlySpan<int> tvi, int visibilityLuma, bool vector)
    {
        _vector = vector;
        _diffs = 1 << maxLogContrast;
        var tviShifted = new int[_diffs];
        _weights = new int[_diffs];
        for (int d = 0; d < _diffs; d++)
        {
            tviShifted[d] = tvi[d] + _diffs;
            _weights[d] = CambiTables.ContrastWeights[d];
        }

        // Per sample value v, the contrast steps d libvmaf tests (v + diffs <= tvi[d] + diffs and v + diffs + d + 1 > vlt),
        // as a bit set: the pixel loop then visits only those.
        _steps = new uint[MaxSample + 1];
        for (int v = 0; v <= MaxSample; v++)
        {
            for (int d = 0; d < _diffs; d++)
            {
                if (v + _diffs <= tviShifted[d] && v + _diffs + d + 1 > visibilityLuma)
                {
                    _steps[v] |= 1u << d;
                }
            }
        }

        int low = visibilityLuma - (3 * _diffs) + 1;
        BandBase = low > 0 ? low : 0;
        BandSize = tviShifted[_diffs - 1] + 1 - BandBase;
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
    /// <param name="histograms">Scratch, at least <c>BandSize * width + HistogramSlack</c>.</param>
    public void Compute(ReadOnlySpan<ushort> img, ReadOnlySpan<byte> mask, int stride, int width, int height, int pad, Span<float> cValues, Span<ushort> histograms)
    {
        cValues[..(width * height)].Clear();
        if (histograms.Length < (BandSize * width) + HistogramSlack)
        {
            throw new ArgumentException("histogram buffer too small", nameof(histograms));
        }

        histograms[..(BandSize * width)].Clear();

        // libvmaf visits columns [0, max(width, pad)) when it builds rows; past the scale's width it reads what earlier,
        // larger scales left in the buffers, and so do we.
        int columns = Math.Max(width, pad);
        fixed (ushort* pImg = img)
        fixed (byte* pMask = mask)
        fixed (ushort* pHist = histograms)
        fixed (float* pC = cValues)
        {
            var rows = new Rows(pImg, pMask, stride, pHist, width, columns, pad, BandBase, (uint)BandSize, _vector);
            for (int r = 0; r < pad; r++)
            {
                rows.Add(r, +1);
            }

            for (int i = 0; i < height; i++)
            {
                int leaving = i - pad - 1;
                int entering = i + pad;
                if (leaving >= 0 && entering < height)
                {
                    rows.Slide(leaving, entering);
                }
                else if (entering < height)
                {
                    rows.Add(entering, +1);
                }
                else if (leaving >= 0)
                {
                    rows.Add(leaving, -1);
                }

                if (_vector)
                {
                    RowVector(pImg + ((long)i * stride), pMask + ((long)i * stride), width, pHist, pC + ((long)i * width));
                }
                else
                {
                    RowScalar(pImg + ((long)i * stride), pMask + ((long)i * stride), 0, width, width, pHist, pC + ((long)i * width));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRange(ushort* counts, int length, int delta, bool vector)
    {
        if (vector)
        {
            Vector256<ushort> step = Vector256.Create((ushort)delta);
            for (; length >= 16; length -= 16, counts += 16)
            {
                Vector256.Store(Vector256.Load(counts) + step, counts);
            }

            if (length > 0)
            {
                fixed (ushort* masks = TailMasks)
                {
                    Vector256<ushort> partial = step & Vector256.Load(masks + 16 - length);
                    Vector256.Store(Vector256.Load(counts) + partial, counts);
                }
            }

            return;
        }

        for (int k = 0; k < length; k++)
        {
            counts[k] = (ushort)(counts[k] + delta);
        }
    }

    /// <summary>Pixels [from, to) of one row, one at a time.</summary>
    private void RowScalar(ushort* img, byte* mask, int from, int to, int width, ushort* hist, float* cValues)
    {
        int bandBase = BandBase;
        uint bandSize = (uint)BandSize;
        fixed (uint* pSteps = _steps)
        fixed (int* pWeights = _weights)
        fixed (float* pRecip = _reciprocal)
        {
            for (int col = from; col < to; col++)
            {
                if (mask[col] == 0)
                {
                    continue;
                }

                int v = img[col];
                int compact = v - bandBase;
                if ((uint)compact >= bandSize)
                {
                    continue;
                }

                ushort* cell = hist + (compact * width) + col;
                int p0 = *cell;
                float c = 0.0f;
                for (uint steps = pSteps[v]; steps != 0; steps &= steps - 1)
                {
                    int d = BitOperations.TrailingZeroCount(steps);
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

                cValues[col] = c;
            }
        }
    }

    /// <summary>
    /// Eight pixels at a time where they are all unmasked (skipped) or all masked with one value (the histogram cells
    /// are then contiguous); pixel by pixel elsewhere.
    /// </summary>
    private void RowVector(ushort* img, byte* mask, int width, ushort* hist, float* cValues)
    {
        int bandBase = BandBase;
        uint bandSize = (uint)BandSize;
        fixed (uint* pSteps = _steps)
        fixed (int* pWeights = _weights)
        fixed (float* pRecip = _reciprocal)
        {
            int col = 0;
            while (col <= width - 8)
            {
                ulong m = Unsafe.ReadUnaligned<ulong>(mask + col);
                if (m == 0)
                {
                    col += 8;
                    continue;
                }

                int v = img[col];
                int compact = v - bandBase;
                if (m != 0x0101010101010101UL || (uint)compact >= bandSize || Vector128.Load(img + col) != Vector128.Create((ushort)v))
                {
                    RowScalar(img, mask, col, col + 1, width, hist, cValues);
                    col++;
                    continue;
                }

                ushort* cell = hist + (compact * width) + col;
                Vector256<int> p0 = Avx2.ConvertToVector256Int32(Vector128.Load(cell));
                Vector256<float> c = Vector256<float>.Zero;
                for (uint steps = pSteps[v]; steps != 0; steps &= steps - 1)
                {
                    int d = BitOperations.TrailingZeroCount(steps);
                    int step = (d + 1) * width;
                    Vector256<int> p = Avx2.ConvertToVector256Int32(Vector128.Load(cell + step));
                    if (compact - d - 1 >= 0)
                    {
                        p = Vector256.Max(p, Avx2.ConvertToVector256Int32(Vector128.Load(cell - step)));
                    }

                    Vector256<int> product = Avx2.MultiplyLow(Avx2.MultiplyLow(Vector256.Create(pWeights[d]), p0), p);
                    Vector256<float> reciprocal = Avx2.GatherVector256(pRecip, p + p0, 4);
                    c = Avx.Max(c, Avx.ConvertToVector256Single(product) * reciprocal);
                }

                Vector256.Store(c, cValues + col);
                col += 8;
            }

            RowScalar(img, mask, col, width, width, hist, cValues);
        }
    }

    /// <summary>Adds and removes image rows to and from the column histograms.</summary>
    private readonly struct Rows(ushort* img, byte* mask, int stride, ushort* hist, int width, int columns, int pad, int bandBase, uint bandSize, bool vector)
    {
        public void Add(int r, int delta)
        {
            ushort* row = img + ((long)r * stride);
            byte* maskRow = mask + ((long)r * stride);
            for (int j = 0; j < columns; j++)
            {
                if (maskRow[j] != 0 && (uint)(row[j] - bandBase) < bandSize)
                {
                    Window(row[j], j, delta);
                }
            }
        }

        /// <summary>Removes row <paramref name="leaving"/> and adds row <paramref name="entering"/>, skipping columns where they cancel.</summary>
        public void Slide(int leaving, int entering)
        {
            ushort* outRow = img + ((long)leaving * stride);
            byte* outMask = mask + ((long)leaving * stride);
            ushort* inRow = img + ((long)entering * stride);
            byte* inMask = mask + ((long)entering * stride);
            for (int j = 0; j < columns; j++)
            {
                bool outCounts = outMask[j] != 0 && (uint)(outRow[j] - bandBase) < bandSize;
                bool inCounts = inMask[j] != 0 && (uint)(inRow[j] - bandBase) < bandSize;
                if (outCounts && inCounts && outRow[j] == inRow[j])
                {
                    continue;
                }

                if (outCounts)
                {
                    Window(outRow[j], j, -1);
                }

                if (inCounts)
                {
                    Window(inRow[j], j, +1);
                }
            }
        }

        /// <summary>Counts of value v for the columns whose window holds column j.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Window(int v, int j, int delta)
        {
            int left = Math.Max(j - pad, 0);
            int right = Math.Min(j + pad + 1, width);
            AddRange(hist + ((v - bandBase) * width) + left, right - left, delta, vector);
        }
    }
}
