namespace VmafRoi.VmafRunner.Engine.Features.FloatAdm;

/// <summary>
/// The contrast-sensitivity factors of libvmaf's float ADM per scale (3.2.0 notes 07 B.3): <c>adm_csf_mode</c> 0 (and
/// 3–9) Watson's wavelet quantisation steps, 1 Barten's CSF (HDR-VDP-2 form at 100 cd/m²), 2 the DLM paper's CSF;
/// then the <c>adm_f1sλ</c>/<c>adm_f2sλ</c> overrides. Factor 1 weighs the H and V bands, factor 2 the D band.
/// </summary>
internal static class FloatAdmCsf
{
    /// <summary>libvmaf's luminance level for the Barten CSF (cd/m²).</summary>
    private const double LuminanceLevel = 100.0;

    /// <summary>Watson et al. 1997 threshold model for Y (a, k, f0, g[θ]).</summary>
    private const float WatsonA = (float)0.495, WatsonK = (float)0.466, WatsonF0 = (float)0.401;

    private static readonly float[] WatsonG = [(float)1.501, (float)1.0, (float)0.534, (float)1.0];

    /// <summary>Basis-function amplitudes A(λ, θ) of the 7-9 biorthogonal wavelet (Watson et al. 1997, Table V).</summary>
    private static readonly float[,] BasisAmplitude =
    {
        { (float)0.62171, (float)0.67234, (float)0.72709, (float)0.67234 },
        { (float)0.34537, (float)0.41317, (float)0.49428, (float)0.41317 },
        { (float)0.18004, (float)0.22727, (float)0.28688, (float)0.22727 },
        { (float)0.091401, (float)0.11792, (float)0.15214, (float)0.11792 },
        { (float)0.045943, (float)0.059758, (float)0.077727, (float)0.059758 },
        { (float)0.023013, (float)0.030018, (float)0.039156, (float)0.030018 },
    };

    private static readonly float[] BartenAnchors = [(float)0.002, (float)0.02, (float)0.2, (float)2, (float)20, (float)150];

    private static readonly float[,] BartenParams =
    {
        { (float)0.0160737, (float)0.991265, (float)3.74038, (float)0.50722, (float)4.46044 },
        { (float)0.383873, (float)0.800889, (float)3.54104, (float)0.682505, (float)4.94958 },
        { (float)0.929301, (float)0.476505, (float)4.37453, (float)0.750315, (float)5.28678 },
        { (float)1.29776, (float)0.405782, (float)4.40602, (float)0.935314, (float)5.61425 },
        { (float)1.49222, (float)0.334278, (float)3.79542, (float)1.07327, (float)6.4635 },
        { (float)1.46213, (float)0.394533, (float)2.7755, (float)1.16577, (float)7.45665 },
    };

    private static readonly float[] BartenSa = [(float)30.162, (float)4.0627, (float)1.6596, (float)0.2712];
    private static readonly float[] BartenMtfA = [(float)0.424838596301290, (float)0.572435103936480, (float)0.000167576239164937, (float)0.00255872352306433];
    private static readonly float[] BartenMtfB = [(float)0.028, (float)0.37, (float)37, (float)360];

    /// <summary>(factor 1, factor 2) of scale <paramref name="scale"/>; <paramref name="f1"/>/<paramref name="f2"/> ≥ 0 replace them.</summary>
    public static (float Factor1, float Factor2) Factors(
        int scale, int mode, double normViewDist, int refDisplayHeight, double csfScale, double csfDiagScale, double f1, double f2)
    {
        float factor1, factor2;
        switch (mode)
        {
            case 1:
                factor1 = Barten(scale, normViewDist, refDisplayHeight, csfScale);
                factor2 = Barten(scale, normViewDist, refDisplayHeight, csfDiagScale);
                break;
            case 2:
                factor1 = Native(scale, normViewDist, refDisplayHeight, diagonal: false);
                factor2 = Native(scale, normViewDist, refDisplayHeight, diagonal: true);
                break;
            default:
                factor1 = 1.0f / WatsonQ(scale, 1, normViewDist, refDisplayHeight);
                factor2 = 1.0f / WatsonQ(scale, 2, normViewDist, refDisplayHeight);
                break;
        }

        if (f1 >= 0)
        {
            factor1 = (float)f1;
        }

        if (f2 >= 0)
        {
            factor2 = (float)f2;
        }

        return (factor1, factor2);
    }

    /// <summary>Display visual resolution in pixels per degree (≈ 56.55 for 3H at 1080 lines).</summary>
    private static float Resolution(double normViewDist, int refDisplayHeight) =>
        (float)(normViewDist * refDisplayHeight * Math.PI / 180.0);

    /// <summary>Watson's quantisation step Q(λ, θ) (formula 9 of the paper).</summary>
    public static float WatsonQ(int lambda, int theta, double normViewDist, int refDisplayHeight)
    {
        float r = Resolution(normViewDist, refDisplayHeight);
        float temp = (float)Math.Log10(Math.Pow(2.0, lambda + 1) * WatsonF0 * WatsonG[theta] / r);
        return (float)(2.0 * WatsonA * Math.Pow(10.0, WatsonK * temp * temp) / BasisAmplitude[lambda, theta]);
    }

    /// <summary>The DLM paper's CSF at scale λ's nominal frequency; diagonal bands see 1/0.7 of it.</summary>
    private static float Native(int lambda, double normViewDist, int refDisplayHeight, bool diagonal)
    {
        float r = Resolution(normViewDist, refDisplayHeight);
        float sf = (float)(r / Math.Pow(2, lambda + 1));
        if (diagonal)
        {
            sf = (float)(sf / 0.7);
        }

        return (float)((0.31 + (0.69 * sf)) * Math.Exp(-0.29 * sf));
    }

    private static float Interpolate(float leftPosition, float leftValue, float rightPosition, float rightValue, float position) =>
        leftValue + ((rightValue - leftValue) / (rightPosition - leftPosition) * (position - leftPosition));

    private static float RodConeSensitivity(float luminance)
    {
        float drop = BartenSa[1], slope = BartenSa[2], low = BartenSa[3];
        return (float)(BartenSa[0] * Math.Pow(Math.Pow(drop / luminance, slope) + 1, -low));
    }

    private static float Mtf(float frequency)
    {
        float mtf = 0.0f;
        for (int i = 0; i <= 3; i++)
        {
            mtf = (float)(mtf + (BartenMtfA[i] * Math.Exp(-BartenMtfB[i] * frequency)));
        }

        return mtf;
    }

    /// <summary>Barten's CSF as HDR-VDP-2 simplifies it, at scale λ's nominal frequency, times <paramref name="csfScale"/>.</summary>
    private static float Barten(int lambda, double normViewDist, int refDisplayHeight, double csfScale)
    {
        float r = Resolution(normViewDist, refDisplayHeight);
        float sf = (float)(r / Math.Pow(2, lambda + 1));
        double lum = LuminanceLevel > BartenAnchors[5] ? BartenAnchors[5] : LuminanceLevel < BartenAnchors[0] ? BartenAnchors[0] : LuminanceLevel;
        int left = 0, right = 0;
        for (int i = 0; i < 5; i++)
        {
            if (lum >= BartenAnchors[i] && lum <= BartenAnchors[i + 1])
            {
                left = i;
                right = i + 1;
                break;
            }
        }

        float leftPosition = (float)Math.Log10(BartenAnchors[left]);
        float rightPosition = (float)Math.Log10(BartenAnchors[right]);
        float position = (float)Math.Log10(lum);
        float p0 = Interpolate(leftPosition, BartenParams[left, 1], rightPosition, BartenParams[right, 1], position);
        float p1 = Interpolate(leftPosition, BartenParams[left, 2], rightPosition, BartenParams[right, 2], position);
        float p2 = Interpolate(leftPosition, BartenParams[left, 3], rightPosition, BartenParams[right, 3], position);
        float p3 = Interpolate(leftPosition, BartenParams[left, 4], rightPosition, BartenParams[right, 4], position);
        float a = (float)(1.0f + Math.Pow(p0 * sf, p1));
        float sf7 = sf / 7;
        float b = (float)(1.0f / Math.Pow(1 - Math.Exp(-((double)sf7 * sf7)), p2));
        float csf = (float)(p3 / Math.Pow(a * b, 0.5));
        return (float)(csf * Mtf(sf) * RodConeSensitivity((float)LuminanceLevel) * csfScale);
    }
}
