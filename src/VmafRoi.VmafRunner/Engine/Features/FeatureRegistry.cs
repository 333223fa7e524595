using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features.Adm;
using VmafRoi.VmafRunner.Engine.Features.Motion;
using VmafRoi.VmafRunner.Engine.Features.Vif;

namespace VmafRoi.VmafRunner.Engine.Features;

/// <summary>Which libvmaf release's motion extractor satisfies <c>motion</c> and the models' motion features.</summary>
public enum MotionVariant
{
    /// <summary>libvmaf 3.0.0 (and 3.1.0): <c>motion</c>.</summary>
    V3_0,

    /// <summary>libvmaf 3.2.0: <c>motion_v2</c> (SAD of the blurred difference, R101 borders, motion3).</summary>
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
        if (name == "motion" && motion == MotionVariant.V3_2)
        {
            return IntegerMotionV32Extractor.Instance;
        }

        return All.FirstOrDefault(e => e.Name == name)
            ?? throw new InvalidInputException($"no feature extractor named '{name}'; known: {string.Join(", ", All.Select(e => e.Name))}");
    }

    /// <summary>True when some extractor (of either motion variant) provides collector feature <paramref name="feature"/>.</summary>
    public static bool Computes(string feature) => All.Any(e => e.Provides.Contains(feature, StringComparer.Ordinal));

    /// <summary>The extractor that provides collector feature <paramref name="feature"/> (its default-option name).</summary>
    /// <exception cref="InvalidInputException">No extractor provides it.</exception>
    public static IFeatureExtractor ByFeature(string feature, MotionVariant motion = MotionVariant.V3_0)
    {
        IFeatureExtractor? found = All.FirstOrDefault(e => e.Provides.Contains(feature, StringComparer.Ordinal));
        if (found == IntegerMotionExtractor.Instance && motion == MotionVariant.V3_2)
        {
            return IntegerMotionV32Extractor.Instance;
        }

        return found ?? throw new InvalidInputException($"no feature extractor provides feature '{feature}'");
    }
}
