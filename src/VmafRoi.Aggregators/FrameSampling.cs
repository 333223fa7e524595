namespace VmafRoi.Aggregators;

/// <summary>Which frames of a clip feed the clip-level saliency mask.</summary>
public static class FrameSampling
{
    /// <summary>
    /// The sampled frame indices: none when <paramref name="total"/> ≤ 0; <c>[0]</c> when <paramref name="count"/> ≤ 1
    /// or the clip has one frame; else <c>0, step, 2·step, …</c> with <c>step = max(1, total / count)</c> (integer
    /// division), the first <paramref name="count"/> of those below <paramref name="total"/>.
    /// </summary>
    public static int[] Indices(int total, int count)
    {
        if (total <= 0)
        {
            return [];
        }

        if (count <= 1 || total == 1)
        {
            return [0];
        }

        int step = Math.Max(1, total / count);
        // step·count ≤ total whenever count ≤ total; otherwise step is 1 and the range runs out first.
        int length = Math.Min(count, ((total - 1) / step) + 1);
        int[] indices = new int[length];
        for (int i = 0; i < length; i++)
        {
            indices[i] = i * step;
        }

        return indices;
    }
}
