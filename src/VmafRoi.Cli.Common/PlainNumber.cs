using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace VmafRoi.Cli;

/// <summary>
/// Numbers on the command line: plain decimal text in the invariant culture, nothing else. .NET's default parsing
/// accepts thousands separators (<c>--weight 0,1</c> read as 1), surrounding spaces, <c>NaN</c> and <c>Infinity</c>;
/// here any of those is a usage error (exit 2) naming the flag and the text.
/// </summary>
public static class PlainNumber
{
    /// <summary>Parses <c>[+-]digits[.digits][e[+-]digits]</c> (or <c>.digits</c>) to a finite double.</summary>
    public static bool TryParseReal(string? text, out double value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || !IsRealText(text))
        {
            return false;
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    /// <summary>Parses <c>[+-]digits</c> to an <see cref="int"/> (no overflow).</summary>
    public static bool TryParseInteger(string? text, out int value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        int start = text[0] is '+' or '-' ? 1 : 0;
        if (start == text.Length || !AllDigits(text.AsSpan(start)))
        {
            return false;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A real-valued option with a default.</summary>
    public static Option<double> Real(string name, double defaultValue, params string[] aliases) =>
        new(name, aliases) { DefaultValueFactory = _ => defaultValue, CustomParser = r => ParseReal(r) ?? defaultValue };

    /// <summary>An optional real-valued option (null when absent).</summary>
    public static Option<double?> OptionalReal(string name, params string[] aliases) =>
        new(name, aliases) { CustomParser = ParseReal };

    /// <summary>An integer option with a default.</summary>
    public static Option<int> Integer(string name, int defaultValue, params string[] aliases) =>
        new(name, aliases) { DefaultValueFactory = _ => defaultValue, CustomParser = r => ParseInteger(r) ?? defaultValue };

    /// <summary>An optional integer option (null when absent).</summary>
    public static Option<int?> OptionalInteger(string name, params string[] aliases) =>
        new(name, aliases) { CustomParser = ParseInteger };

    // [+-] (digits [. digits?] | . digits) [e [+-] digits]
    private static bool IsRealText(string text)
    {
        int i = text[0] is '+' or '-' ? 1 : 0;
        int integer = Digits(text, ref i);
        int fraction = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            fraction = Digits(text, ref i);
        }

        if (integer + fraction == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (Digits(text, ref i) == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static int Digits(string text, ref int i)
    {
        int start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i - start;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static double? ParseReal(ArgumentResult result)
    {
        if (Token(result) is not { } text)
        {
            return null;
        }

        if (TryParseReal(text, out double value))
        {
            return value;
        }

        result.AddError($"{OptionName(result)}: '{text}' is not a plain finite number (digits, an optional sign, '.' as the decimal point and an optional exponent; no thousands separators, spaces, NaN or Infinity)");
        return null;
    }

    private static int? ParseInteger(ArgumentResult result)
    {
        if (Token(result) is not { } text)
        {
            return null;
        }

        if (TryParseInteger(text, out int value))
        {
            return value;
        }

        result.AddError($"{OptionName(result)}: '{text}' is not a plain integer (digits with an optional sign, within {int.MinValue}..{int.MaxValue})");
        return null;
    }

    private static string? Token(ArgumentResult result) => result.Tokens.Count == 0 ? null : result.Tokens[^1].Value;

    private static string OptionName(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
