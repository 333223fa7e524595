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
        uint round = 1u << (bpc - 1);
        for (int j = 0; j < width; j++)
        {
            uint a = (3571 * Load(src, rows[0] + j)) + (16004 * Load(src, rows[1] + j)) + (26386 * Load(src, rows[2] + j))
                + (16004 * Load(src, rows[3] + j)) + (3571 * Load(src, rows[4] + j));
            dst[j] = (ushort)((a + round) >> bpc);
        }
    }

    /// <summary>Horizontal blur of a padded row (column j's taps start at index j).</summary>
    public static void BlurHorizontal(uint* src, int width, ushort* dst, VectorWidth vw)
    {
        for (int j = 0; j < width; j++)
        {
            uint b = (3571 * src[j]) + (16004 * src[j + 1]) + (26386 * src[j + 2]) + (16004 * src[j + 3]) + (3571 * src[j + 4]);
            dst[j] = (ushort)((b + 32768) >> 16);
        }
    }

    /// <summary>Σ|a − b| over one row, as libvmaf's u32 row sum.</summary>
    public static uint SadRow(ushort* a, ushort* b, int width, VectorWidth vw)
    {
        uint sum = 0;
        for (int j = 0; j < width; j++)
        {
            sum += (uint)Math.Abs(a[j] - b[j]);
        }

        return sum;
    }

    /// <summary>3.2.0 vertical pass on the difference previous − current (signed, arithmetic shift), written at [j].</summary>
    public static void DiffVertical<T>(T* prev, T* cur, int* rows, int width, int bpc, long* dst, VectorWidth vw)
        where T : unmanaged
    {
        long round = 1L << (bpc - 1);
        for (int j = 0; j < width; j++)
        {
            long a = 0;
            for (int k = 0; k < 5; k++)
            {
                a += Filter[k] * (long)(Load(prev, rows[k] + j) - (int)Load(cur, rows[k] + j));
            }

            dst[j] = (int)((a + round) >> bpc);
        }
    }

    /// <summary>3.2.0 horizontal pass on a padded difference row, returning the row's Σ|v| (u32).</summary>
    public static uint DiffHorizontalSad(long* src, int width, VectorWidth vw)
    {
        uint sum = 0;
        for (int j = 0; j < width; j++)
        {
            long b = (3571 * src[j]) + (16004 * src[j + 1]) + (26386 * src[j + 2]) + (16004 * src[j + 3]) + (3571 * src[j + 4]);
            int v = (int)((b + 32768) >> 16);
            sum += (uint)Math.Abs(v);
        }

        return sum;
    }

    private static uint Load<T>(T* p, int index)
        where T : unmanaged =>
        typeof(T) == typeof(byte) ? ((byte*)p)[index] : ((ushort*)p)[index];
}
