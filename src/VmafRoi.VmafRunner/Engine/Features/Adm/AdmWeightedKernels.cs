using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Adm;

/// <summary>Per-row weighted sums of a scale's numerator or denominator (one per orientation), exact in 128 bits.</summary>
internal struct AdmWeightedSums
{
    public Int128 H;
    public Int128 V;
    public Int128 D;
}

/// <summary>
/// Σ w·t over i64 terms t and weights 0–255, exact: the low (unsigned) and high (signed) 32-bit halves of t are
/// multiplied and summed apart in 64-bit lanes (per row a lane adds at most 2^11 products below 2^40).
/// </summary>
internal struct WeightedLanes
{
    private Vector256<ulong> _lo;
    private Vector256<long> _hi;
    private Int128 _scalar;

    public readonly Int128 Total => ((Int128)Vec.Sum(_hi) << 32) + Vec.Sum(_lo) + _scalar;

    /// <summary>Adds t·w per 64-bit lane, w in the low 32 bits of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<long> t, Vector256<int> w)
    {
        _lo += Avx2.Multiply(t.AsUInt32(), w.AsUInt32());
        _hi += Avx2.Multiply(Vec.ShiftRightArithmetic(t, 32).AsInt32(), w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long t, int w) => _scalar += (Int128)t * w;
}

/// <summary>
/// The ADM numerator and denominator row kernels of a weighted run: the plain sums exactly as <see cref="AdmKernels"/>
/// computes them, plus each pixel's term times its weight (docs/roi.md). Scalar twins are the reference.
/// </summary>
internal static unsafe class AdmWeightedKernels
{
    /// <summary>Scale-0 numerator of one row: plain sums into <paramref name="sums"/>, weighted ones into <paramref name="weighted"/>.</summary>
    public static void Numerator0(AdmRow up, AdmRow mid, AdmRow down, byte* weights, int start, int end, ushort* irf, int shiftHv, int shiftD, ref AdmRowSums sums, ref AdmWeightedSums weighted, VectorWidth vw)
    {
        var k = new Numerator0Kernel { Up = up.S, Mid = mid.S, Down = down.S, Row = mid, W = weights, Irf = irf, ShiftHv = shiftHv, ShiftD = shiftD };
        ColumnLoop.Run(ref k, start, end, vw);
        k.Flush(ref sums, ref weighted);
    }

    /// <summary>Numerator of one row at scales 1–3.</summary>
    public static void Numerator(AdmRow up, AdmRow mid, AdmRow down, byte* weights, int start, int end, uint* irf, int shift, ref AdmRowSums sums, ref AdmWeightedSums weighted, VectorWidth vw)
    {
        var k = new NumeratorNKernel { Up = up.S, Mid = mid.S, Down = down.S, Row = mid, W = weights, Irf = irf, Shift = shift };
        ColumnLoop.Run(ref k, start, end, vw);
        k.Flush(ref sums, ref weighted);
    }

    /// <summary>Scale-0 denominator row: Σ|b|³ (u64, wrapping as the plain kernel) and Σ w·|b|³.</summary>
    public static ulong DenominatorRow0(short* band, byte* weights, int start, int end, VectorWidth vw, out Int128 weighted)
    {
        var k = new Denominator0Kernel { Band = band, W = weights };
        ColumnLoop.Run(ref k, start, end, vw);
        weighted = k.Weighted.Total;
        return k.Total;
    }

    /// <summary>Denominator row at scales 1–3.</summary>
    public static ulong DenominatorRow(int* band, byte* weights, int start, int end, int squareShift, int shift, VectorWidth vw, out Int128 weighted)
    {
        var k = new DenominatorNKernel { Band = band, W = weights, SquareShift = squareShift, Shift = shift };
        ColumnLoop.Run(ref k, start, end, vw);
        weighted = k.Weighted.Total;
        return k.Total;
    }

    /// <summary>Σ w over columns [start, end) of one weight row.</summary>
    public static long WeightSum(byte* weights, int start, int end)
    {
        long sum = 0;
        for (int j = start; j < end; j++)
        {
            sum += weights[j];
        }

        return sum;
    }

    /// <summary>8 weights as 32-bit lanes; the even lanes go with the even pixels' terms, their odd-lane shift with the odd ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Weights8(byte* w) => Avx2.ConvertToVector256Int32(w);

    private struct Numerator0Kernel : IColumnKernel
    {
        public int* Up;
        public int* Mid;
        public int* Down;
        public AdmRow Row;
        public byte* W;
        public ushort* Irf;
        public int ShiftHv;
        public int ShiftD;
        private Vector256<long> _h;
        private Vector256<long> _v;
        private Vector256<long> _d;
        private AdmRowSums _scalar;
        private WeightedLanes _wh;
        private WeightedLanes _wv;
        private WeightedLanes _wd;

        public static int Lanes256 => 8;

        public static int Lanes128 => 8;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<int> thr = Vector256.Load(Up + j - 1) + Vector256.Load(Up + j) + Vector256.Load(Up + j + 1)
                + Vector256.Load(Mid + j - 1) + Vector256.Load(Mid + j + 1)
                + Vector256.Load(Down + j - 1) + Vector256.Load(Down + j) + Vector256.Load(Down + j + 1)
                + Vector256.Load(Row.C + j);
            Vector256<int> thr10 = Avx2.ShiftLeftLogical(thr, 10), thr12 = Avx2.ShiftLeftLogical(thr, 12);
            Vector256<int> w = Weights8(W + j), wo = Vec.Odd(w.AsUInt32()).AsInt32();
            Term(Vector256.Load(Row.Rh + j), Irf[0], thr10, 28, 29, ShiftHv, out Vector256<long> e, out Vector256<long> o);
            _h += e + o;
            _wh.Add(e, w);
            _wh.Add(o, wo);
            Term(Vector256.Load(Row.Rv + j), Irf[1], thr10, 28, 29, ShiftHv, out e, out o);
            _v += e + o;
            _wv.Add(e, w);
            _wv.Add(o, wo);
            Term(Vector256.Load(Row.Rd + j), Irf[2], thr12, 29, 30, ShiftD, out e, out o);
            _d += e + o;
            _wd.Add(e, w);
            _wd.Add(o, wo);
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
            int thr = AdmKernels.Neighbours(Up, Mid, Down, j) + Row.C[j];
            long roundHv = 1L << (ShiftHv - 1), roundD = 1L << (ShiftD - 1);
            int w = W[j];

            int x = Math.Max(AdmKernels.AbsWrap(Row.Rh[j] * Irf[0]) - (thr << 10), 0);
            int xsq = (int)((((long)x * x) + (1L << 28)) >> 29);
            long t = (((long)xsq * x) + roundHv) >> ShiftHv;
            _scalar.H += t;
            _wh.Add(t, w);

            x = Math.Max(AdmKernels.AbsWrap(Row.Rv[j] * Irf[1]) - (thr << 10), 0);
            xsq = (int)((((long)x * x) + (1L << 28)) >> 29);
            t = (((long)xsq * x) + roundHv) >> ShiftHv;
            _scalar.V += t;
            _wv.Add(t, w);

            x = Math.Max(AdmKernels.AbsWrap(Row.Rd[j] * Irf[2]) - (thr << 12), 0);
            xsq = (int)((((long)x * x) + (1L << 29)) >> 30);
            t = (((long)xsq * x) + roundD) >> ShiftD;
            _scalar.D += t;
            _wd.Add(t, w);
        }

        public readonly void Flush(ref AdmRowSums sums, ref AdmWeightedSums weighted)
        {
            sums.H += _scalar.H + Vec.Sum(_h);
            sums.V += _scalar.V + Vec.Sum(_v);
            sums.D += _scalar.D + Vec.Sum(_d);
            weighted.H += _wh.Total;
            weighted.V += _wv.Total;
            weighted.D += _wd.Total;
        }

        /// <summary>The scale-0 term of the even (e) and odd (o) pixels of 8, as the plain kernel computes them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Term(Vector256<int> r, int irf, Vector256<int> thr, byte roundBit, byte squareShift, int shift, out Vector256<long> e, out Vector256<long> o)
        {
            Vector256<int> x = Avx2.Max(Avx2.Abs(Avx2.MultiplyLow(r, Vector256.Create(irf))).AsInt32() - thr, Vector256<int>.Zero);
            Vector256<int> xo = Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32();
            Vector256<ulong> round = Vector256.Create(1ul << roundBit);
            Vector256<ulong> sqE = Vector256.ShiftRightLogical(Avx2.Multiply(x.AsUInt32(), x.AsUInt32()) + round, squareShift);
            Vector256<ulong> sqO = Vector256.ShiftRightLogical(Avx2.Multiply(xo.AsUInt32(), xo.AsUInt32()) + round, squareShift);
            Vector256<long> r2 = Vector256.Create(1L << (shift - 1));
            e = Vec.ShiftRightArithmetic(Avx2.Multiply(sqE.AsInt32(), x) + r2, shift);
            o = Vec.ShiftRightArithmetic(Avx2.Multiply(sqO.AsInt32(), xo) + r2, shift);
        }
    }

    private struct NumeratorNKernel : IColumnKernel
    {
        public int* Up;
        public int* Mid;
        public int* Down;
        public AdmRow Row;
        public byte* W;
        public uint* Irf;
        public int Shift;
        private Vector256<long> _h;
        private Vector256<long> _v;
        private Vector256<long> _d;
        private AdmRowSums _scalar;
        private WeightedLanes _wh;
        private WeightedLanes _wv;
        private WeightedLanes _wd;

        public static int Lanes256 => 8;

        public static int Lanes128 => 8;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<int> thr = Vector256.Load(Up + j - 1) + Vector256.Load(Up + j) + Vector256.Load(Up + j + 1)
                + Vector256.Load(Mid + j - 1) + Vector256.Load(Mid + j + 1)
                + Vector256.Load(Down + j - 1) + Vector256.Load(Down + j) + Vector256.Load(Down + j + 1)
                + Vector256.Load(Row.C + j);
            Vector256<int> w = Weights8(W + j), wo = Vec.Odd(w.AsUInt32()).AsInt32();
            Term(Vector256.Load(Row.Rh + j), Irf[0], thr, out Vector256<long> e, out Vector256<long> o);
            _h += e + o;
            _wh.Add(e, w);
            _wh.Add(o, wo);
            Term(Vector256.Load(Row.Rv + j), Irf[1], thr, out e, out o);
            _v += e + o;
            _wv.Add(e, w);
            _wv.Add(o, wo);
            Term(Vector256.Load(Row.Rd + j), Irf[2], thr, out e, out o);
            _d += e + o;
            _wd.Add(e, w);
            _wd.Add(o, wo);
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
            int thr = AdmKernels.Neighbours(Up, Mid, Down, j) + Row.C[j];
            int w = W[j];
            long t = AdmKernels.NumeratorTermN(Row.Rh[j], Irf[0], thr, Shift, round);
            _scalar.H += t;
            _wh.Add(t, w);
            t = AdmKernels.NumeratorTermN(Row.Rv[j], Irf[1], thr, Shift, round);
            _scalar.V += t;
            _wv.Add(t, w);
            t = AdmKernels.NumeratorTermN(Row.Rd[j], Irf[2], thr, Shift, round);
            _scalar.D += t;
            _wd.Add(t, w);
        }

        public readonly void Flush(ref AdmRowSums sums, ref AdmWeightedSums weighted)
        {
            sums.H += _scalar.H + Vec.Sum(_h);
            sums.V += _scalar.V + Vec.Sum(_v);
            sums.D += _scalar.D + Vec.Sum(_d);
            weighted.H += _wh.Total;
            weighted.V += _wv.Total;
            weighted.D += _wd.Total;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Term(Vector256<int> r, uint irf, Vector256<int> thr, out Vector256<long> e, out Vector256<long> o)
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
            e = Vec.ShiftRightArithmetic(Avx2.Multiply(sqE.AsInt32(), x) + r2, Shift);
            o = Vec.ShiftRightArithmetic(Avx2.Multiply(sqO.AsInt32(), xo) + r2, Shift);
        }
    }

    private struct Denominator0Kernel : IColumnKernel
    {
        public short* Band;
        public byte* W;
        public WeightedLanes Weighted;
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
            Vector256<ulong> e = Avx2.Multiply(b2, b), o = Avx2.Multiply(Vec.Odd(b2), Vec.Odd(b));
            _sum += e + o;
            Vector256<int> w = Weights8(W + j);
            Weighted.Add(e.AsInt64(), w);
            Weighted.Add(o.AsInt64(), Vec.Odd(w.AsUInt32()).AsInt32());
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
            ulong cube = b * b * b;
            _scalar += cube;
            Weighted.Add((long)cube, W[j]);
        }
    }

    private struct DenominatorNKernel : IColumnKernel
    {
        public int* Band;
        public byte* W;
        public int SquareShift;
        public int Shift;
        public WeightedLanes Weighted;
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
            Vector256<ulong> e = Vector256.ShiftRightLogical(Avx2.Multiply(qe.AsUInt32(), b) + r, Shift);
            Vector256<ulong> o = Vector256.ShiftRightLogical(Avx2.Multiply(qo.AsUInt32(), bo) + r, Shift);
            _sum += e + o;
            Vector256<int> w = Weights8(W + j);
            Weighted.Add(e.AsInt64(), w);
            Weighted.Add(o.AsInt64(), Vec.Odd(w.AsUInt32()).AsInt32());
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
            ulong val = ((((b * b) + (1ul << SquareShift)) >> SquareShift) * b + (1ul << (Shift - 1))) >> Shift;
            _scalar += val;
            Weighted.Add((long)val, W[j]);
        }
    }
}
