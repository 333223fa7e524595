namespace VmafRoi.Onnx;

/// <summary>One dimension of a graph input or output: a fixed size, or a symbolic name such as <c>height</c>.</summary>
public readonly record struct Dim
{
    private Dim(long value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or -1 when the dimension is symbolic.</summary>
    public long Value { get; }

    /// <summary>The symbolic name, or null when the dimension is fixed.</summary>
    public string? Symbol { get; }

    public bool IsSymbolic => Symbol is not null;

    public static Dim Fixed(long value) =>
        value >= 0 ? new Dim(value, null) : throw new ArgumentOutOfRangeException(nameof(value), value, "a fixed dimension is >= 0");

    public static Dim Symbolic(string name) =>
        string.IsNullOrEmpty(name) ? throw new ArgumentException("a symbolic dimension needs a name", nameof(name)) : new Dim(-1, name);

    public static implicit operator Dim(long value) => Fixed(value);

    public static implicit operator Dim(string name) => Symbolic(name);

    public override string ToString() => Symbol ?? Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
