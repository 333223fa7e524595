using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features.Adm;
using VmafRoi.VmafRunner.Engine.Features.Motion;
using VmafRoi.VmafRunner.Engine.Features.Vif;

namespace VmafRoi.VmafRunner.Engine.Features;

/// <summary>
/// Which libvmaf release the engine reproduces (the name is historical: motion was the first feature to differ). It picks
/// the extractor behind <c>motion</c> and <c>adm</c>, and the JSON flavour.
/// </summary>
public enum MotionVariant
{
    /// <summary>libvmaf 3.0.0 (and 3.1.0): <c>motion</c>, ADM without AIM.</summary>
    V3_0,

    /// <summary>
    /// libvmaf 3.2.0: <c>motion_v2</c> (SAD of the blurred difference, R101 borders, motion3) and the 3.2.0 ADM (aim, adm3,
    /// CSF modes, noise weight).
    /// </summary>
    V3_2,
}

/// <summary>Every feature extractor, in one list; look one up by its name or by a feature it provides.</summary>
public static class FeatureRegistry
{
    /// <summary>All extractors.</summary>
    public static IReadOnlyList<IFeatureExtractor> All { get; } =
    [
        IntegerVifExtractor.Instance,
        IntegerAdmExtractor.Instance,
        IntegerMotionExtractor.Instance,
        IntegerMotionV32Extractor.Instance,
    ];

    /// <summary>
    /// The extractor named <paramref name="name"/>. With <see cref="MotionVariant.V3_2"/>, <c>motion</c> resolves to
    /// <c>motion_v2</c>, as libvmaf 3.2.0 renamed it.
    /// </summary>
    /// <exception cref="InvalidInputException">No extractor has that name.</exception>
    public static IFeatureExtractor ByName(string name, MotionVariant motion = MotionVariant.V3_0)
    {
        IFeatureExtractor found = All.FirstOrDefault(e => e.Name == name)
            ?? throw new InvalidInputException($"no feature extractor named '{name}'; known: {string.Join(", ", All.Select(e => e.Name))}");
        return ForVersion(found, motion);
    }

    /// <summary>True when some extractor (of either libvmaf version) provides collector feature <paramref name="feature"/>.</summary>
    public static bool Computes(string feature) => Find(feature) is not null;

    /// <summary>The extractor that provides collector feature <paramref name="feature"/> (its default-option name).</summary>
    /// <exception cref="InvalidInputException">No extractor provides it, or only libvmaf 3.2.0's does and <paramref name="motion"/> is 3.0.</exception>
    public static IFeatureExtractor ByFeature(string feature, MotionVariant motion = MotionVariant.V3_0)
    {
        IFeatureExtractor found = Find(feature) ?? throw new InvalidInputException($"no feature extractor provides feature '{feature}'");
        IFeatureExtractor chosen = ForVersion(found, motion);
        return chosen.Provides.Contains(feature, StringComparer.Ordinal)
            ? chosen
            : throw new InvalidInputException($"feature '{feature}' exists from libvmaf 3.2.0 on; run in 3.2 mode (--motion-variant 3.2)");
    }

    /// <summary>
    /// The model layer's question (feature resolver): can this engine compute <paramref name="feature"/> with extractor
    /// options <paramref name="options"/> (option table, ranges and the extractor's own checks)? Null when it can, else why not.
    /// </summary>
    public static string? WhyNotComputable(string feature, IReadOnlyDictionary<string, object>? options, MotionVariant version = MotionVariant.V3_2)
    {
        try
        {
            IFeatureExtractor extractor = ByFeature(feature, version);
            extractor.Validate(FeatureSettings.Create(extractor, options));
            return null;
        }
        catch (InvalidInputException ex)
        {
            return ex.Message;
        }
    }

    private static IFeatureExtractor? Find(string feature) =>
        All.Concat(Only32).FirstOrDefault(e => e.Provides.Contains(feature, StringComparer.Ordinal));

    /// <summary>Extractors that only libvmaf 3.2.0 has under an existing name (reached through <see cref="ForVersion"/>).</summary>
    private static readonly IFeatureExtractor[] Only32 = [IntegerAdmExtractor.V32];

    /// <summary>The extractor libvmaf <paramref name="version"/> runs for <paramref name="extractor"/>'s name.</summary>
    public static IFeatureExtractor ForVersion(IFeatureExtractor extractor, MotionVariant version)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        return (extractor, version) switch
        {
            (IntegerMotionExtractor, MotionVariant.V3_2) => IntegerMotionV32Extractor.Instance,
            (IntegerAdmExtractor, MotionVariant.V3_2) => IntegerAdmExtractor.V32,
            (IntegerAdmExtractor, MotionVariant.V3_0) => IntegerAdmExtractor.Instance,
            _ => extractor,
        };
    }
}
