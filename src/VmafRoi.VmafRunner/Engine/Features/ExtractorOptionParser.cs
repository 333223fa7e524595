namespace VmafRoi.VmafRunner.Engine.Features;

/// <summary>
/// An extractor whose option table holds what <see cref="FeatureOption"/> cannot (libvmaf's int and string options):
/// it validates its own values, and its parsed options give the settings key and the feature names.
/// </summary>
public interface IExtractorOptionParser
{
    /// <summary>Validates option values (names or aliases) against the extractor's own table.</summary>
    /// <exception cref="VmafRoi.Contracts.InvalidInputException">An unknown option or a value libvmaf would refuse.</exception>
    IParsedExtractorOptions ParseOptions(IReadOnlyDictionary<string, object>? values);
}

/// <summary>One extractor configuration as <see cref="IExtractorOptionParser"/> parsed it.</summary>
public interface IParsedExtractorOptions
{
    /// <summary>Extractor name plus every non-default feature parameter: equal keys share one instance (libvmaf's de-duplication).</summary>
    string Key { get; }

    bool AllFeatureParamsDefault { get; }

    /// <summary>The collector name of a feature under these options (libvmaf's suffix rule).</summary>
    string FeatureName(string collectorName);
}
