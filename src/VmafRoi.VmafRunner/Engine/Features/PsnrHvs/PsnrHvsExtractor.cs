using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.PsnrHvs;

/// <summary>
/// libvmaf 3.2.0's <c>psnr_hvs</c> (Xiph's PSNR-HVS-M, spec-3.2.0 topic 03): per plane, 8×8 integer DCT blocks at a step
/// of 7 with contrast masking and CSF weights; the combined score weighs Y 0.8 and each chroma plane 0.1. Up to 12 bits.
/// </summary>
public sealed class PsnrHvsExtractor : IPictureFeatureExtractor
{
    /// <summary>libvmaf refuses deeper samples (the int32 DCT's squares would overflow).</summary>
    public const int MaxBitDepth = 12;

    public static PsnrHvsExtractor Instance { get; } = new();

    public string Name => "psnr_hvs";

    public IReadOnlyList<string> Provides { get; } = ["psnr_hvs_y", "psnr_hvs_cb", "psnr_hvs_cr", "psnr_hvs"];

    /// <summary>psnr_hvs has no options.</summary>
    public IReadOnlyList<FeatureOption> Options { get; } = [];

    public IPictureFeature Create(PictureGeometry geometry, OptionValues options, VectorWidth width = VectorWidth.Auto) =>
        new PsnrHvsFeature(geometry);

    /// <summary>An instance (psnr_hvs takes no options; any given is refused as unknown).</summary>
    public IPictureFeature Create(PictureGeometry geometry, IReadOnlyDictionary<string, object>? options = null, VectorWidth width = VectorWidth.Auto) =>
        Create(geometry, OptionValues.Resolve(Name, Options, options), width);
}

/// <summary>A configured <c>psnr_hvs</c> instance (scalar: its float sums are order-dependent).</summary>
public sealed class PsnrHvsFeature : IPictureFeature
{
    private readonly FeatureScores _scores = new(PsnrHvsExtractor.Instance.Provides);

    internal PsnrHvsFeature(PictureGeometry geometry)
    {
        geometry.RequireLibvmafBitDepth("psnr_hvs");
        if (geometry.BitDepth > PsnrHvsExtractor.MaxBitDepth)
        {
            throw new UnsupportedFormatException(
                $"psnr_hvs: invalid bitdepth ({geometry.BitDepth}), bpc must be less than or equal to {PsnrHvsExtractor.MaxBitDepth}");
        }

        geometry.RequireChroma("psnr_hvs");
        Geometry = geometry;
    }

    public PictureGeometry Geometry { get; }

    public IReadOnlyList<string> FeatureNames => _scores.Names;

    public FeatureScores Extract(in PictureView reference, in PictureView distorted)
    {
        reference.Require(Geometry, "psnr_hvs");
        distorted.Require(Geometry, "psnr_hvs");
        Span<double> values = _scores.Values;
        Span<double> plane = stackalloc double[3];
        for (int p = 0; p < 3; p++)
        {
            float[] csf = p == 0 ? PsnrHvsTables.Luma : p == 1 ? PsnrHvsTables.Cb : PsnrHvsTables.Cr;
            plane[p] = PsnrHvsKernel.Plane(reference, distorted, p, csf);
            values[p] = ToDb(plane[p]);
        }

        values[3] = ToDb((plane[0] * .8) + (.1 * (plane[1] + plane[2])));
        return _scores;
    }

    public FeatureScores Flush() => FeatureScores.Empty;

    /// <summary>libvmaf's <c>convert_score_db</c> with weight 1: an error of 0 gives +inf (printed null).</summary>
    private static double ToDb(double score) => 10 * (-1 * Math.Log10(1.0 * score));
}
