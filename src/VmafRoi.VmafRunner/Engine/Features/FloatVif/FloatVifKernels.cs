namespace VmafRoi.VmafRunner.Engine.Features.FloatVif;

/// <summary>
/// The arithmetic of libvmaf's float VIF (3.2.0 notes 07 A): Gaussian filters built at run time, separable filtering
/// with R101 borders, the per-pixel statistic and libvmaf's polynomial log2. Scalar reference code.
/// </summary>
internal static class FloatVifKernels
{
    /// <summary>Kernel scales libvmaf accepts (its <c>valid_kernelscales</c>, float).</summary>
    public static readonly float[] ValidKernelScales =
    [
        1.0f, 1.0f / 2.0f, 3.0f / 2.0f, 2.0f, 2.0f / 3.0f, 24.0f / 10.0f, 360.0f / 97.0f, 4.0f / 3.0f, 3.5f / 3.0f,
        3.75f / 3.0f, 4.25f / 3.0f, 5.0f / 3.0f, 3.0f, 1.0f / 2.25f, 1.4746f, 1.54f, 1.6f, 1.06667f, 0.711111f,
        0.740740f, 1.111111f,
    ];

    /// <summary>libvmaf's log2 polynomial coefficients (double literals stored as float).</summary>
    private static readonly float[] Log2Poly =
    [
        (float)-0.012671635276421, (float)0.064841182402670, (float)-0.157048836463065, (float)0.257167726303123,
        (float)-0.353800560300520, (float)0.480131410397451, (float)-0.721314327952201, (float)1.442694803896991, 0f,
    ];

    public static bool IsValidKernelScale(float ks)
    {
        foreach (float v in ValidKernelScales)
        {
            if (MathF.Abs(ks - v) < 1e-3)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Taps of scale <paramref name="scale"/>'s filter: <c>max(oddceil((2^(4−s)+1)·ks), 3)</c>.</summary>
    public static int FilterSize(int scale, float kernelScale)
    {
        int n = (1 << (4 - scale)) + 1;
        int c = (int)Math.Ceiling(n * kernelScale);
        return Math.Max(c % 2 == 0 ? c + 1 : c, 3);
    }

    /// <summary>The normalised Gaussian of scale <paramref name="scale"/> (sd = size / 5), computed as libvmaf does.</summary>
    public static float[] Filter(int scale, float kernelScale)
    {
        int size = FilterSize(scale, kernelScale);
        float sd = size / 5.0f;
        var taps = new float[size];
        int half = (size - 1) / 2;
        float sum = 0;
        for (int i = 0; i < size; i++)
        {
            float x = i - half;
            float num = (float)Math.Exp(-0.5 * x / sd * x / sd);
            float den = (float)(1 / (sd * Math.Sqrt(2 * Math.PI)));
            taps[i] = num / den;
            sum += taps[i];
        }

        for (int i = 0; i < size; i++)
        {
            taps[i] /= sum;
        }

        return taps;
    }

    /// <summary>libvmaf's <c>log2f_approx</c>: exponent plus a degree-8 polynomial of the mantissa (VIF_OPT_FAST_LOG2).</summary>
    public static float Log2(float x)
    {
        if (x == 0)
        {
            return float.NegativeInfinity;
        }

        if (x < 0)
        {
            return float.NaN;
        }

        uint bits = BitConverter.SingleToUInt32Bits(x);
        int exponent = (int)((bits & 0x7F800000u) >> 23);
        float remain = BitConverter.UInt32BitsToSingle((bits & 0x007FFFFFu) | 0x3F800000u);
        float t = remain - 1.0f;
        float p = 0;
        foreach (float c in Log2Poly)
        {
            p = (p * t) + c;
        }

        return (exponent - 127) + p;
    }

    /// <summary>
    /// The vertical pass for one output row of <c>μ1, μ2, σ11, σ22, σ12</c> (each starting at 0, taps in order;
    /// squares and products formed per tap): writes <paramref name="width"/> values at offset <paramref name="pad"/>
    /// of each row buffer.
    /// </summary>
    public static void VerticalStats(
        ReadOnlySpan<float> filter, ReadOnlySpan<float> refImg, ReadOnlySpan<float> disImg, int width, int height, int stride, int row,
        Span<float> mu1, Span<float> mu2, Span<float> xx, Span<float> yy, Span<float> xy, int pad)
    {
        int radius = filter.Length / 2;
        mu1.Slice(pad, width).Clear();
        mu2.Slice(pad, width).Clear();
        xx.Slice(pad, width).Clear();
        yy.Slice(pad, width).Clear();
        xy.Slice(pad, width).Clear();
        for (int k = 0; k < filter.Length; k++)
        {
            float g = filter[k];
            int src = Mirror.R101(row - radius + k, height) * stride;
            ReadOnlySpan<float> r = refImg.Slice(src, width);
            ReadOnlySpan<float> d = disImg.Slice(src, width);
            for (int j = 0; j < width; j++)
            {
                float a = r[j], b = d[j];
                mu1[pad + j] += g * a;
                mu2[pad + j] += g * b;
                xx[pad + j] += g * (a * a);
                yy[pad + j] += g * (b * b);
                xy[pad + j] += g * (a * b);
            }
        }
    }

    /// <summary>
    /// libvmaf's <c>vif_statistic_s</c> for one row ("matching_matlab" mode): returns the row's numerator and
    /// denominator sums, each a float sum in column order.
    /// </summary>
    public static (float Num, float Den) Statistic(
        ReadOnlySpan<float> mu1, ReadOnlySpan<float> mu2, ReadOnlySpan<float> xxF, ReadOnlySpan<float> yyF, ReadOnlySpan<float> xyF,
        int width, float gainLimit, double sigmaNsq, float sigmaMaxInv)
    {
        const float eps = 1.0e-10f;
        float rowNum = 0, rowDen = 0;
        for (int j = 0; j < width; j++)
        {
            float m1 = mu1[j], m2 = mu2[j];
            float s1 = xxF[j] - (m1 * m1);
            float s2 = yyF[j] - (m2 * m2);
            float s12 = xyF[j] - (m1 * m2);
            s1 = s1 > 0.0f ? s1 : 0.0f;
            s2 = s2 > 0.0f ? s2 : 0.0f;
            float g = s12 / (s1 + eps);
            float sv = s2 - (g * s12);
            if (s1 < eps)
            {
                g = 0.0f;
                sv = s2;
                s1 = 0.0f;
            }

            if (s2 < eps)
            {
                g = 0.0f;
                sv = 0.0f;
            }

            if (g < 0.0f)
            {
                sv = s2;
                g = 0.0f;
            }

            sv = sv > eps ? sv : eps;
            g = g < gainLimit ? g : gainLimit;
            float num = Log2((float)(1.0f + ((double)(g * g * s1) / (sv + sigmaNsq))));
            float den = Log2((float)(1.0f + (s1 / sigmaNsq)));
            if (s12 < 0.0f)
            {
                num = 0.0f;
            }

            if (s1 < sigmaNsq)
            {
                num = 1.0f - (s2 * sigmaMaxInv);
                den = 1.0f;
            }

            rowNum += num;
            rowDen += den;
        }

        return (rowNum, rowDen);
    }
}
