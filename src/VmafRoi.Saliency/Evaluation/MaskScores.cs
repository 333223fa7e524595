namespace VmafRoi.Saliency.Evaluation;

/// <summary>How well a mask picks out a region: ROC AUC and the share of the mask's mass inside it.</summary>
public static class MaskScores
{
    // Masks are ranked on 2^16 levels: finer than the 8- or 16-bit sidecar quantisation, and a histogram is O(n).
    private const int Levels = 65536;

    /// <summary>
    /// ROC AUC of <paramref name="mask"/> (values in [0,1]) as a score for "inside the region": the probability that a
    /// random inside pixel outranks a random outside one, ties counting half (Mann–Whitney). NaN when either side is empty.
    /// </summary>
    public static double Auc(ReadOnlySpan<float> mask, ReadOnlySpan<bool> inside)
    {
        if (mask.Length != inside.Length)
        {
            throw new ArgumentException($"the mask has {mask.Length} values and the region {inside.Length}");
        }

        int[] positives = new int[Levels];
        int[] negatives = new int[Levels];
        long p = 0;
        long n = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            int level = Level(mask[i]);
            if (inside[i])
            {
                positives[level]++;
                p++;
            }
            else
            {
                negatives[level]++;
                n++;
            }
        }

        if (p == 0 || n == 0)
        {
            return double.NaN;
        }

        // Σ over inside pixels of (outside pixels below + half the outside pixels level with it).
        double wins = 0;
        long below = 0;
        for (int level = 0; level < Levels; level++)
        {
            wins += positives[level] * (below + (0.5 * negatives[level]));
            below += negatives[level];
        }

        return wins / ((double)p * n);
    }

    /// <summary>Share of the mask's total inside the region, in [0,1]; NaN for an all-zero mask.</summary>
    public static double MassInside(ReadOnlySpan<float> mask, ReadOnlySpan<bool> inside)
    {
        double all = 0;
        double within = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            float v = Math.Max(0, mask[i]);
            all += v;
            if (inside[i])
            {
                within += v;
            }
        }

        return all > 0 ? within / all : double.NaN;
    }

    private static int Level(float value) =>
        float.IsNaN(value) ? 0 : (int)Math.Clamp(MathF.Round(value * (Levels - 1)), 0, Levels - 1);
}
