namespace VmafRoi.Contracts;

/// <summary>Formats values the way the original Python tools printed them, so messages stay word-for-word.</summary>
public static class PythonFormat
{
    /// <summary><c>str(float)</c>: <c>1.5</c>, <c>2.0</c>, <c>nan</c>, <c>inf</c>.</summary>
    public static string Float(double value) => value switch
    {
        double.NaN => "nan",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ => ContractJson.FormatDouble(value),
    };
}
