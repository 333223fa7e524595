namespace VmafRoi.VmafRunner.Engine.Features.OptionTable;

/// <summary>The value type of a libvmaf 3.2.0 extractor option (<c>VMAF_OPT_TYPE_*</c>).</summary>
public enum ExtractorOptionKind
{
    Bool,
    Int,
    Double,
    String,
}

/// <summary>
/// One row of a libvmaf 3.2.0 option table, as data: name, alias, type, default, range and whether a non-default value
/// renames the features (<c>VMAF_OPT_FLAG_FEATURE_PARAM</c>). Unlike <see cref="FeatureOption"/> it also has int and
/// string rows, which CAMBI and SpEED need.
/// </summary>
/// <param name="Name">The option name, e.g. <c>cambi_high_res_speedup</c>.</param>
/// <param name="Alias">The short name used in feature names and accepted on input, e.g. <c>hrs</c>.</param>
/// <param name="Kind">Bool, int, double or string.</param>
/// <param name="Default">The numeric default (bools: 0 or 1; strings: unused). libvmaf never range-checks defaults.</param>
/// <param name="Min">Smallest accepted value (numbers only).</param>
/// <param name="Max">Largest accepted value (numbers only).</param>
/// <param name="IsFeatureParam">A non-default value changes the names of every feature the extractor emits.</param>
/// <param name="Help">One line on what it does.</param>
public sealed record ExtractorOption(
    string Name,
    string? Alias,
    ExtractorOptionKind Kind,
    double Default,
    double Min,
    double Max,
    bool IsFeatureParam,
    string Help)
{
    /// <summary>The default of a string option (null when libvmaf's default is NULL).</summary>
    public string? TextDefault { get; init; }

    /// <summary>The values a string option accepts (null: any text).</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    public static ExtractorOption Bool(string name, string? alias, bool @default, bool isFeatureParam, string help) =>
        new(name, alias, ExtractorOptionKind.Bool, @default ? 1 : 0, 0, 1, isFeatureParam, help);

    public static ExtractorOption Int(string name, string? alias, int @default, int min, int max, bool isFeatureParam, string help) =>
        new(name, alias, ExtractorOptionKind.Int, @default, min, max, isFeatureParam, help);

    public static ExtractorOption Double(string name, string? alias, double @default, double min, double max, bool isFeatureParam, string help) =>
        new(name, alias, ExtractorOptionKind.Double, @default, min, max, isFeatureParam, help);

    public static ExtractorOption Text(string name, string? alias, string? @default, IReadOnlyList<string>? choices, bool isFeatureParam, string help) =>
        new(name, alias, ExtractorOptionKind.String, 0, 0, 0, isFeatureParam, help) { TextDefault = @default, Choices = choices };

    /// <summary>True when <paramref name="key"/> names this option (by name or alias).</summary>
    public bool Matches(string key) => key == Name || (Alias is not null && key == Alias);

    /// <summary>The name written into feature names: the alias, else the option name.</summary>
    public string NameInFeature => Alias ?? Name;
}
