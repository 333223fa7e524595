using System.Runtime.CompilerServices;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Adm;

/// <summary>Per-row sums of a scale's numerator (one per orientation H, V, D).</summary>
internal struct AdmRowSums
{
    public long H;
    public long V;
    public long D;
}

/// <summary>Row kernels of the integer ADM: DWT passes, decouple+CSF, masking+numerator and denominator.</summary>
internal static unsafe class AdmKernels
{
    /// <summary>
    /// Scale-0 vertical DWT pass for one output row (§3.3): low/high row signals of the raw samples, i16-truncated.
    /// <paramref name="rows"/> are the four RDUP-mapped source row offsets. Outputs are written at [j].
    /// </summary>
    public static void Dwt0Vertical<T>(T* src, int* rows, int width, int bpc, int* tl, int* th, VectorWidth vw)
        where T : unmanaged
    {
        int c = 1 << (bpc - 1);
        int dc = 46342 * c;
        for (int j = 0; j < width; j++)
        {
            int u0 = Load(src, rows[0] + j), u1 = Load(src, rows[1] + j), u2 = Load(src, rows[2] + j), u3 = Load(src, rows[3] + j);
            int l = unchecked((15826 * u0) + (27411 * u1) + (7345 * u2) - (4240 * u3) - dc);
            int h = unchecked((-4240 * u0) - (7345 * u1) + (27411 * u2) - (15826 * u3));
            tl[j] = (short)((l + c) >> bpc);
            th[j] = (short)((h + c) >> bpc);
        }
    }

    /// <summary>
    /// Scale-0 horizontal DWT pass: four bands from the padded low/high rows (column q reads indices 2q−1…2q+2, so the
    /// pointers address index 0 with one mirrored cell before it and two after the end).
    /// </summary>
    public static void Dwt0Horizontal(int* tl, int* th, int outWidth, short* a, short* v, short* h, short* d, VectorWidth vw)
    {
        for (int q = 0; q < outWidth; q++)
        {
            int* l = tl + (2 * q) - 1;
            int* hh = th + (2 * q) - 1;
            a[q] = (short)(((15826 * l[0]) + (27411 * l[1]) + (7345 * l[2]) - (4240 * l[3]) + 32768) >> 16);
            v[q] = (short)(((-4240 * l[0]) - (7345 * l[1]) + (27411 * l[2]) - (15826 * l[3]) + 32768) >> 16);
            h[q] = (short)(((15826 * hh[0]) + (27411 * hh[1]) + (7345 * hh[2]) - (4240 * hh[3]) + 32768) >> 16);
            d[q] = (short)(((-4240 * hh[0]) - (7345 * hh[1]) + (27411 * hh[2]) - (15826 * hh[3]) + 32768) >> 16);
        }
    }

    /// <summary>Vertical DWT pass at scales 1–3 (§3.4): 64-bit sums, no DC offset.</summary>
    public static void DwtVertical<T>(T* src, int* rows, int width, long round, int shift, int* tl, int* th, VectorWidth vw)
        where T : unmanaged
    {
        for (int j = 0; j < width; j++)
        {
            long u0 = LoadSigned(src, rows[0] + j), u1 = LoadSigned(src, rows[1] + j), u2 = LoadSigned(src, rows[2] + j), u3 = LoadSigned(src, rows[3] + j);
            tl[j] = (int)(((15826 * u0) + (27411 * u1) + (7345 * u2) - (4240 * u3) + round) >> shift);
            th[j] = (int)(((-4240 * u0) - (7345 * u1) + (27411 * u2) - (15826 * u3) + round) >> shift);
        }
    }

    /// <summary>Horizontal DWT pass at scales 1–3: 64-bit sums.</summary>
    public static void DwtHorizontal(int* tl, int* th, int outWidth, long round, int shift, int* a, int* v, int* h, int* d, VectorWidth vw)
    {
        for (int q = 0; q < outWidth; q++)
        {
            int* l = tl + (2 * q) - 1;
            int* hh = th + (2 * q) - 1;
            a[q] = (int)(((15826L * l[0]) + (27411L * l[1]) + (7345L * l[2]) - (4240L * l[3]) + round) >> shift);
            v[q] = (int)(((-4240L * l[0]) - (7345L * l[1]) + (27411L * l[2]) - (15826L * l[3]) + round) >> shift);
            h[q] = (int)(((15826L * hh[0]) + (27411L * hh[1]) + (7345L * hh[2]) - (4240L * hh[3]) + round) >> shift);
            d[q] = (int)(((-4240L * hh[0]) - (7345L * hh[1]) + (27411L * hh[2]) - (15826L * hh[3]) + round) >> shift);
        }
    }

    /// <summary>
    /// Scale-0 decouple (§3.6) and CSF (§3.8) over columns [start, end): restored detail r, CSF-weighted additive CA and
    /// masking input CF per orientation, each i16-truncated and stored as int at [j].
    /// </summary>
    public static void DecoupleCsf0(
        short* oh, short* ov, short* od, short* th, short* tv, short* td, int start, int end, double gainLimit, ushort* irf,
        int* rh, int* rv, int* rd, int* cah, int* cav, int* cad, int* cfh, int* cfv, int* cfd, VectorWidth vw)
    {
        for (int j = start; j < end; j++)
        {
            int ohj = oh[j], ovj = ov[j], odj = od[j], thj = th[j], tvj = tv[j], tdj = td[j];
            bool angle = Angle(ohj, ovj, thj, tvj);
            int r, a;

            Decouple0(ohj, thj, angle, gainLimit, out r, out a);
            rh[j] = r;
            cah[j] = (short)(((irf[0] * a) + 16384) >> 15);
            cfh[j] = (short)(((4369 * Math.Abs(cah[j])) + 2048) >> 12);

            Decouple0(ovj, tvj, angle, gainLimit, out r, out a);
            rv[j] = r;
            cav[j] = (short)(((irf[1] * a) + 16384) >> 15);
            cfv[j] = (short)(((4369 * Math.Abs(cav[j])) + 2048) >> 12);

            Decouple0(odj, tdj, angle, gainLimit, out r, out a);
            rd[j] = r;
            cad[j] = (short)(((irf[2] * a) + 65535) >> 17);
            cfd[j] = (short)(((4369 * Math.Abs(cad[j])) + 2048) >> 12);
        }
    }

    /// <summary>Decouple and CSF at scales 1–3 (§3.6, §3.8), 64-bit arithmetic.</summary>
    public static void DecoupleCsf(
        int* oh, int* ov, int* od, int* th, int* tv, int* td, int start, int end, double gainLimit, uint* irf,
        int* rh, int* rv, int* rd, int* cah, int* cav, int* cad, int* cfh, int* cfv, int* cfd, VectorWidth vw)
    {
        for (int j = start; j < end; j++)
        {
            int ohj = oh[j], ovj = ov[j], odj = od[j], thj = th[j], tvj = tv[j], tdj = td[j];
            bool angle = Angle(ohj, ovj, thj, tvj);
            int r, a;

            DecoupleN(ohj, thj, angle, gainLimit, out r, out a);
            rh[j] = r;
            cah[j] = CsfN(irf[0], a);
            cfh[j] = CfN(cah[j]);

            DecoupleN(ovj, tvj, angle, gainLimit, out r, out a);
            rv[j] = r;
            cav[j] = CsfN(irf[1], a);
            cfv[j] = CfN(cav[j]);

            DecoupleN(odj, tdj, angle, gainLimit, out r, out a);
            rd[j] = r;
            cad[j] = CsfN(irf[2], a);
            cfd[j] = CfN(cad[j]);
        }
    }

    /// <summary>
    /// Scale-0 masking threshold (§3.9) and numerator sums (§3.10) over M's columns of one row. The CF rows are
    /// addressed by absolute column with the mirrored neighbour of column 0 at [−1] and of column w−1 at [w].
    /// </summary>
    public static void Numerator0(
        int** cfUp, int** cfMid, int** cfDown, int* cah, int* cav, int* cad, int* rh, int* rv, int* rd,
        int start, int end, ushort* irf, int shiftHv, int shiftD, ref AdmRowSums sums, VectorWidth vw)
    {
        long roundHv = 1L << (shiftHv - 1), roundD = 1L << (shiftD - 1);
        for (int j = start; j < end; j++)
        {
            int thr = Neighbours(cfUp[0], cfMid[0], cfDown[0], j) + (short)(((8738 * Math.Abs(cah[j])) + 2048) >> 12)
                + Neighbours(cfUp[1], cfMid[1], cfDown[1], j) + (short)(((8738 * Math.Abs(cav[j])) + 2048) >> 12)
                + Neighbours(cfUp[2], cfMid[2], cfDown[2], j) + (short)(((8738 * Math.Abs(cad[j])) + 2048) >> 12);

            int x = Math.Max(AbsWrap(rh[j] * irf[0]) - (thr << 10), 0);
            int xsq = (int)((((long)x * x) + (1L << 28)) >> 29);
            sums.H += (((long)xsq * x) + roundHv) >> shiftHv;

            x = Math.Max(AbsWrap(rv[j] * irf[1]) - (thr << 10), 0);
            xsq = (int)((((long)x * x) + (1L << 28)) >> 29);
            sums.V += (((long)xsq * x) + roundHv) >> shiftHv;

            x = Math.Max(AbsWrap(rd[j] * irf[2]) - (thr << 12), 0);
            xsq = (int)((((long)x * x) + (1L << 29)) >> 30);
            sums.D += (((long)xsq * x) + roundD) >> shiftD;
        }
    }

    /// <summary>Masking threshold and numerator sums at scales 1–3.</summary>
    public static void Numerator(
        int** cfUp, int** cfMid, int** cfDown, int* cah, int* cav, int* cad, int* rh, int* rv, int* rd,
        int start, int end, uint* irf, int shift, ref AdmRowSums sums, VectorWidth vw)
    {
        long round = 1L << (shift - 1);
        for (int j = start; j < end; j++)
        {
            int thr = Neighbours(cfUp[0], cfMid[0], cfDown[0], j) + CentreN(cah[j])
                + Neighbours(cfUp[1], cfMid[1], cfDown[1], j) + CentreN(cav[j])
                + Neighbours(cfUp[2], cfMid[2], cfDown[2], j) + CentreN(cad[j]);

            sums.H += NumeratorTermN(rh[j], irf[0], thr, shift, round);
            sums.V += NumeratorTermN(rv[j], irf[1], thr, shift, round);
            sums.D += NumeratorTermN(rd[j], irf[2], thr, shift, round);
        }
    }

    /// <summary>Scale-0 denominator row sums (§3.11): Σ |b|³ in u64.</summary>
    public static ulong DenominatorRow0(short* band, int start, int end, VectorWidth vw)
    {
        ulong sum = 0;
        for (int j = start; j < end; j++)
        {
            ulong b = (ushort)Math.Abs((int)band[j]);
            sum += b * b * b;
        }

        return sum;
    }

    /// <summary>Denominator row sums at scales 1–3.</summary>
    public static ulong DenominatorRow(int* band, int start, int end, int squareShift, int shift, VectorWidth vw)
    {
        ulong sum = 0;
        ulong squareRound = 1ul << squareShift;
        ulong round = 1ul << (shift - 1);
        for (int j = start; j < end; j++)
        {
            int v = band[j];
            ulong b = (ulong)(v < 0 ? -(long)v : v);
            sum += ((((b * b) + squareRound) >> squareShift) * b + round) >> shift;
        }

        return sum;
    }

    /// <summary>Is the distorted (h, v) detail within 1° of the reference one (§3.6)?</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Angle(int oh, int ov, int th, int tv)
    {
        long ot = ((long)oh * th) + ((long)ov * tv);
        long om = ((long)oh * oh) + ((long)ov * ov);
        long tm = ((long)th * th) + ((long)tv * tv);
        double p = (double)(float)ot / 4096.0;
        double q = (double)(float)om / 4096.0;
        double r = (double)(float)tm / 4096.0;
        return p >= 0.0 && p * p >= AdmConstants.Cos2 * q * r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Decouple0(int o, int t, bool angle, double gainLimit, out int r, out int a)
    {
        int k = o == 0 ? 32768 : (int)((((long)AdmConstants.Div[o + 32768] * t) + 16384) >> 15);
        k = Math.Clamp(k, 0, 32768);
        short rst = (short)(((k * o) + 16384) >> 15);
        if (angle && k > 0)
        {
            if (o > 0)
            {
                rst = (short)Math.Min(rst * gainLimit, t);
            }
            else if (o < 0)
            {
                rst = (short)Math.Max(rst * gainLimit, t);
            }
        }

        r = rst;
        a = (short)(t - rst);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DecoupleN(int o, int t, bool angle, double gainLimit, out int r, out int a)
    {
        long k;
        if (o == 0)
        {
            k = 32768;
        }
        else
        {
            uint ab = o < 0 ? (uint)-(long)o : (uint)o;
            long sgn = o < 0 ? -1 : 1;
            int e;
            uint m;
            if (ab < 32768)
            {
                m = ab;
                e = 0;
            }
            else
            {
                e = 17 - System.Numerics.BitOperations.LeadingZeroCount(ab);
                m = (ushort)((ab + (1u << (e - 1))) >> e);
            }

            k = ((((long)AdmConstants.Div[m + 32768] * t) * sgn) + (1L << (14 + e))) >> (15 + e);
        }

        k = Math.Clamp(k, 0, 32768);
        int rst = (int)(((k * o) + 16384) >> 15);
        if (angle && k > 0)
        {
            if (o > 0)
            {
                rst = (int)Math.Min(rst * gainLimit, t);
            }
            else if (o < 0)
            {
                rst = (int)Math.Max(rst * gainLimit, t);
            }
        }

        r = rst;
        a = unchecked(t - rst);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CsfN(uint irf, int a) => (int)((((long)irf * a) + (1L << 27)) >> 28);

    /// <summary>|CA|/30 with libvmaf's −2^31 rounding constant (a signed store of 1u&lt;&lt;31).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CfN(int ca) => (int)(((143165577L * Math.Abs((long)ca)) - 2147483648L) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CentreN(int ca) => (int)(((286331153L * Math.Abs((long)ca)) - 2147483648L) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long NumeratorTermN(int r, uint irf, int thr, int shift, long round)
    {
        int x = (int)((((long)r * irf) + (1L << 27)) >> 28);
        x = Math.Max(AbsWrap(x) - thr, 0);
        int xsq = (int)((((long)x * x) + (1L << 29)) >> 30);
        return (((long)xsq * x) + round) >> shift;
    }

    /// <summary>C <c>abs</c> on int: wraps at int.MinValue instead of throwing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int AbsWrap(int x) => unchecked((x ^ (x >> 31)) - (x >> 31));

    /// <summary>Sum of the 8 neighbours of column j over three CF rows (mirrored cells at [−1] and [w]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Neighbours(int* up, int* mid, int* down, int j) =>
        up[j - 1] + up[j] + up[j + 1] + mid[j - 1] + mid[j + 1] + down[j - 1] + down[j] + down[j + 1];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Load<T>(T* p, int index)
        where T : unmanaged =>
        typeof(T) == typeof(byte) ? ((byte*)p)[index] : ((ushort*)p)[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long LoadSigned<T>(T* p, int index)
        where T : unmanaged =>
        typeof(T) == typeof(short) ? ((short*)p)[index] : ((int*)p)[index];
}
