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
        IFeatureExtractor found = All.FirstOrDefault(e => e.Name == name)
            ?? throw new InvalidInputException($"no feature extractor named '{name}'; known: {string.Join(", ", All.Select(e => e.Name))}");
        return ForVersion(found, motion);
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

    /// <summary>
    /// The libvmaf release a run reproduces. Asked for (<paramref name="requested"/>) it is kept, unless a model cannot be
    /// computed in 3.0.0 at all (the v1.0.16 family: ADM3, CSF options), which is an error. Otherwise 3.2.0 when a model or
    /// a requested extractor exists only there (<see cref="NeedsLibvmaf32"/>, or a model 3.0.0 cannot compute), else
    /// 3.0.0, so the v0.6.x models (bootstrap included) keep 3.0.0's numbers and output.
    /// </summary>
    /// <exception cref="VmafModelException">3.0.0 asked for with a model only 3.2.0 can compute.</exception>
    public static MotionVariant VersionFor(MotionVariant? requested, IReadOnlyList<Model.VmafModel> models, IReadOnlyList<VmafRoi.VmafRunner.Engine.FeatureRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(requests);
        Model.VmafModel? only32 = models.FirstOrDefault(m => m.Features.Any(f => WhyNotComputable(f.Name, f.Options, MotionVariant.V3_0) is not null));
        if (requested == MotionVariant.V3_0 && only32 is not null)
        {
            throw new VmafModelException($"model '{only32.Source}' exists only in libvmaf 3.2.0 (it needs {string.Join(", ", only32.Features.Where(f => WhyNotComputable(f.Name, f.Options, MotionVariant.V3_0) is not null).Select(f => f.Name).Distinct(StringComparer.Ordinal))}); drop --motion-variant 3.0 or ask for 3.2");
        }

        return requested ?? (only32 is not null || NeedsLibvmaf32(requests, models) ? MotionVariant.V3_2 : MotionVariant.V3_0);
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
