using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Adm;

/// <summary>
/// libvmaf 3.2.0's additive impairment measure (AIM) inputs for one band row (spec-3.2.0 06 B): the additive part
/// a = t − r of each orientation, and the masking sums S, C built from the CSF-weighted <em>restored</em> part. Fed to the
/// unchanged numerator kernels, whose arithmetic covers any i32 sample, this gives AIM's numerator. Vector steps use the
/// decouple kernels' CSF and masking arithmetic (same integer operations), each with the scalar step as its twin.
/// </summary>
internal static unsafe class AdmAimKernels
{
    /// <summary>Scale 0 (i16 bands, u16 weights) over columns [start, end): <paramref name="row"/> holds r, <paramref name="aim"/> receives a, S, C.</summary>
    public static void Row0(AdmRow row, short* th, short* tv, short* td, int start, int end, ushort* irf, AdmRow aim, VectorWidth vw = VectorWidth.Scalar)
    {
        var k = new Row0Kernel { Row = row, Th = th, Tv = tv, Td = td, Irf = irf, Aim = aim };
        ColumnLoop.Run512(ref k, start, end, vw);
    }

    /// <summary>Scales 1–3 (i32 bands, u32 weights), as <see cref="Row0"/>.</summary>
    public static void RowN(AdmRow row, int* th, int* tv, int* td, int start, int end, uint* irf, AdmRow aim, VectorWidth vw = VectorWidth.Scalar)
    {
        var k = new RowNKernel
        {
            Row = row, Th = th, Tv = tv, Td = td, Irf = irf, Aim = aim,
            Fast = irf[0] <= int.MaxValue && irf[1] <= int.MaxValue && irf[2] <= int.MaxValue,
        };
        ColumnLoop.Run512(ref k, start, end, vw);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Cf0(int ca) => (short)(((4369 * Math.Abs(ca)) + 2048) >> 12);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Centre0(int ca) => (short)(((8738 * Math.Abs(ca)) + 2048) >> 12);

    private struct Row0Kernel : IColumnKernel512
    {
        public AdmRow Row;
        public short* Th;
        public short* Tv;
        public short* Td;
        public ushort* Irf;
        public AdmRow Aim;

        public static int Lanes512 => 16;

        public static int Lanes256 => 8;

        public static int Lanes128 => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            Vector512<int> rh = Vector512.Load(Row.Rh + j), rv = Vector512.Load(Row.Rv + j), rd = Vector512.Load(Row.Rd + j);
            Vector512.Store(AdmKernels.Decouple0Kernel.ToInt16(L(Th + j) - rh), Aim.Rh + j);
            Vector512.Store(AdmKernels.Decouple0Kernel.ToInt16(L(Tv + j) - rv), Aim.Rv + j);
            Vector512.Store(AdmKernels.Decouple0Kernel.ToInt16(L(Td + j) - rd), Aim.Rd + j);
            Vector512<int> cah = AdmKernels.Decouple0Kernel.ToInt16(Vector512.ShiftRightArithmetic(Avx512F.MultiplyLow(rh, Vector512.Create((int)Irf[0])) + Vector512.Create(16384), 15));
            Vector512<int> cav = AdmKernels.Decouple0Kernel.ToInt16(Vector512.ShiftRightArithmetic(Avx512F.MultiplyLow(rv, Vector512.Create((int)Irf[1])) + Vector512.Create(16384), 15));
            Vector512<int> cad = AdmKernels.Decouple0Kernel.ToInt16(Vector512.ShiftRightArithmetic(Avx512F.MultiplyLow(rd, Vector512.Create((int)Irf[2])) + Vector512.Create(65535), 17));
            Vector512.Store(AdmKernels.Decouple0Kernel.Scaled(cah, 4369) + AdmKernels.Decouple0Kernel.Scaled(cav, 4369) + AdmKernels.Decouple0Kernel.Scaled(cad, 4369), Aim.S + j);
            Vector512.Store(AdmKernels.Decouple0Kernel.Scaled(cah, 8738) + AdmKernels.Decouple0Kernel.Scaled(cav, 8738) + AdmKernels.Decouple0Kernel.Scaled(cad, 8738), Aim.C + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            Vector256<int> rh = Vector256.Load(Row.Rh + j), rv = Vector256.Load(Row.Rv + j), rd = Vector256.Load(Row.Rd + j);
            Vector256.Store(Vec.ToInt16(Avx2.ConvertToVector256Int32(Th + j) - rh), Aim.Rh + j);
            Vector256.Store(Vec.ToInt16(Avx2.ConvertToVector256Int32(Tv + j) - rv), Aim.Rv + j);
            Vector256.Store(Vec.ToInt16(Avx2.ConvertToVector256Int32(Td + j) - rd), Aim.Rd + j);
            Vector256<int> cah = Vec.ToInt16(Vector256.ShiftRightArithmetic(Avx2.MultiplyLow(rh, Vector256.Create((int)Irf[0])) + Vector256.Create(16384), 15));
            Vector256<int> cav = Vec.ToInt16(Vector256.ShiftRightArithmetic(Avx2.MultiplyLow(rv, Vector256.Create((int)Irf[1])) + Vector256.Create(16384), 15));
            Vector256<int> cad = Vec.ToInt16(Vector256.ShiftRightArithmetic(Avx2.MultiplyLow(rd, Vector256.Create((int)Irf[2])) + Vector256.Create(65535), 17));
            Vector256.Store(AdmKernels.Decouple0Kernel.Cf(cah) + AdmKernels.Decouple0Kernel.Cf(cav) + AdmKernels.Decouple0Kernel.Cf(cad), Aim.S + j);
            Vector256.Store(AdmKernels.Decouple0Kernel.Centre(cah) + AdmKernels.Decouple0Kernel.Centre(cav) + AdmKernels.Decouple0Kernel.Centre(cad), Aim.C + j);
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
            int rh = Row.Rh[j], rv = Row.Rv[j], rd = Row.Rd[j];
            Aim.Rh[j] = (short)(Th[j] - rh);
            Aim.Rv[j] = (short)(Tv[j] - rv);
            Aim.Rd[j] = (short)(Td[j] - rd);
            int cah = (short)(((Irf[0] * rh) + 16384) >> 15);
            int cav = (short)(((Irf[1] * rv) + 16384) >> 15);
            int cad = (short)(((Irf[2] * rd) + 65535) >> 17);
            Aim.S[j] = Cf0(cah) + Cf0(cav) + Cf0(cad);
            Aim.C[j] = Centre0(cah) + Centre0(cav) + Centre0(cad);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<int> L(short* p) => Avx512F.ConvertToVector512Int32(Vector256.Load(p));
    }

    private struct RowNKernel : IColumnKernel512
    {
        public AdmRow Row;
        public int* Th;
        public int* Tv;
        public int* Td;
        public uint* Irf;
        public AdmRow Aim;

        /// <summary>Weights below 2^31 (signed multiplier operands); else the scalar path.</summary>
        public bool Fast;

        public static int Lanes512 => 8;

        public static int Lanes256 => 4;

        public static int Lanes128 => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int j)
        {
            if (!Fast)
            {
                Step128(j);
                Step128(j + 4);
                return;
            }

            // a = t − r wraps in i32 like the scalar: the i32 subtraction, no widening.
            Vector256.Store(Vector256.Load(Th + j) - Vector256.Load(Row.Rh + j), Aim.Rh + j);
            Vector256.Store(Vector256.Load(Tv + j) - Vector256.Load(Row.Rv + j), Aim.Rv + j);
            Vector256.Store(Vector256.Load(Td + j) - Vector256.Load(Row.Rd + j), Aim.Rd + j);
            Vector512<long> cah = AdmKernels.DecoupleNKernel.Csf512(AdmKernels.DecoupleNKernel.L512(Row.Rh + j), Irf[0]);
            Vector512<long> cav = AdmKernels.DecoupleNKernel.Csf512(AdmKernels.DecoupleNKernel.L512(Row.Rv + j), Irf[1]);
            Vector512<long> cad = AdmKernels.DecoupleNKernel.Csf512(AdmKernels.DecoupleNKernel.L512(Row.Rd + j), Irf[2]);
            Vector256.Store(Avx512F.ConvertToVector256Int32(AdmKernels.DecoupleNKernel.Scaled512(cah, 143165577) + AdmKernels.DecoupleNKernel.Scaled512(cav, 143165577) + AdmKernels.DecoupleNKernel.Scaled512(cad, 143165577)), Aim.S + j);
            Vector256.Store(Avx512F.ConvertToVector256Int32(AdmKernels.DecoupleNKernel.Scaled512(cah, 286331153) + AdmKernels.DecoupleNKernel.Scaled512(cav, 286331153) + AdmKernels.DecoupleNKernel.Scaled512(cad, 286331153)), Aim.C + j);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int j)
        {
            if (!Fast)
            {
                Step128(j);
                return;
            }

            Vector128.Store(Vector128.Load(Th + j) - Vector128.Load(Row.Rh + j), Aim.Rh + j);
            Vector128.Store(Vector128.Load(Tv + j) - Vector128.Load(Row.Rv + j), Aim.Rv + j);
            Vector128.Store(Vector128.Load(Td + j) - Vector128.Load(Row.Rd + j), Aim.Rd + j);
            Vector256<long> cah = AdmKernels.DecoupleNKernel.Csf(AdmKernels.DecoupleNKernel.L(Row.Rh + j), Irf[0]);
            Vector256<long> cav = AdmKernels.DecoupleNKernel.Csf(AdmKernels.DecoupleNKernel.L(Row.Rv + j), Irf[1]);
            Vector256<long> cad = AdmKernels.DecoupleNKernel.Csf(AdmKernels.DecoupleNKernel.L(Row.Rd + j), Irf[2]);
            Vector128.Store(Vec.Low32(AdmKernels.DecoupleNKernel.Scaled(cah, 143165577) + AdmKernels.DecoupleNKernel.Scaled(cav, 143165577) + AdmKernels.DecoupleNKernel.Scaled(cad, 143165577)), Aim.S + j);
            Vector128.Store(Vec.Low32(AdmKernels.DecoupleNKernel.Scaled(cah, 286331153) + AdmKernels.DecoupleNKernel.Scaled(cav, 286331153) + AdmKernels.DecoupleNKernel.Scaled(cad, 286331153)), Aim.C + j);
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
            int rh = Row.Rh[j], rv = Row.Rv[j], rd = Row.Rd[j];
            Aim.Rh[j] = unchecked(Th[j] - rh);
            Aim.Rv[j] = unchecked(Tv[j] - rv);
            Aim.Rd[j] = unchecked(Td[j] - rd);
            int cah = AdmKernels.CsfN(Irf[0], rh);
            int cav = AdmKernels.CsfN(Irf[1], rv);
            int cad = AdmKernels.CsfN(Irf[2], rd);
            Aim.S[j] = AdmKernels.CfN(cah) + AdmKernels.CfN(cav) + AdmKernels.CfN(cad);
            Aim.C[j] = AdmKernels.CentreN(cah) + AdmKernels.CentreN(cav) + AdmKernels.CentreN(cad);
        }
    }
}
