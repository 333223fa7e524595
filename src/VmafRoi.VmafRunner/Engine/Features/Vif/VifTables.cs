using System.Numerics;
using System.Runtime.CompilerServices;

namespace VmafRoi.VmafRunner.Engine.Features.Vif;

/// <summary>VIF constants (spec §2.1, §2.5, §2.6).</summary>
internal static class VifTables
{
    /// <summary>The four Q16 low-pass filters, one per scale (each sums to 65536).</summary>
    public static readonly uint[][] Filters =
    [
        [489, 935, 1640, 2640, 3896, 5274, 6547, 7455, 7784, 7455, 6547, 5274, 3896, 2640, 1640, 935, 489],
        [1244, 3663, 7925, 12590, 14692, 12590, 7925, 3663, 1244],
        [3571, 16004, 26386, 16004, 3571],
        [10904, 43728, 10904],
    ];

    /// <summary>σ_n² = 2 (8-bit levels²) in the Q16 σ units.</summary>
    public const int Nsq = 131072;

    /// <summary>65536·1e-10 evaluated in double.</summary>
    public static readonly double Eps = 65536 * 1e-10;

    /// <summary>2048·log2(i) for i in [32767, 65535]: float log2, ×2048, rounded half away from zero (§2.5).</summary>
    public static readonly ushort[] Log2 = BuildLog2();

    /// <summary>The same table widened to int, for vector gathers.</summary>
    public static readonly int[] Log2Int = Array.ConvertAll(Log2, v => (int)v);

    /// <summary>2048·log2(v) from the top 16 significant bits of v ≥ 2^18.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Log32(uint v)
    {
        int k = 16 - BitOperations.LeadingZeroCount(v);
        return Log2[v >> k] + (2048 * k);
    }

    /// <summary>2048·log2(v) from the top 16 significant bits of v ≥ 2^17.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Log64(ulong v)
    {
        int k = 48 - BitOperations.LeadingZeroCount(v);
        return Log2[v >> k] + (2048 * k);
    }

    private static ushort[] BuildLog2()
    {
        var table = new ushort[65536];
        for (int i = 32767; i < 65536; i++)
        {
            float log = MathF.Log2(i) * 2048f;
            table[i] = (ushort)Math.Round((double)log, MidpointRounding.AwayFromZero);
        }

        return table;
    }
}
