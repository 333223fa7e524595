using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafRoi.VmafRunner.Engine.Features.FloatAdm;

/// <summary>How float ADM's decoupling divides (libvmaf builds on x86 use an approximate reciprocal there).</summary>
public enum AdmReciprocal
{
    /// <summary>libvmaf's x86 arithmetic: <c>rcpss</c> plus one Newton step; exact division where the CPU has no SSE.</summary>
    Hardware,

    /// <summary>Exact float reciprocal plus the same Newton step: what libvmaf computes without SSE2 (for bounds tests).</summary>
    Exact,
}

/// <summary>The rows and columns an ADM stage visits (3.2.0 notes 07 B; existing spec §3.5): M for sums, E (M + 1) for the rest.</summary>
internal readonly record struct FloatAdmRegion(int Left, int Top, int Right, int Bottom, int ExtLeft, int ExtTop, int ExtRight, int ExtBottom)
{
    public static FloatAdmRegion For(int w, int h)
    {
        int left = (int)((w * 0.1) - 0.5);
        int top = (int)((h * 0.1) - 0.5);
        int extLeft = (int)((w * 0.1) - 0.5 - 1);
        int extTop = (int)((h * 0.1) - 0.5 - 1);
        int extRight = w - extLeft + 2;
        int extBottom = h - extTop + 2;
        return new FloatAdmRegion(
            left, top, w - left, h - top, Math.Max(extLeft, 0), Math.Max(extTop, 0), Math.Min(extRight, w), Math.Min(extBottom, h));
    }
}

/// <summary>The float ADM stages for one scale (libvmaf's <c>adm_tools.c</c>, float path). Scalar reference code.</summary>
internal static class FloatAdmKernels
{
    /// <summary>db2 low-pass taps (double literals stored as float).</summary>
    public static readonly float[] Lo = [(float)0.482962913144690, (float)0.836516303737469, (float)0.224143868041857, (float)-0.129409522550921];

    /// <summary>db2 high-pass taps.</summary>
    public static readonly float[] Hi = [(float)-0.129409522550921, (float)-0.224143868041857, (float)0.836516303737469, (float)-0.482962913144690];

    /// <summary>cos²(1°) rounded to float: the angle test's threshold.</summary>
    public static readonly float Cos1DegSquared = (float)(Math.Cos(1.0 * Math.PI / 180.0) * Math.Cos(1.0 * Math.PI / 180.0));

    private const double OneBy30 = 0.0333333351;
    private const double OneBy15 = 0.0666666701;

    /// <summary>
    /// One level of the db2 DWT: rows and columns <c>2i−1 … 2i+2</c> with the RDUP mirror; bands are
    /// <c>⌈w/2⌉×⌈h/2⌉</c>. <paramref name="tmpLo"/>/<paramref name="tmpHi"/> hold one vertical-pass row.
    /// </summary>
    public static void Dwt(
        ReadOnlySpan<float> src, int w, int h, int srcStride, Span<float> a, Span<float> hBand, Span<float> v, Span<float> d, int dstStride,
        Span<float> tmpLo, Span<float> tmpHi)
    {
        int bh = (h + 1) / 2, bw = (w + 1) / 2;
        float lo0 = Lo[0], lo1 = Lo[1], lo2 = Lo[2], lo3 = Lo[3];
        float hi0 = Hi[0], hi1 = Hi[1], hi2 = Hi[2], hi3 = Hi[3];
        for (int i = 0; i < bh; i++)
        {
            ReadOnlySpan<float> r0 = src.Slice(Mirror.Rdup((2 * i) - 1, h) * srcStride, w);
            ReadOnlySpan<float> r1 = src.Slice(Mirror.Rdup(2 * i, h) * srcStride, w);
            ReadOnlySpan<float> r2 = src.Slice(Mirror.Rdup((2 * i) + 1, h) * srcStride, w);
            ReadOnlySpan<float> r3 = src.Slice(Mirror.Rdup((2 * i) + 2, h) * srcStride, w);
            for (int j = 0; j < w; j++)
            {
                float s0 = r0[j], s1 = r1[j], s2 = r2[j], s3 = r3[j];
                float acc = 0;
                acc += lo0 * s0;
                acc += lo1 * s1;
                acc += lo2 * s2;
                acc += lo3 * s3;
                tmpLo[j] = acc;
                acc = 0;
                acc += hi0 * s0;
                acc += hi1 * s1;
                acc += hi2 * s2;
                acc += hi3 * s3;
                tmpHi[j] = acc;
            }

            int o = i * dstStride;
            for (int j = 0; j < bw; j++)
            {
                int j0 = Mirror.Rdup((2 * j) - 1, w), j1 = Mirror.Rdup(2 * j, w), j2 = Mirror.Rdup((2 * j) + 1, w), j3 = Mirror.Rdup((2 * j) + 2, w);
                float s0 = tmpLo[j0], s1 = tmpLo[j1], s2 = tmpLo[j2], s3 = tmpLo[j3];
                float acc = 0;
                acc += lo0 * s0;
                acc += lo1 * s1;
                acc += lo2 * s2;
                acc += lo3 * s3;
                a[o + j] = acc;
                acc = 0;
                acc += hi0 * s0;
                acc += hi1 * s1;
                acc += hi2 * s2;
                acc += hi3 * s3;
                v[o + j] = acc;
                s0 = tmpHi[j0];
                s1 = tmpHi[j1];
                s2 = tmpHi[j2];
                s3 = tmpHi[j3];
                acc = 0;
                acc += lo0 * s0;
                acc += lo1 * s1;
                acc += lo2 * s2;
                acc += lo3 * s3;
                hBand[o + j] = acc;
                acc = 0;
                acc += hi0 * s0;
                acc += hi1 * s1;
                acc += hi2 * s2;
                acc += hi3 * s3;
                d[o + j] = acc;
            }
        }
    }

    /// <summary>libvmaf's <c>rcp_s</c>: an approximate reciprocal refined by one Newton step.</summary>
    public static float Reciprocal(float x, AdmReciprocal mode)
    {
        float xi = mode == AdmReciprocal.Hardware && Sse.IsSupported
            ? Sse.ReciprocalScalar(Vector128.CreateScalarUnsafe(x)).ToScalar()
            : 1.0f / x;
        return xi + (xi * (1.0f - (x * xi)));
    }

    /// <summary>
    /// Splits the distorted detail into restored (r) and additive (a) parts over region E, for the H, V and D bands
    /// (index 0, 1, 2 of each array).
    /// </summary>
    public static void Decouple(
        float[][] refBands, float[][] disBands, float[][] r, float[][] a, int w, int h, int stride, double gainLimit, AdmReciprocal mode)
    {
        const float eps = (float)1e-30;
        FloatAdmRegion e = FloatAdmRegion.For(w, h);
        float cos2 = Cos1DegSquared;
        for (int i = e.ExtTop; i < e.ExtBottom; i++)
        {
            for (int j = e.ExtLeft; j < e.ExtRight; j++)
            {
                int at = (i * stride) + j;
                float oh = refBands[0][at], ov = refBands[1][at], od = refBands[2][at];
                float th = disBands[0][at], tv = disBands[1][at], td = disBands[2][at];
                float kh = th * Reciprocal(oh + eps, mode);
                float kv = tv * Reciprocal(ov + eps, mode);
                float kd = td * Reciprocal(od + eps, mode);
                kh = kh < 0.0f ? 0.0f : (kh > 1.0f ? 1.0f : kh);
                kv = kv < 0.0f ? 0.0f : (kv > 1.0f ? 1.0f : kv);
                kd = kd < 0.0f ? 0.0f : (kd > 1.0f ? 1.0f : kd);
                float rh = kh * oh, rv = kv * ov, rd = kd * od;
                float ot = (oh * th) + (ov * tv);
                float om = (oh * oh) + (ov * ov);
                float tm = (th * th) + (tv * tv);
                bool angle = ot >= 0.0f && ot * ot >= cos2 * om * tm;
                if (angle)
                {
                    rh = Enhance(rh, th, gainLimit);
                    rv = Enhance(rv, tv, gainLimit);
                    rd = Enhance(rd, td, gainLimit);
                }

                r[0][at] = rh;
                r[1][at] = rv;
                r[2][at] = rd;
                a[0][at] = th - rh;
                a[1][at] = tv - rv;
                a[2][at] = td - rd;
            }
        }
    }

    /// <summary>Within 1° of the reference direction the restored part may grow up to the gain limit, but not past the distorted value.</summary>
    private static float Enhance(float rst, float t, double gainLimit)
    {
        if (rst > 0.0)
        {
            double g = rst * gainLimit;
            rst = (float)(g < t ? g : t);
        }

        if (rst < 0.0)
        {
            double g = rst * gainLimit;
            rst = (float)(g > t ? g : t);
        }

        return rst;
    }

    /// <summary>CSF weighting over region E: <c>CA = rf·band</c>, <c>CF = |CA|/30</c> (the constant is a double).</summary>
    public static void Csf(float[][] bands, float[][] ca, float[][] cf, int w, int h, int stride, float factor1, float factor2)
    {
        FloatAdmRegion e = FloatAdmRegion.For(w, h);
        for (int theta = 0; theta < 3; theta++)
        {
            float rf = theta == 2 ? factor2 : factor1;
            float[] src = bands[theta], dst = ca[theta], flt = cf[theta];
            for (int i = e.ExtTop; i < e.ExtBottom; i++)
            {
                for (int j = e.ExtLeft; j < e.ExtRight; j++)
                {
                    int at = (i * stride) + j;
                    float v = rf * src[at];
                    dst[at] = v;
                    flt[at] = (float)(OneBy30 * Math.Abs(v));
                }
            }
        }
    }

    /// <summary>
    /// The denominator of one scale: per band the p-norm of the CSF-weighted reference over region M (row sums added
    /// into float totals) plus the noise floor, summed over H, V, D.
    /// </summary>
    public static float Denominator(float[][] refBands, int w, int h, int stride, float factor1, float factor2, double noiseWeight, double pNorm)
    {
        FloatAdmRegion m = FloatAdmRegion.For(w, h);
        Span<float> total = stackalloc float[3];
        for (int theta = 0; theta < 3; theta++)
        {
            float rf = theta == 2 ? factor2 : factor1;
            float[] src = refBands[theta];
            float acc = 0;
            for (int i = m.Top; i < m.Bottom; i++)
            {
                float row = 0;
                for (int j = m.Left; j < m.Right; j++)
                {
                    float v = Math.Abs(rf * src[(i * stride) + j]);
                    row += pNorm == 3.0 ? v * v * v : MathF.Pow(v, (float)pNorm);
                }

                acc += row;
            }

            total[theta] = acc;
        }

        return Combine(total, m, noiseWeight, pNorm);
    }

    /// <summary>
    /// The masked numerator of one scale: for each pixel of region M the visibility threshold from the 3×3 CSF
    /// neighbourhood of all three bands (edges mirrored about the edge sample), then the p-norm of
    /// <c>max(|rf·x| − thr, 0)</c> per band plus the noise floor.
    /// </summary>
    public static float Numerator(
        float[][] x, float[][] ca, float[][] cf, int w, int h, int stride, float factor1, float factor2, double noiseWeight, bool bypassMasking, double pNorm)
    {
        FloatAdmRegion m = FloatAdmRegion.For(w, h);
        float accH = 0, accV = 0, accD = 0;
        float[] xh = x[0], xv = x[1], xd = x[2];
        for (int i = m.Top; i < m.Bottom; i++)
        {
            int up = (i == 0 ? 1 : i - 1) * stride, mid = i * stride, down = (i == h - 1 ? h - 1 : i + 1) * stride;
            float rowH = 0, rowV = 0, rowD = 0;
            for (int j = m.Left; j < m.Right; j++)
            {
                int left = j == 0 ? 1 : j - 1, right = j == w - 1 ? w - 1 : j + 1;
                float thr = 0;
                if (!bypassMasking)
                {
                    for (int theta = 0; theta < 3; theta++)
                    {
                        float[] f = cf[theta];
                        float sum = 0;
                        sum += f[up + left];
                        sum += f[up + j];
                        sum += f[up + right];
                        sum += f[mid + left];
                        sum = (float)(sum + (OneBy15 * Math.Abs(ca[theta][mid + j])));
                        sum += f[mid + right];
                        sum += f[down + left];
                        sum += f[down + j];
                        sum += f[down + right];
                        thr += sum;
                    }
                }

                float vh = Math.Abs(xh[mid + j] * factor1) - thr;
                float vv = Math.Abs(xv[mid + j] * factor1) - thr;
                float vd = Math.Abs(xd[mid + j] * factor2) - thr;
                vh = vh < 0.0f ? 0.0f : vh;
                vv = vv < 0.0f ? 0.0f : vv;
                vd = vd < 0.0f ? 0.0f : vd;
                if (pNorm == 3.0)
                {
                    rowH += vh * vh * vh;
                    rowV += vv * vv * vv;
                    rowD += vd * vd * vd;
                }
                else
                {
                    rowH += MathF.Pow(vh, (float)pNorm);
                    rowV += MathF.Pow(vv, (float)pNorm);
                    rowD += MathF.Pow(vd, (float)pNorm);
                }
            }

            accH += rowH;
            accV += rowV;
            accD += rowD;
        }

        ReadOnlySpan<float> total = [accH, accV, accD];
        return Combine(total, m, noiseWeight, pNorm);
    }

    /// <summary>Σ_θ (total_θ^(1/p) + K), K = (area·noise weight)^(1/p), in float with libvmaf's powf.</summary>
    private static float Combine(ReadOnlySpan<float> total, FloatAdmRegion m, double noiseWeight, double pNorm)
    {
        float exponent = (float)(1.0f / pNorm);
        float noise = MathF.Pow((float)((m.Right - m.Left) * (m.Bottom - m.Top) * noiseWeight), exponent);
        float h = MathF.Pow(total[0], exponent) + noise;
        float v = MathF.Pow(total[1], exponent) + noise;
        float d = MathF.Pow(total[2], exponent) + noise;
        return h + v + d;
    }
}
