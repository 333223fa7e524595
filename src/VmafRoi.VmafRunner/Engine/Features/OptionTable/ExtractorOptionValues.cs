using System.Globalization;
using System.Text;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Output;

namespace VmafRoi.VmafRunner.Engine.Features.OptionTable;

/// <summary>
/// The validated option values of one extractor configuration, parsed as libvmaf 3.2.0's <c>opt.c</c> parses them
/// (bool is exactly <c>true</c>/<c>false</c>, int is <c>atoi</c>, double is <c>atof</c>, a parsed 0 whose text does not
/// start with <c>0</c> is an error, numbers outside [min, max] are errors), plus the feature-name rule of 00-common §4.
/// </summary>
public sealed class ExtractorOptionValues
{
    /// <summary>libvmaf builds feature names in a 256-byte buffer and cuts them there.</summary>
    private const int MaxFeatureNameLength = 256;

    private readonly double[] _numbers;
    private readonly string?[] _texts;

    private ExtractorOptionValues(string extractor, IReadOnlyList<ExtractorOption> table, double[] numbers, string?[] texts)
    {
        Extractor = extractor;
        Table = table;
        _numbers = numbers;
        _texts = texts;
        Suffix = BuildSuffix();
    }

    /// <summary>The extractor name (libvmaf's registry name, e.g. <c>cambi</c>).</summary>
    public string Extractor { get; }

    public IReadOnlyList<ExtractorOption> Table { get; }

    /// <summary>The feature-name suffix of the non-default feature parameters, e.g. <c>_hrs_1080_cmxv_17_vlt_0.06</c>; empty with defaults.</summary>
    public string Suffix { get; }

    /// <summary>libvmaf's de-duplication key: two configurations with the same key run as one extractor.</summary>
    public string Key => Extractor + Suffix;

    /// <summary>True when every feature parameter has its default (feature names stay unchanged).</summary>
    public bool AllFeatureParamsDefault => Suffix.Length == 0;

    /// <summary>
    /// Validates <paramref name="values"/> (keys are option names or aliases) against <paramref name="table"/>.
    /// Values may be text (parsed as libvmaf parses option strings), bools or numbers (turned into the text libvmaf
    /// would see: <c>true</c>/<c>false</c>, <c>%d</c>, <c>%g</c>).
    /// </summary>
    /// <exception cref="InvalidInputException">An unknown option, an option given twice, a wrong type or an out-of-range value.</exception>
    public static ExtractorOptionValues Parse(string extractor, IReadOnlyList<ExtractorOption> table, IReadOnlyDictionary<string, object>? values)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(table);
        double[] numbers = table.Select(o => o.Default).ToArray();
        string?[] texts = table.Select(o => o.TextDefault).ToArray();
        var seen = new bool[table.Count];
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

                if (seen[index])
                {
                    throw new InvalidInputException($"option {extractor}.{table[index].Name} is given twice (by name and by alias)");
                }

                seen[index] = true;
                ExtractorOption option = table[index];
                string text = AsText(value, option, extractor);
                if (option.Kind == ExtractorOptionKind.String)
                {
                    if (option.Choices is { } choices && !choices.Contains(text, StringComparer.Ordinal))
                    {
                        throw new InvalidInputException(
                            $"option {extractor}.{option.Name} = '{text}' is not supported; supported values: {string.Join(", ", choices)}");
                    }

                    texts[index] = text;
                }
                else
                {
                    numbers[index] = ParseNumber(text, option, extractor);
                }
            }
        }

        return new ExtractorOptionValues(extractor, table, numbers, texts);
    }

    /// <summary>A number, int or bool option's value (by name or alias).</summary>
    public double Number(string name) => _numbers[Require(name)];

    /// <summary>An int option's value.</summary>
    public int Int(string name) => (int)_numbers[Require(name)];

    /// <summary>A bool option's value.</summary>
    public bool Bool(string name) => _numbers[Require(name)] != 0;

    /// <summary>A string option's value (null when unset and libvmaf's default is NULL).</summary>
    public string? Text(string name) => _texts[Require(name)];

    /// <summary>True when the option still has its default value.</summary>
    public bool IsDefault(string name)
    {
        int i = Require(name);
        return IsDefault(i);
    }

    /// <summary>
    /// The collector name for a feature under these options (00-common §4): unchanged with default feature parameters,
    /// else <paramref name="alias"/> (the writer's name for it) plus the suffix.
    /// </summary>
    public string FeatureName(string collectorName, string alias)
    {
        if (Suffix.Length == 0)
        {
            return collectorName;
        }

        string name = alias + Suffix;
        return name.Length > MaxFeatureNameLength ? name[..MaxFeatureNameLength] : name;
    }

    public override string ToString()
    {
        IEnumerable<string> all = Table.Select((o, i) => o.Kind == ExtractorOptionKind.String ? $"{o.Name}={_texts[i] ?? "(null)"}" : $"{o.Name}={CFormat.G(_numbers[i])}");
        return $"{Extractor}({string.Join(", ", all)})";
    }

    private bool IsDefault(int i) =>
        Table[i].Kind == ExtractorOptionKind.String
            ? string.Equals(_texts[i], Table[i].TextDefault, StringComparison.Ordinal)
            : _numbers[i] == Table[i].Default;

    private string BuildSuffix()
    {
        var suffix = new StringBuilder();
        IEnumerable<int> changed = Enumerable.Range(0, Table.Count)
            .Where(i => Table[i].IsFeatureParam && !IsDefault(i))
            .OrderBy(i => Table[i].Name, StringComparer.Ordinal);
        foreach (int i in changed)
        {
            ExtractorOption option = Table[i];
            suffix.Append('_').Append(option.NameInFeature);
            switch (option.Kind)
            {
                case ExtractorOptionKind.Bool:
                    break;
                case ExtractorOptionKind.Int:
                    suffix.Append('_').Append(((int)_numbers[i]).ToString(CultureInfo.InvariantCulture));
                    break;
                case ExtractorOptionKind.Double:
                    suffix.Append('_').Append(CFormat.G(_numbers[i]));
                    break;
                default:
                    suffix.Append('_').Append(_texts[i]);
                    break;
            }
        }

        return suffix.ToString();
    }

    private int Require(string name) =>
        IndexOf(Table, name) is >= 0 and var i ? i : throw new KeyNotFoundException($"{Extractor} has no option '{name}'");

    private static int IndexOf(IReadOnlyList<ExtractorOption> table, string key)
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

    private static string AsText(object value, ExtractorOption option, string extractor) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => CFormat.G(d),
        float f => CFormat.G(f),
        _ => throw new InvalidInputException($"option {extractor}.{option.Name}: unsupported value type {value.GetType().Name}"),
    };

    private static double ParseNumber(string text, ExtractorOption option, string extractor)
    {
        double v;
        if (option.Kind == ExtractorOptionKind.Bool)
        {
            v = text switch
            {
                "true" => 1,
                "false" => 0,
                _ => throw new InvalidInputException($"option {extractor}.{option.Name} is a bool: 'true' or 'false'; got '{text}'"),
            };
            return v;
        }

        v = option.Kind == ExtractorOptionKind.Int ? CNumbers.Atoi(text) : CNumbers.Atof(text);
        if (v == 0 && (text.Length == 0 || text[0] != '0'))
        {
            throw new InvalidInputException($"option {extractor}.{option.Name} needs {(option.Kind == ExtractorOptionKind.Int ? "an integer" : "a number")}; got '{text}'");
        }

        if (double.IsNaN(v) || v < option.Min || v > option.Max)
        {
            throw new InvalidInputException(
                $"option {extractor}.{option.Name} = {text} is out of range [{CFormat.G(option.Min)}, {CFormat.G(option.Max)}]");
        }

        return v;
    }
}
