namespace VmafRoi.VmafRunner.Engine.Features.OptionTable;

/// <summary>An extractor's typed options with the <see cref="ExtractorOptionValues"/> they came from, as the engine's settings hold them.</summary>
/// <typeparam name="T">The extractor's options type (e.g. <c>CambiOptions</c>).</typeparam>
internal sealed class ParsedTableOptions<T>(T options, ExtractorOptionValues values) : IParsedExtractorOptions
{
    public T Options { get; } = options;

    public string Key => values.Key;

    public bool AllFeatureParamsDefault => values.AllFeatureParamsDefault;

    public string FeatureName(string collectorName) => values.FeatureName(collectorName, FeatureNaming.Alias(collectorName));

    /// <summary>The engine's listing of a table (text rows, which only the extractor parses, are left out).</summary>
    public static IReadOnlyList<FeatureOption> EngineTable(IReadOnlyList<ExtractorOption> table) =>
        table.Where(o => o.Kind != ExtractorOptionKind.String)
            .Select(o => o.Kind == ExtractorOptionKind.Bool
                ? FeatureOption.Bool(o.Name, o.Alias, o.Default != 0, o.IsFeatureParam, o.Help)
                : FeatureOption.Number(o.Name, o.Alias, o.Default, o.Min, o.Max, o.IsFeatureParam, o.Help))
            .ToArray();
}
