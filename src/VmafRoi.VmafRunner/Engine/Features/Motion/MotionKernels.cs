using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Motion;

/// <summary>Row kernels of the integer motion features: the 5-tap blur, SAD, and 3.2.0's blur of the difference.</summary>
internal static unsafe class MotionKernels
{
    /// <summary>The 5-tap Q16 filter (the VIF scale-2 taps).</summary>
    public static readonly uint[] Filter = [3571, 16004, 26386, 16004, 3571];

    /// <summary>Vertical blur of one row (§4.2): <c>(Σ F·x + 2^(bpc−1)) &gt;&gt; bpc</c>, written at [j].</summary>
    public static void BlurVertical<T>(T* src, int* rows, int width, int bpc, uint* dst, VectorWidth vw)
        where T : unmanaged
    {
        var k = new BlurVerticalKernel<T> { Src = src, Rows = rows, Shift = bpc, Round = 1u << (bpc - 1), Dst = dst };
        ColumnLoop.Run(ref k, 0, width, vw);
    }

    /// <summary>Horizontal blur of a padded row (column j's taps start at index j).</summary>
    public static void BlurHorizontal(uint* src, int width, ushort* dst, VectorWidth vw)
    {
        var k = new BlurHorizontalKernel { Src = src, Dst = dst };
        ColumnLoop.Run(ref k, 0, width, vw);
    }

    /// <summary>Σ|a − b| over one row, as libvmaf's u32 row sum (wrapping, so lane order does not matter).</summary>
    public static uint SadRow(ushort* a, ushort* b, int width, VectorWidth vw)
    {
        var k = new SadKernel { A = a, B = b };
        ColumnLoop.Run(ref k, 0, width, vw);
        return k.Total;
    }

    /// <summary>3.2.0 vertical pass on the difference previous − current (signed, arithmetic shift), written at [j].</summary>
    public static void DiffVertical<T>(T* prev, T* cur, int* rows, int width, int bpc, int* dst, VectorWidth vw)
        where T : unmanaged
    {
        var k = new DiffVerticalKernel<T> { Prev = prev, Cur = cur, Rows = rows, Shift = bpc, Dst = dst };
        ColumnLoop.Run512(ref k, 0, width, vw);
    }

    /// <summary>3.2.0 horizontal pass on a padded difference row, returning the row's Σ|v| (u32).</summary>
    public static uint DiffHorizontalSad(int* src, int width, VectorWidth vw)
    {
        var k = new DiffHorizontalKernel { Src = src };
        ColumnLoop.Run512(ref k, 0, width, vw);
        return k.Total;
    }

    /// <summary>Σ w·|a − b| over one row (weights 0–255; every product and sum is exact in u64).</summary>
    public static ulong WeightedSadRow(ushort* a, ushort* b, byte* weights, int width, VectorWidth vw)
    {
        var k = new WeightedSadKernel { A = a, B = b, W = weights };
        ColumnLoop.Run(ref k, 0, width, vw);
        return k.Total;
    }

    /// <summary>As <see cref="DiffHorizontalSad"/>, plus the row's Σ w·|v| (exact).</summary>
    public static uint DiffHorizontalSadWeighted(int* src, byte* weights, int width, VectorWidth vw, out ulong weighted)
    {
        var k = new DiffHorizontalWeightedKernel { Src = src, W = weights };
        ColumnLoop.Run(ref k, 0, width, vw);
        weighted = k.Weighted;
        return k.Total;
    }

    /// <summary>Σ w over one row of weights.</summary>
    public static ulong WeightSum(byte* weights, int count)
    {
        ulong sum = 0;
        int j = 0;
        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported)
        {
            for (; j <= count - 32; j += 32)
            {
                sum += Vec.Sum(Avx2.SumAbsoluteDifferences(Vector256.Load(weights + j), Vector256<byte>.Zero).AsUInt64());
            }
        }

        for (; j < count; j++)
        {
            sum += weights[j];
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Load<T>(T* p, int index)
        where T : unmanaged =>
        typeof(T) == typeof(byte) ? ((byte*)p)[index] : ((ushort*)p)[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Load256<T>(T* p)
        where T : unmanaged =>
        typeof(T) == typeof(byte) ? Avx2.ConvertToVector256Int32((byte*)p) : Avx2.ConvertToVector256Int32((ushort*)p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Load128<T>(T* p)
        where T : unmanaged =>
        typeof(T) == typeof(byte) ? Sse41.ConvertToVector128Int32((byte*)p) : Sse41.ConvertToVector128Int32((ushort*)p);

    /// <summary>u32 sums with the symmetric taps paired (pair sums × 16004 stay below 2^32).</summary>
    private struct BlurVerticalKernel<T> : IColumnKernel
        where T : unmanaged
    {
        public T* Src;
        public int* Rows;
        public int Shift;
        public uint Round;
        public uint* Dst;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<uint> a = Avx2.MultiplyLow(Vector256.Create(3571u), (Load256(Src + Rows[0] + j) + Load256(Src + Rows[4] + j)).AsUInt32())
                + Avx2.MultiplyLow(Vector256.Create(16004u), (Load256(Src + Rows[1] + j) + Load256(Src + Rows[3] + j)).AsUInt32())
                + Avx2.MultiplyLow(Vector256.Create(26386u), Load256(Src + Rows[2] + j).AsUInt32());
            Vector256.Store(Vector256.ShiftRightLogical(a + Vector256.Create(Round), Shift), Dst + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            Vector128<uint> a = Sse41.MultiplyLow(Vector128.Create(3571u), (Load128(Src + Rows[0] + j) + Load128(Src + Rows[4] + j)).AsUInt32())
                + Sse41.MultiplyLow(Vector128.Create(16004u), (Load128(Src + Rows[1] + j) + Load128(Src + Rows[3] + j)).AsUInt32())
                + Sse41.MultiplyLow(Vector128.Create(26386u), Load128(Src + Rows[2] + j).AsUInt32());
            Vector128.Store(Vector128.ShiftRightLogical(a + Vector128.Create(Round), Shift), Dst + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j)
        {
            uint a = (3571 * Load(Src, Rows[0] + j)) + (16004 * Load(Src, Rows[1] + j)) + (26386 * Load(Src, Rows[2] + j))
                + (16004 * Load(Src, Rows[3] + j)) + (3571 * Load(Src, Rows[4] + j));
            Dst[j] = (ushort)((a + Round) >> Shift);
        }
    }

    private struct BlurHorizontalKernel : IColumnKernel
    {
        public uint* Src;
        public ushort* Dst;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            uint* s = Src + j;
            Vector256<uint> b = Avx2.MultiplyLow(Vector256.Create(3571u), Vector256.Load(s) + Vector256.Load(s + 4))
                + Avx2.MultiplyLow(Vector256.Create(16004u), Vector256.Load(s + 1) + Vector256.Load(s + 3))
                + Avx2.MultiplyLow(Vector256.Create(26386u), Vector256.Load(s + 2));
            Vector256<uint> m = Vector256.ShiftRightLogical(b + Vector256.Create(32768u), 16);

            // Values are at most 65535, so the unsigned-saturating pack is exact.
            Vector256<ushort> packed = Avx2.PackUnsignedSaturate(m.AsInt32(), m.AsInt32());
            Sse2.Store(Dst + j, Avx2.Permute4x64(packed.AsUInt64(), 0b_11_01_10_00).GetLower().AsUInt16());
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            uint* s = Src + j;
            Vector128<uint> b = Sse41.MultiplyLow(Vector128.Create(3571u), Vector128.Load(s) + Vector128.Load(s + 4))
                + Sse41.MultiplyLow(Vector128.Create(16004u), Vector128.Load(s + 1) + Vector128.Load(s + 3))
                + Sse41.MultiplyLow(Vector128.Create(26386u), Vector128.Load(s + 2));
            Vector128<uint> m = Vector128.ShiftRightLogical(b + Vector128.Create(32768u), 16);
            Sse2.StoreScalar((ulong*)(Dst + j), Sse41.PackUnsignedSaturate(m.AsInt32(), m.AsInt32()).AsUInt64());
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j)
        {
            uint* s = Src + j;
            uint b = (3571 * s[0]) + (16004 * s[1]) + (26386 * s[2]) + (16004 * s[3]) + (3571 * s[4]);
            Dst[j] = (ushort)((b + 32768) >> 16);
        }
    }

    private struct SadKernel : IColumnKernel
    {
        public ushort* A;
        public ushort* B;
        private Vector256<uint> _sum256;
        private Vector128<uint> _sum128;
        private uint _scalar;

        public static int Lanes256 => 16;

        public static int Lanes128 => 8;

        public readonly uint Total => Vector256.Sum(_sum256) + Vector128.Sum(_sum128) + _scalar;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<ushort> a = Vector256.Load(A + j), b = Vector256.Load(B + j);
            Vector256<ushort> d = Avx2.SubtractSaturate(a, b) | Avx2.SubtractSaturate(b, a);
            _sum256 += Avx2.UnpackLow(d, Vector256<ushort>.Zero).AsUInt32() + Avx2.UnpackHigh(d, Vector256<ushort>.Zero).AsUInt32();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            Vector128<ushort> a = Vector128.Load(A + j), b = Vector128.Load(B + j);
            Vector128<ushort> d = Sse2.SubtractSaturate(a, b) | Sse2.SubtractSaturate(b, a);
            _sum128 += Sse2.UnpackLow(d, Vector128<ushort>.Zero).AsUInt32() + Sse2.UnpackHigh(d, Vector128<ushort>.Zero).AsUInt32();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j) => _scalar += (uint)Math.Abs(A[j] - B[j]);
    }

    /// <summary>8-bit differences sum in i32 (|Σ| ≤ 65536·255); deeper input takes the exact double lanes.</summary>
    private struct DiffVerticalKernel<T> : IColumnKernel512
        where T : unmanaged
    {
        public T* Prev;
        public T* Cur;
        public int* Rows;
        public int Shift;
        public int* Dst;

        public static int Lanes512 => 16;

        public static int Lanes128 => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            if (typeof(T) == typeof(byte))
            {
                Vector512<int> a = Avx512F.MultiplyLow(Vector512.Create(3571), D512(0, j) + D512(4, j))
                    + Avx512F.MultiplyLow(Vector512.Create(16004), D512(1, j) + D512(3, j))
                    + Avx512F.MultiplyLow(Vector512.Create(26386), D512(2, j));
                Vector512.Store(Vector512.ShiftRightArithmetic(a + Vector512.Create(1 << (Shift - 1)), Shift), Dst + j);
            }
            else
            {
                Step256(j);
                Step256(j + 8);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector512<int> D512(int k, int j) =>
            Avx512F.ConvertToVector512Int32(Vector128.Load((byte*)(Prev + Rows[k] + j))) - Avx512F.ConvertToVector512Int32(Vector128.Load((byte*)(Cur + Rows[k] + j)));

        /// <summary>8-bit: 16 columns per 256-bit step (i16 differences, pmaddwd); deeper samples: 8.</summary>
        public static int Lanes256 => typeof(T) == typeof(byte) ? 16 : 8;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            if (typeof(T) == typeof(byte))
            {
                // i16 differences (|d| ≤ 255, pair sums ≤ 510); pmaddwd gives 3571·(d0+d4) + 16004·(d1+d3) and
                // 26386·d2 + round, exact i32 sums, in unpack order (columns 0–3, 8–11 | 4–7, 12–15).
                Vector256<short> d0 = D16(0, j), d1 = D16(1, j), d2 = D16(2, j), d3 = D16(3, j), d4 = D16(4, j);
                Vector256<short> outer = d0 + d4, inner = d1 + d3;
                Vector256<short> taps = Vector256.Create((short)3571, 16004, 3571, 16004, 3571, 16004, 3571, 16004, 3571, 16004, 3571, 16004, 3571, 16004, 3571, 16004);
                Vector256<short> centre = Vector256.Create(26386 | ((1 << (Shift - 1)) << 16)).AsInt16();
                Vector256<short> one = Vector256.Create((short)1);
                Vector256<int> lo = Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(outer, inner), taps) + Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(d2, one), centre);
                Vector256<int> hi = Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(outer, inner), taps) + Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(d2, one), centre);
                lo = Vector256.ShiftRightArithmetic(lo, Shift);
                hi = Vector256.ShiftRightArithmetic(hi, Shift);
                Vector256.Store(Avx2.Permute2x128(lo, hi, 0x20), Dst + j);
                Vector256.Store(Avx2.Permute2x128(lo, hi, 0x31), Dst + j + 8);
            }
            else
            {
                Step128(j);
                Step128(j + 4);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<short> D16(int k, int j) =>
            Avx2.ConvertToVector256Int16((byte*)(Prev + Rows[k] + j)) - Avx2.ConvertToVector256Int16((byte*)(Cur + Rows[k] + j));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step128(int j)
        {
            if (typeof(T) == typeof(byte))
            {
                Vector128<int> a = Sse41.MultiplyLow(Vector128.Create(3571), D128(0, j) + D128(4, j))
                    + Sse41.MultiplyLow(Vector128.Create(16004), D128(1, j) + D128(3, j))
                    + Sse41.MultiplyLow(Vector128.Create(26386), D128(2, j));
                Vector128.Store(Vector128.ShiftRightArithmetic(a + Vector128.Create(1 << (Shift - 1)), Shift), Dst + j);
            }
            else
            {
                for (int c = 0; c < 4; c++)
                {
                    StepScalar(j + c);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepScalar(int j)
        {
            long a = 0;
            for (int k = 0; k < 5; k++)
            {
                a += Filter[k] * (long)((int)Load(Prev, Rows[k] + j) - (int)Load(Cur, Rows[k] + j));
            }

            Dst[j] = (int)((a + (1L << (Shift - 1))) >> Shift);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector128<int> D128(int k, int j) => Load128(Prev + Rows[k] + j) - Load128(Cur + Rows[k] + j);
    }

    /// <summary>
    /// Horizontal pass on the vertical pass's output (|s| &lt; 2^16 at every depth, the vertical shift being the bit
    /// depth), exact in i32 lanes: with s = 256·sh + sl (sl = s &amp; 255), b = 256·B1 + B0 for the filtered sh and sl
    /// (each below 2^25 in size), and with B1 = 256·q + r, (b + 2^15) &gt;&gt; 16 = q + ((256·r + B0 + 2^15) &gt;&gt; 16).
    /// </summary>
    private struct DiffHorizontalKernel : IColumnKernel512
    {
        public int* Src;
        private Vector512<int> _sum512;
        private Vector256<int> _sum256;
        private uint _scalar;

        public static int Lanes512 => 16;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

        public readonly uint Total => Vector512.Sum(_sum512.AsUInt32()) + Vector256.Sum(_sum256.AsUInt32()) + _scalar;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            int* s = Src + j;
            Vector512<int> s0 = Vector512.Load(s), s1 = Vector512.Load(s + 1), s2 = Vector512.Load(s + 2), s3 = Vector512.Load(s + 3), s4 = Vector512.Load(s + 4);
            Vector512<int> low = Vector512.Create(255);
            Vector512<int> b1 = Taps(Vector512.ShiftRightArithmetic(s0, 8), Vector512.ShiftRightArithmetic(s1, 8), Vector512.ShiftRightArithmetic(s2, 8), Vector512.ShiftRightArithmetic(s3, 8), Vector512.ShiftRightArithmetic(s4, 8));
            Vector512<int> b0 = Taps(s0 & low, s1 & low, s2 & low, s3 & low, s4 & low);
            Vector512<int> v = Vector512.ShiftRightArithmetic(b1, 8) + Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(b1 & low, 8) + b0 + Vector512.Create(32768), 16);
            _sum512 += Vector512.Abs(v);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            int* s = Src + j;
            Vector256<int> s0 = Vector256.Load(s), s1 = Vector256.Load(s + 1), s2 = Vector256.Load(s + 2), s3 = Vector256.Load(s + 3), s4 = Vector256.Load(s + 4);
            Vector256<int> low = Vector256.Create(255);
            Vector256<int> b1 = Taps(Vector256.ShiftRightArithmetic(s0, 8), Vector256.ShiftRightArithmetic(s1, 8), Vector256.ShiftRightArithmetic(s2, 8), Vector256.ShiftRightArithmetic(s3, 8), Vector256.ShiftRightArithmetic(s4, 8));
            Vector256<int> b0 = Taps(s0 & low, s1 & low, s2 & low, s3 & low, s4 & low);
            Vector256<int> v = Vector256.ShiftRightArithmetic(b1, 8) + Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(b1 & low, 8) + b0 + Vector256.Create(32768), 16);
            _sum256 += Vector256.Abs(v);
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
            int* s = Src + j;
            long b = (3571L * s[0]) + (16004L * s[1]) + (26386L * s[2]) + (16004L * s[3]) + (3571L * s[4]);
            int v = (int)((b + 32768) >> 16);
            _scalar += (uint)Math.Abs(v);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<int> Taps(Vector512<int> a, Vector512<int> b, Vector512<int> c, Vector512<int> d, Vector512<int> e) =>
            Avx512F.MultiplyLow(Vector512.Create(3571), a + e) + Avx512F.MultiplyLow(Vector512.Create(16004), b + d) + Avx512F.MultiplyLow(Vector512.Create(26386), c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Taps(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d, Vector256<int> e) =>
            Avx2.MultiplyLow(Vector256.Create(3571), a + e) + Avx2.MultiplyLow(Vector256.Create(16004), b + d) + Avx2.MultiplyLow(Vector256.Create(26386), c);
    }

    /// <summary>|a − b|·w in u64 lanes (even and odd 32-bit lanes multiplied separately).</summary>
    private struct WeightedSadKernel : IColumnKernel
    {
        public ushort* A;
        public ushort* B;
        public byte* W;
        private Vector256<ulong> _sum256;
        private ulong _scalar;

        public static int Lanes256 => 8;

        public static int Lanes128 => 8;

        public readonly ulong Total => Vec.Sum(_sum256) + _scalar;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<int> d = Avx2.Abs(Avx2.ConvertToVector256Int32(A + j) - Avx2.ConvertToVector256Int32(B + j)).AsInt32();
            Vector256<uint> w = Avx2.ConvertToVector256Int32(W + j).AsUInt32();
            _sum256 += Avx2.Multiply(d.AsUInt32(), w) + Avx2.Multiply(Vec.Odd(d.AsUInt32()), Vec.Odd(w));
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
        public void StepScalar(int j) => _scalar += (ulong)Math.Abs(A[j] - B[j]) * W[j];
    }

    /// <summary>As <see cref="DiffHorizontalKernel"/>, also summing w·|v| in double lanes (below 2^25 each, exact).</summary>
    private struct DiffHorizontalWeightedKernel : IColumnKernel
    {
        public int* Src;
        public byte* W;
        private Vector256<double> _sum256;
        private Vector256<double> _weighted256;
        private uint _scalar;
        private ulong _scalarWeighted;

        public static int Lanes256 => 4;

        public static int Lanes128 => 4;

        public readonly uint Total => (uint)(ulong)Vector256.Sum(_sum256) + _scalar;

        public readonly ulong Weighted => (ulong)Vector256.Sum(_weighted256) + _scalarWeighted;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            int* s = Src + j;
            Vector256<double> b = Vector256.Create(3571.0) * (Avx.ConvertToVector256Double(Sse2.LoadVector128(s)) + Avx.ConvertToVector256Double(Sse2.LoadVector128(s + 4)))
                + Vector256.Create(16004.0) * (Avx.ConvertToVector256Double(Sse2.LoadVector128(s + 1)) + Avx.ConvertToVector256Double(Sse2.LoadVector128(s + 3)))
                + Vector256.Create(26386.0) * Avx.ConvertToVector256Double(Sse2.LoadVector128(s + 2));
            Vector256<double> v = Vector256.Abs(Avx.RoundToNegativeInfinity((b + Vector256.Create(32768.0)) * Vector256.Create(1.0 / 65536)));
            _sum256 += v;
            Vector128<int> w = Sse41.ConvertToVector128Int32(Vector128.CreateScalar(*(uint*)(W + j)).AsByte());
            _weighted256 += v * Avx.ConvertToVector256Double(w);
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
            int* s = Src + j;
            long b = (3571L * s[0]) + (16004L * s[1]) + (26386L * s[2]) + (16004L * s[3]) + (3571L * s[4]);
            int v = (int)((b + 32768) >> 16);
            _scalar += (uint)Math.Abs(v);
            _scalarWeighted += (ulong)Math.Abs((long)v) * W[j];
        }
    }
}
