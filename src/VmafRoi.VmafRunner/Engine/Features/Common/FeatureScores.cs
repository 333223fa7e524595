namespace VmafRoi.VmafRunner.Engine.Features.Common;

/// <summary>
/// The values one extractor instance produced for a frame (or at flush), keyed by libvmaf's collector names in emission
/// order. One object per instance, overwritten by every call: copy what you keep.
/// </summary>
public sealed class FeatureScores
{
    private readonly string[] _names;
    private readonly double[] _values;

    public FeatureScores(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = [.. names];
        _values = new double[_names.Length];
    }

    /// <summary>An instance that emits nothing (e.g. no flush-time aggregates).</summary>
    public static FeatureScores Empty { get; } = new([]);

    /// <summary>Collector names, in the order libvmaf appends them.</summary>
    public IReadOnlyList<string> Names => _names;

    public int Count => _names.Length;

    /// <summary>The value at position <paramref name="index"/> of <see cref="Names"/>.</summary>
    public double this[int index] => _values[index];

    /// <summary>The value of collector name <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">This instance does not emit that name.</exception>
    public double this[string name]
    {
        get
        {
            int i = Array.IndexOf(_names, name);
            return i >= 0 ? _values[i] : throw new KeyNotFoundException($"no feature '{name}' here; emitted: {string.Join(", ", _names)}");
        }
    }

    /// <summary>The values, writable by the instance that owns this object.</summary>
    internal Span<double> Values => _values;

    /// <summary>Appends every value at frame <paramref name="index"/>, in emission order.</summary>
    public void AppendTo(FeatureCollector collector, int index)
    {
        ArgumentNullException.ThrowIfNull(collector);
        for (int i = 0; i < _names.Length; i++)
        {
            collector.Append(_names[i], index, _values[i]);
        }
    }
}
