using System.Runtime.CompilerServices;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Vif;

/// <summary>Integer sums of one VIF scale (§2.6), exact in any order.</summary>
internal struct VifSums
{
    public long NumLog;
    public long DenLog;
    public long NumNonLog;
    public long DenNonLog;

    public void Add(in VifSums other)
    {
        NumLog += other.NumLog;
        DenLog += other.DenLog;
        NumNonLog += other.NumNonLog;
        DenNonLog += other.DenNonLog;
    }
}

/// <summary>Shift set of a VIF statistic pass (§2.4).</summary>
/// <param name="MeanShift">sV.</param>
/// <param name="MeanRound">cV.</param>
/// <param name="MomentShift">sQ.</param>
/// <param name="MomentRound">cQ.</param>
internal readonly record struct VifShifts(int MeanShift, uint MeanRound, int MomentShift, ulong MomentRound)
{
    public static VifShifts ForScale(int scale, int bitDepth)
    {
        if (scale > 0)
        {
            return new VifShifts(16, 32768, 16, 32768);
        }

        int sq = 2 * (bitDepth - 8);
        return new VifShifts(bitDepth, 1u << (bitDepth - 1), sq, sq == 0 ? 0 : 1ul << (sq - 1));
    }
}

/// <summary>Row kernels of the integer VIF: vertical moments, horizontal moments → σ, per-pixel log sums, blur+decimate.</summary>
internal static unsafe class VifKernels
{
    /// <summary>
    /// Vertical pass of the statistic for one output row: per column, filtered means (u16) and second moments (u32) of
    /// reference and distorted samples. <paramref name="rows"/> are the R101-mapped source row offsets, one per tap.
    /// Outputs are written at <c>[pad + j]</c>.
    /// </summary>
    public static void StatVertical<T>(
        T* x, T* y, int* rows, uint* filter, int taps, int width, VifShifts shifts,
        uint* mu1, uint* mu2, uint* xx, uint* yy, uint* xy, VectorWidth vw)
        where T : unmanaged
    {
        for (int j = 0; j < width; j++)
        {
            uint m1 = 0, m2 = 0;
            ulong sxx = 0, syy = 0, sxy = 0;
            for (int k = 0; k < taps; k++)
            {
                uint xv = Load(x, rows[k] + j);
                uint yv = Load(y, rows[k] + j);
                uint fx = filter[k] * xv;
                uint fy = filter[k] * yv;
                m1 += fx;
                m2 += fy;
                sxx += (ulong)fx * xv;
                syy += (ulong)fy * yv;
                sxy += (ulong)fx * yv;
            }

            mu1[j] = (ushort)((m1 + shifts.MeanRound) >> shifts.MeanShift);
            mu2[j] = (ushort)((m2 + shifts.MeanRound) >> shifts.MeanShift);
            xx[j] = (uint)((sxx + shifts.MomentRound) >> shifts.MomentShift);
            yy[j] = (uint)((syy + shifts.MomentRound) >> shifts.MomentShift);
            xy[j] = (uint)((sxy + shifts.MomentRound) >> shifts.MomentShift);
        }
    }

    /// <summary>
    /// Horizontal pass of the statistic: σ1, σ2 (clamped at 0) and σ12 per column. Inputs are padded rows where column
    /// j's taps start at index j.
    /// </summary>
    public static void StatHorizontal(
        uint* mu1, uint* mu2, uint* xx, uint* yy, uint* xy, uint* filter, int taps, int width,
        int* sigma1, int* sigma2, int* sigma12, VectorWidth vw)
    {
        for (int j = 0; j < width; j++)
        {
            uint a1 = 0, a2 = 0;
            ulong bxx = 0, byy = 0, bxy = 0;
            for (int k = 0; k < taps; k++)
            {
                uint f = filter[k];
                a1 += f * mu1[j + k];
                a2 += f * mu2[j + k];
                bxx += (ulong)f * xx[j + k];
                byy += (ulong)f * yy[j + k];
                bxy += (ulong)f * xy[j + k];
            }

            uint mu1sq = (uint)(((ulong)a1 * a1 + 0x80000000ul) >> 32);
            uint mu2sq = (uint)(((ulong)a2 * a2 + 0x80000000ul) >> 32);
            uint mu12 = (uint)(((ulong)a1 * a2 + 0x80000000ul) >> 32);
            uint sxx = (uint)((bxx + 32768) >> 16);
            uint syy = (uint)((byy + 32768) >> 16);
            uint sxy = (uint)((bxy + 32768) >> 16);
            sigma1[j] = (int)(sxx - mu1sq);
            sigma2[j] = Math.Max((int)(syy - mu2sq), 0);
            sigma12[j] = (int)(sxy - mu12);
        }
    }

    /// <summary>The per-pixel log-domain accumulation of §2.6 over one row of σ values.</summary>
    public static void Accumulate(int* sigma1, int* sigma2, int* sigma12, int width, double gainLimit, ref VifSums sums, VectorWidth vw)
    {
        for (int j = 0; j < width; j++)
        {
            AccumulateOne(sigma1[j], sigma2[j], sigma12[j], gainLimit, ref sums);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AccumulateOne(int s1, int s2, int s12, double gainLimit, ref VifSums sums)
    {
        if (s1 >= VifTables.Nsq)
        {
            sums.DenLog += VifTables.Log32((uint)VifTables.Nsq + (uint)s1) - 34816;
            if (s12 > 0 && s2 > 0)
            {
                double g = s12 / (s1 + VifTables.Eps);
                int sv = (int)(s2 - (g * s12));
                if (sv < 0)
                {
                    sv = 0;
                }

                if (g > gainLimit)
                {
                    g = gainLimit;
                }

                uint n1 = (uint)(sv + VifTables.Nsq);
                long n2 = (long)(g * g * s1) + n1;
                sums.NumLog += VifTables.Log64((ulong)n2) - VifTables.Log64(n1);
            }
        }
        else
        {
            sums.NumNonLog += s2;
            sums.DenNonLog++;
        }
    }

    /// <summary>Vertical blur of one source row for decimation: <c>(Σ F·x + round) &gt;&gt; shift</c> per column, written at [j].</summary>
    public static void BlurVertical<T>(T* src, int* rows, uint* filter, int taps, int width, uint round, int shift, uint* dst, VectorWidth vw)
        where T : unmanaged
    {
        for (int j = 0; j < width; j++)
        {
            uint a = 0;
            for (int k = 0; k < taps; k++)
            {
                a += filter[k] * Load(src, rows[k] + j);
            }

            dst[j] = (ushort)((a + round) >> shift);
        }
    }

    /// <summary>Horizontal blur at even columns of a padded row (taps of column 2q start at index 2q): the decimated output row.</summary>
    public static void BlurHorizontalEven(uint* src, uint* filter, int taps, int outWidth, ushort* dst, VectorWidth vw)
    {
        for (int q = 0; q < outWidth; q++)
        {
            uint b = 0;
            uint* s = src + (2 * q);
            for (int k = 0; k < taps; k++)
            {
                b += filter[k] * s[k];
            }

            dst[q] = (ushort)((b + 32768) >> 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Load<T>(T* p, int index)
        where T : unmanaged =>
        typeof(T) == typeof(byte) ? ((byte*)p)[index] : ((ushort*)p)[index];
}
