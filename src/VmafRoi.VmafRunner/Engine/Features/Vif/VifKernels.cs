using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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

/// <summary>
/// The eight word rows between the VIF vertical and horizontal passes: μ1, μ2 and the high/low 16 bits of the u32
/// moments XX, YY, XY, each stored as value − 32768 (i16), the operand form of pmaddwd. Splitting is exact:
/// Σ F·XX = 65536·Σ F·hi + Σ F·lo with both sums below 2^32.
/// </summary>
internal unsafe struct VifRows
{
    public ushort* Mu1;
    public ushort* Mu2;
    public ushort* XxHi;
    public ushort* XxLo;
    public ushort* YyHi;
    public ushort* YyLo;
    public ushort* XyHi;
    public ushort* XyLo;

    /// <summary>The same rows advanced by <paramref name="offset"/> words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly VifRows At(int offset) => new()
    {
        Mu1 = Mu1 + offset, Mu2 = Mu2 + offset, XxHi = XxHi + offset, XxLo = XxLo + offset,
        YyHi = YyHi + offset, YyLo = YyLo + offset, XyHi = XyHi + offset, XyLo = XyLo + offset,
    };

    /// <summary>Stores one column (values before the offset).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Store(int j, uint mu1, uint mu2, uint xx, uint yy, uint xy)
    {
        Mu1[j] = (ushort)(mu1 ^ 0x8000);
        Mu2[j] = (ushort)(mu2 ^ 0x8000);
        XxHi[j] = (ushort)((xx >> 16) ^ 0x8000);
        XxLo[j] = (ushort)((xx & 0xFFFF) ^ 0x8000);
        YyHi[j] = (ushort)((yy >> 16) ^ 0x8000);
        YyLo[j] = (ushort)((yy & 0xFFFF) ^ 0x8000);
        XyHi[j] = (ushort)((xy >> 16) ^ 0x8000);
        XyLo[j] = (ushort)((xy & 0xFFFF) ^ 0x8000);
    }
}

/// <summary>Whether a vertical moment pass also sums the reference side (μ1 and XX).</summary>
internal interface IVerticalMode
{
    static abstract bool WithX { get; }
}

/// <summary>Every moment (the plain pass).</summary>
internal struct AllMoments : IVerticalMode
{
    public static bool WithX => true;
}

/// <summary>
/// Only the distorted side and the cross term (μ2, YY, XY): a second picture's pass over a row whose reference side the
/// plain pass has just written (same x, same values), so the μ1 and XX rows are left as they are.
/// </summary>
internal struct DistortedOnly : IVerticalMode
{
    public static bool WithX => false;
}

/// <summary>Row kernels of the integer VIF, each run by <see cref="ColumnLoop"/> with a scalar twin.</summary>
internal static unsafe class VifKernels
{
    /// <summary>
    /// Vertical moments of one row (§2.4) for 8- or 16-bit samples, written as the eight word rows of
    /// <see cref="VifRows"/> (means, and each second moment split into exact 16-bit halves, all offset by −32768).
    /// </summary>
    public static void StatVertical<T>(T* x, T* y, int* rows, uint* filter, int taps, int width, VifShifts shifts, VifRows output, VectorWidth vw)
        where T : unmanaged =>
        StatVertical(x, y, rows, filter, taps, 0, width, shifts, output, vw);

    /// <summary>
    /// As above over columns [start, end), writing only μ2, YY and XY: the μ1 and XX rows must already hold the plain pass's
    /// values for the same x (the reference side of a fused run's second pair).
    /// </summary>
    public static void StatVerticalDistorted<T>(T* x, T* y, int* rows, uint* filter, int taps, int start, int end, VifShifts shifts, VifRows output, VectorWidth vw)
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            var k = new StatVertical8Kernel<DistortedOnly> { X = (byte*)x, Y = (byte*)y, Rows = rows, Filter = filter, Taps = taps, Shifts = shifts, Out = output };
            ColumnLoop.Run512(ref k, start, end, vw);
        }
        else
        {
            var k = new StatVertical16Kernel<DistortedOnly> { X = (ushort*)x, Y = (ushort*)y, Rows = rows, Filter = filter, Taps = taps, Shifts = shifts, Out = output };
            ColumnLoop.Run512(ref k, start, end, vw);
        }
    }

    /// <summary>As above over columns [start, end) only.</summary>
    public static void StatVertical<T>(T* x, T* y, int* rows, uint* filter, int taps, int start, int end, VifShifts shifts, VifRows output, VectorWidth vw)
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            var k = new StatVertical8Kernel<AllMoments> { X = (byte*)x, Y = (byte*)y, Rows = rows, Filter = filter, Taps = taps, Shifts = shifts, Out = output };
            ColumnLoop.Run512(ref k, start, end, vw);
        }
        else
        {
            var k = new StatVertical16Kernel<AllMoments> { X = (ushort*)x, Y = (ushort*)y, Rows = rows, Filter = filter, Taps = taps, Shifts = shifts, Out = output };
            ColumnLoop.Run512(ref k, start, end, vw);
        }
    }

    /// <summary>
    /// Horizontal moments → σ1, σ2 (≥ 0), σ12 per column from padded word rows (column j's taps start at j). Vector
    /// steps store each block's σ values in even-then-odd column order: only their sums are used.
    /// </summary>
    public static void StatHorizontal(VifRows input, uint* filter, int taps, PinnedPairs pairs, int width, int* sigma1, int* sigma2, int* sigma12, VectorWidth vw) =>
        StatHorizontal(input, filter, taps, pairs, 0, width, sigma1, sigma2, sigma12, vw);

    /// <summary>As above over columns [start, end); <paramref name="start"/> must be a multiple of 32 so blocks fall where a whole row's do.</summary>
    public static void StatHorizontal(VifRows input, uint* filter, int taps, PinnedPairs pairs, int start, int end, int* sigma1, int* sigma2, int* sigma12, VectorWidth vw)
    {
        var k = new StatHorizontalKernel
        {
            In = input, Filter = filter, Taps = taps, PairTaps = pairs.Taps, PairCoefficients = pairs.Coefficients, PairCount = pairs.Count,
            Sigma1 = sigma1, Sigma2 = sigma2, Sigma12 = sigma12,
        };
        ColumnLoop.Run512(ref k, start, end, vw);
    }

    /// <summary>The per-pixel log-domain accumulation of §2.6 over one row of σ values.</summary>
    public static void Accumulate(int* sigma1, int* sigma2, int* sigma12, int width, double gainLimit, ref VifSums sums, VectorWidth vw) =>
        Accumulate(sigma1, sigma2, sigma12, 0, width, gainLimit, ref sums, vw);

    /// <summary>As above over indices [start, end) of the σ rows.</summary>
    public static void Accumulate(int* sigma1, int* sigma2, int* sigma12, int start, int end, double gainLimit, ref VifSums sums, VectorWidth vw)
    {
        fixed (int* table = VifTables.Log2Int)
        {
            var k = new LogAccumulateKernel { Sigma1 = sigma1, Sigma2 = sigma2, Sigma12 = sigma12, GainLimit = gainLimit, Table = table };
            ColumnLoop.Run512(ref k, start, end, vw);
            k.Flush(ref sums);
        }
    }

    /// <summary>
    /// As the plain accumulation, also summing every contribution times its weight into <paramref name="weighted"/>.
    /// <paramref name="weights"/> must be in the σ rows' order (<see cref="PermuteLikeSigma"/>).
    /// </summary>
    public static void AccumulateWeighted(int* sigma1, int* sigma2, int* sigma12, byte* weights, int width, double gainLimit, ref VifSums sums, ref VifSums weighted, VectorWidth vw)
    {
        fixed (int* table = VifTables.Log2Int)
        {
            var k = new WeightedLogAccumulateKernel { Sigma1 = sigma1, Sigma2 = sigma2, Sigma12 = sigma12, W = weights, GainLimit = gainLimit, Table = table };
            ColumnLoop.Run512(ref k, 0, width, vw);
            k.Flush(ref sums, ref weighted);
        }
    }

    /// <summary>
    /// The self pair's (reference against itself) sums over σ1 values of a row segment, from the plain pair's sums of the
    /// same segment: with y = x every pixel has σ2 = max(σ1, 0) and σ12 = σ1, so the denominators are the plain pair's and
    /// a log-branch pixel (σ1 ≥ NSQ) adds LOG64(NSQ + σ1 − 1) − LOG64(NSQ) to the numerator (docs/roi.md proves
    /// ⌊g²σ1⌋ = σ1 − 1 and σv = 0 there). That equals its denominator term LOG32(NSQ + σ1) − LOG64(NSQ) unless NSQ + σ1 is
    /// a multiple of 2^k (k the LOG shift); those rare pixels are corrected one by one.
    /// </summary>
    public static VifSums SelfSums(int* sigma1, int start, int end, in VifSums plain)
    {
        long correction = 0, nonLog = 0;
        int j = start;
        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported)
        {
            Vector256<int> acc = Vector256<int>.Zero;
            Vector256<int> nsq = Vector256.Create(VifTables.Nsq);
            for (; j <= end - 8; j += 8)
            {
                Vector256<int> s1 = Vector256.Load(sigma1 + j);
                Vector256<int> isLog = Avx2.CompareGreaterThan(s1, nsq - Vector256<int>.One);
                acc += Vector256.AndNot(Avx2.Max(s1, Vector256<int>.Zero), isLog);
                Vector256<int> v = s1 + nsq;
                Vector256<int> low = v & (Vector256<int>.Zero - v);
                Vector256<int> flagged = isLog & (Avx2.CompareGreaterThan(low, Vector256.ShiftRightLogical(v, 16)) | Avx2.CompareEqual(low, Vector256.Create(int.MinValue)));
                uint lanes = (uint)Avx.MoveMask(flagged.AsSingle());
                while (lanes != 0)
                {
                    correction += SelfCorrection(sigma1[j + System.Numerics.BitOperations.TrailingZeroCount(lanes)]);
                    lanes &= lanes - 1;
                }
            }

            nonLog += Vector256.Sum(acc);
        }

        for (; j < end; j++)
        {
            int s1 = sigma1[j];
            if (s1 >= VifTables.Nsq)
            {
                correction += SelfCorrection(s1);
            }
            else
            {
                nonLog += Math.Max(s1, 0);
            }
        }

        return new VifSums { NumLog = plain.DenLog - correction, DenLog = plain.DenLog, NumNonLog = nonLog, DenNonLog = plain.DenNonLog };
    }

    /// <summary>LOG32(NSQ + σ1) − LOG64(NSQ + σ1 − 1) for a log-branch σ1 (0 for a non-log one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long SelfCorrection(int s1)
    {
        if (s1 < VifTables.Nsq)
        {
            return 0;
        }

        uint v = (uint)VifTables.Nsq + (uint)s1;
        return VifTables.Log32(v) - VifTables.Log64(v - 1);
    }

    /// <summary>
    /// Reorders one row of per-column bytes the way the horizontal σ pass stores σ values at width
    /// <paramref name="vw"/> (even columns then odd ones within each vector block), so they line up with the σ rows.
    /// </summary>
    public static void PermuteLikeSigma(byte* source, byte* target, int width, VectorWidth vw)
    {
        var k = new SigmaOrderKernel { Source = source, Target = target };
        ColumnLoop.Run512(ref k, 0, width, vw);
    }

    /// <summary>
    /// Vertical blur of one source row for decimation, <c>(Σ F·x + round) &gt;&gt; shift</c> per column, written at [j] as a
    /// word offset by −32768 (the horizontal pass's pmaddwd operand).
    /// </summary>
    public static void BlurVertical<T>(T* src, int* rows, uint* filter, PinnedPairs pairs, int taps, int width, uint round, int shift, ushort* dst, VectorWidth vw)
        where T : unmanaged =>
        BlurVertical(src, rows, filter, pairs, taps, 0, width, round, shift, dst, vw);

    /// <summary>As above over columns [start, end).</summary>
    public static void BlurVertical<T>(T* src, int* rows, uint* filter, PinnedPairs pairs, int taps, int start, int end, uint round, int shift, ushort* dst, VectorWidth vw)
        where T : unmanaged
    {
        var k = new BlurVerticalKernel<T>
        {
            Src = src, Rows = rows, Filter = filter, PairTaps = pairs.Taps, PairCoefficients = pairs.Coefficients, PairCount = pairs.Count, Taps = taps,
            Round = round, Shift = shift, Dst = dst,
        };
        ColumnLoop.Run512(ref k, start, end, vw);
    }

    /// <summary>Horizontal blur at even columns of a padded word row (column 2q's taps start at 2q): the decimated row.</summary>
    public static void BlurHorizontalEven(ushort* src, uint* filter, int taps, PinnedPairs pairs, int outWidth, ushort* dst, VectorWidth vw) =>
        BlurHorizontalEven(src, filter, taps, pairs, 0, outWidth, dst, vw);

    /// <summary>As above for output columns [start, end).</summary>
    public static void BlurHorizontalEven(ushort* src, uint* filter, int taps, PinnedPairs pairs, int start, int end, ushort* dst, VectorWidth vw)
    {
        var k = new BlurHorizontalEvenKernel
        {
            Src = src, Filter = filter, Taps = taps, PairTaps = pairs.Taps, PairCoefficients = pairs.Coefficients, PairCount = pairs.Count, Dst = dst,
        };
        ColumnLoop.Run512(ref k, start, end, vw);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Load<T>(T* p, int index)
        where T : unmanaged =>
        typeof(T) == typeof(byte) ? ((byte*)p)[index] : ((ushort*)p)[index];

    /// <summary>
    /// 8-bit vertical moments with pmaddwd: rows k and k+1 are interleaved as 16-bit pairs and multiplied by
    /// (F_k, F_k+1). Squares and products (≤ 255², exact in 16 bits) are offset by −32768 to fit i16; the offsets add
    /// back 32768·ΣF = 2^31 (mod 2^32), and the true sums are below 2^32, so the u32 results are exact.
    /// </summary>
    private struct StatVertical8Kernel<TMode> : IColumnKernel512
        where TMode : struct, IVerticalMode
    {
        public byte* X;
        public byte* Y;
        public int* Rows;
        public uint* Filter;
        public int Taps;
        public VifShifts Shifts;
        public VifRows Out;

        public static int Lanes256 => 16;

        public static int Lanes128 => 8;

        public static int Lanes512 => 32;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            Vector512<int> m1a = default, m1b = default, m2a = default, m2b = default;
            Vector512<int> xxa = default, xxb = default, yya = default, yyb = default, xya = default, xyb = default;
            Vector512<short> offset = Vector512.Create(unchecked((short)0x8000));
            int k = 0;
            for (; k + 1 < Taps; k += 2)
            {
                Vector512<short> f = Vector512.Create((int)(Filter[k] | (Filter[k + 1] << 16))).AsInt16();
                Vector512<short> x0 = Avx512BW.ConvertToVector512Int16(Vector256.Load(X + Rows[k] + j));
                Vector512<short> x1 = Avx512BW.ConvertToVector512Int16(Vector256.Load(X + Rows[k + 1] + j));
                Vector512<short> y0 = Avx512BW.ConvertToVector512Int16(Vector256.Load(Y + Rows[k] + j));
                Vector512<short> y1 = Avx512BW.ConvertToVector512Int16(Vector256.Load(Y + Rows[k + 1] + j));
                Pair512(x0, x1, y0, y1, f, offset, ref m1a, ref m1b, ref m2a, ref m2b, ref xxa, ref xxb, ref yya, ref yyb, ref xya, ref xyb);
            }

            if (k < Taps)
            {
                // An odd last tap pairs with a zero row and a zero coefficient.
                Vector512<short> f = Vector512.Create((int)Filter[k]).AsInt16();
                Vector512<short> x0 = Avx512BW.ConvertToVector512Int16(Vector256.Load(X + Rows[k] + j));
                Vector512<short> y0 = Avx512BW.ConvertToVector512Int16(Vector256.Load(Y + Rows[k] + j));
                Pair512(x0, Vector512<short>.Zero, y0, Vector512<short>.Zero, f, offset, ref m1a, ref m1b, ref m2a, ref m2b, ref xxa, ref xxb, ref yya, ref yyb, ref xya, ref xyb);
            }

            // a holds columns [0-3, 8-11, 16-19, 24-27], b the others: interleave 128-bit lanes back into column order.
            Vector512<long> first = Vector512.Create(0L, 1, 8, 9, 2, 3, 10, 11), second = Vector512.Create(4L, 5, 12, 13, 6, 7, 14, 15);
            Vector512<uint> round = Vector512.Create(Shifts.MeanRound);
            Vector512<uint> bias = Vector512.Create(0x80000000u);
            if (TMode.WithX)
            {
                StoreMean512(Out.Mu1 + j, Lanes(m1a, m1b, first), Lanes(m1a, m1b, second), round, Shifts.MeanShift);
            }

            StoreMean512(Out.Mu2 + j, Lanes(m2a, m2b, first), Lanes(m2a, m2b, second), round, Shifts.MeanShift);
            if (TMode.WithX)
            {
                StoreSplit512(Out.XxHi + j, Out.XxLo + j, Lanes(xxa, xxb, first) + bias, Lanes(xxa, xxb, second) + bias);
            }

            StoreSplit512(Out.YyHi + j, Out.YyLo + j, Lanes(yya, yyb, first) + bias, Lanes(yya, yyb, second) + bias);
            StoreSplit512(Out.XyHi + j, Out.XyLo + j, Lanes(xya, xyb, first) + bias, Lanes(xya, xyb, second) + bias);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> Lanes(Vector512<int> a, Vector512<int> b, Vector512<long> index) =>
            Avx512F.PermuteVar8x64x2(a.AsInt64(), index, b.AsInt64()).AsUInt32();

        /// <summary>As <see cref="Pair512"/> in 256-bit lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Pair256(
            Vector256<short> x0, Vector256<short> x1, Vector256<short> y0, Vector256<short> y1, Vector256<short> f, Vector256<short> offset,
            ref Vector256<int> m1a, ref Vector256<int> m1b, ref Vector256<int> m2a, ref Vector256<int> m2b, ref Vector256<int> xxa, ref Vector256<int> xxb,
            ref Vector256<int> yya, ref Vector256<int> yyb, ref Vector256<int> xya, ref Vector256<int> xyb)
        {
            Vector256<short> xl = Avx2.UnpackLow(x0, x1), xh = Avx2.UnpackHigh(x0, x1);
            Vector256<short> yl = Avx2.UnpackLow(y0, y1), yh = Avx2.UnpackHigh(y0, y1);
            if (TMode.WithX)
            {
                m1a += Avx2.MultiplyAddAdjacent(xl, f);
                m1b += Avx2.MultiplyAddAdjacent(xh, f);
                xxa += Avx2.MultiplyAddAdjacent(Avx2.MultiplyLow(xl, xl) ^ offset, f);
                xxb += Avx2.MultiplyAddAdjacent(Avx2.MultiplyLow(xh, xh) ^ offset, f);
            }

            m2a += Avx2.MultiplyAddAdjacent(yl, f);
            m2b += Avx2.MultiplyAddAdjacent(yh, f);
            yya += Avx2.MultiplyAddAdjacent(Avx2.MultiplyLow(yl, yl) ^ offset, f);
            yyb += Avx2.MultiplyAddAdjacent(Avx2.MultiplyLow(yh, yh) ^ offset, f);
            xya += Avx2.MultiplyAddAdjacent(Avx2.MultiplyLow(xl, yl) ^ offset, f);
            xyb += Avx2.MultiplyAddAdjacent(Avx2.MultiplyLow(xh, yh) ^ offset, f);
        }

        /// <summary>
        /// One row pair: rows are interleaved into word pairs first, so squares and products come straight out in pmaddwd's
        /// pair order (x0·x0, x1·x1 interleaved equals the interleave of the squares): two unpacks per sample row instead of
        /// one per moment.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Pair512(
            Vector512<short> x0, Vector512<short> x1, Vector512<short> y0, Vector512<short> y1, Vector512<short> f, Vector512<short> offset,
            ref Vector512<int> m1a, ref Vector512<int> m1b, ref Vector512<int> m2a, ref Vector512<int> m2b, ref Vector512<int> xxa, ref Vector512<int> xxb,
            ref Vector512<int> yya, ref Vector512<int> yyb, ref Vector512<int> xya, ref Vector512<int> xyb)
        {
            Vector512<short> xl = Avx512BW.UnpackLow(x0, x1), xh = Avx512BW.UnpackHigh(x0, x1);
            Vector512<short> yl = Avx512BW.UnpackLow(y0, y1), yh = Avx512BW.UnpackHigh(y0, y1);
            if (TMode.WithX)
            {
                m1a += Avx512BW.MultiplyAddAdjacent(xl, f);
                m1b += Avx512BW.MultiplyAddAdjacent(xh, f);
                xxa += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyLow(xl, xl) ^ offset, f);
                xxb += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyLow(xh, xh) ^ offset, f);
            }

            m2a += Avx512BW.MultiplyAddAdjacent(yl, f);
            m2b += Avx512BW.MultiplyAddAdjacent(yh, f);
            yya += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyLow(yl, yl) ^ offset, f);
            yyb += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyLow(yh, yh) ^ offset, f);
            xya += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyLow(xl, yl) ^ offset, f);
            xyb += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyLow(xh, yh) ^ offset, f);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<int> m1a = default, m1b = default, m2a = default, m2b = default;
            Vector256<int> xxa = default, xxb = default, yya = default, yyb = default, xya = default, xyb = default;
            Vector256<short> offset = Vector256.Create(unchecked((short)0x8000));
            int k = 0;
            for (; k + 1 < Taps; k += 2)
            {
                Vector256<short> f = Vector256.Create((int)(Filter[k] | (Filter[k + 1] << 16))).AsInt16();
                Vector256<short> x0 = Avx2.ConvertToVector256Int16(X + Rows[k] + j);
                Vector256<short> x1 = Avx2.ConvertToVector256Int16(X + Rows[k + 1] + j);
                Vector256<short> y0 = Avx2.ConvertToVector256Int16(Y + Rows[k] + j);
                Vector256<short> y1 = Avx2.ConvertToVector256Int16(Y + Rows[k + 1] + j);
                Pair256(x0, x1, y0, y1, f, offset, ref m1a, ref m1b, ref m2a, ref m2b, ref xxa, ref xxb, ref yya, ref yyb, ref xya, ref xyb);
            }

            if (k < Taps)
            {
                Vector256<short> f = Vector256.Create((int)Filter[k]).AsInt16();
                Vector256<short> x0 = Avx2.ConvertToVector256Int16(X + Rows[k] + j);
                Vector256<short> y0 = Avx2.ConvertToVector256Int16(Y + Rows[k] + j);
                Pair256(x0, Vector256<short>.Zero, y0, Vector256<short>.Zero, f, offset, ref m1a, ref m1b, ref m2a, ref m2b, ref xxa, ref xxb, ref yya, ref yyb, ref xya, ref xyb);
            }

            // Unpacking left columns [0-3 | 8-11] in a and [4-7 | 12-15] in b: restore column order.
            Vector256<uint> round = Vector256.Create(Shifts.MeanRound);
            Vector256<uint> bias = Vector256.Create(0x80000000u);
            if (TMode.WithX)
            {
                StoreMean(Out.Mu1 + j, Natural(m1a, m1b, 0x20), Natural(m1a, m1b, 0x31), round, Shifts.MeanShift);
            }

            StoreMean(Out.Mu2 + j, Natural(m2a, m2b, 0x20), Natural(m2a, m2b, 0x31), round, Shifts.MeanShift);
            if (TMode.WithX)
            {
                StoreSplit(Out.XxHi + j, Out.XxLo + j, Natural(xxa, xxb, 0x20) + bias, Natural(xxa, xxb, 0x31) + bias);
            }

            StoreSplit(Out.YyHi + j, Out.YyLo + j, Natural(yya, yyb, 0x20) + bias, Natural(yya, yyb, 0x31) + bias);
            StoreSplit(Out.XyHi + j, Out.XyLo + j, Natural(xya, xyb, 0x20) + bias, Natural(xya, xyb, 0x31) + bias);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            Vector128<int> m1a = default, m1b = default, m2a = default, m2b = default;
            Vector128<int> xxa = default, xxb = default, yya = default, yyb = default, xya = default, xyb = default;
            Vector128<short> offset = Vector128.Create(unchecked((short)0x8000));
            for (int k = 0; k < Taps; k += 2)
            {
                bool pair = k + 1 < Taps;
                Vector128<short> f = Vector128.Create((int)(Filter[k] | ((pair ? Filter[k + 1] : 0u) << 16))).AsInt16();
                Vector128<short> x0 = Sse41.ConvertToVector128Int16(X + Rows[k] + j);
                Vector128<short> y0 = Sse41.ConvertToVector128Int16(Y + Rows[k] + j);
                Vector128<short> x1 = pair ? Sse41.ConvertToVector128Int16(X + Rows[k + 1] + j) : Vector128<short>.Zero;
                Vector128<short> y1 = pair ? Sse41.ConvertToVector128Int16(Y + Rows[k + 1] + j) : Vector128<short>.Zero;
                if (TMode.WithX)
                {
                    m1a += Sse2.MultiplyAddAdjacent(Sse2.UnpackLow(x0, x1), f);
                    m1b += Sse2.MultiplyAddAdjacent(Sse2.UnpackHigh(x0, x1), f);
                }
                m2a += Sse2.MultiplyAddAdjacent(Sse2.UnpackLow(y0, y1), f);
                m2b += Sse2.MultiplyAddAdjacent(Sse2.UnpackHigh(y0, y1), f);
                Vector128<short> yy0 = Sse2.MultiplyLow(y0, y0) ^ offset, yy1 = Sse2.MultiplyLow(y1, y1) ^ offset;
                Vector128<short> xy0 = Sse2.MultiplyLow(x0, y0) ^ offset, xy1 = Sse2.MultiplyLow(x1, y1) ^ offset;
                if (TMode.WithX)
                {
                    Vector128<short> xx0 = Sse2.MultiplyLow(x0, x0) ^ offset, xx1 = Sse2.MultiplyLow(x1, x1) ^ offset;
                    xxa += Sse2.MultiplyAddAdjacent(Sse2.UnpackLow(xx0, xx1), f);
                    xxb += Sse2.MultiplyAddAdjacent(Sse2.UnpackHigh(xx0, xx1), f);
                }
                yya += Sse2.MultiplyAddAdjacent(Sse2.UnpackLow(yy0, yy1), f);
                yyb += Sse2.MultiplyAddAdjacent(Sse2.UnpackHigh(yy0, yy1), f);
                xya += Sse2.MultiplyAddAdjacent(Sse2.UnpackLow(xy0, xy1), f);
                xyb += Sse2.MultiplyAddAdjacent(Sse2.UnpackHigh(xy0, xy1), f);
            }

            Vector128<uint> round = Vector128.Create(Shifts.MeanRound);
            Vector128<uint> bias = Vector128.Create(0x80000000u);
            if (TMode.WithX)
            {
                StoreMean(Out.Mu1 + j, m1a.AsUInt32(), m1b.AsUInt32(), round, Shifts.MeanShift);
            }

            StoreMean(Out.Mu2 + j, m2a.AsUInt32(), m2b.AsUInt32(), round, Shifts.MeanShift);
            if (TMode.WithX)
            {
                StoreSplit(Out.XxHi + j, Out.XxLo + j, xxa.AsUInt32() + bias, xxb.AsUInt32() + bias);
            }

            StoreSplit(Out.YyHi + j, Out.YyLo + j, yya.AsUInt32() + bias, yyb.AsUInt32() + bias);
            StoreSplit(Out.XyHi + j, Out.XyLo + j, xya.AsUInt32() + bias, xyb.AsUInt32() + bias);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j) => StatVerticalScalar(X, Y, Rows, Filter, Taps, Shifts, j, Out);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> Natural(Vector256<int> a, Vector256<int> b, [System.Diagnostics.CodeAnalysis.ConstantExpected] byte control) =>
            Avx2.Permute2x128(a, b, control).AsUInt32();
    }

    /// <summary>16-bit vertical moments: means in u32, second moments in u64 (even and odd lanes separately).</summary>
    private struct StatVertical16Kernel<TMode> : IColumnKernel512
        where TMode : struct, IVerticalMode
    {
        public ushort* X;
        public ushort* Y;
        public int* Rows;
        public uint* Filter;
        public int Taps;
        public VifShifts Shifts;
        public VifRows Out;

        public static int Lanes512 => 16;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            Vector512<uint> m1 = default, m2 = default;
            Vector512<ulong> xxE = default, xxO = default, yyE = default, yyO = default, xyE = default, xyO = default;
            for (int k = 0; k < Taps; k++)
            {
                Vector512<uint> f = Vector512.Create(Filter[k]);
                Vector512<uint> x = Avx512F.ConvertToVector512UInt32(Vector256.Load(X + Rows[k] + j));
                Vector512<uint> y = Avx512F.ConvertToVector512UInt32(Vector256.Load(Y + Rows[k] + j));
                Vector512<uint> fx = Avx512F.MultiplyLow(f, x);
                Vector512<uint> fy = Avx512F.MultiplyLow(f, y);
                if (TMode.WithX)
                {
                    m1 += fx;
                }

                m2 += fy;
                Vector512<uint> xo = Odd512(x), yo = Odd512(y), fxo = Odd512(fx), fyo = Odd512(fy);
                if (TMode.WithX)
                {
                    xxE += Avx512F.Multiply(fx, x);
                    xxO += Avx512F.Multiply(fxo, xo);
                }

                yyE += Avx512F.Multiply(fy, y);
                yyO += Avx512F.Multiply(fyo, yo);
                xyE += Avx512F.Multiply(fx, y);
                xyO += Avx512F.Multiply(fxo, yo);
            }

            Vector512<uint> round = Vector512.Create(Shifts.MeanRound);
            Vector512<ulong> r = Vector512.Create(Shifts.MomentRound);
            int s = Shifts.MomentShift;
            if (TMode.WithX)
            {
                StoreWords512(Out.Mu1 + j, Vector512.ShiftRightLogical(m1 + round, Shifts.MeanShift));
            }

            StoreWords512(Out.Mu2 + j, Vector512.ShiftRightLogical(m2 + round, Shifts.MeanShift));
            if (TMode.WithX)
            {
                Split16(Out.XxHi + j, Out.XxLo + j, Merge(Vector512.ShiftRightLogical(xxE + r, s), Vector512.ShiftRightLogical(xxO + r, s)));
            }

            Split16(Out.YyHi + j, Out.YyLo + j, Merge(Vector512.ShiftRightLogical(yyE + r, s), Vector512.ShiftRightLogical(yyO + r, s)));
            Split16(Out.XyHi + j, Out.XyLo + j, Merge(Vector512.ShiftRightLogical(xyE + r, s), Vector512.ShiftRightLogical(xyO + r, s)));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> Odd512(Vector512<uint> v) => Vector512.ShiftRightLogical(v.AsUInt64(), 32).AsUInt32();

        /// <summary>Low 32 bits of the even-lane results in even positions, of the odd-lane results in odd positions.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> Merge(Vector512<ulong> even, Vector512<ulong> odd) =>
            Vector512.ConditionalSelect(Vector512.Create(0xFFFFFFFF00000000ul), Vector512.ShiftLeft(odd, 32), even).AsUInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Split16(ushort* hi, ushort* lo, Vector512<uint> v)
        {
            StoreWords512(hi, Vector512.ShiftRightLogical(v, 16));
            StoreWords512(lo, v & Vector512.Create(0xFFFFu));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<uint> m1 = default, m2 = default;
            Vector256<ulong> xxE = default, xxO = default, yyE = default, yyO = default, xyE = default, xyO = default;
            for (int k = 0; k < Taps; k++)
            {
                Vector256<uint> f = Vector256.Create(Filter[k]);
                Vector256<uint> x = Avx2.ConvertToVector256Int32(X + Rows[k] + j).AsUInt32();
                Vector256<uint> y = Avx2.ConvertToVector256Int32(Y + Rows[k] + j).AsUInt32();
                Vector256<uint> fx = Avx2.MultiplyLow(f, x);
                Vector256<uint> fy = Avx2.MultiplyLow(f, y);
                if (TMode.WithX)
                {
                    m1 += fx;
                }

                m2 += fy;
                Vector256<uint> xo = Vec.Odd(x), yo = Vec.Odd(y), fxo = Vec.Odd(fx), fyo = Vec.Odd(fy);
                if (TMode.WithX)
                {
                    xxE += Avx2.Multiply(fx, x);
                    xxO += Avx2.Multiply(fxo, xo);
                }

                yyE += Avx2.Multiply(fy, y);
                yyO += Avx2.Multiply(fyo, yo);
                xyE += Avx2.Multiply(fx, y);
                xyO += Avx2.Multiply(fxo, yo);
            }

            Vector256<uint> round = Vector256.Create(Shifts.MeanRound);
            Vector256<ulong> r = Vector256.Create(Shifts.MomentRound);
            int s = Shifts.MomentShift;
            if (TMode.WithX)
            {
                Store8(Out.Mu1 + j, Vector256.ShiftRightLogical(m1 + round, Shifts.MeanShift));
            }

            Store8(Out.Mu2 + j, Vector256.ShiftRightLogical(m2 + round, Shifts.MeanShift));
            if (TMode.WithX)
            {
                Split8(Out.XxHi + j, Out.XxLo + j, Vec.InterleaveLow32(Vector256.ShiftRightLogical(xxE + r, s), Vector256.ShiftRightLogical(xxO + r, s)));
            }

            Split8(Out.YyHi + j, Out.YyLo + j, Vec.InterleaveLow32(Vector256.ShiftRightLogical(yyE + r, s), Vector256.ShiftRightLogical(yyO + r, s)));
            Split8(Out.XyHi + j, Out.XyLo + j, Vec.InterleaveLow32(Vector256.ShiftRightLogical(xyE + r, s), Vector256.ShiftRightLogical(xyO + r, s)));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            Vector128<uint> m1 = default, m2 = default;
            Vector128<ulong> xxE = default, xxO = default, yyE = default, yyO = default, xyE = default, xyO = default;
            for (int k = 0; k < Taps; k++)
            {
                Vector128<uint> f = Vector128.Create(Filter[k]);
                Vector128<uint> x = Sse41.ConvertToVector128Int32(X + Rows[k] + j).AsUInt32();
                Vector128<uint> y = Sse41.ConvertToVector128Int32(Y + Rows[k] + j).AsUInt32();
                Vector128<uint> fx = Sse41.MultiplyLow(f, x);
                Vector128<uint> fy = Sse41.MultiplyLow(f, y);
                if (TMode.WithX)
                {
                    m1 += fx;
                }

                m2 += fy;
                Vector128<uint> xo = Vec.Odd(x), yo = Vec.Odd(y), fxo = Vec.Odd(fx), fyo = Vec.Odd(fy);
                if (TMode.WithX)
                {
                    xxE += Sse2.Multiply(fx, x);
                    xxO += Sse2.Multiply(fxo, xo);
                }

                yyE += Sse2.Multiply(fy, y);
                yyO += Sse2.Multiply(fyo, yo);
                xyE += Sse2.Multiply(fx, y);
                xyO += Sse2.Multiply(fxo, yo);
            }

            Vector128<uint> round = Vector128.Create(Shifts.MeanRound);
            Vector128<ulong> r = Vector128.Create(Shifts.MomentRound);
            int s = Shifts.MomentShift;
            if (TMode.WithX)
            {
                Store4(Out.Mu1 + j, Vector128.ShiftRightLogical(m1 + round, Shifts.MeanShift));
            }

            Store4(Out.Mu2 + j, Vector128.ShiftRightLogical(m2 + round, Shifts.MeanShift));
            if (TMode.WithX)
            {
                Split4(Out.XxHi + j, Out.XxLo + j, Vec.InterleaveLow32(Vector128.ShiftRightLogical(xxE + r, s), Vector128.ShiftRightLogical(xxO + r, s)));
            }

            Split4(Out.YyHi + j, Out.YyLo + j, Vec.InterleaveLow32(Vector128.ShiftRightLogical(yyE + r, s), Vector128.ShiftRightLogical(yyO + r, s)));
            Split4(Out.XyHi + j, Out.XyLo + j, Vec.InterleaveLow32(Vector128.ShiftRightLogical(xyE + r, s), Vector128.ShiftRightLogical(xyO + r, s)));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j) => StatVerticalScalar(X, Y, Rows, Filter, Taps, Shifts, j, Out);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store8(ushort* dst, Vector256<uint> v) => Vector128.Store(Pack16(v, v).GetLower() ^ Vector128.Create((ushort)0x8000), dst);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Split8(ushort* hi, ushort* lo, Vector256<uint> v)
        {
            Store8(hi, Vector256.ShiftRightLogical(v, 16));
            Store8(lo, v & Vector256.Create(0xFFFFu));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store4(ushort* dst, Vector128<uint> v) =>
            Sse2.StoreScalar((ulong*)dst, (Sse41.PackUnsignedSaturate(v.AsInt32(), v.AsInt32()) ^ Vector128.Create((ushort)0x8000)).AsUInt64());

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Split4(ushort* hi, ushort* lo, Vector128<uint> v)
        {
            Store4(hi, Vector128.ShiftRightLogical(v, 16));
            Store4(lo, v & Vector128.Create(0xFFFFu));
        }
    }

    /// <summary>16 words in column order from two vectors of 8 values ≤ 65535 (the saturating pack is then exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Pack16(Vector256<uint> lo, Vector256<uint> hi) =>
        Avx2.Permute4x64(Avx2.PackUnsignedSaturate(lo.AsInt32(), hi.AsInt32()).AsUInt64(), 0b11_01_10_00).AsUInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMean(ushort* dst, Vector256<uint> lo, Vector256<uint> hi, Vector256<uint> round, int shift) =>
        Vector256.Store(Pack16(Vector256.ShiftRightLogical(lo + round, shift), Vector256.ShiftRightLogical(hi + round, shift)) ^ Vector256.Create((ushort)0x8000), dst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSplit(ushort* hiDst, ushort* loDst, Vector256<uint> lo, Vector256<uint> hi)
    {
        Vector256<ushort> offset = Vector256.Create((ushort)0x8000);
        Vector256<uint> mask = Vector256.Create(0xFFFFu);
        Vector256.Store(Pack16(Vector256.ShiftRightLogical(lo, 16), Vector256.ShiftRightLogical(hi, 16)) ^ offset, hiDst);
        Vector256.Store(Pack16(lo & mask, hi & mask) ^ offset, loDst);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMean(ushort* dst, Vector128<uint> lo, Vector128<uint> hi, Vector128<uint> round, int shift) =>
        Vector128.Store(
            Sse41.PackUnsignedSaturate(Vector128.ShiftRightLogical(lo + round, shift).AsInt32(), Vector128.ShiftRightLogical(hi + round, shift).AsInt32()) ^ Vector128.Create((ushort)0x8000),
            dst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSplit(ushort* hiDst, ushort* loDst, Vector128<uint> lo, Vector128<uint> hi)
    {
        Vector128<ushort> offset = Vector128.Create((ushort)0x8000);
        Vector128<uint> mask = Vector128.Create(0xFFFFu);
        Vector128.Store(Sse41.PackUnsignedSaturate(Vector128.ShiftRightLogical(lo, 16).AsInt32(), Vector128.ShiftRightLogical(hi, 16).AsInt32()) ^ offset, hiDst);
        Vector128.Store(Sse41.PackUnsignedSaturate((lo & mask).AsInt32(), (hi & mask).AsInt32()) ^ offset, loDst);
    }

    /// <summary>16 values ≤ 65535 narrowed to words (vpmovdw truncates, exact here), offset and stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreWords512(ushort* dst, Vector512<uint> v) =>
        Vector256.Store(Avx512F.ConvertToVector256UInt16(v) ^ Vector256.Create((ushort)0x8000), dst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMean512(ushort* dst, Vector512<uint> lo, Vector512<uint> hi, Vector512<uint> round, int shift)
    {
        StoreWords512(dst, Vector512.ShiftRightLogical(lo + round, shift));
        StoreWords512(dst + 16, Vector512.ShiftRightLogical(hi + round, shift));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSplit512(ushort* hiDst, ushort* loDst, Vector512<uint> lo, Vector512<uint> hi)
    {
        Vector512<uint> mask = Vector512.Create(0xFFFFu);
        StoreWords512(hiDst, Vector512.ShiftRightLogical(lo, 16));
        StoreWords512(hiDst + 16, Vector512.ShiftRightLogical(hi, 16));
        StoreWords512(loDst, lo & mask);
        StoreWords512(loDst + 16, hi & mask);
    }

    /// <summary>The scalar reference of the vertical pass (spec §2.4) for one column.</summary>
    private static void StatVerticalScalar<T>(T* x, T* y, int* rows, uint* filter, int taps, VifShifts shifts, int j, VifRows output)
        where T : unmanaged
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

        output.Store(
            j,
            (ushort)((m1 + shifts.MeanRound) >> shifts.MeanShift),
            (ushort)((m2 + shifts.MeanRound) >> shifts.MeanShift),
            (uint)((sxx + shifts.MomentRound) >> shifts.MomentShift),
            (uint)((syy + shifts.MomentRound) >> shifts.MomentShift),
            (uint)((sxy + shifts.MomentRound) >> shifts.MomentShift));
    }

    /// <summary>
    /// Horizontal pass with pmaddwd: for 16 output columns the even ones take word pairs starting at j+k and the odd
    /// ones at j+1+k (k even), each pair times (F_k, F_k+1). Offsets add back 2^31 (mod 2^32); the u32 sums are exact,
    /// and a moment is 65536·Σhi + Σlo, so (moment + 32768) &gt;&gt; 16 = Σhi + ((Σlo + 32768) &gt;&gt; 16).
    /// </summary>
    private struct StatHorizontalKernel : IColumnKernel512
    {
        public VifRows In;
        public uint* Filter;
        public int Taps;
        public int* PairTaps;
        public int* PairCoefficients;
        public int PairCount;
        public int* Sigma1;
        public int* Sigma2;
        public int* Sigma12;

        public static int Lanes256 => 16;

        public static int Lanes128 => 8;

        public static int Lanes512 => 32;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            Half512(j, j);
            Half512(j + 1, j + 16);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Half256(j, j);
            Half256(j + 1, j + 8);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            Half128(j, j);
            Half128(j + 1, j + 4);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j)
        {
            uint a1 = 0, a2 = 0;
            ulong bxx = 0, byy = 0, bxy = 0;
            for (int k = 0; k < Taps; k++)
            {
                uint f = Filter[k];
                a1 += f * Word(In.Mu1, j + k);
                a2 += f * Word(In.Mu2, j + k);
                bxx += (ulong)f * Moment(In.XxHi, In.XxLo, j + k);
                byy += (ulong)f * Moment(In.YyHi, In.YyLo, j + k);
                bxy += (ulong)f * Moment(In.XyHi, In.XyLo, j + k);
            }

            uint mu1sq = (uint)((((ulong)a1 * a1) + 0x80000000ul) >> 32);
            uint mu2sq = (uint)((((ulong)a2 * a2) + 0x80000000ul) >> 32);
            uint mu12 = (uint)((((ulong)a1 * a2) + 0x80000000ul) >> 32);
            uint sxx = (uint)((bxx + 32768) >> 16);
            uint syy = (uint)((byy + 32768) >> 16);
            uint sxy = (uint)((bxy + 32768) >> 16);
            Sigma1[j] = (int)(sxx - mu1sq);
            Sigma2[j] = Math.Max((int)(syy - mu2sq), 0);
            Sigma12[j] = (int)(sxy - mu12);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint Word(ushort* row, int index) => (uint)(row[index] ^ 0x8000);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint Moment(ushort* hi, ushort* lo, int index) => (Word(hi, index) << 16) | Word(lo, index);

        /// <summary>(a·b + 2^31) &gt;&gt; 32 per u32 lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> MuProduct(Vector256<uint> a, Vector256<uint> b)
        {
            Vector256<ulong> half = Vector256.Create(0x80000000ul);
            return Vec.InterleaveLow32(
                Avx2.ShiftRightLogical(Avx2.Multiply(a, b) + half, 32),
                Avx2.ShiftRightLogical(Avx2.Multiply(Vec.Odd(a), Vec.Odd(b)) + half, 32));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<uint> MuProduct(Vector128<uint> a, Vector128<uint> b)
        {
            Vector128<ulong> half = Vector128.Create(0x80000000ul);
            return Vec.InterleaveLow32(
                Sse2.ShiftRightLogical(Sse2.Multiply(a, b) + half, 32),
                Sse2.ShiftRightLogical(Sse2.Multiply(Vec.Odd(a), Vec.Odd(b)) + half, 32));
        }

        /// <summary>
        /// Every other column starting at <paramref name="first"/> (8 outputs): all eight word rows are summed per tap
        /// pair in one pass, then σ1, σ2, σ12 are stored at [<paramref name="dst"/>…+7].
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Half256(int first, int dst)
        {
            Sums4(first, In.Mu1, In.Mu2, In.XxHi, In.XxLo, out Vector256<int> m1, out Vector256<int> m2, out Vector256<int> xh, out Vector256<int> xl);
            Vector256<uint> bias = Vector256.Create(0x80000000u);
            Vector256<uint> round = Vector256.Create(32768u);
            Vector256<uint> a1 = m1.AsUInt32() + bias, a2 = m2.AsUInt32() + bias;
            Vector256<uint> sxx = xh.AsUInt32() + bias + Vector256.ShiftRightLogical(xl.AsUInt32() + bias + round, 16);
            Vector256.Store((sxx - MuProduct(a1, a1)).AsInt32(), Sigma1 + dst);
            Sums4(first, In.YyHi, In.YyLo, In.XyHi, In.XyLo, out Vector256<int> yh, out Vector256<int> yl, out Vector256<int> ch, out Vector256<int> cl);
            Vector256<uint> syy = yh.AsUInt32() + bias + Vector256.ShiftRightLogical(yl.AsUInt32() + bias + round, 16);
            Vector256<uint> sxy = ch.AsUInt32() + bias + Vector256.ShiftRightLogical(cl.AsUInt32() + bias + round, 16);
            Vector256.Store(Avx2.Max((syy - MuProduct(a2, a2)).AsInt32(), Vector256<int>.Zero), Sigma2 + dst);
            Vector256.Store((sxy - MuProduct(a1, a2)).AsInt32(), Sigma12 + dst);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Half512(int first, int dst)
        {
            Sums4x512(first, In.Mu1, In.Mu2, In.XxHi, In.XxLo, out Vector512<int> m1, out Vector512<int> m2, out Vector512<int> xh, out Vector512<int> xl);
            Vector512<uint> bias = Vector512.Create(0x80000000u);
            Vector512<uint> round = Vector512.Create(32768u);
            Vector512<uint> a1 = m1.AsUInt32() + bias, a2 = m2.AsUInt32() + bias;
            Vector512<uint> sxx = xh.AsUInt32() + bias + Vector512.ShiftRightLogical(xl.AsUInt32() + bias + round, 16);
            Vector512.Store((sxx - MuProduct(a1, a1)).AsInt32(), Sigma1 + dst);
            Sums4x512(first, In.YyHi, In.YyLo, In.XyHi, In.XyLo, out Vector512<int> yh, out Vector512<int> yl, out Vector512<int> ch, out Vector512<int> cl);
            Vector512<uint> syy = yh.AsUInt32() + bias + Vector512.ShiftRightLogical(yl.AsUInt32() + bias + round, 16);
            Vector512<uint> sxy = ch.AsUInt32() + bias + Vector512.ShiftRightLogical(cl.AsUInt32() + bias + round, 16);
            Vector512.Store(Avx512F.Max((syy - MuProduct(a2, a2)).AsInt32(), Vector512<int>.Zero), Sigma2 + dst);
            Vector512.Store((sxy - MuProduct(a1, a2)).AsInt32(), Sigma12 + dst);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Sums4x512(int first, ushort* r0, ushort* r1, ushort* r2, ushort* r3, out Vector512<int> s0, out Vector512<int> s1, out Vector512<int> s2, out Vector512<int> s3)
        {
            short* p0 = (short*)r0 + first, p1 = (short*)r1 + first, p2 = (short*)r2 + first, p3 = (short*)r3 + first;
            if (PairCount == 9)
            {
                // Scale 0's 17 taps (pairs at 0, 2, …, 16), unrolled: constant offsets, no loop or index loads; same sums.
                int* c = PairCoefficients;
                s0 = s1 = s2 = s3 = Vector512<int>.Zero;
                Tap512(p0, p1, p2, p3, 0, c[0], ref s0, ref s1, ref s2, ref s3);
                Tap512(p0, p1, p2, p3, 2, c[1], ref s0, ref s1, ref s2, ref s3);
                Tap512(p0, p1, p2, p3, 4, c[2], ref s0, ref s1, ref s2, ref s3);
                Tap512(p0, p1, p2, p3, 6, c[3], ref s0, ref s1, ref s2, ref s3);
                Tap512(p0, p1, p2, p3, 8, c[4], ref s0, ref s1, ref s2, ref s3);
                Tap512(p0, p1, p2, p3, 10, c[5], ref s0, ref s1, ref s2, ref s3);
                Tap512(p0, p1, p2, p3, 12, c[6], ref s0, ref s1, ref s2, ref s3);
                Tap512(p0, p1, p2, p3, 14, c[7], ref s0, ref s1, ref s2, ref s3);
                Tap512(p0, p1, p2, p3, 16, c[8], ref s0, ref s1, ref s2, ref s3);
                return;
            }

            Vector512<int> a0 = Vector512<int>.Zero, a1 = Vector512<int>.Zero, a2 = Vector512<int>.Zero, a3 = Vector512<int>.Zero;
            int count = PairCount;
            int* taps = PairTaps;
            int* coefficients = PairCoefficients;
            for (int i = 0; i < count; i++)
            {
                int k = taps[i];
                Vector512<short> f = Vector512.Create(coefficients[i]).AsInt16();
                a0 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(p0 + k), f);
                a1 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(p1 + k), f);
                a2 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(p2 + k), f);
                a3 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(p3 + k), f);
            }

            s0 = a0;
            s1 = a1;
            s2 = a2;
            s3 = a3;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Tap256(short* p0, short* p1, short* p2, short* p3, int k, int pair, ref Vector256<int> a0, ref Vector256<int> a1, ref Vector256<int> a2, ref Vector256<int> a3)
        {
            Vector256<short> f = Vector256.Create(pair).AsInt16();
            a0 += Avx2.MultiplyAddAdjacent(Vector256.Load(p0 + k), f);
            a1 += Avx2.MultiplyAddAdjacent(Vector256.Load(p1 + k), f);
            a2 += Avx2.MultiplyAddAdjacent(Vector256.Load(p2 + k), f);
            a3 += Avx2.MultiplyAddAdjacent(Vector256.Load(p3 + k), f);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Tap512(short* p0, short* p1, short* p2, short* p3, int k, int pair, ref Vector512<int> a0, ref Vector512<int> a1, ref Vector512<int> a2, ref Vector512<int> a3)
        {
            Vector512<short> f = Vector512.Create(pair).AsInt16();
            a0 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(p0 + k), f);
            a1 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(p1 + k), f);
            a2 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(p2 + k), f);
            a3 += Avx512BW.MultiplyAddAdjacent(Vector512.Load(p3 + k), f);
        }

        /// <summary>(a·b + 2^31) &gt;&gt; 32 per u32 lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> MuProduct(Vector512<uint> a, Vector512<uint> b)
        {
            Vector512<ulong> half = Vector512.Create(0x80000000ul);
            Vector512<ulong> even = Vector512.ShiftRightLogical(Avx512F.Multiply(a, b) + half, 32);
            Vector512<ulong> odd = Avx512F.Multiply(Vector512.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), Vector512.ShiftRightLogical(b.AsUInt64(), 32).AsUInt32()) + half;
            return Vector512.ConditionalSelect(Vector512.Create(0xFFFFFFFF00000000ul), odd, even).AsUInt32();
        }

        /// <summary>Σ pair·words over four rows at once (few live registers keep the accumulators out of memory).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Sums4(int first, ushort* r0, ushort* r1, ushort* r2, ushort* r3, out Vector256<int> s0, out Vector256<int> s1, out Vector256<int> s2, out Vector256<int> s3)
        {
            short* p0 = (short*)r0 + first, p1 = (short*)r1 + first, p2 = (short*)r2 + first, p3 = (short*)r3 + first;
            if (PairCount == 9)
            {
                int* c = PairCoefficients;
                s0 = s1 = s2 = s3 = Vector256<int>.Zero;
                for (int t = 0; t < 9; t++)
                {
                    Tap256(p0, p1, p2, p3, 2 * t, c[t], ref s0, ref s1, ref s2, ref s3);
                }

                return;
            }

            Vector256<int> a0 = Vector256<int>.Zero, a1 = Vector256<int>.Zero, a2 = Vector256<int>.Zero, a3 = Vector256<int>.Zero;
            int count = PairCount;
            int* taps = PairTaps;
            int* coefficients = PairCoefficients;
            for (int i = 0; i < count; i++)
            {
                int k = taps[i];
                Vector256<short> f = Vector256.Create(coefficients[i]).AsInt16();
                a0 += Avx2.MultiplyAddAdjacent(Vector256.Load(p0 + k), f);
                a1 += Avx2.MultiplyAddAdjacent(Vector256.Load(p1 + k), f);
                a2 += Avx2.MultiplyAddAdjacent(Vector256.Load(p2 + k), f);
                a3 += Avx2.MultiplyAddAdjacent(Vector256.Load(p3 + k), f);
            }

            s0 = a0;
            s1 = a1;
            s2 = a2;
            s3 = a3;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Half128(int first, int dst)
        {
            Vector128<int> m1 = default, m2 = default, xh = default, xl = default, yh = default, yl = default, ch = default, cl = default;
            VifRows r = In.At(first);
            for (int i = 0; i < PairCount; i++)
            {
                int k = PairTaps[i];
                Vector128<short> f = Vector128.Create(PairCoefficients[i]).AsInt16();
                m1 += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)r.Mu1 + k), f);
                m2 += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)r.Mu2 + k), f);
                xh += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)r.XxHi + k), f);
                xl += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)r.XxLo + k), f);
                yh += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)r.YyHi + k), f);
                yl += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)r.YyLo + k), f);
                ch += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)r.XyHi + k), f);
                cl += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)r.XyLo + k), f);
            }

            Vector128<uint> bias = Vector128.Create(0x80000000u);
            Vector128<uint> round = Vector128.Create(32768u);
            Vector128<uint> a1 = m1.AsUInt32() + bias, a2 = m2.AsUInt32() + bias;
            Vector128<uint> sxx = xh.AsUInt32() + bias + Vector128.ShiftRightLogical(xl.AsUInt32() + bias + round, 16);
            Vector128<uint> syy = yh.AsUInt32() + bias + Vector128.ShiftRightLogical(yl.AsUInt32() + bias + round, 16);
            Vector128<uint> sxy = ch.AsUInt32() + bias + Vector128.ShiftRightLogical(cl.AsUInt32() + bias + round, 16);
            Vector128.Store((sxx - MuProduct(a1, a1)).AsInt32(), Sigma1 + dst);
            Vector128.Store(Sse41.Max((syy - MuProduct(a2, a2)).AsInt32(), Vector128<int>.Zero), Sigma2 + dst);
            Vector128.Store((sxy - MuProduct(a1, a2)).AsInt32(), Sigma12 + dst);
        }
    }

    /// <summary>
    /// §2.6 per pixel. The vector steps work in double lanes: every intermediate is an integer below 2^53 (or the
    /// double the spec itself prescribes), so they are exact. 2048·log2 of an integer v ≥ 2^17 reads its top 16
    /// bits straight from the double's mantissa: T[0x8000 | mantissa[51:37]] + 2048·(exponent − 15).
    /// </summary>
    private struct LogAccumulateKernel : IColumnKernel512
    {
        public int* Sigma1;
        public int* Sigma2;
        public int* Sigma12;
        public double GainLimit;
        public int* Table;
        private Vector512<double> _num512;
        private Vector512<double> _den512;
        private Vector512<double> _nonLogNum512;
        private Vector512<double> _nonLogDen512;
        private Vector256<double> _num256;
        private Vector256<double> _den256;
        private Vector256<double> _nonLogNum256;
        private Vector256<double> _nonLogDen256;
        private Vector128<double> _num128;
        private Vector128<double> _den128;
        private Vector128<double> _nonLogNum128;
        private Vector128<double> _nonLogDen128;
        private VifSums _scalar;

        public static int Lanes256 => 4;

        public static int Lanes128 => 2;

        public static int Lanes512 => 8;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            Vector512<double> s1 = Avx512F.ConvertToVector512Double(Vector256.Load(Sigma1 + j));
            Vector512<double> s2 = Avx512F.ConvertToVector512Double(Vector256.Load(Sigma2 + j));
            Vector512<double> s12 = Avx512F.ConvertToVector512Double(Vector256.Load(Sigma12 + j));
            Vector512<double> nsq = Vector512.Create((double)VifTables.Nsq);
            Vector512<double> isLog = Avx512F.CompareGreaterThanOrEqual(s1, nsq);
            _nonLogNum512 += Vector512.AndNot(s2, isLog);
            _nonLogDen512 += Vector512.AndNot(Vector512<double>.One, isLog);

            // Flat blocks (no σ1 ≥ NSQ lane) add nothing to the log sums: skip the gathers and the division. Masked lanes
            // would add exact zeros, so skipping changes no bit.
            if (isLog.ExtractMostSignificantBits() == 0)
            {
                return;
            }

            _den512 += isLog & (Log(s1 + nsq, Table) - Vector512.Create(34816.0));
            Vector512<double> isNum = isLog & Avx512F.CompareGreaterThan(s12, Vector512<double>.Zero) & Avx512F.CompareGreaterThan(s2, Vector512<double>.Zero);
            if (isNum.ExtractMostSignificantBits() == 0)
            {
                return;
            }

            Vector512<double> g = s12 / (s1 + Vector512.Create(VifTables.Eps));
            Vector512<double> sv = Avx512F.Max(Avx512F.RoundScale(s2 - (g * s12), 0x0B), Vector512<double>.Zero);
            g = Avx512F.Min(g, Vector512.Create(GainLimit));
            Vector512<double> n1 = sv + nsq;
            Vector512<double> n2 = Avx512F.RoundScale(g * g * s1, 0x0B) + n1;
            _num512 += isNum & (Log(n2, Table) - Log(n1, Table));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<double> s1 = Avx.ConvertToVector256Double(Sse2.LoadVector128(Sigma1 + j));
            Vector256<double> s2 = Avx.ConvertToVector256Double(Sse2.LoadVector128(Sigma2 + j));
            Vector256<double> s12 = Avx.ConvertToVector256Double(Sse2.LoadVector128(Sigma12 + j));
            Vector256<double> nsq = Vector256.Create((double)VifTables.Nsq);
            Vector256<double> isLog = Avx.CompareGreaterThanOrEqual(s1, nsq);
            _nonLogNum256 += Vector256.AndNot(s2, isLog);
            _nonLogDen256 += Vector256.AndNot(Vector256<double>.One, isLog);
            if (isLog.ExtractMostSignificantBits() == 0)
            {
                return;
            }

            _den256 += isLog & (Log(s1 + nsq, Table) - Vector256.Create(34816.0));
            Vector256<double> isNum = isLog & Avx.CompareGreaterThan(s12, Vector256<double>.Zero) & Avx.CompareGreaterThan(s2, Vector256<double>.Zero);
            if (isNum.ExtractMostSignificantBits() == 0)
            {
                return;
            }

            Vector256<double> g = s12 / (s1 + Vector256.Create(VifTables.Eps));
            Vector256<double> sv = Avx.Max(Avx.RoundToZero(s2 - (g * s12)), Vector256<double>.Zero);
            g = Avx.Min(g, Vector256.Create(GainLimit));
            Vector256<double> n1 = sv + nsq;
            Vector256<double> n2 = Avx.RoundToZero(g * g * s1) + n1;
            _num256 += isNum & (Log(n2, Table) - Log(n1, Table));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            Vector128<double> s1 = Sse2.ConvertToVector128Double(Vector128.CreateScalar(*(long*)(Sigma1 + j)).AsInt32());
            Vector128<double> s2 = Sse2.ConvertToVector128Double(Vector128.CreateScalar(*(long*)(Sigma2 + j)).AsInt32());
            Vector128<double> s12 = Sse2.ConvertToVector128Double(Vector128.CreateScalar(*(long*)(Sigma12 + j)).AsInt32());
            Vector128<double> nsq = Vector128.Create((double)VifTables.Nsq);
            Vector128<double> isLog = Sse2.CompareGreaterThanOrEqual(s1, nsq);
            Vector128<double> isNum = isLog & Sse2.CompareGreaterThan(s12, Vector128<double>.Zero) & Sse2.CompareGreaterThan(s2, Vector128<double>.Zero);

            _den128 += isLog & (Log(s1 + nsq, Table) - Vector128.Create(34816.0));

            Vector128<double> g = s12 / (s1 + Vector128.Create(VifTables.Eps));
            Vector128<double> sv = Sse2.Max(Sse41.RoundToZero(s2 - (g * s12)), Vector128<double>.Zero);
            g = Sse2.Min(g, Vector128.Create(GainLimit));
            Vector128<double> n1 = sv + nsq;
            Vector128<double> n2 = Sse41.RoundToZero(g * g * s1) + n1;
            _num128 += isNum & (Log(n2, Table) - Log(n1, Table));

            _nonLogNum128 += Vector128.AndNot(s2, isLog);
            _nonLogDen128 += Vector128.AndNot(Vector128<double>.One, isLog);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j) => AccumulateOne(Sigma1[j], Sigma2[j], Sigma12[j], GainLimit, ref _scalar);

        /// <summary>Adds the lane sums (exact integers in double) and the scalar sums to <paramref name="sums"/>.</summary>
        public void Flush(ref VifSums sums)
        {
            sums.Add(_scalar);
            sums.NumLog += (long)(Vector512.Sum(_num512) + Vector256.Sum(_num256) + Vector128.Sum(_num128));
            sums.DenLog += (long)(Vector512.Sum(_den512) + Vector256.Sum(_den256) + Vector128.Sum(_den128));
            sums.NumNonLog += (long)(Vector512.Sum(_nonLogNum512) + Vector256.Sum(_nonLogNum256) + Vector128.Sum(_nonLogNum128));
            sums.DenNonLog += (long)(Vector512.Sum(_nonLogDen512) + Vector256.Sum(_nonLogDen256) + Vector128.Sum(_nonLogDen128));
        }

        /// <summary>As the 256-bit Log for eight lanes (AVX-512 gathers are not exposed: one 8-lane AVX2 gather on 32-bit indices).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> Log(Vector512<double> v, int* table)
        {
            Vector512<ulong> bits = v.AsUInt64();
            Vector512<long> index = (Vector512.ShiftRightLogical(bits, 37) & Vector512.Create(0x7FFFul) | Vector512.Create(0x8000ul)).AsInt64();
            Vector512<double> t = Avx512F.ConvertToVector512Double(Avx2.GatherVector256(table, Avx512F.ConvertToVector256Int32(index), 4));
            Vector512<double> e = (Vector512.ShiftRightLogical(bits, 52) | Vector512.Create(0x4330000000000000ul)).AsDouble() - Vector512.Create(4503599627370496.0);
            return t + (e - Vector512.Create(1038.0)) * Vector512.Create(2048.0);
        }

        /// <summary>LOG32/LOG64 of §2.5 on exact integer doubles ≥ 2^17 (other lanes give in-range garbage, masked later).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> Log(Vector256<double> v, int* table)
        {
            Vector256<ulong> bits = v.AsUInt64();
            Vector256<long> index = (Avx2.ShiftRightLogical(bits, 37) & Vector256.Create(0x7FFFul) | Vector256.Create(0x8000ul)).AsInt64();
            Vector256<double> t = Avx.ConvertToVector256Double(Avx2.GatherVector128(table, index, 4));
            return t + (ExponentField(bits) - Vector256.Create(1038.0)) * Vector256.Create(2048.0);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<double> Log(Vector128<double> v, int* table)
        {
            Vector128<ulong> bits = v.AsUInt64();
            Vector128<ulong> index = Sse2.ShiftRightLogical(bits, 37) & Vector128.Create(0x7FFFul) | Vector128.Create(0x8000ul);
            Vector128<double> t = Vector128.Create((double)table[index.GetElement(0)], table[index.GetElement(1)]);
            Vector128<double> e = (Sse2.ShiftRightLogical(bits, 52) | Vector128.Create(0x4330000000000000ul)).AsDouble() - Vector128.Create(4503599627370496.0);
            return t + (e - Vector128.Create(1038.0)) * Vector128.Create(2048.0);
        }

        /// <summary>The biased exponent field as a double (exact: OR into 2^52's mantissa, subtract 2^52).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> ExponentField(Vector256<ulong> bits) =>
            (Avx2.ShiftRightLogical(bits, 52) | Vector256.Create(0x4330000000000000ul)).AsDouble() - Vector256.Create(4503599627370496.0);
    }

    /// <summary>The scalar reference of §2.6 for one pixel.</summary>
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

    /// <summary>
    /// Vertical decimation blur with pmaddwd over row pairs. Samples are offset by −32768 (8-bit ones need none); the
    /// offsets add back 32768·ΣF = 2^31 (mod 2^32) and the true sum is below 2^32, so the u32 result is exact.
    /// </summary>
    private struct BlurVerticalKernel<T> : IColumnKernel512
        where T : unmanaged
    {
        public T* Src;
        public int* Rows;
        public uint* Filter;
        public int* PairTaps;
        public int* PairCoefficients;
        public int PairCount;
        public int Taps;
        public uint Round;
        public int Shift;
        public ushort* Dst;

        public static int Lanes512 => 32;

        public static int Lanes256 => 16;

        public static int Lanes128 => 8;

        private static uint Bias => typeof(T) == typeof(byte) ? 0u : 0x80000000u;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            Vector512<int> a = default, b = default;
            for (int i = 0; i < PairCount; i++)
            {
                int k = PairTaps[i];
                Vector512<short> f = Vector512.Create(PairCoefficients[i]).AsInt16();
                Vector512<short> x0 = Load512(Rows[k] + j);
                Vector512<short> x1 = k + 1 < Taps ? Load512(Rows[k + 1] + j) : Vector512<short>.Zero;
                a += Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackLow(x0, x1), f);
                b += Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackHigh(x0, x1), f);
            }

            Vector512<uint> r = Vector512.Create(Round + Bias);
            Vector512<uint> lo = Avx512F.PermuteVar8x64x2(a.AsInt64(), Vector512.Create(0L, 1, 8, 9, 2, 3, 10, 11), b.AsInt64()).AsUInt32();
            Vector512<uint> hi = Avx512F.PermuteVar8x64x2(a.AsInt64(), Vector512.Create(4L, 5, 12, 13, 6, 7, 14, 15), b.AsInt64()).AsUInt32();
            StoreWords512(Dst + j, Vector512.ShiftRightLogical(lo + r, Shift));
            StoreWords512(Dst + j + 16, Vector512.ShiftRightLogical(hi + r, Shift));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<int> a = default, b = default;
            for (int i = 0; i < PairCount; i++)
            {
                int k = PairTaps[i];
                Vector256<short> f = Vector256.Create(PairCoefficients[i]).AsInt16();
                Vector256<short> x0 = Load256(Rows[k] + j);
                Vector256<short> x1 = k + 1 < Taps ? Load256(Rows[k + 1] + j) : Vector256<short>.Zero;
                a += Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(x0, x1), f);
                b += Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(x0, x1), f);
            }

            Vector256<uint> r = Vector256.Create(Round + Bias);
            Vector256<uint> lo = Avx2.Permute2x128(a, b, 0x20).AsUInt32(), hi = Avx2.Permute2x128(a, b, 0x31).AsUInt32();
            Vector256.Store(Pack16(Vector256.ShiftRightLogical(lo + r, Shift), Vector256.ShiftRightLogical(hi + r, Shift)) ^ Vector256.Create((ushort)0x8000), Dst + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            Vector128<int> a = default, b = default;
            for (int i = 0; i < PairCount; i++)
            {
                int k = PairTaps[i];
                Vector128<short> f = Vector128.Create(PairCoefficients[i]).AsInt16();
                Vector128<short> x0 = Load128(Rows[k] + j);
                Vector128<short> x1 = k + 1 < Taps ? Load128(Rows[k + 1] + j) : Vector128<short>.Zero;
                a += Sse2.MultiplyAddAdjacent(Sse2.UnpackLow(x0, x1), f);
                b += Sse2.MultiplyAddAdjacent(Sse2.UnpackHigh(x0, x1), f);
            }

            Vector128<uint> r = Vector128.Create(Round + Bias);
            Vector128.Store(
                Sse41.PackUnsignedSaturate(Vector128.ShiftRightLogical(a.AsUInt32() + r, Shift).AsInt32(), Vector128.ShiftRightLogical(b.AsUInt32() + r, Shift).AsInt32())
                ^ Vector128.Create((ushort)0x8000),
                Dst + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j)
        {
            uint a = 0;
            for (int k = 0; k < Taps; k++)
            {
                a += Filter[k] * Load(Src, Rows[k] + j);
            }

            Dst[j] = (ushort)(((a + Round) >> Shift) ^ 0x8000);
        }

        /// <summary>Samples as i16 pmaddwd operands: 8-bit values as they are, 16-bit ones offset by −32768.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector512<short> Load512(int offset) =>
            typeof(T) == typeof(byte)
                ? Avx512BW.ConvertToVector512Int16(Vector256.Load((byte*)Src + offset))
                : Vector512.Load((short*)Src + offset) ^ Vector512.Create(unchecked((short)0x8000));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector256<short> Load256(int offset) =>
            typeof(T) == typeof(byte)
                ? Avx2.ConvertToVector256Int16((byte*)Src + offset)
                : Vector256.Load((short*)Src + offset) ^ Vector256.Create(unchecked((short)0x8000));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector128<short> Load128(int offset) =>
            typeof(T) == typeof(byte)
                ? Sse41.ConvertToVector128Int16((byte*)Src + offset)
                : Vector128.Load((short*)Src + offset) ^ Vector128.Create(unchecked((short)0x8000));
    }

    /// <summary>
    /// Horizontal blur kept at even columns: word pairs loaded at 2q+k feed pmaddwd, so each load yields only the even
    /// outputs (no wasted odd columns). Offsets add back 2^31 as in the statistic pass.
    /// </summary>
    private struct BlurHorizontalEvenKernel : IColumnKernel512
    {
        public ushort* Src;
        public uint* Filter;
        public int Taps;
        public int* PairTaps;
        public int* PairCoefficients;
        public int PairCount;
        public ushort* Dst;

        public static int Lanes512 => 16;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int q)
        {
            short* s = (short*)Src + (2 * q);
            Vector512<int> acc = default;
            for (int i = 0; i < PairCount; i++)
            {
                acc += Avx512BW.MultiplyAddAdjacent(Vector512.Load(s + PairTaps[i]), Vector512.Create(PairCoefficients[i]).AsInt16());
            }

            Vector512<uint> m = Vector512.ShiftRightLogical(acc.AsUInt32() + Vector512.Create(0x80000000u + 32768u), 16);
            Vector256.Store(Avx512F.ConvertToVector256UInt16(m), Dst + q);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int q)
        {
            short* s = (short*)Src + (2 * q);
            Vector256<int> acc = default;
            for (int i = 0; i < PairCount; i++)
            {
                acc += Avx2.MultiplyAddAdjacent(Vector256.Load(s + PairTaps[i]), Vector256.Create(PairCoefficients[i]).AsInt16());
            }

            Vector256<uint> m = Vector256.ShiftRightLogical(acc.AsUInt32() + Vector256.Create(0x80000000u + 32768u), 16);
            Vector128.Store(Pack16(m, m).GetLower(), Dst + q);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int q)
        {
            short* s = (short*)Src + (2 * q);
            Vector128<int> acc = default;
            for (int i = 0; i < PairCount; i++)
            {
                acc += Sse2.MultiplyAddAdjacent(Vector128.Load(s + PairTaps[i]), Vector128.Create(PairCoefficients[i]).AsInt16());
            }

            Vector128<uint> m = Vector128.ShiftRightLogical(acc.AsUInt32() + Vector128.Create(0x80000000u + 32768u), 16);
            Sse2.StoreScalar((ulong*)(Dst + q), Sse41.PackUnsignedSaturate(m.AsInt32(), m.AsInt32()).AsUInt64());
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int q)
        {
            uint b = 0;
            ushort* s = Src + (2 * q);
            for (int k = 0; k < Taps; k++)
            {
                b += Filter[k] * (uint)(s[k] ^ 0x8000);
            }

            Dst[q] = (ushort)((b + 32768) >> 16);
        }
    }

    /// <summary>The column order of <see cref="StatHorizontalKernel"/>'s steps: per block, even columns then odd ones.</summary>
    private struct SigmaOrderKernel : IColumnKernel512
    {
        public byte* Source;
        public byte* Target;

        public static int Lanes512 => 32;

        public static int Lanes256 => 16;

        public static int Lanes128 => 8;

        public readonly void Step512(int j) => Block(j, 16);

        public readonly void Step256(int j) => Block(j, 8);

        public readonly void Step128(int j) => Block(j, 4);

        public readonly void StepScalar(int j) => Target[j] = Source[j];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Block(int j, int half)
        {
            for (int m = 0; m < half; m++)
            {
                Target[j + m] = Source[j + (2 * m)];
                Target[j + half + m] = Source[j + (2 * m) + 1];
            }
        }
    }

    /// <summary>
    /// <see cref="LogAccumulateKernel"/> plus weighted sums: each pixel's four contributions, times its weight (0–255), in
    /// double lanes. Per row a lane sums at most 2^13 products below 2^39, so every sum is an exact integer.
    /// </summary>
    private struct WeightedLogAccumulateKernel : IColumnKernel512
    {
        public int* Sigma1;
        public int* Sigma2;
        public int* Sigma12;
        public byte* W;
        public double GainLimit;
        public int* Table;
        private Vector512<double> _num512;
        private Vector512<double> _den512;
        private Vector512<double> _nonLogNum512;
        private Vector512<double> _nonLogDen512;
        private Vector512<double> _wNum512;
        private Vector512<double> _wDen512;
        private Vector512<double> _wNonLogNum512;
        private Vector512<double> _wNonLogDen512;
        private Vector256<double> _num256;
        private Vector256<double> _den256;
        private Vector256<double> _nonLogNum256;
        private Vector256<double> _nonLogDen256;
        private Vector256<double> _wNum256;
        private Vector256<double> _wDen256;
        private Vector256<double> _wNonLogNum256;
        private Vector256<double> _wNonLogDen256;
        private VifSums _scalar;
        private VifSums _scalarWeighted;

        public static int Lanes512 => 8;

        public static int Lanes256 => 4;

        public static int Lanes128 => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            Vector512<double> s1 = Avx512F.ConvertToVector512Double(Vector256.Load(Sigma1 + j));
            Vector512<double> s2 = Avx512F.ConvertToVector512Double(Vector256.Load(Sigma2 + j));
            Vector512<double> s12 = Avx512F.ConvertToVector512Double(Vector256.Load(Sigma12 + j));
            Vector512<double> w = Avx512F.ConvertToVector512Double(Avx2.ConvertToVector256Int32(W + j));
            Vector512<double> nsq = Vector512.Create((double)VifTables.Nsq);
            Vector512<double> isLog = Avx512F.CompareGreaterThanOrEqual(s1, nsq);
            Vector512<double> isNum = isLog & Avx512F.CompareGreaterThan(s12, Vector512<double>.Zero) & Avx512F.CompareGreaterThan(s2, Vector512<double>.Zero);

            Vector512<double> den = isLog & (Log512(s1 + nsq, Table) - Vector512.Create(34816.0));
            Vector512<double> g = s12 / (s1 + Vector512.Create(VifTables.Eps));
            Vector512<double> sv = Avx512F.Max(Avx512F.RoundScale(s2 - (g * s12), 0x0B), Vector512<double>.Zero);
            g = Avx512F.Min(g, Vector512.Create(GainLimit));
            Vector512<double> n1 = sv + nsq;
            Vector512<double> n2 = Avx512F.RoundScale(g * g * s1, 0x0B) + n1;
            Vector512<double> num = isNum & (Log512(n2, Table) - Log512(n1, Table));
            Vector512<double> nonLogNum = Vector512.AndNot(s2, isLog);
            Vector512<double> nonLogDen = Vector512.AndNot(Vector512<double>.One, isLog);

            _den512 += den;
            _num512 += num;
            _nonLogNum512 += nonLogNum;
            _nonLogDen512 += nonLogDen;
            _wDen512 += den * w;
            _wNum512 += num * w;
            _wNonLogNum512 += nonLogNum * w;
            _wNonLogDen512 += nonLogDen * w;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<double> s1 = Avx.ConvertToVector256Double(Sse2.LoadVector128(Sigma1 + j));
            Vector256<double> s2 = Avx.ConvertToVector256Double(Sse2.LoadVector128(Sigma2 + j));
            Vector256<double> s12 = Avx.ConvertToVector256Double(Sse2.LoadVector128(Sigma12 + j));
            Vector256<double> w = Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(Vector128.CreateScalar(*(uint*)(W + j)).AsByte()));
            Vector256<double> nsq = Vector256.Create((double)VifTables.Nsq);
            Vector256<double> isLog = Avx.CompareGreaterThanOrEqual(s1, nsq);
            Vector256<double> isNum = isLog & Avx.CompareGreaterThan(s12, Vector256<double>.Zero) & Avx.CompareGreaterThan(s2, Vector256<double>.Zero);

            Vector256<double> den = isLog & (Log256(s1 + nsq, Table) - Vector256.Create(34816.0));
            Vector256<double> g = s12 / (s1 + Vector256.Create(VifTables.Eps));
            Vector256<double> sv = Avx.Max(Avx.RoundToZero(s2 - (g * s12)), Vector256<double>.Zero);
            g = Avx.Min(g, Vector256.Create(GainLimit));
            Vector256<double> n1 = sv + nsq;
            Vector256<double> n2 = Avx.RoundToZero(g * g * s1) + n1;
            Vector256<double> num = isNum & (Log256(n2, Table) - Log256(n1, Table));
            Vector256<double> nonLogNum = Vector256.AndNot(s2, isLog);
            Vector256<double> nonLogDen = Vector256.AndNot(Vector256<double>.One, isLog);

            _den256 += den;
            _num256 += num;
            _nonLogNum256 += nonLogNum;
            _nonLogDen256 += nonLogDen;
            _wDen256 += den * w;
            _wNum256 += num * w;
            _wNonLogNum256 += nonLogNum * w;
            _wNonLogDen256 += nonLogDen * w;
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
        public void StepScalar(int j) => AccumulateOneWeighted(Sigma1[j], Sigma2[j], Sigma12[j], W[j], GainLimit, ref _scalar, ref _scalarWeighted);

        public readonly void Flush(ref VifSums sums, ref VifSums weighted)
        {
            sums.Add(_scalar);
            sums.NumLog += (long)(Vector512.Sum(_num512) + Vector256.Sum(_num256));
            sums.DenLog += (long)(Vector512.Sum(_den512) + Vector256.Sum(_den256));
            sums.NumNonLog += (long)(Vector512.Sum(_nonLogNum512) + Vector256.Sum(_nonLogNum256));
            sums.DenNonLog += (long)(Vector512.Sum(_nonLogDen512) + Vector256.Sum(_nonLogDen256));
            weighted.Add(_scalarWeighted);
            weighted.NumLog += (long)(Vector512.Sum(_wNum512) + Vector256.Sum(_wNum256));
            weighted.DenLog += (long)(Vector512.Sum(_wDen512) + Vector256.Sum(_wDen256));
            weighted.NumNonLog += (long)(Vector512.Sum(_wNonLogNum512) + Vector256.Sum(_wNonLogNum256));
            weighted.DenNonLog += (long)(Vector512.Sum(_wNonLogDen512) + Vector256.Sum(_wNonLogDen256));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> Log512(Vector512<double> v, int* table)
        {
            Vector512<ulong> bits = v.AsUInt64();
            Vector512<long> index = (Vector512.ShiftRightLogical(bits, 37) & Vector512.Create(0x7FFFul) | Vector512.Create(0x8000ul)).AsInt64();
            Vector512<double> t = Avx512F.ConvertToVector512Double(Avx2.GatherVector256(table, Avx512F.ConvertToVector256Int32(index), 4));
            Vector512<double> e = (Vector512.ShiftRightLogical(bits, 52) | Vector512.Create(0x4330000000000000ul)).AsDouble() - Vector512.Create(4503599627370496.0);
            return t + (e - Vector512.Create(1038.0)) * Vector512.Create(2048.0);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> Log256(Vector256<double> v, int* table)
        {
            Vector256<ulong> bits = v.AsUInt64();
            Vector256<long> index = (Avx2.ShiftRightLogical(bits, 37) & Vector256.Create(0x7FFFul) | Vector256.Create(0x8000ul)).AsInt64();
            Vector256<double> t = Avx.ConvertToVector256Double(Avx2.GatherVector128(table, index, 4));
            Vector256<double> e = (Avx2.ShiftRightLogical(bits, 52) | Vector256.Create(0x4330000000000000ul)).AsDouble() - Vector256.Create(4503599627370496.0);
            return t + (e - Vector256.Create(1038.0)) * Vector256.Create(2048.0);
        }
    }

    /// <summary>The scalar reference of the weighted accumulation: §2.6 for one pixel, each contribution also times <paramref name="w"/>.</summary>
    public static void AccumulateOneWeighted(int s1, int s2, int s12, int w, double gainLimit, ref VifSums sums, ref VifSums weighted)
    {
        var one = default(VifSums);
        AccumulateOne(s1, s2, s12, gainLimit, ref one);
        sums.Add(one);
        weighted.NumLog += one.NumLog * w;
        weighted.DenLog += one.DenLog * w;
        weighted.NumNonLog += one.NumNonLog * w;
        weighted.DenNonLog += one.DenNonLog * w;
    }
}
