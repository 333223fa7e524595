using System.Globalization;

namespace VmafRoi.VmafRunner.Engine.Features.OptionTable;

/// <summary>C's <c>atoi</c> and <c>atof</c>: the longest numeric prefix of the text counts, anything else gives 0.</summary>
internal static class CNumbers
{
    /// <summary><c>(int)strtol(text, NULL, 10)</c>: leading white space, a sign, decimal digits.</summary>
    public static int Atoi(string text)
    {
        int i = SkipSpace(text);
        bool negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        long value = 0;
        bool saturated = false;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            if (!saturated)
            {
                value = (value * 10) + (text[i] - '0');
                saturated = value > int.MaxValue * 10L;
            }
        }

        // strtol saturates at LONG_MAX; the int conversion of that is what atoi returns. Values this large are out of
        // every option's range anyway, so only the sign matters here.
        return saturated ? (negative ? int.MinValue : int.MaxValue) : unchecked((int)(negative ? -value : value));
    }

    /// <summary><c>strtod(text, NULL)</c> for decimal numbers, <c>inf</c> and <c>nan</c>.</summary>
    public static double Atof(string text)
    {
        int start = SkipSpace(text);
        int i = start;
        if (i < text.Length && text[i] is '+' or '-')
        {
            i++;
        }

        ReadOnlySpan<char> rest = text.AsSpan(i);
        if (rest.StartsWith("inf", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("nan", StringComparison.OrdinalIgnoreCase))
        {
            bool negative = i > start && text[start] == '-';
            double special = char.ToLowerInvariant(rest[0]) == 'i' ? double.PositiveInfinity : double.NaN;
            return negative ? -special : special;
        }

        int digits = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            digits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
            {
                digits++;
            }
        }

        if (digits == 0)
        {
            return 0;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            int e = i + 1;
            if (e < text.Length && text[e] is '+' or '-')
            {
                e++;
            }

            if (e < text.Length && char.IsAsciiDigit(text[e]))
            {
                for (i = e; i < text.Length && char.IsAsciiDigit(text[i]); i++)
                {
                }
            }
        }

        return double.Parse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static int SkipSpace(string text)
    {
        int i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }

        return i;
    }
}
