using System.Globalization;

namespace VmafRoi.VmafRunner.Engine.Output;

/// <summary>C <c>printf</c> conversions whose exact text libvmaf's names and files depend on.</summary>
public static class CFormat
{
    /// <summary><c>%.6f</c>: .NET's fixed format rounds the exact binary value correctly, as glibc does.</summary>
    public static string F6(double value) => value.ToString("F6", CultureInfo.InvariantCulture);

    /// <summary><c>%.2f</c>.</summary>
    public static string F2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary><c>%g</c> (6 significant digits, trailing zeros removed, exponent form outside [1e-4, 1e6)).</summary>
    public static string G(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        if (!double.IsFinite(value))
        {
            return double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }

        // The exponent is the one %e would print after rounding to 6 significant digits.
        string e = value.ToString("E5", CultureInfo.InvariantCulture);
        int exponent = int.Parse(e.AsSpan(e.IndexOf('E') + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= 6)
        {
            string mantissa = TrimZeros(e[..e.IndexOf('E')]);
            return $"{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }

        return TrimZeros(value.ToString("F" + (5 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    private static string TrimZeros(string text) => text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;
}
