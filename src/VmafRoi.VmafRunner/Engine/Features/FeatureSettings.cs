using System.Text;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Output;

namespace VmafRoi.VmafRunner.Engine.Features;

/// <summary>
/// The validated option values of one extractor configuration. Two settings are equal when the extractor and every
/// feature parameter are equal, which is libvmaf's rule for running one shared instance.
/// </summary>
public sealed class FeatureSettings : IEquatable<FeatureSettings>
{
    private readonly double[] _values;

    private FeatureSettings(IFeatureExtractor extractor, double[] values, IParsedExtractorOptions? parsed = null)
    {
        Extractor = extractor;
        _values = values;
        Parsed = parsed;
        Key = parsed?.Key ?? BuildKey();
    }

    public IFeatureExtractor Extractor { get; }

    /// <summary>Extractor name plus every non-default feature parameter, e.g. <c>vif:egl=1</c>.</summary>
    public string Key { get; }

    /// <summary>The options as an <see cref="IExtractorOptionParser"/> extractor parsed them (ints, texts), else null.</summary>
    public IParsedExtractorOptions? Parsed { get; }

    /// <summary>Validates <paramref name="values"/> (keys are option names or aliases) against the extractor's table.</summary>
    /// <exception cref="InvalidInputException">An unknown option, a wrong type or an out-of-range value.</exception>
    public static FeatureSettings Create(IFeatureExtractor extractor, IReadOnlyDictionary<string, object>? values = null)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        IReadOnlyList<FeatureOption> table = extractor.Options;
        if (extractor is IExtractorOptionParser parser)
        {
            return new FeatureSettings(extractor, table.Select(o => o.Default).ToArray(), parser.ParseOptions(values));
        }

        double[] resolved = table.Select(o => o.Default).ToArray();
        if (values is not null)
        {
            foreach ((string key, object value) in values)
            {
                int index = IndexOf(table, key);
                if (index < 0)
                {
                    string known = string.Join(", ", table.Select(o => o.Alias is null ? o.Name : $"{o.Name} ({o.Alias})"));
                    throw new InvalidInputException($"extractor '{extractor.Name}' has no option '{key}'; known: {known}");
                }

                resolved[index] = table[index].Coerce(value, extractor.Name);
            }
        }

        return new FeatureSettings(extractor, resolved);
    }

    /// <summary>The value of an option (by name or alias).</summary>
    public double this[string name] => _values[IndexOf(Extractor.Options, name) is >= 0 and var i ? i : throw new KeyNotFoundException(name)];

    public double GetDouble(string name) => this[name];

    public bool GetBool(string name) => this[name] != 0;

    /// <summary>True when every feature parameter has its default, so names stay unchanged.</summary>
    public bool AllFeatureParamsDefault => Parsed?.AllFeatureParamsDefault ?? Extractor.Options.Select((o, i) => !o.IsFeatureParam || _values[i] == o.Default).All(x => x);

    /// <summary>
    /// The collector name for a feature under these settings (§6.2): unchanged with default feature parameters,
    /// else the alias plus <c>_alias_value</c> for each non-default parameter, sorted by option name.
    /// </summary>
    public string FeatureName(string collectorName)
    {
        if (Parsed is not null)
        {
            return Parsed.FeatureName(collectorName);
        }

        var changed = Extractor.Options
            .Select((o, i) => (Option: o, Value: _values[i]))
            .Where(x => x.Option.IsFeatureParam && x.Value != x.Option.Default)
            .OrderBy(x => x.Option.Name, StringComparer.Ordinal)
            .ToList();
        if (changed.Count == 0)
        {
            return collectorName;
        }

        var name = new StringBuilder(FeatureNaming.Alias(collectorName));
        foreach ((FeatureOption option, double value) in changed)
        {
            name.Append('_').Append(option.Alias ?? option.Name);
            if (option.Kind != FeatureOptionKind.Bool)
            {
                name.Append('_').Append(CFormat.G(value));
            }
        }

        return name.ToString();
    }

    public bool Equals(FeatureSettings? other) => other is not null && other.Key == Key;

    public override bool Equals(object? obj) => Equals(obj as FeatureSettings);

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public override string ToString()
    {
        IEnumerable<string> all = Extractor.Options.Select((o, i) => $"{o.Name}={CFormat.G(_values[i])}");
        return $"{Extractor.Name}({string.Join(", ", all)})";
    }

    private static int IndexOf(IReadOnlyList<FeatureOption> table, string key)
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

    private string BuildKey()
    {
        var key = new StringBuilder(Extractor.Name);
        IReadOnlyList<FeatureOption> table = Extractor.Options;
        for (int i = 0; i < table.Count; i++)
        {
            if (table[i].IsFeatureParam && _values[i] != table[i].Default)
            {
                key.Append(':').Append(table[i].Name).Append('=').Append(_values[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return key.ToString();
    }
}
