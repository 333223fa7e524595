using System.Runtime.CompilerServices;

namespace VmafRoi.VmafRunner.Engine.Features.Adm;

/// <summary>
/// libvmaf 3.2.0's additive impairment measure (AIM) inputs for one band row (spec-3.2.0 06 B): the additive part
/// a = t − r of each orientation, and the masking sums S, C built from the CSF-weighted <em>restored</em> part. Fed to the
/// unchanged numerator kernels, whose arithmetic covers any i32 sample, this gives AIM's numerator. Scalar only.
/// </summary>
internal static unsafe class AdmAimKernels
{
    /// <summary>Scale 0 (i16 bands, u16 weights) over columns [start, end): <paramref name="row"/> holds r, <paramref name="aim"/> receives a, S, C.</summary>
    public static void Row0(AdmRow row, short* th, short* tv, short* td, int start, int end, ushort* irf, AdmRow aim)
    {
        for (int j = start; j < end; j++)
        {
            int rh = row.Rh[j], rv = row.Rv[j], rd = row.Rd[j];
            aim.Rh[j] = (short)(th[j] - rh);
            aim.Rv[j] = (short)(tv[j] - rv);
            aim.Rd[j] = (short)(td[j] - rd);
            int cah = (short)(((irf[0] * rh) + 16384) >> 15);
            int cav = (short)(((irf[1] * rv) + 16384) >> 15);
            int cad = (short)(((irf[2] * rd) + 65535) >> 17);
            aim.S[j] = Cf0(cah) + Cf0(cav) + Cf0(cad);
            aim.C[j] = Centre0(cah) + Centre0(cav) + Centre0(cad);
        }
    }

    /// <summary>Scales 1–3 (i32 bands, u32 weights), as <see cref="Row0"/>.</summary>
    public static void RowN(AdmRow row, int* th, int* tv, int* td, int start, int end, uint* irf, AdmRow aim)
    {
        for (int j = start; j < end; j++)
        {
            int rh = row.Rh[j], rv = row.Rv[j], rd = row.Rd[j];
            aim.Rh[j] = unchecked(th[j] - rh);
            aim.Rv[j] = unchecked(tv[j] - rv);
            aim.Rd[j] = unchecked(td[j] - rd);
            int cah = AdmKernels.CsfN(irf[0], rh);
            int cav = AdmKernels.CsfN(irf[1], rv);
            int cad = AdmKernels.CsfN(irf[2], rd);
            aim.S[j] = AdmKernels.CfN(cah) + AdmKernels.CfN(cav) + AdmKernels.CfN(cad);
            aim.C[j] = AdmKernels.CentreN(cah) + AdmKernels.CentreN(cav) + AdmKernels.CentreN(cad);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Cf0(int ca) => (short)(((4369 * Math.Abs(ca)) + 2048) >> 12);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Centre0(int ca) => (short)(((8738 * Math.Abs(ca)) + 2048) >> 12);
}
