using System.Runtime.CompilerServices;

namespace VmafRoi.VmafRunner.Engine.Features.PsnrHvs;

/// <summary>
/// Daala's 8-point forward integer DCT (<c>od_bin_fdct8</c>) by lifting, int32 throughout: shifts are arithmetic, the
/// halvings round toward zero, products wrap as C's int would.
/// </summary>
internal static class Dct
{
    /// <summary>The 2-D transform in place: columns first (results stored transposed), then rows; Y[i][j], i vertical.</summary>
    public static void Forward8x8(Span<int> block, Span<int> scratch)
    {
        for (int c = 0; c < 8; c++)
        {
            Forward8(block, c, 8, scratch.Slice(8 * c, 8));
        }

        for (int r = 0; r < 8; r++)
        {
            Forward8(scratch, r, 8, block.Slice(8 * r, 8));
        }
    }

    /// <summary>Halving toward zero (Daala's unbiased shift by 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Half(int a) => unchecked((int)(((uint)a >> 31) + (uint)a)) >> 1;

    /// <summary>One 8-point transform of <c>x[start + k·stride]</c> into <paramref name="y"/>.</summary>
    private static void Forward8(ReadOnlySpan<int> x, int start, int stride, Span<int> y)
    {
        unchecked
        {
            int t0 = x[start], t4 = x[start + stride], t2 = x[start + (2 * stride)], t6 = x[start + (3 * stride)];
            int t7 = x[start + (4 * stride)], t3 = x[start + (5 * stride)], t5 = x[start + (6 * stride)], t1 = x[start + (7 * stride)];

            // +1/−1 butterflies.
            t1 = t0 - t1;
            int t1h = Half(t1);
            t0 -= t1h;
            t4 += t5;
            int t4h = Half(t4);
            t5 -= t4h;
            t3 = t2 - t3;
            t2 -= Half(t3);
            t6 += t7;
            int t6h = Half(t6);
            t7 = t6h - t7;

            // Embedded 4-point type-II DCT.
            t0 += t6h;
            t6 = t0 - t6;
            t2 = t4h - t2;
            t4 = t2 - t4;

            // Embedded 2-point type-II DCT.
            t0 -= ((t4 * 13573) + 16384) >> 15;
            t4 += ((t0 * 11585) + 8192) >> 14;
            t0 -= ((t4 * 13573) + 16384) >> 15;

            // Embedded 2-point type-IV DST.
            t6 -= ((t2 * 21895) + 16384) >> 15;
            t2 += ((t6 * 15137) + 8192) >> 14;
            t6 -= ((t2 * 21895) + 16384) >> 15;

            // Embedded 4-point type-IV DST.
            t3 += ((t5 * 19195) + 16384) >> 15;
            t5 += ((t3 * 11585) + 8192) >> 14;
            t3 -= ((t5 * 7489) + 4096) >> 13;
            t7 = Half(t5) - t7;
            t5 -= t7;
            t3 = t1h - t3;
            t1 -= t3;
            t7 += ((t1 * 3227) + 16384) >> 15;
            t1 -= ((t7 * 6393) + 16384) >> 15;
            t7 += ((t1 * 3227) + 16384) >> 15;
            t5 += ((t3 * 2485) + 4096) >> 13;
            t3 -= ((t5 * 18205) + 16384) >> 15;
            t5 += ((t3 * 2485) + 4096) >> 13;

            y[0] = t0;
            y[1] = t1;
            y[2] = t2;
            y[3] = t3;
            y[4] = t4;
            y[5] = t5;
            y[6] = t6;
            y[7] = t7;
        }
    }
}
