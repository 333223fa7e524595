using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Ssim;

/// <summary>The four per-image means the SSIM core returns, each rounded to binary32 as libvmaf stores them.</summary>
internal readonly record struct SsimMeans(float Ssim, float Luminance, float Contrast, float Structure);

/// <summary>
/// libvmaf's SSIM core (IQA <c>_iqa_ssim</c>, default arguments; spec-3.2.0 topic 02): 11-tap Gaussian over the valid
/// region only, binary32 products summed in binary64 per output sample (tap order fixed), then per-pixel l, c, s with the
/// exact mix of float and double operations, accumulated in raster order. Vector paths widen binary32 products to
/// binary64 lanes across columns, so each column sees the scalar sequence of operations: identical results.
/// </summary>
internal sealed unsafe class SsimCore
{
    internal const int Taps = 11;

    /// <summary>libvmaf's 1-D window (sums to 1.000002; used as is).</summary>
    internal static readonly float[] Gaussian =
        [0.001028f, 0.007599f, 0.036001f, 0.109361f, 0.213006f, 0.266012f, 0.213006f, 0.109361f, 0.036001f, 0.007599f, 0.001028f];

    private const int Quantities = 5;

    // C1 = (K1·L)², C2 = (K2·L)², C3 = C2 / 2, every step in binary32 as in IQA.
    private static readonly float C1 = (0.01f * 255f) * (0.01f * 255f);
    private static readonly float C2 = (0.03f * 255f) * (0.03f * 255f);
    private static readonly float C3 = C2 / 2.0f;

    private readonly int _maxWidth;
    private readonly int _maxOutWidth;

    // Horizontal results of the last 11 input rows for μr, μd, Σr², Σd², Σrd; then one row of vertical results.
    private readonly PinnedBuffer<float> _ring;
    private readonly PinnedBuffer<float> _products;
    private readonly PinnedBuffer<float> _row;

    public SsimCore(int maxWidth)
    {
        _maxWidth = maxWidth;
        _maxOutWidth = Math.Max(0, maxWidth - (Taps - 1));
        _ring = new PinnedBuffer<float>(Quantities * Taps * Math.Max(1, _maxOutWidth));
        _products = new PinnedBuffer<float>(3 * Math.Max(1, maxWidth));
        _row = new PinnedBuffer<float>(Quantities * Math.Max(1, _maxOutWidth));
    }

    /// <summary>SSIM of two <paramref name="width"/>×<paramref name="height"/> images (rows packed).</summary>
    /// <remarks>Below 11 samples in a dimension the sums are empty and libvmaf divides 0 by the (possibly negative) area.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SsimMeans Compute(float* reference, float* distorted, int width, int height, VectorWidth vw)
    {
        if (width > _maxWidth)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"SSIM buffers were made for width {_maxWidth}");
        }

        int ow = width - (Taps - 1), oh = height - (Taps - 1);
        double sum = 0, lSum = 0, cSum = 0, sSum = 0;
        if (ow > 0 && oh > 0)
        {
            int ringStride = Taps * ow;
            float* rr = _products.Pointer, dd = rr + width, rd = dd + width;
            for (int y = 0; y < height; y++)
            {
                float* r = reference + ((long)y * width), d = distorted + ((long)y * width);
                for (int x = 0; x < width; x++)
                {
                    rr[x] = r[x] * r[x];
                    dd[x] = d[x] * d[x];
                    rd[x] = r[x] * d[x];
                }

                int slot = y % Taps;
                float* ring = _ring.Pointer + (slot * ow);
                Horizontal(r, ring, ow, vw);
                Horizontal(d, ring + ringStride, ow, vw);
                Horizontal(rr, ring + (2 * ringStride), ow, vw);
                Horizontal(dd, ring + (3 * ringStride), ow, vw);
                Horizontal(rd, ring + (4 * ringStride), ow, vw);
                if (y < Taps - 1)
                {
                    continue;
                }

                // Output row y − 10 needs input rows y − 10 … y: ring slots in that order.
                int first = (y - (Taps - 1)) % Taps;
                for (int q = 0; q < Quantities; q++)
                {
                    Vertical(_ring.Pointer + (q * ringStride), ow, first, _row.Pointer + (q * ow), vw);
                }

                Statistics(ow, ref sum, ref lSum, ref cSum, ref sSum);
            }
        }

        double area = ow * oh;
        return new SsimMeans((float)(sum / area), (float)(lSum / area), (float)(cSum / area), (float)(sSum / area));
    }

    /// <summary>Per-pixel l, c, s of one output row, accumulated left to right (libvmaf's raster order).</summary>
    private void Statistics(int ow, ref double sum, ref double lSum, ref double cSum, ref double sSum)
    {
        float* muR = _row.Pointer, muD = muR + ow, sRR = muD + ow, sDD = sRR + ow, sRD = sDD + ow;
        for (int x = 0; x < ow; x++)
        {
            float mr = muR[x], md = muD[x];
            float sr = sRR[x] - (mr * mr);
            sr = 0.0 > sr ? 0f : sr;
            float sd = sDD[x] - (md * md);
            sd = 0.0 > sd ? 0f : sd;
            float sb = sRD[x] - (mr * md);
            float sigma = (float)Math.Sqrt(sr * sd);
            double l = (((2.0 * mr) * md) + C1) / (((mr * mr) + (md * md)) + C1);
            double c = ((2.0 * sigma) + C2) / ((sr + sd) + C2);
            float clamped = sb < 0.0f && sigma <= 0.0f ? 0.0f : sb;
            double s = (clamped + C3) / (sigma + C3);
            sum += l * c * s;
            lSum += l;
            cSum += c;
            sSum += s;
        }
    }

    /// <summary>One row of the horizontal valid convolution: <c>dst[x] = f32(Σk f64(src[x+k]·G[k]))</c>.</summary>
    private static void Horizontal(float* src, float* dst, int ow, VectorWidth vw)
    {
        int x = 0;
        if (vw is VectorWidth.V256 or VectorWidth.V512)
        {
            for (; x <= ow - 8; x += 8)
            {
                Vector256<double> lo = Vector256<double>.Zero, hi = Vector256<double>.Zero;
                for (int k = 0; k < Taps; k++)
                {
                    (Vector256<double> a, Vector256<double> b) = Vector256.Widen(Vector256.Load(src + x + k) * Vector256.Create(Gaussian[k]));
                    lo += a;
                    hi += b;
                }

                Vector256.Narrow(lo, hi).Store(dst + x);
            }
        }

        if (vw is not VectorWidth.Scalar)
        {
            for (; x <= ow - 4; x += 4)
            {
                Vector128<double> lo = Vector128<double>.Zero, hi = Vector128<double>.Zero;
                for (int k = 0; k < Taps; k++)
                {
                    (Vector128<double> a, Vector128<double> b) = Vector128.Widen(Vector128.Load(src + x + k) * Vector128.Create(Gaussian[k]));
                    lo += a;
                    hi += b;
                }

                Vector128.Narrow(lo, hi).Store(dst + x);
            }
        }

        for (; x < ow; x++)
        {
            double acc = 0.0;
            for (int k = 0; k < Taps; k++)
            {
                acc += src[x + k] * Gaussian[k];
            }

            dst[x] = (float)acc;
        }
    }

    /// <summary>One row of the vertical pass over 11 ring rows starting at slot <paramref name="first"/>.</summary>
    private static void Vertical(float* ring, int ow, int first, float* dst, VectorWidth vw)
    {
        float** rows = stackalloc float*[Taps];
        for (int k = 0; k < Taps; k++)
        {
            rows[k] = ring + ((first + k) % Taps * ow);
        }

        int x = 0;
        if (vw is VectorWidth.V256 or VectorWidth.V512)
        {
            for (; x <= ow - 8; x += 8)
            {
                Vector256<double> lo = Vector256<double>.Zero, hi = Vector256<double>.Zero;
                for (int k = 0; k < Taps; k++)
                {
                    (Vector256<double> a, Vector256<double> b) = Vector256.Widen(Vector256.Load(rows[k] + x) * Vector256.Create(Gaussian[k]));
                    lo += a;
                    hi += b;
                }

                Vector256.Narrow(lo, hi).Store(dst + x);
            }
        }

        if (vw is not VectorWidth.Scalar)
        {
            for (; x <= ow - 4; x += 4)
            {
                Vector128<double> lo = Vector128<double>.Zero, hi = Vector128<double>.Zero;
                for (int k = 0; k < Taps; k++)
                {
                    (Vector128<double> a, Vector128<double> b) = Vector128.Widen(Vector128.Load(rows[k] + x) * Vector128.Create(Gaussian[k]));
                    lo += a;
                    hi += b;
                }

                Vector128.Narrow(lo, hi).Store(dst + x);
            }
        }

        for (; x < ow; x++)
        {
            double acc = 0.0;
            for (int k = 0; k < Taps; k++)
            {
                acc += rows[k][x] * Gaussian[k];
            }

            dst[x] = (float)acc;
        }
    }
}
