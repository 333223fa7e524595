using VmafRoi.VmafRunner.Engine.Features;

namespace VmafRoi.VmafRunner.Engine;

/// <summary>libvmaf's pooling (spec §7.2): in index order over [0, count), skipping indices not divisible by the subsample.</summary>
public static class Pooling
{
    /// <summary>Min, max, mean and harmonic mean, or null when any used frame lacks the feature (libvmaf then prints none).</summary>
    public static PooledMetric? Pool(FeatureVector vector, int frameCount, int subsample = 1)
    {
        ArgumentNullException.ThrowIfNull(vector);
        int n = 0;
        double sum = 0, inverseSum = 0, min = 0, max = 0;
        for (int i = 0; i < frameCount; i++)
        {
            if (subsample > 1 && i % subsample != 0)
            {
                continue;
            }

            if (!vector.TryGet(i, out double s))
            {
                return null;
            }

            n++;
            sum += s;
            inverseSum += 1.0 / (s + 1.0);
            min = n == 1 ? s : Math.Min(min, s);
            max = n == 1 ? s : Math.Max(max, s);
        }

        return n == 0 ? null : new PooledMetric(min, max, sum / n, (n / inverseSum) - 1.0);
    }
}
