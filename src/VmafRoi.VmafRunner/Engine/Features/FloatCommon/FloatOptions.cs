using System.Globalization;
using System.Text;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Output;

namespace VmafRoi.VmafRunner.Engine.Features.FloatCommon;

/// <summary>The C type of a libvmaf option, which decides parsing and how a non-default value enters feature names.</summary>
public enum FloatOptionType
{
    Bool,

    /// <summary>libvmaf's <c>VMAF_OPT_TYPE_INT</c>: whole numbers only, printed with <c>%d</c>.</summary>
    Int,

    /// <summary>Printed with <c>%g</c>.</summary>
    Double,

    /// <summary>Taken verbatim; <see cref="FloatOptionRow.Choices"/> lists the accepted texts.</summary>
    String,
}

/// <summary>
/// One row of a float extractor's option table (libvmaf's <c>VmafOption</c>), as data. Numbers and bools are
/// validated by the engine's <see cref="FeatureOption"/>; this row adds libvmaf's int and string types.
/// </summary>
public sealed record FloatOptionRow(
    string Name,
    string? Alias,
    FloatOptionType Type,
    double Default,
    double Min,
    double Max,
    bool IsFeatureParam,
    string Help,
    string? TextDefault = null,
    IReadOnlyList<string>? Choices = null)
{
    public static FloatOptionRow Bool(string name, string? alias, bool @default, bool isFeatureParam, string help) =>
        new(name, alias, FloatOptionType.Bool, @default ? 1 : 0, 0, 1, isFeatureParam, help);

    public static FloatOptionRow Int(string name, string? alias, int @default, int min, int max, bool isFeatureParam, string help) =>
        new(name, alias, FloatOptionType.Int, @default, min, max, isFeatureParam, help);

    public static FloatOptionRow Double(string name, string? alias, double @default, double min, double max, bool isFeatureParam, string help) =>
        new(name, alias, FloatOptionType.Double, @default, min, max, isFeatureParam, help);

    public static FloatOptionRow Text(string name, string? alias, string @default, IReadOnlyList<string> choices, bool isFeatureParam, string help) =>
        new(name, alias, FloatOptionType.String, 0, 0, 0, isFeatureParam, help, @default, choices);

    /// <summary>The row as the engine's <see cref="FeatureOption"/> (numbers and bools; ints become range-checked doubles).</summary>
    public FeatureOption? AsFeatureOption() => Type switch
    {
        FloatOptionType.Bool => FeatureOption.Bool(Name, Alias, Default != 0, IsFeatureParam, Help),
        FloatOptionType.String => null,
        _ => FeatureOption.Number(Name, Alias, Default, Min, Max, IsFeatureParam, Help),
    };

    public bool Matches(string key) => key == Name || (Alias is not null && key == Alias);
}

/// <summary>
/// Validated values of one float extractor's options, and the feature names they give (libvmaf 3.2.0's rule,
/// notes 00-common §4): with every feature parameter at its default the collector name is kept; otherwise the
/// writer alias followed by <c>_alias_value</c> (<c>_alias</c> for a bool) per non-default parameter, sorted by option name.
/// </summary>
public sealed class FloatOptions : IParsedExtractorOptions
{
    /// <summary>libvmaf builds names in a 256-byte buffer: longer names are cut to 255 characters.</summary>
    private const int MaxNameLength = 255;

    private readonly IReadOnlyList<FloatOptionRow> _table;
    private readonly double[] _numbers;
    private readonly string?[] _texts;

    private FloatOptions(string extractor, IReadOnlyList<FloatOptionRow> table, double[] numbers, string?[] texts)
    {
        Extractor = extractor;
        _table = table;
        _numbers = numbers;
        _texts = texts;
        Key = BuildKey();
    }

    public string Extractor { get; }

    /// <summary>Extractor name plus every non-default feature parameter: equal keys share one libvmaf instance.</summary>
    public string Key { get; }

    /// <summary>True when every feature parameter has its default, so names stay unchanged.</summary>
    public bool AllFeatureParamsDefault => Enumerable.Range(0, _table.Count).All(i => !_table[i].IsFeatureParam || IsDefault(i));

    /// <summary>Validates <paramref name="values"/> (keys are option names or aliases) against <paramref name="table"/>.</summary>
    /// <exception cref="InvalidInputException">An unknown option, a wrong type, a fraction for an int, a text not in the list, or a value out of range.</exception>
    public static FloatOptions Create(string extractor, IReadOnlyList<FloatOptionRow> table, IReadOnlyDictionary<string, object>? values)
    {
        var numbers = table.Select(r => r.Default).ToArray();
        var texts = table.Select(r => r.TextDefault).ToArray();
        if (values is not null)
        {
            foreach ((string key, object value) in values)
            {
                int index = IndexOf(table, key);
                if (index < 0)
                {
                    string known = string.Join(", ", table.Select(o => o.Alias is null ? o.Name : $"{o.Name} ({o.Alias})"));
                    throw new InvalidInputException($"extractor '{extractor}' has no option '{key}'; known: {known}");
                }

                FloatOptionRow row = table[index];
                if (row.Type == FloatOptionType.String)
                {
                    string text = value as string ?? throw new InvalidInputException($"option {extractor}.{row.Name} needs a text; got {value.GetType().Name}");
                    if (row.Choices is { } choices && !choices.Contains(text, StringComparer.Ordinal))
                    {
                        throw new InvalidInputException($"option {extractor}.{row.Name} = '{text}' is not supported; supported: {string.Join(", ", choices)}");
                    }

                    texts[index] = text;
                    continue;
                }

                double v = row.AsFeatureOption()!.Coerce(value, extractor);
                if (row.Type == FloatOptionType.Int && v != Math.Floor(v))
                {
                    throw new InvalidInputException($"option {extractor}.{row.Name} takes a whole number; got {v.ToString(CultureInfo.InvariantCulture)}");
                }

                numbers[index] = v;
            }
        }

        return new FloatOptions(extractor, table, numbers, texts);
    }

    public double Number(string name) => _numbers[Require(name, FloatOptionType.Double, FloatOptionType.Int)];

    public int Integer(string name) => (int)_numbers[Require(name, FloatOptionType.Int)];

    public bool Flag(string name) => _numbers[Require(name, FloatOptionType.Bool)] != 0;

    public string Text(string name) => _texts[Require(name, FloatOptionType.String)]!;

    /// <summary>The collector name of <paramref name="collectorName"/> under these options (see the class summary).</summary>
    public string FeatureName(string collectorName)
    {
        var changed = Enumerable.Range(0, _table.Count)
            .Where(i => _table[i].IsFeatureParam && !IsDefault(i))
            .OrderBy(i => _table[i].Name, StringComparer.Ordinal)
            .ToList();
        if (changed.Count == 0)
        {
            return collectorName;
        }

        var name = new StringBuilder(FloatFeatureNames.Alias(collectorName));
        foreach (int i in changed)
        {
            FloatOptionRow row = _table[i];
            name.Append('_').Append(row.Alias ?? row.Name);
            if (row.Type != FloatOptionType.Bool)
            {
                name.Append('_').Append(ValueText(i));
            }
        }

        return name.Length > MaxNameLength ? name.ToString(0, MaxNameLength) : name.ToString();
    }

    public override string ToString() =>
        $"{Extractor}({string.Join(", ", Enumerable.Range(0, _table.Count).Select(i => $"{_table[i].Name}={ValueText(i)}"))})";

    private static int IndexOf(IReadOnlyList<FloatOptionRow> table, string key)
    {
        for (int i = 0; i < table.Count; i++)
        {
            if (table[i].Matches(key))
            {
                return i;
            }
        }

        return -1;
    }

    private int Require(string name, params FloatOptionType[] types)
    {
        int index = IndexOf(_table, name);
        if (index < 0 || !types.Contains(_table[index].Type))
        {
            throw new KeyNotFoundException($"{Extractor} has no {string.Join("/", types)} option '{name}'");
        }

        return index;
    }

    private bool IsDefault(int i) =>
        _table[i].Type == FloatOptionType.String ? _texts[i] == _table[i].TextDefault : _numbers[i] == _table[i].Default;

    private string ValueText(int i) => _table[i].Type switch
    {
        FloatOptionType.String => _texts[i]!,
        FloatOptionType.Bool => _numbers[i] != 0 ? "true" : "false",
        FloatOptionType.Int => ((int)_numbers[i]).ToString(CultureInfo.InvariantCulture),
        _ => CFormat.G(_numbers[i]),
    };

    private string BuildKey()
    {
        var key = new StringBuilder(Extractor);
        for (int i = 0; i < _table.Count; i++)
        {
            if (_table[i].IsFeatureParam && !IsDefault(i))
            {
                key.Append(':').Append(_table[i].Name).Append('=').Append(
                    _table[i].Type == FloatOptionType.String ? _texts[i] : _numbers[i].ToString("R", CultureInfo.InvariantCulture));
            }
        }

        return key.ToString();
    }
}
