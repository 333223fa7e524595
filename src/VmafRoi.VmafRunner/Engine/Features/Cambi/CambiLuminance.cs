using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Features.Cambi;

/// <summary>
/// CAMBI's luminance model (libvmaf <c>luminance_tools.c</c>; 05-cambi.md init steps 5–7): 10-bit limited-range codes
/// through BT.1886 or PQ, the per-contrast-step visibility thresholds and the dark-luma cut-off. f64 throughout; the
/// results are integers, so a last-ulp difference in <c>pow</c> cannot change them unless a threshold sits on a boundary.
/// </summary>
internal static class CambiLuminance
{
    /// <summary>Limited-range black at 10 bits.</summary>
    public const int Foot = 64;

    /// <summary>Limited-range white at 10 bits.</summary>
    public const int Head = 940;

    private const int MaxCode = 1023;

    private enum Bisect
    {
        TooSmall,
        Correct,
        TooBig,
    }

    /// <summary>Display luminance (cd/m²) of a 10-bit code.</summary>
    public static double Luminance(int sample, string eotf)
    {
        int clipped = Math.Clamp(sample, Foot, Head);
        double v = (double)(clipped - Foot) / (Head - Foot);
        return eotf == CambiOptions.Pq ? Pq(v) : Bt1886(v);
    }

    /// <summary>
    /// The highest code at which a step of <paramref name="diff"/> codes is still at the visibility threshold (0 when even
    /// black is above it, 1023 when even white is below).
    /// </summary>
    public static int TviForDiff(int diff, double threshold, string eotf)
    {
        int foot = Foot;
        int head = Head - diff - 1;
        switch (Classify(foot, diff, threshold, eotf))
        {
            case Bisect.TooBig:
                return 0;
            case Bisect.Correct:
                return foot;
        }

        switch (Classify(head, diff, threshold, eotf))
        {
            case Bisect.TooSmall:
                return MaxCode;
            case Bisect.Correct:
                return head;
        }

        while (true)
        {
            int mid = foot + ((head - foot) / 2);
            switch (Classify(mid, diff, threshold, eotf))
            {
                case Bisect.TooBig:
                    head = mid;
                    break;
                case Bisect.TooSmall:
                    foot = mid;
                    break;
                default:
                    return mid;
            }
        }
    }

    /// <summary>The smallest code at or above black whose luminance reaches <paramref name="threshold"/>; 0 when black already does.</summary>
    /// <exception cref="InvalidInputException">No code reaches it (libvmaf would loop for ever).</exception>
    public static int VisibilityLuma(double threshold, string eotf)
    {
        int sample = Foot;
        while (Luminance(sample, eotf) < threshold)
        {
            sample++;
            if (sample > MaxCode)
            {
                throw new InvalidInputException(
                    $"cambi: cambi_vis_lum_threshold {threshold} cd/m2 is above the peak luminance of the {eotf} EOTF ({Luminance(Head, eotf)} cd/m2)");
            }
        }

        return sample == Foot ? 0 : sample;
    }

    private static bool Visible(int sample, int diff, double threshold, string eotf)
    {
        double mean = Luminance(sample, eotf);
        double stepped = Luminance(sample + diff, eotf);
        return stepped - mean > threshold * mean;
    }

    private static Bisect Classify(int sample, int diff, double threshold, string eotf)
    {
        if (!Visible(sample, diff, threshold, eotf))
        {
            return Bisect.TooBig;
        }

        return Visible(sample + 1, diff, threshold, eotf) ? Bisect.TooSmall : Bisect.Correct;
    }

    private static double Bt1886(double v)
    {
        const double gamma = 2.4;
        const double white = 300.0;
        const double black = 0.01;
        double a = Math.Pow(Math.Pow(white, 1.0 / gamma) - Math.Pow(black, 1.0 / gamma), gamma);
        double b = Math.Pow(black, 1.0 / gamma) / (Math.Pow(white, 1.0 / gamma) - Math.Pow(black, 1.0 / gamma));
        return a * Math.Pow(Math.Max(v + b, 0), gamma);
    }

    private static double Pq(double v)
    {
        const double m1 = 0.1593017578125;
        const double m2 = 78.84375;
        const double c1 = 0.8359375;
        const double c2 = 18.8515625;
        const double c3 = 18.6875;
        double num = Math.Max(Math.Pow(v, 1.0 / m2) - c1, 0);
        double den = c2 - (c3 * Math.Pow(v, 1.0 / m2));
        return 10000 * Math.Pow(num / den, 1.0 / m1);
    }
}
