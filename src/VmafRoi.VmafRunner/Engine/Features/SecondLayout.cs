using System.Runtime.Intrinsics;

namespace VmafRoi.VmafRunner.Engine.Features;

/// <summary>
/// Where one row of a fused run's second picture may differ from the reference picture at the same stage (outside
/// [<see cref="HullStart"/>, <see cref="HullEnd"/>) it is equal) and where it equals the distorted picture's row (inside
/// [<see cref="CoreStart"/>, <see cref="CoreEnd"/>), a part of the hull). Work for the second pair is taken from the
/// reference side outside the hull and from the plain pair inside the core; only the rest is computed.
/// </summary>
public readonly record struct RowSpans(int HullStart, int HullEnd, int CoreStart, int CoreEnd)
{
    /// <summary>The row equals the reference's everywhere.</summary>
    public bool SameAsReference => HullStart >= HullEnd;

    public bool HasCore => CoreStart < CoreEnd;

    /// <summary>A row that may differ anywhere and equals the distorted picture nowhere known.</summary>
    public static RowSpans Unknown(int width) => new(0, width, 0, 0);
}

/// <summary>
/// How row layouts (<see cref="RowSpans"/>) travel through the features' filters: an output row's hull is the union of
/// the hulls of the rows it reads, widened by the filter's reach; its core is the intersection of their cores, narrowed by
/// the reach (at a picture edge the mirrored reads stay inside a core that touches the edge). Every rule errs towards a
/// larger hull and a smaller core, which only costs time.
/// </summary>
internal static unsafe class SecondLayout
{
    /// <summary>Level 0: compares each row of <paramref name="second"/> with the reference and distorted rows.</summary>
    public static void Compare(byte* reference, byte* distorted, byte* second, int width, int height, int bytesPerSample, RowSpans[] rows)
    {
        int rowBytes = width * bytesPerSample;
        for (int i = 0; i < height; i++)
        {
            var r = new ReadOnlySpan<byte>(reference + (i * rowBytes), rowBytes);
            var d = new ReadOnlySpan<byte>(distorted + (i * rowBytes), rowBytes);
            var m = new ReadOnlySpan<byte>(second + (i * rowBytes), rowBytes);
            int first = m.CommonPrefixLength(r);
            if (first == rowBytes)
            {
                rows[i] = new RowSpans(0, 0, 0, 0);
                continue;
            }

            int last = rowBytes - CommonSuffixLength(m, r);
            int hullStart = first / bytesPerSample, hullEnd = (last + bytesPerSample - 1) / bytesPerSample;
            (int coreStart, int coreEnd) = LongestEqualRun(m, d, hullStart, hullEnd, bytesPerSample);
            rows[i] = new RowSpans(hullStart, hullEnd, coreStart, coreEnd);
        }
    }

    /// <summary>
    /// The layout of an output row that reads input rows <paramref name="rowIndices"/>, each over columns c − reach … c + reach
    /// (mirrored at the edges) for output column c: the stat passes of VIF (reach = half width) and ADM's numerator (1).
    /// </summary>
    public static RowSpans Window(RowSpans[] input, ReadOnlySpan<int> rowIndices, int reach, int width)
    {
        Combine(input, rowIndices, out int ha, out int hb, out int ca, out int cb);
        if (ha >= hb)
        {
            return default;
        }

        ha = Math.Max(0, ha - reach);
        hb = Math.Min(width, hb + reach);
        (ca, cb) = Erode(ca, cb, reach, width);
        return Clamp(ha, hb, ca, cb);
    }

    /// <summary>VIF decimation: output column q reads input columns 2q − reach … 2q + reach (R101); output width <paramref name="outWidth"/>.</summary>
    public static RowSpans Decimate(RowSpans[] input, ReadOnlySpan<int> rowIndices, int reach, int width, int outWidth)
    {
        Combine(input, rowIndices, out int ha, out int hb, out int ca, out int cb);
        if (ha >= hb)
        {
            return default;
        }

        int qa = Math.Max(0, CeilDiv2(ha - reach));
        int qb = Math.Min(outWidth, CeilDiv2(hb + reach));
        if (qa >= qb)
        {
            return default;
        }

        (ca, cb) = Erode(ca, cb, reach, width);
        int qca = CeilDiv2(ca), qcb = cb >= width ? outWidth : Math.Min(outWidth, CeilDiv2(cb));
        return ca < cb ? Clamp(qa, qb, qca, qcb) : Clamp(qa, qb, 0, 0);
    }

    /// <summary>ADM's DWT: band column q reads input columns 2q − 1 … 2q + 2 (RDUP mirrors); band width <paramref name="outWidth"/>.</summary>
    public static RowSpans Dwt(RowSpans[] input, ReadOnlySpan<int> rowIndices, int width, int outWidth)
    {
        Combine(input, rowIndices, out int ha, out int hb, out int ca, out int cb);
        if (ha >= hb)
        {
            return default;
        }

        int qa = ha <= 2 ? 0 : (ha - 3) >> 1;
        int qb = hb >= width - 2 ? outWidth : Math.Min(outWidth, ((hb + 2) >> 1) + 1);
        int qca = ca == 0 ? 0 : (ca + 2) >> 1;
        int qcb = cb >= width ? outWidth : ((cb - 3) >> 1) + 1;
        if (ca >= cb || (ca == 0 && cb < 3) || (cb >= width && ca > width - 3))
        {
            qca = qcb = 0;
        }

        return Clamp(qa, qb, qca, Math.Min(qcb, outWidth));
    }

    /// <summary>Rounds a hull outward and a core inward to multiples of <paramref name="block"/> (the picture width ends both).</summary>
    public static RowSpans Align(RowSpans s, int block, int width)
    {
        if (s.SameAsReference)
        {
            return s;
        }

        int ha = s.HullStart / block * block;
        int hb = Math.Min(width, (s.HullEnd + block - 1) / block * block);
        int ca = (s.CoreStart + block - 1) / block * block;
        int cb = s.CoreEnd >= width ? width : s.CoreEnd / block * block;
        return Clamp(ha, hb, ca, cb);
    }

    private static void Combine(RowSpans[] input, ReadOnlySpan<int> rowIndices, out int ha, out int hb, out int ca, out int cb)
    {
        ha = int.MaxValue;
        hb = int.MinValue;
        ca = int.MinValue;
        cb = int.MaxValue;
        foreach (int row in rowIndices)
        {
            RowSpans s = input[row];
            if (!s.SameAsReference)
            {
                ha = Math.Min(ha, s.HullStart);
                hb = Math.Max(hb, s.HullEnd);
            }

            // A row equal to the reference has no core: the output reads the reference there, not the distorted picture.
            ca = Math.Max(ca, s.HasCore ? s.CoreStart : int.MaxValue);
            cb = Math.Min(cb, s.HasCore ? s.CoreEnd : int.MinValue);
        }
    }

    private static (int Start, int End) Erode(int ca, int cb, int reach, int width)
    {
        if (ca >= cb)
        {
            return (0, 0);
        }

        int a = ca == 0 ? 0 : ca + reach;
        int b = cb >= width ? width : cb - reach;
        return a < b && (ca > 0 || cb > reach) && (cb < width || ca < width - 1 - reach) ? (a, b) : (0, 0);
    }

    private static RowSpans Clamp(int ha, int hb, int ca, int cb)
    {
        if (ha >= hb)
        {
            return default;
        }

        ca = Math.Max(ca, ha);
        cb = Math.Min(cb, hb);
        return ca < cb ? new RowSpans(ha, hb, ca, cb) : new RowSpans(ha, hb, 0, 0);
    }

    private static int CeilDiv2(int x) => (x + 1) >> 1;

    private static int CommonSuffixLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int n = a.Length, k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            while (k + 32 <= n && Vector256.Create(a.Slice(n - k - 32, 32)) == Vector256.Create(b.Slice(n - k - 32, 32)))
            {
                k += 32;
            }
        }

        while (k < n && a[n - 1 - k] == b[n - 1 - k])
        {
            k++;
        }

        return k;
    }

    /// <summary>
    /// A long run of equal samples of <paramref name="a"/> and <paramref name="b"/> within columns [start, end), found at
    /// the granularity of 32-byte blocks (a core only needs to be large, not maximal).
    /// </summary>
    private static (int Start, int End) LongestEqualRun(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int start, int end, int bytesPerSample)
    {
        int from = start * bytesPerSample, to = end * bytesPerSample;
        int bestStart = 0, bestEnd = 0, runStart = -1;
        int block = from;
        for (; block + 32 <= to; block += 32)
        {
            bool equal = Vector256.Create(a.Slice(block, 32)) == Vector256.Create(b.Slice(block, 32));
            if (equal && runStart < 0)
            {
                runStart = block;
            }
            else if (!equal && runStart >= 0)
            {
                if (block - runStart > bestEnd - bestStart)
                {
                    (bestStart, bestEnd) = (runStart, block);
                }

                runStart = -1;
            }
        }

        if (runStart >= 0)
        {
            int stop = block;
            if (a[block..to].SequenceEqual(b[block..to]))
            {
                stop = to;
            }

            if (stop - runStart > bestEnd - bestStart)
            {
                (bestStart, bestEnd) = (runStart, stop);
            }
        }

        // Whole samples only.
        int s0 = (bestStart + bytesPerSample - 1) / bytesPerSample, s1 = bestEnd / bytesPerSample;
        return s0 < s1 ? (s0, s1) : (0, 0);
    }
}
