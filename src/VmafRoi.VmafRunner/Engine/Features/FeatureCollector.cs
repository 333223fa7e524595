using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Features;

/// <summary>
/// Per-feature, per-frame values (libvmaf's feature collector). Names keep the order of their first write, which is
/// the order every writer uses; a (name, frame) pair may be written once.
/// </summary>
public sealed class FeatureCollector
{
    private readonly List<FeatureVector> _vectors = [];
    private readonly Dictionary<string, FeatureVector> _byName = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, double>> _aggregates = [];

    /// <summary>Collector names in order of first insertion.</summary>
    public IReadOnlyList<string> Names => _vectors.ConvertAll(v => v.Name);

    /// <summary>The vectors in order of first insertion.</summary>
    public IReadOnlyList<FeatureVector> Vectors => _vectors;

    /// <summary>One past the highest frame index written by any feature.</summary>
    public int Capacity => _vectors.Count == 0 ? 0 : _vectors.Max(v => v.Capacity);

    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Stores a value. Throws when the pair was already written (libvmaf's rule).</summary>
    public void Append(string name, int index, double value)
    {
        if (!_byName.TryGetValue(name, out FeatureVector? vector))
        {
            vector = new FeatureVector(name);
            _vectors.Add(vector);
            _byName.Add(name, vector);
        }

        vector.Set(index, value);
    }

    public bool TryGet(string name, int index, out double value)
    {
        if (_byName.TryGetValue(name, out FeatureVector? vector))
        {
            return vector.TryGet(index, out value);
        }

        value = double.NaN;
        return false;
    }

    /// <summary>The value of a feature at a frame; throws naming the feature when it is missing.</summary>
    public double Get(string name, int index) =>
        TryGet(name, index, out double value) ? value : throw new InvalidScoreException($"feature '{name}' has no value at frame {index}");

    public FeatureVector? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Per-stream values set at flush (libvmaf's aggregate metrics, e.g. psnr's <c>apsnr_y</c>), in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Aggregates => _aggregates;

    /// <summary>Sets an aggregate value; a name set again keeps its place and takes the new value.</summary>
    public void SetAggregate(string name, double value)
    {
        int i = _aggregates.FindIndex(a => a.Key == name);
        if (i >= 0)
        {
            _aggregates[i] = new(name, value);
        }
        else
        {
            _aggregates.Add(new(name, value));
        }
    }

    /// <summary>Copies <paramref name="name"/>'s value at <paramref name="index"/> from one collector to another, when the source has it and the target does not.</summary>
    internal static void CopyValue(FeatureCollector source, FeatureCollector target, string name, int index)
    {
        if (index >= 0 && source.TryGet(name, index, out double value) && !(target.Find(name)?.IsWritten(index) ?? false))
        {
            target.Append(name, index, value);
        }
    }
}

/// <summary>The values of one feature, indexed by frame.</summary>
public sealed class FeatureVector
{
    private double[] _values = new double[64];
    private bool[] _written = new bool[64];

    internal FeatureVector(string name) => Name = name;

    /// <summary>The collector name (before aliasing).</summary>
    public string Name { get; }

    /// <summary>One past the highest index written.</summary>
    public int Capacity { get; private set; }

    public bool IsWritten(int index) => index >= 0 && index < Capacity && _written[index];

    public bool TryGet(int index, out double value)
    {
        if (IsWritten(index))
        {
            value = _values[index];
            return true;
        }

        value = double.NaN;
        return false;
    }

    internal void Set(int index, double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (index >= _values.Length)
        {
            int size = Math.Max(index + 1, _values.Length * 2);
            Array.Resize(ref _values, size);
            Array.Resize(ref _written, size);
        }

        if (_written[index])
        {
            throw new InvalidOperationException($"feature '{Name}' was already written at frame {index}");
        }

        _values[index] = value;
        _written[index] = true;
        Capacity = Math.Max(Capacity, index + 1);
    }
}
