using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmafRoi.Contracts;

/// <summary>
/// Serializes contract DTOs the way the original Python tools did: two-space indent, a trailing newline,
/// doubles in Python's shortest repr (<c>80.0</c>, not <c>80</c>), and never NaN or Infinity.
/// </summary>
public static class ContractJson
{
    /// <summary>The options every contract uses.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes <paramref name="value"/> to contract JSON text ending in a newline.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";

    /// <summary>Parses contract JSON text.</summary>
    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("the JSON document is null");

    /// <summary>Formats a double as Python's <c>repr</c> does (shortest round-trip digits).</summary>
    public static string FormatDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new InvalidScoreException($"refusing to write a non-finite number ({value.ToString(CultureInfo.InvariantCulture)}) to JSON");
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "E16" would not be shortest; "R" gives the shortest round-trip digits, which we re-layout Python's way.
        string r = value.ToString("R", CultureInfo.InvariantCulture);
        bool negative = r[0] == '-';
        if (negative)
        {
            r = r[1..];
        }

        int exponentAt = r.IndexOfAny(['E', 'e']);
        string mantissa = exponentAt < 0 ? r : r[..exponentAt];
        int exponent = exponentAt < 0 ? 0 : int.Parse(r[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int point = mantissa.IndexOf('.');
        string digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        int intDigits = point < 0 ? mantissa.Length : point;
        int leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // Decimal exponent of the first significant digit.
        int decimalExponent = intDigits - leadingZeros - 1 + exponent;
        string body;
        if (decimalExponent < -4 || decimalExponent >= 16)
        {
            string frac = digits.Length > 1 ? "." + digits[1..] : string.Empty;
            string sign = decimalExponent < 0 ? "-" : "+";
            body = $"{digits[0]}{frac}e{sign}{Math.Abs(decimalExponent):00}";
        }
        else if (decimalExponent < 0)
        {
            body = "0." + new string('0', -decimalExponent - 1) + digits;
        }
        else if (digits.Length <= decimalExponent + 1)
        {
            body = digits + new string('0', decimalExponent + 1 - digits.Length) + ".0";
        }
        else
        {
            body = digits[..(decimalExponent + 1)] + "." + digits[(decimalExponent + 1)..];
        }

        return negative ? "-" + body : body;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 2,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new PythonDoubleConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class PythonDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
            writer.WriteRawValue(FormatDouble(value), skipInputValidation: true);
    }
}
