using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.VmafRunner.Engine.Simd;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine.Features.Ciede;

/// <summary>
/// libvmaf 3.2.0's <c>ciede</c> (spec-3.2.0 topic 04): BT.709 limited-range YUV → linear RGB → XYZ → L*a*b* per pixel,
/// CIEDE2000 (kL 0.65, kC 1, kH 4) between reference and distorted, reported as <c>45 − 20·log10(mean ΔE00)</c>.
/// Chroma is brought to full size by libvmaf's nearest-neighbour copy, including its 4:2:2 defect (see
/// <see cref="CiedeChroma"/>), so 4:2:2 values match libvmaf rather than a correct upsampling.
/// </summary>
public sealed class CiedeExtractor : IPictureFeatureExtractor
{
    public static CiedeExtractor Instance { get; } = new();

    public string Name => "ciede";

    public IReadOnlyList<string> Provides { get; } = ["ciede2000"];

    /// <summary>ciede has no options.</summary>
    public IReadOnlyList<FeatureOption> Options { get; } = [];

    public IPictureFeature Create(PictureGeometry geometry, OptionValues options, VectorWidth width = VectorWidth.Auto) =>
        new CiedeFeature(geometry, CiedeChromaUpsampling.Libvmaf);

    /// <summary>An instance (ciede takes no options; any given is refused as unknown).</summary>
    public IPictureFeature Create(PictureGeometry geometry, IReadOnlyDictionary<string, object>? options = null, VectorWidth width = VectorWidth.Auto) =>
        Create(geometry, OptionValues.Resolve(Name, Options, options), width);

    /// <summary>
    /// An instance with a chosen chroma upsampling: <see cref="CiedeChromaUpsampling.Nearest"/> scores 4:2:2 correctly
    /// (and so differs from libvmaf there); 4:2:0 and 4:4:4 give libvmaf's values either way.
    /// </summary>
    public IPictureFeature Create(PictureGeometry geometry, CiedeChromaUpsampling upsampling) => new CiedeFeature(geometry, upsampling);
}

/// <summary>
/// A configured <c>ciede</c> instance. Scalar only: about 25 C-library calls per pixel whose results are rounded to
/// binary32 at libvmaf's storage points; the binary64 sum runs in raster order.
/// </summary>
public sealed class CiedeFeature : IPictureFeature
{
    private readonly FeatureScores _scores = new(["ciede2000"]);
    private readonly CiedeChroma _chroma;
    private readonly float[] _refU, _refV, _disU, _disV;
    private readonly double _scale;

    internal CiedeFeature(PictureGeometry geometry, CiedeChromaUpsampling upsampling)
    {
        geometry.RequireLibvmafBitDepth("ciede");
        geometry.RequireChroma("ciede");
        Geometry = geometry;
        _chroma = new CiedeChroma(geometry, upsampling);
        _refU = new float[geometry.Width];
        _refV = new float[geometry.Width];
        _disU = new float[geometry.Width];
        _disV = new float[geometry.Width];
        _scale = 1 << (geometry.BitDepth - 8);
    }

    public PictureGeometry Geometry { get; }

    public IReadOnlyList<string> FeatureNames => _scores.Names;

    public FeatureScores Extract(in PictureView reference, in PictureView distorted)
    {
        reference.Require(Geometry, "ciede");
        distorted.Require(Geometry, "ciede");
        int w = Geometry.Width, h = Geometry.Height;
        var lab = new CiedeColor.Converter(_scale);
        double sum = 0.0;
        for (int i = 0; i < h; i++)
        {
            _chroma.Row(reference, 1, i, _refU);
            _chroma.Row(reference, 2, i, _refV);
            _chroma.Row(distorted, 1, i, _disU);
            _chroma.Row(distorted, 2, i, _disV);
            if (Geometry.BitDepth == 8)
            {
                ReadOnlySpan<byte> ry = reference.Row8(0, i), dy = distorted.Row8(0, i);
                for (int j = 0; j < w; j++)
                {
                    sum += Pixel(lab, ry[j], _refU[j], _refV[j], dy[j], _disU[j], _disV[j]);
                }
            }
            else
            {
                ReadOnlySpan<ushort> ry = reference.Row16(0, i), dy = distorted.Row16(0, i);
                for (int j = 0; j < w; j++)
                {
                    sum += Pixel(lab, ry[j], _refU[j], _refV[j], dy[j], _disU[j], _disV[j]);
                }
            }
        }

        _scores.Values[0] = 45.0 - (20.0 * Math.Log10(sum / unchecked((uint)w * (uint)h)));
        return _scores;
    }

    public FeatureScores Flush() => FeatureScores.Empty;

    /// <summary>ΔE00 of one pixel pair; identical samples give exactly 0 (every term is a signed zero), so they skip the maths.</summary>
    private static float Pixel(in CiedeColor.Converter lab, float y1, float u1, float v1, float y2, float u2, float v2)
    {
        if (y1 == y2 && u1 == u2 && v1 == v2)
        {
            return 0f;
        }

        return CiedeColor.DeltaE2000(lab.ToLab(y1, u1, v1), lab.ToLab(y2, u2, v2));
    }
}
