using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Adm;

/// <summary>Per-row sums of a scale's numerator (one per orientation H, V, D).</summary>
internal struct AdmRowSums
{
    public long H;
    public long V;
    public long D;
}

/// <summary>
/// One row of decouple/CSF output: restored detail r per orientation, and for masking the orientation sums
/// S = Σθ CFθ (with mirrored cells at [−1] and [w]) and C = Σθ centreθ. The threshold of §3.9 is N8(S) + C: the
/// same i32 sum in another order.
/// </summary>
internal unsafe struct AdmRow
{
    public int* Rh;
    public int* Rv;
    public int* Rd;
    public int* S;
    public int* C;
}

/// <summary>Row kernels of the integer ADM, each run by <see cref="ColumnLoop"/> with a scalar twin.</summary>
internal static unsafe class AdmKernels
{
    /// <summary>Scale-0 vertical DWT pass (§3.3) for one output row, i16-truncated, written at [j].</summary>
    public static void Dwt0Vertical<T>(T* src, int* rows, int width, int bpc, short* tl, short* th, VectorWidth vw)
        where T : unmanaged =>
        Dwt0Vertical(src, rows, 0, width, bpc, tl, th, vw);

    /// <summary>As above over input columns [start, end).</summary>
    public static void Dwt0Vertical<T>(T* src, int* rows, int start, int end, int bpc, short* tl, short* th, VectorWidth vw)
        where T : unmanaged
    {
        var k = new Dwt0VerticalKernel<T> { Src = src, Rows = rows, Bpc = bpc, Tl = tl, Th = th };
        ColumnLoop.Run512(ref k, start, end, vw);
    }

    /// <summary>Scale-0 horizontal DWT pass: bands from padded rows (output q reads indices 2q−1…2q+2).</summary>
    public static void Dwt0Horizontal(short* tl, short* th, int outWidth, short* a, short* v, short* h, short* d, VectorWidth vw) =>
        Dwt0Horizontal(tl, th, 0, outWidth, a, v, h, d, vw);

    /// <summary>As above for band columns [start, end).</summary>
    public static void Dwt0Horizontal(short* tl, short* th, int start, int end, short* a, short* v, short* h, short* d, VectorWidth vw)
    {
        var k = new Dwt0HorizontalKernel { Tl = tl, Th = th, A = a, V = v, H = h, D = d };
        ColumnLoop.Run512(ref k, start, end, vw);
    }

    /// <summary>Vertical DWT pass at scales 1–3 (§3.4): 64-bit sums, no DC offset.</summary>
    public static void DwtVertical<T>(T* src, int* rows, int width, long round, int shift, int* tl, int* th, VectorWidth vw)
        where T : unmanaged =>
        DwtVertical(src, rows, 0, width, round, shift, tl, th, vw);

    /// <summary>As above over input columns [start, end).</summary>
    public static void DwtVertical<T>(T* src, int* rows, int start, int end, long round, int shift, int* tl, int* th, VectorWidth vw)
        where T : unmanaged
    {
        var k = new DwtVerticalKernel<T> { Src = src, Rows = rows, Round = round, Shift = shift, Tl = tl, Th = th };
        ColumnLoop.Run(ref k, start, end, vw);
    }

    /// <summary>Horizontal DWT pass at scales 1–3: 64-bit sums.</summary>
    public static void DwtHorizontal(int* tl, int* th, int outWidth, long round, int shift, int* a, int* v, int* h, int* d, VectorWidth vw) =>
        DwtHorizontal(tl, th, 0, outWidth, round, shift, a, v, h, d, vw);

    /// <summary>As above for band columns [start, end).</summary>
    public static void DwtHorizontal(int* tl, int* th, int start, int end, long round, int shift, int* a, int* v, int* h, int* d, VectorWidth vw)
    {
        var k = new DwtHorizontalKernel { Tl = tl, Th = th, Round = round, Shift = shift, A = a, V = v, H = h, D = d };
        ColumnLoop.Run(ref k, start, end, vw);
    }

    /// <summary>Scale-0 decouple (§3.6) and CSF (§3.8) over columns [start, end) of one band row.</summary>
    public static void DecoupleCsf0(
        short* oh, short* ov, short* od, short* th, short* tv, short* td, int start, int end, double gainLimit, ushort* irf, AdmRow row, VectorWidth vw)
    {
        fixed (int* div = AdmConstants.Div)
        {
            var k = new Decouple0Kernel
            {
                Oh = oh, Ov = ov, Od = od, Th = th, Tv = tv, Td = td, GainLimit = gainLimit, Irf = irf, Row = row, Div = div,
                IntegerGain = gainLimit == Math.Floor(gainLimit),
            };
            ColumnLoop.Run512(ref k, start, end, vw);
        }
    }

    /// <summary>Decouple and CSF at scales 1–3 (§3.6, §3.8), 64-bit arithmetic.</summary>
    public static void DecoupleCsf(
        int* oh, int* ov, int* od, int* th, int* tv, int* td, int start, int end, double gainLimit, uint* irf, AdmRow row, VectorWidth vw)
    {
        fixed (int* div = AdmConstants.Div)
        {
            var k = new DecoupleNKernel
            {
                Oh = oh, Ov = ov, Od = od, Th = th, Tv = tv, Td = td, GainLimit = gainLimit, Irf = irf, Row = row, Div = div,
                Fast = gainLimit == Math.Floor(gainLimit) && irf[0] <= int.MaxValue && irf[1] <= int.MaxValue && irf[2] <= int.MaxValue,
            };
            ColumnLoop.Run512(ref k, start, end, vw);
        }
    }

    /// <summary>The scalar reference of decouple+CSF at scales 1–3 for one pixel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DecoupleCsfOne(int ohj, int ovj, int odj, int thj, int tvj, int tdj, double gainLimit, uint* irf, AdmRow row, int j)
    {
        bool angle = Angle(ohj, ovj, thj, tvj);

        DecoupleN(ohj, thj, angle, gainLimit, out int r, out int a);
        row.Rh[j] = r;
        int cah = CsfN(irf[0], a);

        DecoupleN(ovj, tvj, angle, gainLimit, out r, out a);
        row.Rv[j] = r;
        int cav = CsfN(irf[1], a);

        DecoupleN(odj, tdj, angle, gainLimit, out r, out a);
        row.Rd[j] = r;
        int cad = CsfN(irf[2], a);

        row.S[j] = CfN(cah) + CfN(cav) + CfN(cad);
        row.C[j] = CentreN(cah) + CentreN(cav) + CentreN(cad);
    }

    /// <summary>Scale-0 masking threshold (§3.9) and numerator sums (§3.10) over M's columns of one row.</summary>
    public static void Numerator0(AdmRow up, AdmRow mid, AdmRow down, int start, int end, ushort* irf, int shiftHv, int shiftD, ref AdmRowSums sums, VectorWidth vw)
    {
        var k = new Numerator0Kernel { Up = up.S, Mid = mid.S, Down = down.S, Row = mid, Irf = irf, ShiftHv = shiftHv, ShiftD = shiftD };
        ColumnLoop.Run512(ref k, start, end, vw);
        k.Flush(ref sums);
    }

    /// <summary>Masking threshold and numerator sums at scales 1–3.</summary>
    public static void Numerator(AdmRow up, AdmRow mid, AdmRow down, int start, int end, uint* irf, int shift, ref AdmRowSums sums, VectorWidth vw)
    {
        var k = new NumeratorNKernel { Up = up.S, Mid = mid.S, Down = down.S, Row = mid, Irf = irf, Shift = shift };
        ColumnLoop.Run(ref k, start, end, vw);
        k.Flush(ref sums);
    }

    /// <summary>Scale-0 denominator row sums (§3.11): Σ |b|³ in u64 (wrapping, so lane order does not matter).</summary>
    public static ulong DenominatorRow0(short* band, int start, int end, VectorWidth vw)
    {
        var k = new Denominator0Kernel { Band = band };
        ColumnLoop.Run(ref k, start, end, vw);
        return k.Total;
    }

    /// <summary>Denominator row sums at scales 1–3.</summary>
    public static ulong DenominatorRow(int* band, int start, int end, int squareShift, int shift, VectorWidth vw)
    {
        var k = new DenominatorNKernel { Band = band, SquareShift = squareShift, Shift = shift };
        ColumnLoop.Run(ref k, start, end, vw);
        return k.Total;
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

    /// <summary>C <c>abs</c> on int: wraps at int.MinValue instead of throwing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int AbsWrap(int x) => unchecked((x ^ (x >> 31)) - (x >> 31));

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
    internal static int CsfN(uint irf, int a) => (int)((((long)irf * a) + (1L << 27)) >> 28);

    /// <summary>|CA|/30 with libvmaf's −2^31 rounding constant (a signed store of 1u&lt;&lt;31).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CfN(int ca) => (int)(((143165577L * Math.Abs((long)ca)) - 2147483648L) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CentreN(int ca) => (int)(((286331153L * Math.Abs((long)ca)) - 2147483648L) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long NumeratorTermN(int r, uint irf, int thr, int shift, long round)
    {
        int x = (int)((((long)r * irf) + (1L << 27)) >> 28);
        x = Math.Max(AbsWrap(x) - thr, 0);
        int xsq = (int)((((long)x * x) + (1L << 29)) >> 30);
        return (((long)xsq * x) + round) >> shift;
    }

    /// <summary>Sum of the 8 neighbours of column j over three S rows (mirrored cells at [−1] and [w]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Neighbours(int* up, int* mid, int* down, int j) =>
        up[j - 1] + up[j] + up[j + 1] + mid[j - 1] + mid[j + 1] + down[j - 1] + down[j] + down[j + 1];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Load<T>(T* p, int index)
        where T : unmanaged =>
        typeof(T) == typeof(byte) ? ((byte*)p)[index] : ((ushort*)p)[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long LoadSigned<T>(T* p, int index)
        where T : unmanaged =>
        typeof(T) == typeof(short) ? ((short*)p)[index] : ((int*)p)[index];

    /// <summary>
    /// Scale-0 vertical DWT with pmaddwd: rows (0,1) and (2,3) are interleaved and multiplied by the tap pairs. 8-bit
    /// samples fit i16 as they are; deeper ones are offset by −32768, which adds 32768·Σlo to the low pass (folded into
    /// the DC term, wrapping like the spec's i32 arithmetic) and nothing to the high pass (Σhi = 0). Sums stay below
    /// 54822·32768 &lt; 2^31, and the i16 outputs are stored as words.
    /// </summary>
    private struct Dwt0VerticalKernel<T> : IColumnKernel512
        where T : unmanaged
    {
        public T* Src;
        public int* Rows;
        public int Bpc;
        public short* Tl;
        public short* Th;

        public static int Lanes512 => 32;

        public static int Lanes256 => 16;

        public static int Lanes128 => 8;

        /// <summary>What the low pass must subtract: the DC term, less what the sample offset already removed.</summary>
        private readonly int LowBias => (46342 << (Bpc - 1)) - (typeof(T) == typeof(byte) ? 0 : 46342 * 32768);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            Vector512<short> u0 = L512(Rows[0] + j), u1 = L512(Rows[1] + j), u2 = L512(Rows[2] + j), u3 = L512(Rows[3] + j);
            Vector512<short> a01 = Avx512BW.UnpackLow(u0, u1), b01 = Avx512BW.UnpackHigh(u0, u1), a23 = Avx512BW.UnpackLow(u2, u3), b23 = Avx512BW.UnpackHigh(u2, u3);
            Vector512<short> lo01 = Pair512(15826, 27411), lo23 = Pair512(7345, -4240), hi01 = Pair512(-4240, -7345), hi23 = Pair512(27411, -15826);
            Vector512<int> bias = Vector512.Create(LowBias - (1 << (Bpc - 1))), round = Vector512.Create(1 << (Bpc - 1));
            Vector512<int> la = Avx512BW.MultiplyAddAdjacent(a01, lo01) + Avx512BW.MultiplyAddAdjacent(a23, lo23) - bias;
            Vector512<int> lb = Avx512BW.MultiplyAddAdjacent(b01, lo01) + Avx512BW.MultiplyAddAdjacent(b23, lo23) - bias;
            Vector512<int> ha = Avx512BW.MultiplyAddAdjacent(a01, hi01) + Avx512BW.MultiplyAddAdjacent(a23, hi23) + round;
            Vector512<int> hb = Avx512BW.MultiplyAddAdjacent(b01, hi01) + Avx512BW.MultiplyAddAdjacent(b23, hi23) + round;
            Vector512.Store(Pack512(Vector512.ShiftRightArithmetic(la, Bpc), Vector512.ShiftRightArithmetic(lb, Bpc)), Tl + j);
            Vector512.Store(Pack512(Vector512.ShiftRightArithmetic(ha, Bpc), Vector512.ShiftRightArithmetic(hb, Bpc)), Th + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<short> u0 = L256(Rows[0] + j), u1 = L256(Rows[1] + j), u2 = L256(Rows[2] + j), u3 = L256(Rows[3] + j);
            Vector256<short> a01 = Avx2.UnpackLow(u0, u1), b01 = Avx2.UnpackHigh(u0, u1), a23 = Avx2.UnpackLow(u2, u3), b23 = Avx2.UnpackHigh(u2, u3);
            Vector256<short> lo01 = Pair256(15826, 27411), lo23 = Pair256(7345, -4240), hi01 = Pair256(-4240, -7345), hi23 = Pair256(27411, -15826);
            Vector256<int> bias = Vector256.Create(LowBias - (1 << (Bpc - 1))), round = Vector256.Create(1 << (Bpc - 1));
            Vector256<int> la = Avx2.MultiplyAddAdjacent(a01, lo01) + Avx2.MultiplyAddAdjacent(a23, lo23) - bias;
            Vector256<int> lb = Avx2.MultiplyAddAdjacent(b01, lo01) + Avx2.MultiplyAddAdjacent(b23, lo23) - bias;
            Vector256<int> ha = Avx2.MultiplyAddAdjacent(a01, hi01) + Avx2.MultiplyAddAdjacent(a23, hi23) + round;
            Vector256<int> hb = Avx2.MultiplyAddAdjacent(b01, hi01) + Avx2.MultiplyAddAdjacent(b23, hi23) + round;

            // vpackssdw keeps the unpack's lane split, so the words land back in column order; values fit i16 (exact).
            Vector256.Store(Avx2.PackSignedSaturate(Vector256.ShiftRightArithmetic(la, Bpc), Vector256.ShiftRightArithmetic(lb, Bpc)), Tl + j);
            Vector256.Store(Avx2.PackSignedSaturate(Vector256.ShiftRightArithmetic(ha, Bpc), Vector256.ShiftRightArithmetic(hb, Bpc)), Th + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            Vector128<short> u0 = L128(Rows[0] + j), u1 = L128(Rows[1] + j), u2 = L128(Rows[2] + j), u3 = L128(Rows[3] + j);
            Vector128<short> a01 = Sse2.UnpackLow(u0, u1), b01 = Sse2.UnpackHigh(u0, u1), a23 = Sse2.UnpackLow(u2, u3), b23 = Sse2.UnpackHigh(u2, u3);
            Vector128<short> lo01 = Pair128(15826, 27411), lo23 = Pair128(7345, -4240), hi01 = Pair128(-4240, -7345), hi23 = Pair128(27411, -15826);
            Vector128<int> bias = Vector128.Create(LowBias - (1 << (Bpc - 1))), round = Vector128.Create(1 << (Bpc - 1));
            Vector128<int> la = Sse2.MultiplyAddAdjacent(a01, lo01) + Sse2.MultiplyAddAdjacent(a23, lo23) - bias;
            Vector128<int> lb = Sse2.MultiplyAddAdjacent(b01, lo01) + Sse2.MultiplyAddAdjacent(b23, lo23) - bias;
            Vector128<int> ha = Sse2.MultiplyAddAdjacent(a01, hi01) + Sse2.MultiplyAddAdjacent(a23, hi23) + round;
            Vector128<int> hb = Sse2.MultiplyAddAdjacent(b01, hi01) + Sse2.MultiplyAddAdjacent(b23, hi23) + round;
            Vector128.Store(Sse2.PackSignedSaturate(Vector128.ShiftRightArithmetic(la, Bpc), Vector128.ShiftRightArithmetic(lb, Bpc)), Tl + j);
            Vector128.Store(Sse2.PackSignedSaturate(Vector128.ShiftRightArithmetic(ha, Bpc), Vector128.ShiftRightArithmetic(hb, Bpc)), Th + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j)
        {
            int c = 1 << (Bpc - 1);
            int dc = 46342 * c;
            int u0 = Load(Src, Rows[0] + j), u1 = Load(Src, Rows[1] + j), u2 = Load(Src, Rows[2] + j), u3 = Load(Src, Rows[3] + j);
            int l = unchecked((15826 * u0) + (27411 * u1) + (7345 * u2) - (4240 * u3) - dc);
            int h = unchecked((-4240 * u0) - (7345 * u1) + (27411 * u2) - (15826 * u3));
            Tl[j] = (short)((l + c) >> Bpc);
            Th[j] = (short)((h + c) >> Bpc);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector512<short> L512(int offset) =>
            typeof(T) == typeof(byte)
                ? Avx512BW.ConvertToVector512Int16(Vector256.Load((byte*)Src + offset))
                : Vector512.Load((short*)Src + offset) ^ Vector512.Create(unchecked((short)0x8000));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector256<short> L256(int offset) =>
            typeof(T) == typeof(byte)
                ? Avx2.ConvertToVector256Int16((byte*)Src + offset)
                : Vector256.Load((short*)Src + offset) ^ Vector256.Create(unchecked((short)0x8000));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector128<short> L128(int offset) =>
            typeof(T) == typeof(byte)
                ? Sse41.ConvertToVector128Int16((byte*)Src + offset)
                : Vector128.Load((short*)Src + offset) ^ Vector128.Create(unchecked((short)0x8000));
    }

    /// <summary>
    /// Scale-0 horizontal DWT with pmaddwd on i16 rows: a load at 2q−1 pairs the first two taps of outputs q, q+1, …
    /// and one at 2q+1 the last two, so only kept (even) positions are computed. Sums stay within ±54822·32768.
    /// </summary>
    private struct Dwt0HorizontalKernel : IColumnKernel512
    {
        public short* Tl;
        public short* Th;
        public short* A;
        public short* V;
        public short* H;
        public short* D;

        public static int Lanes512 => 16;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int q)
        {
            Vector512<short> l01 = Vector512.Load(Tl + (2 * q) - 1), l23 = Vector512.Load(Tl + (2 * q) + 1);
            Vector512<short> h01 = Vector512.Load(Th + (2 * q) - 1), h23 = Vector512.Load(Th + (2 * q) + 1);
            Vector512<short> lo01 = Pair512(15826, 27411), lo23 = Pair512(7345, -4240), hi01 = Pair512(-4240, -7345), hi23 = Pair512(27411, -15826);
            Vector512<int> round = Vector512.Create(32768);
            Vector256.Store(Avx512BW.ConvertToVector256Int16(Vector512.ShiftRightArithmetic(Avx512BW.MultiplyAddAdjacent(l01, lo01) + Avx512BW.MultiplyAddAdjacent(l23, lo23) + round, 16)), A + q);
            Vector256.Store(Avx512BW.ConvertToVector256Int16(Vector512.ShiftRightArithmetic(Avx512BW.MultiplyAddAdjacent(l01, hi01) + Avx512BW.MultiplyAddAdjacent(l23, hi23) + round, 16)), V + q);
            Vector256.Store(Avx512BW.ConvertToVector256Int16(Vector512.ShiftRightArithmetic(Avx512BW.MultiplyAddAdjacent(h01, lo01) + Avx512BW.MultiplyAddAdjacent(h23, lo23) + round, 16)), H + q);
            Vector256.Store(Avx512BW.ConvertToVector256Int16(Vector512.ShiftRightArithmetic(Avx512BW.MultiplyAddAdjacent(h01, hi01) + Avx512BW.MultiplyAddAdjacent(h23, hi23) + round, 16)), D + q);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int q)
        {
            Vector256<short> l01 = Vector256.Load(Tl + (2 * q) - 1), l23 = Vector256.Load(Tl + (2 * q) + 1);
            Vector256<short> h01 = Vector256.Load(Th + (2 * q) - 1), h23 = Vector256.Load(Th + (2 * q) + 1);
            Vector256<short> lo01 = Pair256(15826, 27411), lo23 = Pair256(7345, -4240), hi01 = Pair256(-4240, -7345), hi23 = Pair256(27411, -15826);
            Vector256<int> round = Vector256.Create(32768);
            Store8(Avx2.MultiplyAddAdjacent(l01, lo01) + Avx2.MultiplyAddAdjacent(l23, lo23) + round, A + q);
            Store8(Avx2.MultiplyAddAdjacent(l01, hi01) + Avx2.MultiplyAddAdjacent(l23, hi23) + round, V + q);
            Store8(Avx2.MultiplyAddAdjacent(h01, lo01) + Avx2.MultiplyAddAdjacent(h23, lo23) + round, H + q);
            Store8(Avx2.MultiplyAddAdjacent(h01, hi01) + Avx2.MultiplyAddAdjacent(h23, hi23) + round, D + q);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int q)
        {
            Vector128<short> l01 = Vector128.Load(Tl + (2 * q) - 1), l23 = Vector128.Load(Tl + (2 * q) + 1);
            Vector128<short> h01 = Vector128.Load(Th + (2 * q) - 1), h23 = Vector128.Load(Th + (2 * q) + 1);
            Vector128<short> lo01 = Pair128(15826, 27411), lo23 = Pair128(7345, -4240), hi01 = Pair128(-4240, -7345), hi23 = Pair128(27411, -15826);
            Vector128<int> round = Vector128.Create(32768);
            Store4(Sse2.MultiplyAddAdjacent(l01, lo01) + Sse2.MultiplyAddAdjacent(l23, lo23) + round, A + q);
            Store4(Sse2.MultiplyAddAdjacent(l01, hi01) + Sse2.MultiplyAddAdjacent(l23, hi23) + round, V + q);
            Store4(Sse2.MultiplyAddAdjacent(h01, lo01) + Sse2.MultiplyAddAdjacent(h23, lo23) + round, H + q);
            Store4(Sse2.MultiplyAddAdjacent(h01, hi01) + Sse2.MultiplyAddAdjacent(h23, hi23) + round, D + q);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int q)
        {
            short* l = Tl + (2 * q) - 1;
            short* hh = Th + (2 * q) - 1;
            A[q] = (short)(((15826 * l[0]) + (27411 * l[1]) + (7345 * l[2]) - (4240 * l[3]) + 32768) >> 16);
            V[q] = (short)(((-4240 * l[0]) - (7345 * l[1]) + (27411 * l[2]) - (15826 * l[3]) + 32768) >> 16);
            H[q] = (short)(((15826 * hh[0]) + (27411 * hh[1]) + (7345 * hh[2]) - (4240 * hh[3]) + 32768) >> 16);
            D[q] = (short)(((-4240 * hh[0]) - (7345 * hh[1]) + (27411 * hh[2]) - (15826 * hh[3]) + 32768) >> 16);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store8(Vector256<int> sum, short* dst)
        {
            Vector256<int> v = Vector256.ShiftRightArithmetic(sum, 16);
            Vector128.Store(Sse2.PackSignedSaturate(v.GetLower(), v.GetUpper()), dst);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store4(Vector128<int> sum, short* dst)
        {
            Vector128<int> v = Vector128.ShiftRightArithmetic(sum, 16);
            Sse2.StoreScalar((long*)dst, Sse2.PackSignedSaturate(v, v).AsInt64());
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Pair512(short a, short b) => Vector512.Create((int)(ushort)a | (b << 16)).AsInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Pair256(short a, short b) => Vector256.Create((int)(ushort)a | (b << 16)).AsInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Pair128(short a, short b) => Vector128.Create((int)(ushort)a | (b << 16)).AsInt16();

    /// <summary>32 words in column order from two vectors of 16 i32 values within i16 (saturation is then exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Pack512(Vector512<int> lo, Vector512<int> hi) =>
        Vector512.Create(Avx512BW.ConvertToVector256Int16(Avx512F.PermuteVar8x64x2(lo.AsInt64(), Vector512.Create(0L, 1, 8, 9, 2, 3, 10, 11), hi.AsInt64()).AsInt32()),
                         Avx512BW.ConvertToVector256Int16(Avx512F.PermuteVar8x64x2(lo.AsInt64(), Vector512.Create(4L, 5, 12, 13, 6, 7, 14, 15), hi.AsInt64()).AsInt32()));

    /// <summary>64-bit DWT rows at scales 1–3: signed 32×32→64 products in even/odd lanes, exact arithmetic shifts.</summary>
    private struct DwtVerticalKernel<T> : IColumnKernel
        where T : unmanaged
    {
        public T* Src;
        public int* Rows;
        public long Round;
        public int Shift;
        public int* Tl;
        public int* Th;

        public static int Lanes256 => 8;

        public static int Lanes128 => 8;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<int> u0 = L(Rows[0] + j), u1 = L(Rows[1] + j), u2 = L(Rows[2] + j), u3 = L(Rows[3] + j);
            Vector256<long> r = Vector256.Create(Round);
            Vector256.Store(Combine(Dot(u0, u1, u2, u3, 15826, 27411, 7345, -4240, r), Dot(Odd(u0), Odd(u1), Odd(u2), Odd(u3), 15826, 27411, 7345, -4240, r)), Tl + j);
            Vector256.Store(Combine(Dot(u0, u1, u2, u3, -4240, -7345, 27411, -15826, r), Dot(Odd(u0), Odd(u1), Odd(u2), Odd(u3), -4240, -7345, 27411, -15826, r)), Th + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            for (int c = 0; c < 8; c++)
            {
                StepScalar(j + c);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j)
        {
            long u0 = LoadSigned(Src, Rows[0] + j), u1 = LoadSigned(Src, Rows[1] + j), u2 = LoadSigned(Src, Rows[2] + j), u3 = LoadSigned(Src, Rows[3] + j);
            Tl[j] = (int)(((15826 * u0) + (27411 * u1) + (7345 * u2) - (4240 * u3) + Round) >> Shift);
            Th[j] = (int)(((-4240 * u0) - (7345 * u1) + (27411 * u2) - (15826 * u3) + Round) >> Shift);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector256<long> Dot(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d, int f0, int f1, int f2, int f3, Vector256<long> round) =>
            Vec.ShiftRightArithmetic(
                Avx2.Multiply(a, Vector256.Create(f0)) + Avx2.Multiply(b, Vector256.Create(f1)) + Avx2.Multiply(c, Vector256.Create(f2)) + Avx2.Multiply(d, Vector256.Create(f3)) + round,
                Shift);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Odd(Vector256<int> v) => Avx2.ShiftRightLogical(v.AsInt64(), 32).AsInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Combine(Vector256<long> even, Vector256<long> odd) => Vec.InterleaveLow32(even.AsUInt64(), odd.AsUInt64()).AsInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<int> L(int offset) =>
            typeof(T) == typeof(short) ? Avx2.ConvertToVector256Int32((short*)Src + offset) : Vector256.Load((int*)Src + offset);
    }

    /// <summary>
    /// Scale-0 decouple+CSF for 8 pixels. k = ⌊(DIV[o]·t + 2^14) / 2^15⌋ is evaluated in double lanes (|DIV·t| &lt; 2^45,
    /// exact); every other step is the spec's i32 arithmetic. The dot products of the angle test can only wrap to
    /// int.MinValue when the true value is +2^31 (all four inputs −32768), which the conversion corrects. A non-integer
    /// gain limit takes the scalar path (its min/max would need double rounding).
    /// </summary>
    internal struct Decouple0Kernel : IColumnKernel512
    {
        public short* Oh;
        public short* Ov;
        public short* Od;
        public short* Th;
        public short* Tv;
        public short* Td;
        public double GainLimit;
        public bool IntegerGain;
        public ushort* Irf;
        public AdmRow Row;
        public int* Div;

        public static int Lanes512 => 16;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            if (!IntegerGain)
            {
                Step256(j);
                Step256(j + 8);
                return;
            }

            Vector512<int> oh = L(Oh + j), ov = L(Ov + j), od = L(Od + j), th = L(Th + j), tv = L(Tv + j), td = L(Td + j);
            Vector512<int> angle = AngleMask(oh, ov, th, tv);
            Vector512<int> gain = Vector512.Create((int)GainLimit);

            Vector512<int> rh = Decouple(oh, th, angle, gain, out Vector512<int> ah);
            Vector512<int> rv = Decouple(ov, tv, angle, gain, out Vector512<int> av);
            Vector512<int> rd = Decouple(od, td, angle, gain, out Vector512<int> ad);
            Vector512.Store(rh, Row.Rh + j);
            Vector512.Store(rv, Row.Rv + j);
            Vector512.Store(rd, Row.Rd + j);

            Vector512<int> cah = ToInt16(Vector512.ShiftRightArithmetic(Avx512F.MultiplyLow(ah, Vector512.Create((int)Irf[0])) + Vector512.Create(16384), 15));
            Vector512<int> cav = ToInt16(Vector512.ShiftRightArithmetic(Avx512F.MultiplyLow(av, Vector512.Create((int)Irf[1])) + Vector512.Create(16384), 15));
            Vector512<int> cad = ToInt16(Vector512.ShiftRightArithmetic(Avx512F.MultiplyLow(ad, Vector512.Create((int)Irf[2])) + Vector512.Create(65535), 17));
            Vector512.Store(Scaled(cah, 4369) + Scaled(cav, 4369) + Scaled(cad, 4369), Row.S + j);
            Vector512.Store(Scaled(cah, 8738) + Scaled(cav, 8738) + Scaled(cad, 8738), Row.C + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<int> L(short* p) => Avx512F.ConvertToVector512Int32(Vector256.Load(p));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector512<int> ToInt16(Vector512<int> v) => Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(v, 16), 16);

        /// <summary>i16((c·|CA| + 2048) &gt;&gt; 12): CF (c = 4369) and the masking centre (c = 8738).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector512<int> Scaled(Vector512<int> ca, int c) =>
            ToInt16(Vector512.ShiftRightArithmetic(Avx512F.MultiplyLow(Avx512F.Abs(ca).AsInt32(), Vector512.Create(c)) + Vector512.Create(2048), 12));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<int> AngleMask(Vector512<int> oh, Vector512<int> ov, Vector512<int> th, Vector512<int> tv)
        {
            Vector512<int> ot = Avx512F.MultiplyLow(oh, th) + Avx512F.MultiplyLow(ov, tv);
            Vector512<int> om = Avx512F.MultiplyLow(oh, oh) + Avx512F.MultiplyLow(ov, ov);
            Vector512<int> tm = Avx512F.MultiplyLow(th, th) + Avx512F.MultiplyLow(tv, tv);
            Vector512<float> absMask = Vector512.Create(0x7FFFFFFF).AsSingle();
            Vector512<float> fot = Avx512F.ConvertToVector512Single(ot);
            fot = Vector512.ConditionalSelect(Vector512.Equals(ot, Vector512.Create(int.MinValue)).AsSingle(), fot & absMask, fot);
            Vector512<float> fom = Avx512F.ConvertToVector512Single(om) & absMask;
            Vector512<float> ftm = Avx512F.ConvertToVector512Single(tm) & absMask;
            Vector256<int> lo = Half(fot.GetLower(), fom.GetLower(), ftm.GetLower());
            Vector256<int> hi = Half(fot.GetUpper(), fom.GetUpper(), ftm.GetUpper());
            return Vector512.Create(lo, hi);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Half(Vector256<float> fot, Vector256<float> fom, Vector256<float> ftm)
        {
            Vector512<double> scale = Vector512.Create(1.0 / 4096.0);
            Vector512<double> p = Avx512F.ConvertToVector512Double(fot) * scale;
            Vector512<double> q = Avx512F.ConvertToVector512Double(fom) * scale;
            Vector512<double> r = Avx512F.ConvertToVector512Double(ftm) * scale;
            Vector512<double> mask = Avx512F.CompareGreaterThanOrEqual(p, Vector512<double>.Zero) & Avx512F.CompareGreaterThanOrEqual(p * p, Vector512.Create(AdmConstants.Cos2) * q * r);
            return Avx512F.ConvertToVector256Int32(mask.AsInt64());
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector512<int> Decouple(Vector512<int> o, Vector512<int> t, Vector512<int> angle, Vector512<int> gain, out Vector512<int> a)
        {
            Vector512<int> index = o + Vector512.Create(32768);
            Vector512<int> div = Vector512.Create(Avx2.GatherVector256(Div, index.GetLower(), 4), Avx2.GatherVector256(Div, index.GetUpper(), 4));
            Vector512<int> k = Vector512.Create(KQuotient(div.GetLower(), t.GetLower()), KQuotient(div.GetUpper(), t.GetUpper()));
            Vector512<int> zero = Vector512<int>.Zero;
            k = Vector512.ConditionalSelect(Vector512.Equals(o, zero), Vector512.Create(32768), k);
            Vector512<int> rst = ToInt16(Vector512.ShiftRightArithmetic(Avx512F.MultiplyLow(k, o) + Vector512.Create(16384), 15));
            Vector512<int> limited = Avx512F.MultiplyLow(rst, gain);
            Vector512<int> active = angle & Vector512.GreaterThan(k, zero);
            rst = Vector512.ConditionalSelect(active & Vector512.GreaterThan(o, zero), Avx512F.Min(limited, t), rst);
            rst = Vector512.ConditionalSelect(active & Vector512.LessThan(o, zero), Avx512F.Max(limited, t), rst);
            a = ToInt16(t - rst);
            return rst;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> KQuotient(Vector256<int> div, Vector256<int> t)
        {
            Vector512<double> q = Avx512F.RoundScale(
                ((Avx512F.ConvertToVector512Double(div) * Avx512F.ConvertToVector512Double(t)) + Vector512.Create(16384.0)) * Vector512.Create(1.0 / 32768.0), 0x09);
            q = Avx512F.Min(Avx512F.Max(q, Vector512<double>.Zero), Vector512.Create(32768.0));
            return Avx512F.ConvertToVector256Int32WithTruncation(q);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            if (!IntegerGain)
            {
                for (int c = 0; c < 8; c++)
                {
                    StepScalar(j + c);
                }

                return;
            }

            Vector256<int> oh = Avx2.ConvertToVector256Int32(Oh + j), ov = Avx2.ConvertToVector256Int32(Ov + j), od = Avx2.ConvertToVector256Int32(Od + j);
            Vector256<int> th = Avx2.ConvertToVector256Int32(Th + j), tv = Avx2.ConvertToVector256Int32(Tv + j), td = Avx2.ConvertToVector256Int32(Td + j);
            Vector256<int> angle = AngleMask(oh, ov, th, tv);
            Vector256<int> gain = Vector256.Create((int)GainLimit);

            Vector256<int> rh = Decouple(oh, th, angle, gain, out Vector256<int> ah);
            Vector256<int> rv = Decouple(ov, tv, angle, gain, out Vector256<int> av);
            Vector256<int> rd = Decouple(od, td, angle, gain, out Vector256<int> ad);
            Vector256.Store(rh, Row.Rh + j);
            Vector256.Store(rv, Row.Rv + j);
            Vector256.Store(rd, Row.Rd + j);

            Vector256<int> cah = Vec.ToInt16(Vector256.ShiftRightArithmetic(Avx2.MultiplyLow(ah, Vector256.Create((int)Irf[0])) + Vector256.Create(16384), 15));
            Vector256<int> cav = Vec.ToInt16(Vector256.ShiftRightArithmetic(Avx2.MultiplyLow(av, Vector256.Create((int)Irf[1])) + Vector256.Create(16384), 15));
            Vector256<int> cad = Vec.ToInt16(Vector256.ShiftRightArithmetic(Avx2.MultiplyLow(ad, Vector256.Create((int)Irf[2])) + Vector256.Create(65535), 17));
            Vector256.Store(Cf(cah) + Cf(cav) + Cf(cad), Row.S + j);
            Vector256.Store(Centre(cah) + Centre(cav) + Centre(cad), Row.C + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            for (int c = 0; c < 4; c++)
            {
                StepScalar(j + c);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j)
        {
            int ohj = Oh[j], ovj = Ov[j], odj = Od[j], thj = Th[j], tvj = Tv[j], tdj = Td[j];
            bool angle = Angle(ohj, ovj, thj, tvj);

            Decouple0(ohj, thj, angle, GainLimit, out int r, out int a);
            Row.Rh[j] = r;
            int cah = (short)(((Irf[0] * a) + 16384) >> 15);

            Decouple0(ovj, tvj, angle, GainLimit, out r, out a);
            Row.Rv[j] = r;
            int cav = (short)(((Irf[1] * a) + 16384) >> 15);

            Decouple0(odj, tdj, angle, GainLimit, out r, out a);
            Row.Rd[j] = r;
            int cad = (short)(((Irf[2] * a) + 65535) >> 17);

            Row.S[j] = Cf0(cah) + Cf0(cav) + Cf0(cad);
            Row.C[j] = Centre0(cah) + Centre0(cav) + Centre0(cad);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Cf0(int ca) => (short)(((4369 * Math.Abs(ca)) + 2048) >> 12);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Centre0(int ca) => (short)(((8738 * Math.Abs(ca)) + 2048) >> 12);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<int> Cf(Vector256<int> ca) =>
            Vec.ToInt16(Vector256.ShiftRightArithmetic(Avx2.MultiplyLow(Avx2.Abs(ca).AsInt32(), Vector256.Create(4369)) + Vector256.Create(2048), 12));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<int> Centre(Vector256<int> ca) =>
            Vec.ToInt16(Vector256.ShiftRightArithmetic(Avx2.MultiplyLow(Avx2.Abs(ca).AsInt32(), Vector256.Create(8738)) + Vector256.Create(2048), 12));

        /// <summary>All-ones lanes where the angle test passes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> AngleMask(Vector256<int> oh, Vector256<int> ov, Vector256<int> th, Vector256<int> tv)
        {
            Vector256<int> ot = Avx2.MultiplyLow(oh, th) + Avx2.MultiplyLow(ov, tv);
            Vector256<int> om = Avx2.MultiplyLow(oh, oh) + Avx2.MultiplyLow(ov, ov);
            Vector256<int> tm = Avx2.MultiplyLow(th, th) + Avx2.MultiplyLow(tv, tv);
            Vector256<int> minValue = Vector256.Create(int.MinValue);
            Vector256<float> absMask = Vector256.Create(0x7FFFFFFF).AsSingle();

            // A wrapped +2^31 converts to −2^31f: clear the sign bit (om and tm are never negative).
            Vector256<float> fot = Avx.ConvertToVector256Single(ot);
            fot = Avx.BlendVariable(fot, fot & absMask, Avx2.CompareEqual(ot, minValue).AsSingle());
            Vector256<float> fom = Avx.ConvertToVector256Single(om) & absMask;
            Vector256<float> ftm = Avx.ConvertToVector256Single(tm) & absMask;
            Vector256<double> scale = Vector256.Create(1.0 / 4096.0);
            Vector256<double> cos2 = Vector256.Create(AdmConstants.Cos2);
            Vector256<double> pl = Avx.ConvertToVector256Double(fot.GetLower()) * scale, ph = Avx.ConvertToVector256Double(fot.GetUpper()) * scale;
            Vector256<double> ql = Avx.ConvertToVector256Double(fom.GetLower()) * scale, qh = Avx.ConvertToVector256Double(fom.GetUpper()) * scale;
            Vector256<double> rl = Avx.ConvertToVector256Double(ftm.GetLower()) * scale, rh = Avx.ConvertToVector256Double(ftm.GetUpper()) * scale;
            Vector256<double> ml = Avx.CompareGreaterThanOrEqual(pl, Vector256<double>.Zero) & Avx.CompareGreaterThanOrEqual(pl * pl, cos2 * ql * rl);
            Vector256<double> mh = Avx.CompareGreaterThanOrEqual(ph, Vector256<double>.Zero) & Avx.CompareGreaterThanOrEqual(ph * ph, cos2 * qh * rh);

            // Each double mask lane is all ones or zero: take its low dword.
            Vector256<int> idx = Vector256.Create(0, 2, 4, 6, 0, 2, 4, 6);
            Vector128<int> lo = Avx2.PermuteVar8x32(ml.AsInt32(), idx).GetLower();
            Vector128<int> hi = Avx2.PermuteVar8x32(mh.AsInt32(), idx).GetLower();
            return Vector256.Create(lo, hi);
        }

        /// <summary>Restored part r (returned) and additive part a of one orientation.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector256<int> Decouple(Vector256<int> o, Vector256<int> t, Vector256<int> angle, Vector256<int> gain, out Vector256<int> a)
        {
            Vector256<int> div = Avx2.GatherVector256(Div, o + Vector256.Create(32768), 4);
            Vector256<int> k = Vector256.Create(KQuotient(div.GetLower(), t.GetLower()), KQuotient(div.GetUpper(), t.GetUpper()));
            Vector256<int> zero = Vector256<int>.Zero;
            k = Avx2.BlendVariable(k, Vector256.Create(32768), Avx2.CompareEqual(o, zero));
            Vector256<int> rst = Vec.ToInt16(Vector256.ShiftRightArithmetic(Avx2.MultiplyLow(k, o) + Vector256.Create(16384), 15));
            Vector256<int> limited = Avx2.MultiplyLow(rst, gain);
            Vector256<int> active = angle & Avx2.CompareGreaterThan(k, zero);
            Vector256<int> pos = active & Avx2.CompareGreaterThan(o, zero);
            Vector256<int> neg = active & Avx2.CompareGreaterThan(zero, o);
            rst = Avx2.BlendVariable(rst, Avx2.Min(limited, t), pos);
            rst = Avx2.BlendVariable(rst, Avx2.Max(limited, t), neg);
            a = Vec.ToInt16(t - rst);
            return rst;
        }

        /// <summary>clamp(⌊(div·t + 2^14) / 2^15⌋, 0, 32768) for four lanes, exactly.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<int> KQuotient(Vector128<int> div, Vector128<int> t)
        {
            Vector256<double> q = Avx.RoundToNegativeInfinity(
                ((Avx.ConvertToVector256Double(div) * Avx.ConvertToVector256Double(t)) + Vector256.Create(16384.0)) * Vector256.Create(1.0 / 32768.0));
            q = Avx.Min(Avx.Max(q, Vector256<double>.Zero), Vector256.Create(32768.0));
            return Avx.ConvertToVector128Int32WithTruncation(q);
        }
    }

    /// <summary>
    /// Scale-0 threshold and numerator for 8 pixels: |x| and x² in u32/u64 lanes, xsq truncated to i32, then the signed
    /// 64-bit product with exact arithmetic shifts; sums stay in 64-bit lanes.
    /// </summary>
    private struct Numerator0Kernel : IColumnKernel512
    {
        public int* Up;
        public int* Mid;
        public int* Down;
        public AdmRow Row;
        public ushort* Irf;
        public int ShiftHv;
        public int ShiftD;
        private Vector256<long> _h;
        private Vector256<long> _v;
        private Vector256<long> _d;
        private AdmRowSums _scalar;
        private Vector512<long> _h512;
        private Vector512<long> _v512;
        private Vector512<long> _d512;

        public static int Lanes512 => 16;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            Vector512<int> thr = Vector512.Load(Up + j - 1) + Vector512.Load(Up + j) + Vector512.Load(Up + j + 1)
                + Vector512.Load(Mid + j - 1) + Vector512.Load(Mid + j + 1)
                + Vector512.Load(Down + j - 1) + Vector512.Load(Down + j) + Vector512.Load(Down + j + 1)
                + Vector512.Load(Row.C + j);
            Vector512<int> thr10 = Vector512.ShiftLeft(thr, 10), thr12 = Vector512.ShiftLeft(thr, 12);
            _h512 += Term512(Vector512.Load(Row.Rh + j), Irf[0], thr10, 28, 29, ShiftHv);
            _v512 += Term512(Vector512.Load(Row.Rv + j), Irf[1], thr10, 28, 29, ShiftHv);
            _d512 += Term512(Vector512.Load(Row.Rd + j), Irf[2], thr12, 29, 30, ShiftD);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<long> Term512(Vector512<int> r, int irf, Vector512<int> thr, int roundBit, int squareShift, int shift)
        {
            Vector512<int> x = Avx512F.Max(Avx512F.Abs(Avx512F.MultiplyLow(r, Vector512.Create(irf))).AsInt32() - thr, Vector512<int>.Zero);
            Vector512<int> xo = Vector512.ShiftRightLogical(x.AsInt64(), 32).AsInt32();
            Vector512<ulong> round = Vector512.Create(1ul << roundBit);
            Vector512<ulong> sqE = Vector512.ShiftRightLogical(Avx512F.Multiply(x.AsUInt32(), x.AsUInt32()) + round, squareShift);
            Vector512<ulong> sqO = Vector512.ShiftRightLogical(Avx512F.Multiply(xo.AsUInt32(), xo.AsUInt32()) + round, squareShift);
            Vector512<long> r2 = Vector512.Create(1L << (shift - 1));
            return Vector512.ShiftRightArithmetic(Avx512F.Multiply(sqE.AsInt32(), x) + r2, shift) + Vector512.ShiftRightArithmetic(Avx512F.Multiply(sqO.AsInt32(), xo) + r2, shift);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<int> thr = Vector256.Load(Up + j - 1) + Vector256.Load(Up + j) + Vector256.Load(Up + j + 1)
                + Vector256.Load(Mid + j - 1) + Vector256.Load(Mid + j + 1)
                + Vector256.Load(Down + j - 1) + Vector256.Load(Down + j) + Vector256.Load(Down + j + 1)
                + Vector256.Load(Row.C + j);
            Vector256<int> thr10 = Avx2.ShiftLeftLogical(thr, 10), thr12 = Avx2.ShiftLeftLogical(thr, 12);
            _h += Term(Vector256.Load(Row.Rh + j), Irf[0], thr10, 28, 29, ShiftHv);
            _v += Term(Vector256.Load(Row.Rv + j), Irf[1], thr10, 28, 29, ShiftHv);
            _d += Term(Vector256.Load(Row.Rd + j), Irf[2], thr12, 29, 30, ShiftD);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            for (int c = 0; c < 4; c++)
            {
                StepScalar(j + c);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j)
        {
            int thr = Neighbours(Up, Mid, Down, j) + Row.C[j];
            long roundHv = 1L << (ShiftHv - 1), roundD = 1L << (ShiftD - 1);

            int x = Math.Max(AbsWrap(Row.Rh[j] * Irf[0]) - (thr << 10), 0);
            int xsq = (int)((((long)x * x) + (1L << 28)) >> 29);
            _scalar.H += (((long)xsq * x) + roundHv) >> ShiftHv;

            x = Math.Max(AbsWrap(Row.Rv[j] * Irf[1]) - (thr << 10), 0);
            xsq = (int)((((long)x * x) + (1L << 28)) >> 29);
            _scalar.V += (((long)xsq * x) + roundHv) >> ShiftHv;

            x = Math.Max(AbsWrap(Row.Rd[j] * Irf[2]) - (thr << 12), 0);
            xsq = (int)((((long)x * x) + (1L << 29)) >> 30);
            _scalar.D += (((long)xsq * x) + roundD) >> ShiftD;
        }

        public readonly void Flush(ref AdmRowSums sums)
        {
            sums.H += _scalar.H + Vec.Sum(_h) + Vector512.Sum(_h512);
            sums.V += _scalar.V + Vec.Sum(_v) + Vector512.Sum(_v512);
            sums.D += _scalar.D + Vec.Sum(_d) + Vector512.Sum(_d512);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<long> Term(Vector256<int> r, int irf, Vector256<int> thr, byte roundBit, byte squareShift, int shift)
        {
            Vector256<int> x = Avx2.Max(Avx2.Abs(Avx2.MultiplyLow(r, Vector256.Create(irf))).AsInt32() - thr, Vector256<int>.Zero);
            Vector256<int> xo = Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32();
            Vector256<ulong> round = Vector256.Create(1ul << roundBit);
            Vector256<ulong> sqE = Vector256.ShiftRightLogical(Avx2.Multiply(x.AsUInt32(), x.AsUInt32()) + round, squareShift);
            Vector256<ulong> sqO = Vector256.ShiftRightLogical(Avx2.Multiply(xo.AsUInt32(), xo.AsUInt32()) + round, squareShift);
            Vector256<long> r2 = Vector256.Create(1L << (shift - 1));

            // xsq is the low 32 bits of each 64-bit lane, read as signed by vpmuldq.
            Vector256<long> e = Vec.ShiftRightArithmetic(Avx2.Multiply(sqE.AsInt32(), x) + r2, shift);
            Vector256<long> o = Vec.ShiftRightArithmetic(Avx2.Multiply(sqO.AsInt32(), xo) + r2, shift);
            return e + o;
        }
    }

    private struct Denominator0Kernel : IColumnKernel
    {
        public short* Band;
        private Vector256<ulong> _sum;
        private ulong _scalar;

        public static int Lanes256 => 8;

        public static int Lanes128 => 8;

        public readonly ulong Total => _scalar + Vec.Sum(_sum);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<uint> b = Avx2.Abs(Avx2.ConvertToVector256Int32(Band + j));
            Vector256<uint> b2 = Avx2.MultiplyLow(b, b);
            _sum += Avx2.Multiply(b2, b) + Avx2.Multiply(Vec.Odd(b2), Vec.Odd(b));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            for (int c = 0; c < 8; c++)
            {
                StepScalar(j + c);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j)
        {
            ulong b = (ushort)Math.Abs((int)Band[j]);
            _scalar += b * b * b;
        }
    }
    /// <summary>
    /// Horizontal DWT at scales 1–3 for 4 outputs: one 8-lane load at 2q−1 gives the first tap (even dwords) and the
    /// second (odd dwords), one at 2q+1 the third and fourth; vpmuldq forms the exact 64-bit products.
    /// </summary>
    private struct DwtHorizontalKernel : IColumnKernel
    {
        public int* Tl;
        public int* Th;
        public long Round;
        public int Shift;
        public int* A;
        public int* V;
        public int* H;
        public int* D;

        public static int Lanes256 => 4;

        public static int Lanes128 => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int q)
        {
            Vector256<int> l01 = Vector256.Load(Tl + (2 * q) - 1), l23 = Vector256.Load(Tl + (2 * q) + 1);
            Vector256<int> h01 = Vector256.Load(Th + (2 * q) - 1), h23 = Vector256.Load(Th + (2 * q) + 1);
            Vector128.Store(Filter(l01, l23, 15826, 27411, 7345, -4240), A + q);
            Vector128.Store(Filter(l01, l23, -4240, -7345, 27411, -15826), V + q);
            Vector128.Store(Filter(h01, h23, 15826, 27411, 7345, -4240), H + q);
            Vector128.Store(Filter(h01, h23, -4240, -7345, 27411, -15826), D + q);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int q)
        {
            for (int c = 0; c < 4; c++)
            {
                StepScalar(q + c);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int q)
        {
            int* l = Tl + (2 * q) - 1;
            int* hh = Th + (2 * q) - 1;
            A[q] = (int)(((15826L * l[0]) + (27411L * l[1]) + (7345L * l[2]) - (4240L * l[3]) + Round) >> Shift);
            V[q] = (int)(((-4240L * l[0]) - (7345L * l[1]) + (27411L * l[2]) - (15826L * l[3]) + Round) >> Shift);
            H[q] = (int)(((15826L * hh[0]) + (27411L * hh[1]) + (7345L * hh[2]) - (4240L * hh[3]) + Round) >> Shift);
            D[q] = (int)(((-4240L * hh[0]) - (7345L * hh[1]) + (27411L * hh[2]) - (15826L * hh[3]) + Round) >> Shift);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector128<int> Filter(Vector256<int> x01, Vector256<int> x23, int f0, int f1, int f2, int f3)
        {
            Vector256<long> sum = Avx2.Multiply(x01, Vector256.Create(f0)) + Avx2.Multiply(Odd(x01), Vector256.Create(f1))
                + Avx2.Multiply(x23, Vector256.Create(f2)) + Avx2.Multiply(Odd(x23), Vector256.Create(f3)) + Vector256.Create(Round);
            return Vec.Low32(Vec.ShiftRightArithmetic(sum, Shift));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Odd(Vector256<int> v) => Avx2.ShiftRightLogical(v.AsInt64(), 32).AsInt32();
    }

    /// <summary>
    /// Decouple+CSF at scales 1–3 for 4 pixels, every step in exact 64-bit lanes (values are i32 sign-extended):
    /// the divisor normalisation uses the double exponent for clz, per-lane variable shifts give the
    /// ⌊·/2^(15+e)⌋, and the angle test's products go through the exact int64→float conversion.
    /// </summary>
    internal struct DecoupleNKernel : IColumnKernel512
    {
        public int* Oh;
        public int* Ov;
        public int* Od;
        public int* Th;
        public int* Tv;
        public int* Td;
        public double GainLimit;

        /// <summary>Integer gain limit and weights below 2^31 (signed multiplier operands); else the scalar path.</summary>
        public bool Fast;
        public uint* Irf;
        public AdmRow Row;
        public int* Div;

        public static int Lanes512 => 8;

        public static int Lanes256 => 4;

        public static int Lanes128 => 4;

        /// <summary>Eight pixels in native 64-bit AVX-512 lanes (vpsravq, vcvtqq2ps, 64-bit min/max/abs).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            if (!Fast)
            {
                Step128(j);
                Step128(j + 4);
                return;
            }

            Vector512<long> oh = L512(Oh + j), ov = L512(Ov + j), od = L512(Od + j), th = L512(Th + j), tv = L512(Tv + j), td = L512(Td + j);
            Vector512<long> angle = AngleMask512(oh, ov, th, tv);
            Vector512<long> gain = Vector512.Create((long)GainLimit);
            Vector512<long> rh = Decouple512(oh, th, angle, gain, out Vector512<long> ah);
            Vector512<long> rv = Decouple512(ov, tv, angle, gain, out Vector512<long> av);
            Vector512<long> rd = Decouple512(od, td, angle, gain, out Vector512<long> ad);
            Vector256.Store(Avx512F.ConvertToVector256Int32(rh), Row.Rh + j);
            Vector256.Store(Avx512F.ConvertToVector256Int32(rv), Row.Rv + j);
            Vector256.Store(Avx512F.ConvertToVector256Int32(rd), Row.Rd + j);
            Vector512<long> cah = Csf512(ah, Irf[0]), cav = Csf512(av, Irf[1]), cad = Csf512(ad, Irf[2]);
            Vector256.Store(Avx512F.ConvertToVector256Int32(Scaled512(cah, 143165577) + Scaled512(cav, 143165577) + Scaled512(cad, 143165577)), Row.S + j);
            Vector256.Store(Avx512F.ConvertToVector256Int32(Scaled512(cah, 286331153) + Scaled512(cav, 286331153) + Scaled512(cad, 286331153)), Row.C + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector512<long> L512(int* p) => Avx512F.ConvertToVector512Int64(Vector256.Load(p));

        /// <summary>i32 truncation of 64-bit lanes, sign-extended again.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<long> Trunc32(Vector512<long> v) => Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(v, 32), 32);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<long> AngleMask512(Vector512<long> oh, Vector512<long> ov, Vector512<long> th, Vector512<long> tv)
        {
            Vector512<long> ot = Avx512F.Multiply(oh.AsInt32(), th.AsInt32()) + Avx512F.Multiply(ov.AsInt32(), tv.AsInt32());
            Vector512<long> om = Avx512F.Multiply(oh.AsInt32(), oh.AsInt32()) + Avx512F.Multiply(ov.AsInt32(), ov.AsInt32());
            Vector512<long> tm = Avx512F.Multiply(th.AsInt32(), th.AsInt32()) + Avx512F.Multiply(tv.AsInt32(), tv.AsInt32());
            Vector512<double> scale = Vector512.Create(1.0 / 4096.0);

            // vcvtqq2ps rounds a 64-bit integer to float once, like the scalar (float)long.
            Vector512<double> p = Avx512F.ConvertToVector512Double(Avx512DQ.ConvertToVector256Single(ot)) * scale;
            Vector512<double> q = Avx512F.ConvertToVector512Double(Avx512DQ.ConvertToVector256Single(om)) * scale;
            Vector512<double> r = Avx512F.ConvertToVector512Double(Avx512DQ.ConvertToVector256Single(tm)) * scale;
            return (Avx512F.CompareGreaterThanOrEqual(p, Vector512<double>.Zero) & Avx512F.CompareGreaterThanOrEqual(p * p, Vector512.Create(AdmConstants.Cos2) * q * r)).AsInt64();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector512<long> Decouple512(Vector512<long> o, Vector512<long> t, Vector512<long> angle, Vector512<long> gain, out Vector512<long> a)
        {
            Vector512<long> zero = Vector512<long>.Zero;
            Vector512<long> negative = Vector512.LessThan(o, zero);
            Vector512<long> ab = Avx512F.Abs(o).AsInt64();
            Vector512<long> e = Avx512F.Max(Vector512.Create(49L) - Avx512CD.LeadingZeroCount(ab), zero);
            Vector512<ulong> eu = e.AsUInt64();
            Vector512<long> half = Vector512.ShiftRightLogical(Avx512F.ShiftLeftLogicalVariable(Vector512<long>.One, eu), 1);
            Vector512<long> m = Avx512F.ShiftRightLogicalVariable(ab + half, eu);
            Vector256<int> index = Avx512F.ConvertToVector256Int32(m + Vector512.Create(32768L));
            Vector512<long> div = Avx512F.ConvertToVector512Int64(Avx2.GatherVector256(Div, index, 4));
            Vector512<long> product = Avx512F.Multiply(div.AsInt32(), t.AsInt32());
            product = Vector512.ConditionalSelect(negative, zero - product, product);
            Vector512<long> round = Avx512F.ShiftLeftLogicalVariable(Vector512.Create(1L << 14), eu);
            Vector512<long> k = Avx512F.ShiftRightArithmeticVariable(product + round, (e + Vector512.Create(15L)).AsUInt64());
            k = Avx512F.Min(Avx512F.Max(k, zero), Vector512.Create(32768L));
            k = Vector512.ConditionalSelect(Vector512.Equals(o, zero), Vector512.Create(32768L), k);

            Vector512<long> rst = Trunc32(Vector512.ShiftRightArithmetic(Avx512F.Multiply(k.AsInt32(), o.AsInt32()) + Vector512.Create(16384L), 15));
            Vector512<long> limited = Avx512F.Multiply(rst.AsInt32(), gain.AsInt32());
            Vector512<long> active = angle & Vector512.GreaterThan(k, zero);
            rst = Vector512.ConditionalSelect(active & Vector512.GreaterThan(o, zero), Avx512F.Min(limited, t), rst);
            rst = Vector512.ConditionalSelect(active & negative, Avx512F.Max(limited, t), rst);
            a = Trunc32(t - rst);
            return rst;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector512<long> Csf512(Vector512<long> a, uint irf) =>
            Trunc32(Vector512.ShiftRightArithmetic(Avx512F.Multiply(a.AsInt32(), Vector512.Create((int)irf)) + Vector512.Create(1L << 27), 28));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector512<long> Scaled512(Vector512<long> ca, uint c) =>
            Trunc32(Vector512.ShiftRightArithmetic(Avx512F.Multiply(Avx512F.Abs(ca).AsUInt32(), Vector512.Create(c)).AsInt64() - Vector512.Create(2147483648L), 32));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            if (!Fast)
            {
                Step128(j);
                return;
            }

            Vector256<long> oh = L(Oh + j), ov = L(Ov + j), od = L(Od + j), th = L(Th + j), tv = L(Tv + j), td = L(Td + j);
            Vector256<long> angle = AngleMask(oh, ov, th, tv);
            Vector256<long> gain = Vector256.Create((long)GainLimit);
            Vector256<long> rh = Decouple(oh, th, angle, gain, out Vector256<long> ah);
            Vector256<long> rv = Decouple(ov, tv, angle, gain, out Vector256<long> av);
            Vector256<long> rd = Decouple(od, td, angle, gain, out Vector256<long> ad);
            Vector128.Store(Vec.Low32(rh), Row.Rh + j);
            Vector128.Store(Vec.Low32(rv), Row.Rv + j);
            Vector128.Store(Vec.Low32(rd), Row.Rd + j);
            Vector256<long> cah = Csf(ah, Irf[0]), cav = Csf(av, Irf[1]), cad = Csf(ad, Irf[2]);
            Vector128.Store(Vec.Low32(Scaled(cah, 143165577) + Scaled(cav, 143165577) + Scaled(cad, 143165577)), Row.S + j);
            Vector128.Store(Vec.Low32(Scaled(cah, 286331153) + Scaled(cav, 286331153) + Scaled(cad, 286331153)), Row.C + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            for (int c = 0; c < 4; c++)
            {
                StepScalar(j + c);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j) => DecoupleCsfOne(Oh[j], Ov[j], Od[j], Th[j], Tv[j], Td[j], GainLimit, Irf, Row, j);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<long> L(int* p) => Avx2.ConvertToVector256Int64(p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<long> AngleMask(Vector256<long> oh, Vector256<long> ov, Vector256<long> th, Vector256<long> tv)
        {
            Vector256<long> ot = Avx2.Multiply(oh.AsInt32(), th.AsInt32()) + Avx2.Multiply(ov.AsInt32(), tv.AsInt32());
            Vector256<long> om = Avx2.Multiply(oh.AsInt32(), oh.AsInt32()) + Avx2.Multiply(ov.AsInt32(), ov.AsInt32());
            Vector256<long> tm = Avx2.Multiply(th.AsInt32(), th.AsInt32()) + Avx2.Multiply(tv.AsInt32(), tv.AsInt32());
            Vector256<double> scale = Vector256.Create(1.0 / 4096.0);
            Vector256<double> p = Vec.ToFloatThenDouble(ot) * scale;
            Vector256<double> q = Vec.ToFloatThenDouble(om) * scale;
            Vector256<double> r = Vec.ToFloatThenDouble(tm) * scale;
            return (Avx.CompareGreaterThanOrEqual(p, Vector256<double>.Zero) & Avx.CompareGreaterThanOrEqual(p * p, Vector256.Create(AdmConstants.Cos2) * q * r)).AsInt64();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector256<long> Decouple(Vector256<long> o, Vector256<long> t, Vector256<long> angle, Vector256<long> gain, out Vector256<long> a)
        {
            Vector256<long> zero = Vector256<long>.Zero;
            Vector256<long> negative = Avx2.CompareGreaterThan(zero, o);
            Vector256<long> ab = (o ^ negative) - negative;

            // e = max(⌊log2 ab⌋ − 14, 0) from the exponent of the exact double of ab/2 (ab can be 2^31); 0 below 32768.
            Vector256<long> exponent = Avx2.ShiftRightLogical(Avx.ConvertToVector256Double(Vec.Low32(Avx2.ShiftRightLogical(ab, 1))).AsInt64(), 52);
            Vector256<long> log2 = exponent - Vector256.Create(1022L);
            Vector256<long> e = Vec.Max(log2 - Vector256.Create(14L), zero);
            Vector256<ulong> eu = e.AsUInt64();
            Vector256<long> half = Avx2.ShiftRightLogical(Avx2.ShiftLeftLogicalVariable(Vector256<long>.One, eu), 1);
            Vector256<long> m = Avx2.ShiftRightLogicalVariable(ab + half, eu);
            Vector256<long> div = Avx2.ConvertToVector256Int64(Avx2.GatherVector128(Div, m + Vector256.Create(32768L), 4));
            Vector256<long> product = Avx2.Multiply(div.AsInt32(), t.AsInt32());
            product = (product ^ negative) - negative;
            Vector256<long> round = Avx2.ShiftLeftLogicalVariable(Vector256.Create(1L << 14), eu);
            Vector256<long> k = Vec.ShiftRightArithmeticVariable(product + round, (e + Vector256.Create(15L)).AsUInt64());
            k = Vec.Min(Vec.Max(k, zero), Vector256.Create(32768L));
            k = Avx2.BlendVariable(k, Vector256.Create(32768L), Avx2.CompareEqual(o, zero));

            Vector256<long> rst = Vec.Trunc32(Vec.ShiftRightArithmetic(Avx2.Multiply(k.AsInt32(), o.AsInt32()) + Vector256.Create(16384L), 15));
            Vector256<long> limited = Avx2.Multiply(rst.AsInt32(), gain.AsInt32());
            Vector256<long> active = angle & Avx2.CompareGreaterThan(k, zero);
            rst = Avx2.BlendVariable(rst, Vec.Min(limited, t), active & Avx2.CompareGreaterThan(o, zero));
            rst = Avx2.BlendVariable(rst, Vec.Max(limited, t), active & negative);
            a = Vec.Trunc32(t - rst);
            return rst;
        }

        /// <summary>CA = i32((IRF·a + 2^27) &gt;&gt; 28).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<long> Csf(Vector256<long> a, uint irf) =>
            Vec.Trunc32(Vec.ShiftRightArithmetic(Avx2.Multiply(a.AsInt32(), Vector256.Create((int)irf)) + Vector256.Create(1L << 27), 28));

        /// <summary>i32((c·|CA| − 2^31) &gt;&gt; 32), libvmaf's CF (c = 2^32/30) and masking centre (c = 2^32/15).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<long> Scaled(Vector256<long> ca, uint c) =>
            Vec.Trunc32(Vec.ShiftRightArithmetic(Avx2.Multiply(Vec.Abs(ca).AsUInt32(), Vector256.Create(c)).AsInt64() - Vector256.Create(2147483648L), 32));
    }

    /// <summary>Masking threshold and numerator at scales 1–3 for 8 pixels (CSF of r in exact 64-bit lanes, then as scale 0).</summary>
    private struct NumeratorNKernel : IColumnKernel
    {
        public int* Up;
        public int* Mid;
        public int* Down;
        public AdmRow Row;
        public uint* Irf;
        public int Shift;
        private Vector256<long> _h;
        private Vector256<long> _v;
        private Vector256<long> _d;
        private AdmRowSums _scalar;

        public static int Lanes256 => 8;

        public static int Lanes128 => 8;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<int> thr = Vector256.Load(Up + j - 1) + Vector256.Load(Up + j) + Vector256.Load(Up + j + 1)
                + Vector256.Load(Mid + j - 1) + Vector256.Load(Mid + j + 1)
                + Vector256.Load(Down + j - 1) + Vector256.Load(Down + j) + Vector256.Load(Down + j + 1)
                + Vector256.Load(Row.C + j);
            _h += Term(Vector256.Load(Row.Rh + j), Irf[0], thr);
            _v += Term(Vector256.Load(Row.Rv + j), Irf[1], thr);
            _d += Term(Vector256.Load(Row.Rd + j), Irf[2], thr);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            for (int c = 0; c < 8; c++)
            {
                StepScalar(j + c);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j)
        {
            long round = 1L << (Shift - 1);
            int thr = Neighbours(Up, Mid, Down, j) + Row.C[j];
            _scalar.H += NumeratorTermN(Row.Rh[j], Irf[0], thr, Shift, round);
            _scalar.V += NumeratorTermN(Row.Rv[j], Irf[1], thr, Shift, round);
            _scalar.D += NumeratorTermN(Row.Rd[j], Irf[2], thr, Shift, round);
        }

        public readonly void Flush(ref AdmRowSums sums)
        {
            sums.H += _scalar.H + Vec.Sum(_h);
            sums.V += _scalar.V + Vec.Sum(_v);
            sums.D += _scalar.D + Vec.Sum(_d);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector256<long> Term(Vector256<int> r, uint irf, Vector256<int> thr)
        {
            Vector256<int> f = Vector256.Create((int)irf);
            Vector256<long> round27 = Vector256.Create(1L << 27);
            Vector256<int> ro = Avx2.ShiftRightLogical(r.AsInt64(), 32).AsInt32();
            Vector256<long> ce = Vec.ShiftRightArithmetic(Avx2.Multiply(r, f) + round27, 28);
            Vector256<long> co = Vec.ShiftRightArithmetic(Avx2.Multiply(ro, f) + round27, 28);
            Vector256<int> x = Vec.InterleaveLow32(ce.AsUInt64(), co.AsUInt64()).AsInt32();
            x = Avx2.Max(Avx2.Abs(x).AsInt32() - thr, Vector256<int>.Zero);
            Vector256<int> xo = Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32();
            Vector256<ulong> round29 = Vector256.Create(1ul << 29);
            Vector256<ulong> sqE = Avx2.ShiftRightLogical(Avx2.Multiply(x.AsUInt32(), x.AsUInt32()) + round29, 30);
            Vector256<ulong> sqO = Avx2.ShiftRightLogical(Avx2.Multiply(xo.AsUInt32(), xo.AsUInt32()) + round29, 30);
            Vector256<long> r2 = Vector256.Create(1L << (Shift - 1));
            return Vec.ShiftRightArithmetic(Avx2.Multiply(sqE.AsInt32(), x) + r2, Shift) + Vec.ShiftRightArithmetic(Avx2.Multiply(sqO.AsInt32(), xo) + r2, Shift);
        }
    }

    /// <summary>
    /// Denominator at scales 1–3 for 8 pixels: |b|² and the products in u64 lanes. |b| = 2^31 (an int.MinValue band
    /// value) would overflow the 32-bit multiplier operand, so such a block takes the scalar path.
    /// </summary>
    private struct DenominatorNKernel : IColumnKernel
    {
        public int* Band;
        public int SquareShift;
        public int Shift;
        private Vector256<ulong> _sum;
        private ulong _scalar;

        public static int Lanes256 => 8;

        public static int Lanes128 => 8;

        public readonly ulong Total => _scalar + Vec.Sum(_sum);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<int> v = Vector256.Load(Band + j);
            if (!Avx2.CompareEqual(v, Vector256.Create(int.MinValue)).Equals(Vector256<int>.Zero))
            {
                Step128(j);
                return;
            }

            Vector256<uint> b = Avx2.Abs(v);
            Vector256<uint> bo = Vec.Odd(b);
            Vector256<ulong> sr = Vector256.Create(1ul << SquareShift);
            Vector256<ulong> r = Vector256.Create(1ul << (Shift - 1));
            Vector256<ulong> qe = Vector256.ShiftRightLogical(Avx2.Multiply(b, b) + sr, SquareShift);
            Vector256<ulong> qo = Vector256.ShiftRightLogical(Avx2.Multiply(bo, bo) + sr, SquareShift);
            _sum += Vector256.ShiftRightLogical(Avx2.Multiply(qe.AsUInt32(), b) + r, Shift) + Vector256.ShiftRightLogical(Avx2.Multiply(qo.AsUInt32(), bo) + r, Shift);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            for (int c = 0; c < 8; c++)
            {
                StepScalar(j + c);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j)
        {
            int v = Band[j];
            ulong b = (ulong)(v < 0 ? -(long)v : v);
            _scalar += ((((b * b) + (1ul << SquareShift)) >> SquareShift) * b + (1ul << (Shift - 1))) >> Shift;
        }
    }

}
