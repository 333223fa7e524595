namespace VmafRoi.VmafRunner.Engine.Features.Ciede;

/// <summary>
/// The colour maths of libvmaf's CIEDE2000 (a port of av-metrics'), with its binary32 storage points kept: L*a*b* and
/// every named ΔE00 intermediate are floats, expressions with a double constant or a libm call run in binary64.
/// glibc's pow/exp/sin/cos/atan2/powf are what .NET calls on Linux, so the values are bit-exact there.
/// </summary>
internal static class CiedeColor
{
    private const double TwoPi = 2.0 * Math.PI;

    /// <summary>25^7 in binary64 (exact) and powf(25, 7) in binary32 (6103515648), as the C compiler folds them.</summary>
    private const double Pow25To7 = 6103515625.0;
    private const float Pow25To7Float = 6103515648.0f;

    /// <summary>A colour in L*a*b*, stored as binary32 as libvmaf's <c>LABColor</c>.</summary>
    internal readonly record struct Lab(float L, float A, float B);

    /// <summary>ΔE00 with kL = 0.65, kC = 1, kH = 4 (libvmaf's defaults), rounded to binary32.</summary>
    public static float DeltaE2000(Lab one, Lab two)
    {
        const float kL = 0.65f, kC = 1.0f, kH = 4.0f;
        float deltaL = two.L - one.L;
        float lBar = (one.L + two.L) / 2;
        float c1 = (float)Math.Sqrt(((double)one.A * one.A) + ((double)one.B * one.B));
        float c2 = (float)Math.Sqrt(((double)two.A * two.A) + ((double)two.B * two.B));
        float cBar = (c1 + c2) / 2;
        double cBar7 = Math.Pow(cBar, 7);
        double g = 1 - Math.Sqrt(cBar7 / (cBar7 + Pow25To7));
        float a1 = (float)(one.A + ((one.A / 2) * g));
        float a2 = (float)(two.A + ((two.A / 2) * g));
        float c1Prime = (float)Math.Sqrt(((double)a1 * a1) + ((double)one.B * one.B));
        float c2Prime = (float)Math.Sqrt(((double)a2 * a2) + ((double)two.B * two.B));
        float cBarPrime = (c1Prime + c2Prime) / 2;
        float deltaCPrime = c2Prime - c1Prime;
        float l50 = lBar - 50;
        float sL = (float)(1.0 + ((0.015 * ((double)l50 * l50)) / Math.Sqrt(20 + ((double)l50 * l50))));
        float sC = (float)(1.0 + (0.045 * cBarPrime));
        float h1 = HuePrime(one.B, a1);
        float h2 = HuePrime(two.B, a2);
        float deltaHue = DeltaHuePrime(c1, c2, h1, h2);
        float deltaH = (float)(2.0 * Math.Sqrt(c1Prime * c2Prime) * Math.Sin(deltaHue / 2.0));
        float hBar = HueBarPrime(h1, h2);
        float t = UpcaseT(hBar);
        float sH = (float)(1.0 + (0.015 * cBarPrime * t));
        float rT = RotationTerm(cBarPrime, hBar);
        float lightness = deltaL / (kL * sL);
        float chroma = deltaCPrime / (kC * sC);
        float hue = deltaH / (kH * sH);
        return (float)Math.Sqrt(((double)lightness * lightness) + ((double)chroma * chroma) + ((double)hue * hue) + (rT * chroma * hue));
    }

    /// <summary>Hue angle atan2(b, a′) in [0, 2π), 0 for a grey (both 0).</summary>
    private static float HuePrime(float b, float aPrime)
    {
        if (b == 0.0 && aPrime == 0.0)
        {
            return 0.0f;
        }

        float angle = (float)Math.Atan2(b, aPrime);
        if (angle < 0.0)
        {
            angle = (float)(angle + TwoPi);
        }

        return angle;
    }

    /// <summary>Δh′: 0 when either unprimed chroma is 0, else the difference folded into (−π, π].</summary>
    private static float DeltaHuePrime(float c1, float c2, float h1, float h2)
    {
        if (c1 == 0.0 || c2 == 0.0)
        {
            return 0.0f;
        }

        if (MathF.Abs(h1 - h2) <= Math.PI)
        {
            return h2 - h1;
        }

        return h2 <= h1 ? (float)((h2 - h1) + TwoPi) : (float)((h2 - h1) - TwoPi);
    }

    private static float HueBarPrime(float h1, float h2) =>
        Math.Abs(h1 - h2) > Math.PI ? (float)((h1 + h2 + TwoPi) / 2.0) : (float)((h1 + h2) / 2.0);

    private static float UpcaseT(double hBar) =>
        (float)(1.0
            - (0.17 * Math.Cos(hBar - (Math.PI / 6.0)))
            + (0.24 * Math.Cos(2.0 * hBar))
            + (0.32 * Math.Cos((3.0 * hBar) + (Math.PI / 30.0)))
            - (0.20 * Math.Cos((4.0 * hBar) - (7.0 * Math.PI / 20.0))));

    /// <summary>R_T, with libvmaf's float round trips through degrees and radians and its binary32 powf.</summary>
    private static float RotationTerm(float cBarPrime, float hBar)
    {
        float degrees = (float)((RadiansToDegrees(hBar) - 275.0) * (1.0 / 25.0));
        float p7 = MathF.Pow(cBarPrime, 7);
        float e = (float)(60.0 * Math.Exp(-(degrees * degrees)));
        float radians = (float)(e * (Math.PI / 180.0));
        return (float)(-2.0 * Math.Sqrt(p7 / (p7 + Pow25To7Float)) * Math.Sin(radians));
    }

    private static float RadiansToDegrees(float radians) => (float)(radians * (180.0 / Math.PI));

    /// <summary>YUV (limited range, BT.709) → L*a*b* for one bit depth.</summary>
    internal readonly struct Converter
    {
        private readonly double _yOffset, _cOffset, _yFactor, _cFactor;

        public Converter(double scale)
        {
            _yOffset = 16.0 * scale;
            _cOffset = 128.0 * scale;
            _yFactor = 1.0 / (219.0 * scale);
            _cFactor = 1.0 / (224.0 * scale);
        }

        public Lab ToLab(double y, double u, double v)
        {
            y = (y - _yOffset) * _yFactor;
            u = (u - _cOffset) * _cFactor;
            v = (v - _cOffset) * _cFactor;
            double r = Linear(y + (1.28033 * v));
            double g = Linear(y - (0.21482 * u) - (0.38059 * v));
            double b = Linear(y + (2.12798 * u));
            double x = (r * 0.4124564390896921) + (g * 0.357576077643909) + (b * 0.18043748326639894);
            double yy = (r * 0.21267285140562248) + (g * 0.715152155287818) + (b * 0.07217499330655958);
            double z = (r * 0.019333895582329317) + (g * 0.119192025881303) + (b * 0.9503040785363677);
            double fx = LabCurve(x * (1.0 / 0.95047));
            double fy = LabCurve(yy);
            double fz = LabCurve(z * (1.0 / 1.08883));
            return new Lab((float)((116.0 * fy) - 16.0), (float)(500.0 * (fx - fy)), (float)(200.0 * (fy - fz)));
        }

        /// <summary>sRGB's transfer inverse (libvmaf's threshold 10/255).</summary>
        private static double Linear(double c) => c > 10.0 / 255.0 ? Math.Pow((c + 0.055) * (1.0 / 1.055), 2.4) : c * (1.0 / 12.92);

        /// <summary>CIE's f(t), returned as binary32 (libvmaf's function type), cube root by pow(t, 1/3).</summary>
        private static float LabCurve(double t) =>
            t > 216.0 / 24389.0 ? (float)Math.Pow(t, 1.0 / 3.0) : (float)(((24389.0 / 27.0 * t) + 16.0) * (1.0 / 116.0));
    }
}
