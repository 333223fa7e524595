using System.Globalization;
using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Features;

/// <summary>The value type of an extractor option.</summary>
public enum FeatureOptionKind
{
    Bool,
    Double,

    /// <summary>A whole number (libvmaf's <c>VMAF_OPT_TYPE_INT</c>); fractional values are refused.</summary>
    Int,
}

/// <summary>
/// One row of an extractor's option table (libvmaf's <c>VmafOption</c>): the framework validates and fills values,
/// extractors never parse text.
/// </summary>
/// <param name="Name">The option name, e.g. <c>vif_enhn_gain_limit</c>.</param>
/// <param name="Alias">The short name used in feature names and accepted on input, e.g. <c>egl</c>.</param>
/// <param name="Kind">Bool or double.</param>
/// <param name="Default">The default (bools: 0 or 1).</param>
/// <param name="Min">Smallest accepted value.</param>
/// <param name="Max">Largest accepted value.</param>
/// <param name="IsFeatureParam">A non-default value changes the names of every feature the extractor emits.</param>
/// <param name="Help">One line on what it does.</param>
public sealed record FeatureOption(
    string Name,
    string? Alias,
    FeatureOptionKind Kind,
    double Default,
    double Min,
    double Max,
    bool IsFeatureParam,
    string Help)
{
    public static FeatureOption Bool(string name, string? alias, bool @default, bool isFeatureParam, string help) =>
        new(name, alias, FeatureOptionKind.Bool, @default ? 1 : 0, 0, 1, isFeatureParam, help);

    public static FeatureOption Number(string name, string? alias, double @default, double min, double max, bool isFeatureParam, string help) =>
        new(name, alias, FeatureOptionKind.Double, @default, min, max, isFeatureParam, help);

    public static FeatureOption Integer(string name, string? alias, int @default, int min, int max, bool isFeatureParam, string help) =>
        new(name, alias, FeatureOptionKind.Int, @default, min, max, isFeatureParam, help);

    /// <summary>True when <paramref name="key"/> names this option (by name or alias).</summary>
    public bool Matches(string key) => key == Name || (Alias is not null && key == Alias);

    /// <summary>Converts a supplied value (bool, number or text) to this option's value, range-checked.</summary>
    /// <exception cref="InvalidInputException">The value has the wrong type or is out of range.</exception>
    public double Coerce(object value, string extractor)
    {
        double v;
        switch (value)
        {
            case bool b:
                v = b ? 1 : 0;
                break;
            case double d:
                v = d;
                break;
            case float f:
                v = f;
                break;
            case int i:
                v = i;
                break;
            case long l:
                v = l;
                break;
            case string s:
                v = ParseText(s.Trim(), extractor);
                break;
            default:
                throw new InvalidInputException($"option {extractor}.{Name}: unsupported value type {value.GetType().Name}");
        }

        if (Kind == FeatureOptionKind.Bool && v is not (0 or 1))
        {
            throw new InvalidInputException($"option {extractor}.{Name} is a bool; got {v.ToString(CultureInfo.InvariantCulture)}");
        }

        if (Kind == FeatureOptionKind.Int && v != Math.Floor(v))
        {
            throw new InvalidInputException($"option {extractor}.{Name} is a whole number; got {v.ToString(CultureInfo.InvariantCulture)}");
        }

        if (double.IsNaN(v) || v < Min || v > Max)
        {
            throw new InvalidInputException(
                $"option {extractor}.{Name} = {v.ToString(CultureInfo.InvariantCulture)} is out of range [{Min.ToString(CultureInfo.InvariantCulture)}, {Max.ToString(CultureInfo.InvariantCulture)}]");
        }

        return v;
    }

    private double ParseText(string s, string extractor)
    {
        if (Kind == FeatureOptionKind.Bool)
        {
            return s.ToLowerInvariant() switch
            {
                "true" or "1" => 1,
                "false" or "0" => 0,
                _ => throw new InvalidInputException($"option {extractor}.{Name} is a bool; got '{s}'"),
            };
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            ? d
            : throw new InvalidInputException($"option {extractor}.{Name} needs a number; got '{s}'");
    }
}
