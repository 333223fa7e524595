using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Features.Common;

/// <summary>
/// The validated values of one extractor's option table (<see cref="FeatureOption"/> rows), looked up by name or alias.
/// Built from user-supplied values (range-checked) or from the engine's <see cref="FeatureSettings"/>.
/// </summary>
public sealed class OptionValues
{
    private readonly IReadOnlyList<FeatureOption> _table;
    private readonly double[] _values;

    private OptionValues(string extractor, IReadOnlyList<FeatureOption> table, double[] values)
    {
        Extractor = extractor;
        _table = table;
        _values = values;
    }

    public string Extractor { get; }

    /// <summary>Every option at its default.</summary>
    public static OptionValues Defaults(string extractor, IReadOnlyList<FeatureOption> table) => Resolve(extractor, table, null);

    /// <summary>Validates <paramref name="values"/> (keys are option names or aliases) against <paramref name="table"/>.</summary>
    /// <exception cref="InvalidInputException">An unknown option, a wrong type or an out-of-range value.</exception>
    public static OptionValues Resolve(string extractor, IReadOnlyList<FeatureOption> table, IReadOnlyDictionary<string, object>? values)
    {
        ArgumentNullException.ThrowIfNull(table);
        double[] resolved = new double[table.Count];
        for (int i = 0; i < table.Count; i++)
        {
            resolved[i] = table[i].Default;
        }

        foreach ((string key, object value) in values ?? new Dictionary<string, object>())
        {
            int index = IndexOf(table, key);
            if (index < 0)
            {
                string known = string.Join(", ", table.Select(o => o.Alias is null ? o.Name : $"{o.Name} ({o.Alias})"));
                throw new InvalidInputException($"extractor '{extractor}' has no option '{key}'; known: {known}");
            }

            resolved[index] = table[index].Coerce(value, extractor);
        }

        return new OptionValues(extractor, table, resolved);
    }

    /// <summary>The values the engine already validated for an extractor with this option table.</summary>
    public static OptionValues From(FeatureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlyList<FeatureOption> table = settings.Extractor.Options;
        return new OptionValues(settings.Extractor.Name, table, table.Select(o => settings[o.Name]).ToArray());
    }

    /// <summary>The value of an option, by name or alias.</summary>
    public double this[string name] =>
        IndexOf(_table, name) is >= 0 and var i ? _values[i] : throw new KeyNotFoundException($"extractor '{Extractor}' has no option '{name}'");

    public bool GetBool(string name) => this[name] != 0;

    /// <summary>An int option as libvmaf's <c>atoi</c> reads a number: truncated toward zero.</summary>
    public int GetInt(string name) => (int)Math.Truncate(this[name]);

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
}
