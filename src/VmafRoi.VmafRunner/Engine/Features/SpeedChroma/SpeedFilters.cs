namespace VmafRoi.VmafRunner.Engine.Features.SpeedChroma;

/// <summary>SpEED's Gaussian filters (libvmaf <c>vif_tools.c</c>), built at run time exactly as libvmaf builds them.</summary>
internal static class SpeedFilters
{
    /// <summary>The scale SpEED works at: 2^4 = 16 times smaller than the (prescaled) plane.</summary>
    public const int Scales = 4;

    /// <summary>The kernel scales libvmaf has filters for, as f32 (compared within 1e-3).</summary>
    private static readonly float[] ValidKernelScales =
    [
        1.0f, 1.0f / 2.0f, 3.0f / 2.0f, 2.0f, 2.0f / 3.0f, 24.0f / 10.0f, 360.0f / 97.0f, 4.0f / 3.0f, 3.5f / 3.0f,
        3.75f / 3.0f, 4.25f / 3.0f, 5.0f / 3.0f, 3.0f, 1.0f / 2.25f, 1.4746f, 1.54f, 1.6f, 1.06667f, 0.711111f,
        0.740740f, 1.111111f,
    ];

    /// <summary>The valid kernel scales, for messages.</summary>
    public static IEnumerable<string> ValidKernelScaleNames =>
        ValidKernelScales.Select(k => k.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture));

    public static bool IsValidKernelScale(float kernelScale) => ValidKernelScales.Any(k => MathF.Abs(kernelScale - k) < 1e-3);

    /// <summary>Taps of the filter of <paramref name="scale"/>: <c>(2^(4−scale) + 1)·ks</c> rounded up to odd, at least 3.</summary>
    public static int FilterSize(int scale, float kernelScale)
    {
        int n = (1 << (4 - scale)) + 1;
        float f = n * kernelScale;
        int ceiling = (int)Math.Ceiling(f);
        int odd = ceiling % 2 == 0 ? ceiling + 1 : ceiling;
        return Math.Max(odd, 3);
    }

    /// <summary>The anti-alias filter applied before the 16x decimation: scale 1's size, σ = √4 · size / 5.</summary>
    public static float[] AntiAlias(float kernelScale)
    {
        int size = FilterSize(1, kernelScale);
        return Gaussian(size, (float)(Math.Sqrt(Scales) * size / 5.0f));
    }

    /// <summary>The local-mean filter at the working scale: scale 4's size, σ = size / 5.</summary>
    public static float[] LocalMean(float kernelScale)
    {
        int size = FilterSize(Scales, kernelScale);
        return Gaussian(size, size / 5.0f);
    }

    /// <summary>Normalised Gaussian taps; the pdf mixes f32 operands with f64 arithmetic as libvmaf's C does.</summary>
    private static float[] Gaussian(int size, float stdev)
    {
        var taps = new float[size];
        float sum = 0;
        int k = (size - 1) / 2;
        for (int i = 0; i < size; i++)
        {
            float x = i - k;
            float num = (float)Math.Exp((-0.5 * x / stdev) * x / stdev);
            float den = (float)(1 / (stdev * Math.Sqrt(2 * Math.PI)));
            taps[i] = num / den;
            sum += taps[i];
        }

        for (int i = 0; i < size; i++)
        {
            taps[i] /= sum;
        }

        return taps;
    }
}
