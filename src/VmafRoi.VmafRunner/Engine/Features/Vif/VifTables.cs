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

    /// <summary>
    /// The filters as pmaddwd pairs of adjacent taps (first tap, packed i16 coefficients), pinned. Coefficients must
    /// fit i16, so scale 3's centre tap 43728 is split as 21864 + 21864 across two pairs.
    /// </summary>
    public static readonly PinnedPairs[] Pairs = [.. Filters.Select(PinnedPairs.For)];

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

/// <summary>A filter as pmaddwd pairs: tap index k and the packed coefficients (c_k | c_k+1 &lt;&lt; 16), on the pinned heap.</summary>
internal sealed unsafe class PinnedPairs
{
    private readonly int[] _taps;
    private readonly int[] _coefficients;

    private PinnedPairs(List<(int Tap, int A, int B)> pairs)
    {
        _taps = GC.AllocateArray<int>(pairs.Count, pinned: true);
        _coefficients = GC.AllocateArray<int>(pairs.Count, pinned: true);
        for (int i = 0; i < pairs.Count; i++)
        {
            _taps[i] = pairs[i].Tap;
            _coefficients[i] = (pairs[i].A & 0xFFFF) | (pairs[i].B << 16);
        }

        Count = pairs.Count;
        Taps = (int*)Unsafe.AsPointer(ref _taps[0]);
        Coefficients = (int*)Unsafe.AsPointer(ref _coefficients[0]);
    }

    public int Count { get; }

    public int* Taps { get; }

    public int* Coefficients { get; }

    public static PinnedPairs For(uint[] filter)
    {
        var pairs = new List<(int, int, int)>();
        if (filter.Any(f => f > short.MaxValue))
        {
            // Only the 3-tap filter has a tap above 32767: spread each tap over the two pairs that can hold it.
            if (filter.Length != 3)
            {
                throw new InvalidOperationException("unexpected wide filter");
            }

            pairs.Add((0, (int)filter[0], (int)(filter[1] / 2)));
            pairs.Add((1, (int)(filter[1] - (filter[1] / 2)), (int)filter[2]));
        }
        else
        {
            for (int k = 0; k < filter.Length; k += 2)
            {
                pairs.Add((k, (int)filter[k], k + 1 < filter.Length ? (int)filter[k + 1] : 0));
            }
        }

        return new PinnedPairs(pairs);
    }
}
