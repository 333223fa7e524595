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

/// <summary>Row kernels of the integer VIF, each run by <see cref="ColumnLoop"/> with a scalar twin.</summary>
internal static unsafe class VifKernels
{
    /// <summary>Vertical moments of one row (§2.4): 8-bit or 16-bit samples, outputs at [j].</summary>
    public static void StatVertical<T>(
        T* x, T* y, int* rows, uint* filter, int taps, int width, VifShifts shifts,
        uint* mu1, uint* mu2, uint* xx, uint* yy, uint* xy, VectorWidth vw)
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            var k = new StatVertical8Kernel { X = (byte*)x, Y = (byte*)y, Rows = rows, Filter = filter, Taps = taps, Shifts = shifts, Mu1 = mu1, Mu2 = mu2, Xx = xx, Yy = yy, Xy = xy };
            ColumnLoop.Run(ref k, 0, width, vw);
        }
        else
        {
            var k = new StatVertical16Kernel { X = (ushort*)x, Y = (ushort*)y, Rows = rows, Filter = filter, Taps = taps, Shifts = shifts, Mu1 = mu1, Mu2 = mu2, Xx = xx, Yy = yy, Xy = xy };
            ColumnLoop.Run(ref k, 0, width, vw);
        }
    }

    /// <summary>Horizontal moments → σ1, σ2 (≥ 0), σ12 per column, from padded rows (column j's taps start at j).</summary>
    public static void StatHorizontal(
        uint* mu1, uint* mu2, uint* xx, uint* yy, uint* xy, uint* filter, int taps, int width,
        int* sigma1, int* sigma2, int* sigma12, VectorWidth vw)
    {
        var k = new StatHorizontalKernel { Mu1 = mu1, Mu2 = mu2, Xx = xx, Yy = yy, Xy = xy, Filter = filter, Taps = taps, Sigma1 = sigma1, Sigma2 = sigma2, Sigma12 = sigma12 };
        ColumnLoop.Run(ref k, 0, width, vw);
    }

    /// <summary>The per-pixel log-domain accumulation of §2.6 over one row of σ values.</summary>
    public static void Accumulate(int* sigma1, int* sigma2, int* sigma12, int width, double gainLimit, ref VifSums sums, VectorWidth vw)
    {
        fixed (int* table = VifTables.Log2Int)
        {
            var k = new LogAccumulateKernel { Sigma1 = sigma1, Sigma2 = sigma2, Sigma12 = sigma12, GainLimit = gainLimit, Table = table };
            ColumnLoop.Run(ref k, 0, width, vw);
            k.Flush(ref sums);
        }
    }

    /// <summary>Vertical blur of one source row for decimation, written at [j].</summary>
    public static void BlurVertical<T>(T* src, int* rows, uint* filter, int taps, int width, uint round, int shift, uint* dst, VectorWidth vw)
        where T : unmanaged
    {
        var k = new BlurVerticalKernel<T> { Src = src, Rows = rows, Filter = filter, Taps = taps, Round = round, Shift = shift, Dst = dst };
        ColumnLoop.Run(ref k, 0, width, vw);
    }

    /// <summary>Horizontal blur at even columns of a padded row (column 2q's taps start at 2q): the decimated row.</summary>
    public static void BlurHorizontalEven(uint* src, uint* filter, int taps, int outWidth, ushort* dst, VectorWidth vw)
    {
        var k = new BlurHorizontalEvenKernel { Src = src, Filter = filter, Taps = taps, Dst = dst };
        ColumnLoop.Run(ref k, 0, outWidth, vw);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Load<T>(T* p, int index)
        where T : unmanaged =>
        typeof(T) == typeof(byte) ? ((byte*)p)[index] : ((ushort*)p)[index];

    /// <summary>
    /// 8-bit vertical moments: every sum fits 32 bits (Σ F·x² ≤ 65536·255²), so all lanes are u32; symmetric taps are
    /// paired (the pair sums stay below 2^32 too).
    /// </summary>
    private struct StatVertical8Kernel : IColumnKernel
    {
        public byte* X;
        public byte* Y;
        public int* Rows;
        public uint* Filter;
        public int Taps;
        public VifShifts Shifts;
        public uint* Mu1;
        public uint* Mu2;
        public uint* Xx;
        public uint* Yy;
        public uint* Xy;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

        public void Step256(int j)
        {
            Vector256<uint> m1 = default, m2 = default, sxx = default, syy = default, sxy = default;
            int half = Taps / 2;
            for (int k = 0; k < half; k++)
            {
                Vector256<uint> f = Vector256.Create(Filter[k]);
                Vector256<uint> xa = Avx2.ConvertToVector256Int32(X + Rows[k] + j).AsUInt32();
                Vector256<uint> xb = Avx2.ConvertToVector256Int32(X + Rows[Taps - 1 - k] + j).AsUInt32();
                Vector256<uint> ya = Avx2.ConvertToVector256Int32(Y + Rows[k] + j).AsUInt32();
                Vector256<uint> yb = Avx2.ConvertToVector256Int32(Y + Rows[Taps - 1 - k] + j).AsUInt32();
                m1 += Avx2.MultiplyLow(f, xa + xb);
                m2 += Avx2.MultiplyLow(f, ya + yb);
                sxx += Avx2.MultiplyLow(f, Avx2.MultiplyLow(xa, xa) + Avx2.MultiplyLow(xb, xb));
                syy += Avx2.MultiplyLow(f, Avx2.MultiplyLow(ya, ya) + Avx2.MultiplyLow(yb, yb));
                sxy += Avx2.MultiplyLow(f, Avx2.MultiplyLow(xa, ya) + Avx2.MultiplyLow(xb, yb));
            }

            {
                Vector256<uint> f = Vector256.Create(Filter[half]);
                Vector256<uint> xc = Avx2.ConvertToVector256Int32(X + Rows[half] + j).AsUInt32();
                Vector256<uint> yc = Avx2.ConvertToVector256Int32(Y + Rows[half] + j).AsUInt32();
                Vector256<uint> fx = Avx2.MultiplyLow(f, xc);
                Vector256<uint> fy = Avx2.MultiplyLow(f, yc);
                m1 += fx;
                m2 += fy;
                sxx += Avx2.MultiplyLow(fx, xc);
                syy += Avx2.MultiplyLow(fy, yc);
                sxy += Avx2.MultiplyLow(fx, yc);
            }

            Vector256<uint> round = Vector256.Create(Shifts.MeanRound);
            Vector256.Store(Vector256.ShiftRightLogical(m1 + round, Shifts.MeanShift), Mu1 + j);
            Vector256.Store(Vector256.ShiftRightLogical(m2 + round, Shifts.MeanShift), Mu2 + j);
            Vector256.Store(sxx, Xx + j);
            Vector256.Store(syy, Yy + j);
            Vector256.Store(sxy, Xy + j);
        }

        public void Step128(int j)
        {
            Vector128<uint> m1 = default, m2 = default, sxx = default, syy = default, sxy = default;
            int half = Taps / 2;
            for (int k = 0; k < half; k++)
            {
                Vector128<uint> f = Vector128.Create(Filter[k]);
                Vector128<uint> xa = Sse41.ConvertToVector128Int32(X + Rows[k] + j).AsUInt32();
                Vector128<uint> xb = Sse41.ConvertToVector128Int32(X + Rows[Taps - 1 - k] + j).AsUInt32();
                Vector128<uint> ya = Sse41.ConvertToVector128Int32(Y + Rows[k] + j).AsUInt32();
                Vector128<uint> yb = Sse41.ConvertToVector128Int32(Y + Rows[Taps - 1 - k] + j).AsUInt32();
                m1 += Sse41.MultiplyLow(f, xa + xb);
                m2 += Sse41.MultiplyLow(f, ya + yb);
                sxx += Sse41.MultiplyLow(f, Sse41.MultiplyLow(xa, xa) + Sse41.MultiplyLow(xb, xb));
                syy += Sse41.MultiplyLow(f, Sse41.MultiplyLow(ya, ya) + Sse41.MultiplyLow(yb, yb));
                sxy += Sse41.MultiplyLow(f, Sse41.MultiplyLow(xa, ya) + Sse41.MultiplyLow(xb, yb));
            }

            {
                Vector128<uint> f = Vector128.Create(Filter[half]);
                Vector128<uint> xc = Sse41.ConvertToVector128Int32(X + Rows[half] + j).AsUInt32();
                Vector128<uint> yc = Sse41.ConvertToVector128Int32(Y + Rows[half] + j).AsUInt32();
                Vector128<uint> fx = Sse41.MultiplyLow(f, xc);
                Vector128<uint> fy = Sse41.MultiplyLow(f, yc);
                m1 += fx;
                m2 += fy;
                sxx += Sse41.MultiplyLow(fx, xc);
                syy += Sse41.MultiplyLow(fy, yc);
                sxy += Sse41.MultiplyLow(fx, yc);
            }

            Vector128<uint> round = Vector128.Create(Shifts.MeanRound);
            Vector128.Store(Vector128.ShiftRightLogical(m1 + round, Shifts.MeanShift), Mu1 + j);
            Vector128.Store(Vector128.ShiftRightLogical(m2 + round, Shifts.MeanShift), Mu2 + j);
            Vector128.Store(sxx, Xx + j);
            Vector128.Store(syy, Yy + j);
            Vector128.Store(sxy, Xy + j);
        }

        public void StepScalar(int j) => StatVerticalScalar(X, Y, Rows, Filter, Taps, Shifts, j, Mu1, Mu2, Xx, Yy, Xy);
    }

    /// <summary>16-bit vertical moments: means in u32, second moments in u64 (even and odd lanes separately).</summary>
    private struct StatVertical16Kernel : IColumnKernel
    {
        public ushort* X;
        public ushort* Y;
        public int* Rows;
        public uint* Filter;
        public int Taps;
        public VifShifts Shifts;
        public uint* Mu1;
        public uint* Mu2;
        public uint* Xx;
        public uint* Yy;
        public uint* Xy;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

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
                m1 += fx;
                m2 += fy;
                Vector256<uint> xo = Vec.Odd(x), yo = Vec.Odd(y), fxo = Vec.Odd(fx), fyo = Vec.Odd(fy);
                xxE += Avx2.Multiply(fx, x);
                xxO += Avx2.Multiply(fxo, xo);
                yyE += Avx2.Multiply(fy, y);
                yyO += Avx2.Multiply(fyo, yo);
                xyE += Avx2.Multiply(fx, y);
                xyO += Avx2.Multiply(fxo, yo);
            }

            Vector256<uint> round = Vector256.Create(Shifts.MeanRound);
            Vector256.Store(Vector256.ShiftRightLogical(m1 + round, Shifts.MeanShift), Mu1 + j);
            Vector256.Store(Vector256.ShiftRightLogical(m2 + round, Shifts.MeanShift), Mu2 + j);
            Vector256<ulong> r = Vector256.Create(Shifts.MomentRound);
            int s = Shifts.MomentShift;
            Vector256.Store(Vec.InterleaveLow32(Vector256.ShiftRightLogical(xxE + r, s), Vector256.ShiftRightLogical(xxO + r, s)), Xx + j);
            Vector256.Store(Vec.InterleaveLow32(Vector256.ShiftRightLogical(yyE + r, s), Vector256.ShiftRightLogical(yyO + r, s)), Yy + j);
            Vector256.Store(Vec.InterleaveLow32(Vector256.ShiftRightLogical(xyE + r, s), Vector256.ShiftRightLogical(xyO + r, s)), Xy + j);
        }

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
                m1 += fx;
                m2 += fy;
                Vector128<uint> xo = Vec.Odd(x), yo = Vec.Odd(y), fxo = Vec.Odd(fx), fyo = Vec.Odd(fy);
                xxE += Sse2.Multiply(fx, x);
                xxO += Sse2.Multiply(fxo, xo);
                yyE += Sse2.Multiply(fy, y);
                yyO += Sse2.Multiply(fyo, yo);
                xyE += Sse2.Multiply(fx, y);
                xyO += Sse2.Multiply(fxo, yo);
            }

            Vector128<uint> round = Vector128.Create(Shifts.MeanRound);
            Vector128.Store(Vector128.ShiftRightLogical(m1 + round, Shifts.MeanShift), Mu1 + j);
            Vector128.Store(Vector128.ShiftRightLogical(m2 + round, Shifts.MeanShift), Mu2 + j);
            Vector128<ulong> r = Vector128.Create(Shifts.MomentRound);
            int s = Shifts.MomentShift;
            Vector128.Store(Vec.InterleaveLow32(Vector128.ShiftRightLogical(xxE + r, s), Vector128.ShiftRightLogical(xxO + r, s)), Xx + j);
            Vector128.Store(Vec.InterleaveLow32(Vector128.ShiftRightLogical(yyE + r, s), Vector128.ShiftRightLogical(yyO + r, s)), Yy + j);
            Vector128.Store(Vec.InterleaveLow32(Vector128.ShiftRightLogical(xyE + r, s), Vector128.ShiftRightLogical(xyO + r, s)), Xy + j);
        }

        public void StepScalar(int j) => StatVerticalScalar(X, Y, Rows, Filter, Taps, Shifts, j, Mu1, Mu2, Xx, Yy, Xy);
    }

    /// <summary>The scalar reference of the vertical pass (spec §2.4) for one column.</summary>
    private static void StatVerticalScalar<T>(T* x, T* y, int* rows, uint* filter, int taps, VifShifts shifts, int j, uint* mu1, uint* mu2, uint* xx, uint* yy, uint* xy)
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

        mu1[j] = (ushort)((m1 + shifts.MeanRound) >> shifts.MeanShift);
        mu2[j] = (ushort)((m2 + shifts.MeanRound) >> shifts.MeanShift);
        xx[j] = (uint)((sxx + shifts.MomentRound) >> shifts.MomentShift);
        yy[j] = (uint)((syy + shifts.MomentRound) >> shifts.MomentShift);
        xy[j] = (uint)((sxy + shifts.MomentRound) >> shifts.MomentShift);
    }

    /// <summary>
    /// Horizontal pass: means in u32 with paired symmetric taps (pair sums ≤ 2·65535 times the largest paired tap stay
    /// below 2^32 at every scale), second moments in u64 lanes, then μ², σ per §2.4.
    /// </summary>
    private struct StatHorizontalKernel : IColumnKernel
    {
        public uint* Mu1;
        public uint* Mu2;
        public uint* Xx;
        public uint* Yy;
        public uint* Xy;
        public uint* Filter;
        public int Taps;
        public int* Sigma1;
        public int* Sigma2;
        public int* Sigma12;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

        public void Step256(int j)
        {
            Vector256<uint> a1 = default, a2 = default;
            Vector256<ulong> xxE = default, xxO = default, yyE = default, yyO = default, xyE = default, xyO = default;
            int half = Taps / 2;
            for (int k = 0; k < half; k++)
            {
                Vector256<uint> f = Vector256.Create(Filter[k]);
                int b = j + Taps - 1 - k;
                a1 += Avx2.MultiplyLow(f, Vector256.Load(Mu1 + j + k) + Vector256.Load(Mu1 + b));
                a2 += Avx2.MultiplyLow(f, Vector256.Load(Mu2 + j + k) + Vector256.Load(Mu2 + b));
            }

            {
                Vector256<uint> f = Vector256.Create(Filter[half]);
                a1 += Avx2.MultiplyLow(f, Vector256.Load(Mu1 + j + half));
                a2 += Avx2.MultiplyLow(f, Vector256.Load(Mu2 + j + half));
            }

            for (int k = 0; k < Taps; k++)
            {
                Vector256<uint> f = Vector256.Create(Filter[k]);
                Vector256<uint> x = Vector256.Load(Xx + j + k);
                Vector256<uint> y = Vector256.Load(Yy + j + k);
                Vector256<uint> c = Vector256.Load(Xy + j + k);
                xxE += Avx2.Multiply(f, x);
                xxO += Avx2.Multiply(f, Vec.Odd(x));
                yyE += Avx2.Multiply(f, y);
                yyO += Avx2.Multiply(f, Vec.Odd(y));
                xyE += Avx2.Multiply(f, c);
                xyO += Avx2.Multiply(f, Vec.Odd(c));
            }

            Vector256<ulong> half32 = Vector256.Create(0x80000000ul);
            Vector256<uint> a1o = Vec.Odd(a1), a2o = Vec.Odd(a2);
            Vector256<uint> mu1sq = Vec.InterleaveLow32(Avx2.ShiftRightLogical(Avx2.Multiply(a1, a1) + half32, 32), Avx2.ShiftRightLogical(Avx2.Multiply(a1o, a1o) + half32, 32));
            Vector256<uint> mu2sq = Vec.InterleaveLow32(Avx2.ShiftRightLogical(Avx2.Multiply(a2, a2) + half32, 32), Avx2.ShiftRightLogical(Avx2.Multiply(a2o, a2o) + half32, 32));
            Vector256<uint> mu12 = Vec.InterleaveLow32(Avx2.ShiftRightLogical(Avx2.Multiply(a1, a2) + half32, 32), Avx2.ShiftRightLogical(Avx2.Multiply(a1o, a2o) + half32, 32));
            Vector256<ulong> r = Vector256.Create(32768ul);
            Vector256<uint> sxx = Vec.InterleaveLow32(Avx2.ShiftRightLogical(xxE + r, 16), Avx2.ShiftRightLogical(xxO + r, 16));
            Vector256<uint> syy = Vec.InterleaveLow32(Avx2.ShiftRightLogical(yyE + r, 16), Avx2.ShiftRightLogical(yyO + r, 16));
            Vector256<uint> sxy = Vec.InterleaveLow32(Avx2.ShiftRightLogical(xyE + r, 16), Avx2.ShiftRightLogical(xyO + r, 16));
            Vector256.Store((sxx - mu1sq).AsInt32(), Sigma1 + j);
            Vector256.Store(Avx2.Max((syy - mu2sq).AsInt32(), Vector256<int>.Zero), Sigma2 + j);
            Vector256.Store((sxy - mu12).AsInt32(), Sigma12 + j);
        }

        public void Step128(int j)
        {
            Vector128<uint> a1 = default, a2 = default;
            Vector128<ulong> xxE = default, xxO = default, yyE = default, yyO = default, xyE = default, xyO = default;
            int half = Taps / 2;
            for (int k = 0; k < half; k++)
            {
                Vector128<uint> f = Vector128.Create(Filter[k]);
                int b = j + Taps - 1 - k;
                a1 += Sse41.MultiplyLow(f, Vector128.Load(Mu1 + j + k) + Vector128.Load(Mu1 + b));
                a2 += Sse41.MultiplyLow(f, Vector128.Load(Mu2 + j + k) + Vector128.Load(Mu2 + b));
            }

            {
                Vector128<uint> f = Vector128.Create(Filter[half]);
                a1 += Sse41.MultiplyLow(f, Vector128.Load(Mu1 + j + half));
                a2 += Sse41.MultiplyLow(f, Vector128.Load(Mu2 + j + half));
            }

            for (int k = 0; k < Taps; k++)
            {
                Vector128<uint> f = Vector128.Create(Filter[k]);
                Vector128<uint> x = Vector128.Load(Xx + j + k);
                Vector128<uint> y = Vector128.Load(Yy + j + k);
                Vector128<uint> c = Vector128.Load(Xy + j + k);
                xxE += Sse2.Multiply(f, x);
                xxO += Sse2.Multiply(f, Vec.Odd(x));
                yyE += Sse2.Multiply(f, y);
                yyO += Sse2.Multiply(f, Vec.Odd(y));
                xyE += Sse2.Multiply(f, c);
                xyO += Sse2.Multiply(f, Vec.Odd(c));
            }

            Vector128<ulong> half32 = Vector128.Create(0x80000000ul);
            Vector128<uint> a1o = Vec.Odd(a1), a2o = Vec.Odd(a2);
            Vector128<uint> mu1sq = Vec.InterleaveLow32(Sse2.ShiftRightLogical(Sse2.Multiply(a1, a1) + half32, 32), Sse2.ShiftRightLogical(Sse2.Multiply(a1o, a1o) + half32, 32));
            Vector128<uint> mu2sq = Vec.InterleaveLow32(Sse2.ShiftRightLogical(Sse2.Multiply(a2, a2) + half32, 32), Sse2.ShiftRightLogical(Sse2.Multiply(a2o, a2o) + half32, 32));
            Vector128<uint> mu12 = Vec.InterleaveLow32(Sse2.ShiftRightLogical(Sse2.Multiply(a1, a2) + half32, 32), Sse2.ShiftRightLogical(Sse2.Multiply(a1o, a2o) + half32, 32));
            Vector128<ulong> r = Vector128.Create(32768ul);
            Vector128<uint> sxx = Vec.InterleaveLow32(Sse2.ShiftRightLogical(xxE + r, 16), Sse2.ShiftRightLogical(xxO + r, 16));
            Vector128<uint> syy = Vec.InterleaveLow32(Sse2.ShiftRightLogical(yyE + r, 16), Sse2.ShiftRightLogical(yyO + r, 16));
            Vector128<uint> sxy = Vec.InterleaveLow32(Sse2.ShiftRightLogical(xyE + r, 16), Sse2.ShiftRightLogical(xyO + r, 16));
            Vector128.Store((sxx - mu1sq).AsInt32(), Sigma1 + j);
            Vector128.Store(Sse41.Max((syy - mu2sq).AsInt32(), Vector128<int>.Zero), Sigma2 + j);
            Vector128.Store((sxy - mu12).AsInt32(), Sigma12 + j);
        }

        public void StepScalar(int j)
        {
            uint a1 = 0, a2 = 0;
            ulong bxx = 0, byy = 0, bxy = 0;
            for (int k = 0; k < Taps; k++)
            {
                uint f = Filter[k];
                a1 += f * Mu1[j + k];
                a2 += f * Mu2[j + k];
                bxx += (ulong)f * Xx[j + k];
                byy += (ulong)f * Yy[j + k];
                bxy += (ulong)f * Xy[j + k];
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
    }

    /// <summary>
    /// §2.6 per pixel. The vector steps work in double lanes: every intermediate is an integer below 2^53 (or the
    /// double the spec itself prescribes), so they are exact. 2048·log2 of an integer v ≥ 2^17 reads its top 16
    /// bits straight from the double's mantissa: T[0x8000 | mantissa[51:37]] + 2048·(exponent − 15).
    /// </summary>
    private struct LogAccumulateKernel : IColumnKernel
    {
        public int* Sigma1;
        public int* Sigma2;
        public int* Sigma12;
        public double GainLimit;
        public int* Table;
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

        public void Step256(int j)
        {
            Vector256<double> s1 = Avx.ConvertToVector256Double(Sse2.LoadVector128(Sigma1 + j));
            Vector256<double> s2 = Avx.ConvertToVector256Double(Sse2.LoadVector128(Sigma2 + j));
            Vector256<double> s12 = Avx.ConvertToVector256Double(Sse2.LoadVector128(Sigma12 + j));
            Vector256<double> nsq = Vector256.Create((double)VifTables.Nsq);
            Vector256<double> isLog = Avx.CompareGreaterThanOrEqual(s1, nsq);
            Vector256<double> isNum = isLog & Avx.CompareGreaterThan(s12, Vector256<double>.Zero) & Avx.CompareGreaterThan(s2, Vector256<double>.Zero);

            _den256 += isLog & (Log(s1 + nsq, Table) - Vector256.Create(34816.0));

            Vector256<double> g = s12 / (s1 + Vector256.Create(VifTables.Eps));
            Vector256<double> sv = Avx.Max(Avx.RoundToZero(s2 - (g * s12)), Vector256<double>.Zero);
            g = Avx.Min(g, Vector256.Create(GainLimit));
            Vector256<double> n1 = sv + nsq;
            Vector256<double> n2 = Avx.RoundToZero(g * g * s1) + n1;
            _num256 += isNum & (Log(n2, Table) - Log(n1, Table));

            _nonLogNum256 += Vector256.AndNot(s2, isLog);
            _nonLogDen256 += Vector256.AndNot(Vector256<double>.One, isLog);
        }

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

        public void StepScalar(int j) => AccumulateOne(Sigma1[j], Sigma2[j], Sigma12[j], GainLimit, ref _scalar);

        /// <summary>Adds the lane sums (exact integers in double) and the scalar sums to <paramref name="sums"/>.</summary>
        public void Flush(ref VifSums sums)
        {
            sums.Add(_scalar);
            sums.NumLog += (long)(Vector256.Sum(_num256) + Vector128.Sum(_num128));
            sums.DenLog += (long)(Vector256.Sum(_den256) + Vector128.Sum(_den128));
            sums.NumNonLog += (long)(Vector256.Sum(_nonLogNum256) + Vector128.Sum(_nonLogNum128));
            sums.DenNonLog += (long)(Vector256.Sum(_nonLogDen256) + Vector128.Sum(_nonLogDen128));
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

    /// <summary>Vertical blur for decimation: u32 sums with paired symmetric taps.</summary>
    private struct BlurVerticalKernel<T> : IColumnKernel
        where T : unmanaged
    {
        public T* Src;
        public int* Rows;
        public uint* Filter;
        public int Taps;
        public uint Round;
        public int Shift;
        public uint* Dst;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

        public void Step256(int j)
        {
            int half = Taps / 2;
            Vector256<uint> a = Avx2.MultiplyLow(Vector256.Create(Filter[half]), Load256(Rows[half] + j));
            for (int k = 0; k < half; k++)
            {
                a += Avx2.MultiplyLow(Vector256.Create(Filter[k]), Load256(Rows[k] + j) + Load256(Rows[Taps - 1 - k] + j));
            }

            Vector256.Store(Vector256.ShiftRightLogical(a + Vector256.Create(Round), Shift), Dst + j);
        }

        public void Step128(int j)
        {
            int half = Taps / 2;
            Vector128<uint> a = Sse41.MultiplyLow(Vector128.Create(Filter[half]), Load128(Rows[half] + j));
            for (int k = 0; k < half; k++)
            {
                a += Sse41.MultiplyLow(Vector128.Create(Filter[k]), Load128(Rows[k] + j) + Load128(Rows[Taps - 1 - k] + j));
            }

            Vector128.Store(Vector128.ShiftRightLogical(a + Vector128.Create(Round), Shift), Dst + j);
        }

        public void StepScalar(int j)
        {
            uint a = 0;
            for (int k = 0; k < Taps; k++)
            {
                a += Filter[k] * Load(Src, Rows[k] + j);
            }

            Dst[j] = (ushort)((a + Round) >> Shift);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<uint> Load256(int offset) =>
            typeof(T) == typeof(byte)
                ? Avx2.ConvertToVector256Int32((byte*)Src + offset).AsUInt32()
                : Avx2.ConvertToVector256Int32((ushort*)Src + offset).AsUInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector128<uint> Load128(int offset) =>
            typeof(T) == typeof(byte)
                ? Sse41.ConvertToVector128Int32((byte*)Src + offset).AsUInt32()
                : Sse41.ConvertToVector128Int32((ushort*)Src + offset).AsUInt32();
    }

    /// <summary>Horizontal blur kept at even columns: computes 8 (4) consecutive columns and keeps the even ones.</summary>
    private struct BlurHorizontalEvenKernel : IColumnKernel
    {
        public uint* Src;
        public uint* Filter;
        public int Taps;
        public ushort* Dst;

        public static int Lanes256 => 4;

        public static int Lanes128 => 2;

        public void Step256(int q)
        {
            uint* s = Src + (2 * q);
            int half = Taps / 2;
            Vector256<uint> b = Avx2.MultiplyLow(Vector256.Create(Filter[half]), Vector256.Load(s + half));
            for (int k = 0; k < half; k++)
            {
                b += Avx2.MultiplyLow(Vector256.Create(Filter[k]), Vector256.Load(s + k) + Vector256.Load(s + Taps - 1 - k));
            }

            Vector256<uint> m = Vector256.ShiftRightLogical(b + Vector256.Create(32768u), 16);
            Vector128<uint> even = Avx2.PermuteVar8x32(m, Vector256.Create(0u, 2, 4, 6, 0, 2, 4, 6)).GetLower();
            Sse2.StoreScalar((ulong*)(Dst + q), Sse41.PackUnsignedSaturate(even.AsInt32(), even.AsInt32()).AsUInt64());
        }

        public void Step128(int q)
        {
            uint* s = Src + (2 * q);
            int half = Taps / 2;
            Vector128<uint> b = Sse41.MultiplyLow(Vector128.Create(Filter[half]), Vector128.Load(s + half));
            for (int k = 0; k < half; k++)
            {
                b += Sse41.MultiplyLow(Vector128.Create(Filter[k]), Vector128.Load(s + k) + Vector128.Load(s + Taps - 1 - k));
            }

            Vector128<uint> m = Vector128.ShiftRightLogical(b + Vector128.Create(32768u), 16);
            Dst[q] = (ushort)m.GetElement(0);
            Dst[q + 1] = (ushort)m.GetElement(2);
        }

        public void StepScalar(int q)
        {
            uint b = 0;
            uint* s = Src + (2 * q);
            for (int k = 0; k < Taps; k++)
            {
                b += Filter[k] * s[k];
            }

            Dst[q] = (ushort)((b + 32768) >> 16);
        }
    }
}
