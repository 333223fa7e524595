using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features.Adm;
using VmafRoi.VmafRunner.Engine.Features.Cambi;
using VmafRoi.VmafRunner.Engine.Features.Ciede;
using VmafRoi.VmafRunner.Engine.Features.FloatAdm;
using VmafRoi.VmafRunner.Engine.Features.FloatMotion;
using VmafRoi.VmafRunner.Engine.Features.FloatVif;
using VmafRoi.VmafRunner.Engine.Features.Motion;
using VmafRoi.VmafRunner.Engine.Features.MsSsim;
using VmafRoi.VmafRunner.Engine.Features.Pictures;
using VmafRoi.VmafRunner.Engine.Features.Psnr;
using VmafRoi.VmafRunner.Engine.Features.PsnrHvs;
using VmafRoi.VmafRunner.Engine.Features.SpeedChroma;
using VmafRoi.VmafRunner.Engine.Features.Ssim;
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

        // libvmaf 3.2.0's other extractors, in its registry order (a model feature resolves to the first provider).
        FloatAdmFeatureExtractor.Instance,
        FloatVifFeatureExtractor.Instance,
        FloatMotionFeatureExtractor.Instance,
        SpeedChromaFeatureExtractor.Instance,
        new PictureMetricExtractor(FloatMsSsimExtractor.Instance),
        new PictureMetricExtractor(FloatSsimExtractor.Instance),
        new PictureMetricExtractor(CiedeExtractor.Instance),
        new PictureMetricExtractor(PsnrExtractor.Instance),
        new PictureMetricExtractor(PsnrHvsExtractor.Instance),
        CambiFeatureExtractor.Instance,
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

    /// <summary>
    /// True when a run uses an extractor that only libvmaf 3.2.0 writes as the engine computes it (the float, picture-level,
    /// CAMBI and SpEED extractors), so its output takes 3.2.0's format: requested by name or needed by a model.
    /// </summary>
    public static bool NeedsLibvmaf32(IEnumerable<VmafRoi.VmafRunner.Engine.FeatureRequest> requests, IEnumerable<Model.VmafModel> models)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(models);
        bool Newer(IFeatureExtractor? e) => e is not null && e is not (IntegerVifExtractor or IntegerAdmExtractor or IntegerMotionExtractor or IntegerMotionV32Extractor);
        return requests.Any(r => Newer(All.FirstOrDefault(e => e.Name == r.Extractor)))
            || models.SelectMany(m => m.Features).Any(f => Newer(All.FirstOrDefault(e => e.Provides.Contains(f.Name, StringComparer.Ordinal))));
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
