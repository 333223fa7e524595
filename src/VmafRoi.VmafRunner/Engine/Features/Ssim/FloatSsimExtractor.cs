using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Ssim;

/// <summary>
/// libvmaf 3.2.0's <c>float_ssim</c> (spec-3.2.0 topic 02): luma on the 8-bit scale, box pre-scaled by
/// <c>max(1, round(min(W, H) / 256))</c> unless <c>scale</c> says otherwise, then the IQA SSIM core.
/// </summary>
public sealed class FloatSsimExtractor : IPictureFeatureExtractor
{
    public static FloatSsimExtractor Instance { get; } = new();

    public string Name => "float_ssim";

    public IReadOnlyList<string> Provides { get; } = ["float_ssim"];

    /// <summary>libvmaf's table; none is a feature parameter. <c>scale</c> is an int option (a fraction truncates, as atoi).</summary>
    public IReadOnlyList<FeatureOption> Options { get; } =
    [
        FeatureOption.Bool("enable_lcs", null, false, false, "also emit the mean luminance, contrast and structure terms"),
        FeatureOption.Bool("enable_db", null, false, false, "write -10·log10(1 - ssim) instead of ssim"),
        FeatureOption.Bool("clip_db", null, false, false, "cap the dB value at the one a frame with SSE 0.5 would get"),
        FeatureOption.Number("scale", null, 0, 0, 10, false, "pre-scale factor: 0 = automatic, 1 = none, 2..10 = box-average by that factor"),
    ];

    public IPictureFeature Create(PictureGeometry geometry, OptionValues options, VectorWidth width = VectorWidth.Auto) =>
        new FloatSsimFeature(geometry, options, VectorSupport.Resolve(width));

    /// <summary>An instance with options given by name (range-checked against <see cref="Options"/>).</summary>
    public IPictureFeature Create(PictureGeometry geometry, IReadOnlyDictionary<string, object>? options = null, VectorWidth width = VectorWidth.Auto) =>
        Create(geometry, OptionValues.Resolve(Name, Options, options), width);

    /// <summary>IQA's automatic factor: <c>max(1, round(f32(min(W, H)) / 256))</c> with its own half-up rounding.</summary>
    internal static int AutoScale(int width, int height)
    {
        float a = Math.Min(width, height) / 256.0f;
        int t = (int)a;
        int sign = a > 0.0f ? 1 : -1;
        int rounded = a - t >= 0.5 ? t + sign : t;
        return Math.Max(1, rounded);
    }

    /// <summary>The dB form: <c>min(−10·log10(1 − score), maxDb)</c> as C's MIN.</summary>
    internal static double ToDb(double score, double maxDb)
    {
        double db = -10.0 * Math.Log10(1 - score);
        return db < maxDb ? db : maxDb;
    }

    /// <summary>The dB cap of <c>clip_db</c>, from the bit depth's peak (not the 8-bit scale the scores use).</summary>
    internal static double MaxDb(PictureGeometry geometry, bool clip)
    {
        if (!clip)
        {
            return double.PositiveInfinity;
        }

        uint peak = (1u << geometry.BitDepth) - 1;
        double mse = 0.5 / unchecked((uint)geometry.Width * (uint)geometry.Height);
        return Math.Ceiling(10.0 * Math.Log10(unchecked(peak * peak) / mse));
    }
}

/// <summary>A configured <c>float_ssim</c> instance.</summary>
public sealed unsafe class FloatSsimFeature : IPictureFeature
{
    private readonly bool _lcs;
    private readonly bool _db;
    private readonly double _maxDb;
    private readonly int _scale;
    private readonly VectorWidth _width;
    private readonly PinnedBuffer<float> _reference;
    private readonly PinnedBuffer<float> _distorted;
    private readonly SsimCore _core;
    private readonly FeatureScores _scores;

    internal FloatSsimFeature(PictureGeometry geometry, OptionValues options, VectorWidth width)
    {
        geometry.RequireLibvmafBitDepth("float_ssim");
        Geometry = geometry;
        _width = width;
        _lcs = options.GetBool("enable_lcs");
        _db = options.GetBool("enable_db");
        _maxDb = FloatSsimExtractor.MaxDb(geometry, options.GetBool("clip_db"));
        int scale = options.GetInt("scale");
        _scale = scale > 0 ? scale : FloatSsimExtractor.AutoScale(geometry.Width, geometry.Height);
        _reference = new PinnedBuffer<float>(geometry.Width * geometry.Height);
        _distorted = new PinnedBuffer<float>(geometry.Width * geometry.Height);
        _core = new SsimCore(_scale > 1 ? Decimation.Size(geometry.Width, _scale) : geometry.Width);
        _scores = new FeatureScores(_lcs ? ["float_ssim", "float_ssim_l", "float_ssim_c", "float_ssim_s"] : ["float_ssim"]);
    }

    public PictureGeometry Geometry { get; }

    public IReadOnlyList<string> FeatureNames => _scores.Names;

    /// <summary>The pre-scale factor in use (1 = none).</summary>
    public int Scale => _scale;

    public FeatureScores Extract(in PictureView reference, in PictureView distorted)
    {
        reference.Require(Geometry, "float_ssim");
        distorted.Require(Geometry, "float_ssim");
        LumaFloats.Copy(reference, _reference.Pointer);
        LumaFloats.Copy(distorted, _distorted.Pointer);
        int w = Geometry.Width, h = Geometry.Height;
        if (_scale > 1)
        {
            Decimation.BoxInPlace(_reference.Pointer, w, h, _scale);
            Decimation.BoxInPlace(_distorted.Pointer, w, h, _scale);
            w = Decimation.Size(w, _scale);
            h = Decimation.Size(h, _scale);
        }

        SsimMeans m = _core.Compute(_reference.Pointer, _distorted.Pointer, w, h, _width);
        Span<double> values = _scores.Values;
        values[0] = _db ? FloatSsimExtractor.ToDb(m.Ssim, _maxDb) : m.Ssim;
        if (_lcs)
        {
            values[1] = m.Luminance;
            values[2] = m.Contrast;
            values[3] = m.Structure;
        }

        return _scores;
    }

    public FeatureScores Flush() => FeatureScores.Empty;
}
