using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.VmafRunner.Engine.Features.Ssim;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.MsSsim;

/// <summary>
/// libvmaf 3.2.0's <c>float_ms_ssim</c> (spec-3.2.0 topic 02): Wang's MS-SSIM over five scales of luma on the 8-bit
/// scale, each scale the 9/7 wavelet low-pass of the previous one, decimated by 2; needs 176×176 or more.
/// </summary>
public sealed class FloatMsSsimExtractor : IPictureFeatureExtractor
{
    /// <summary>libvmaf's smallest picture: five scales, each at least 11 samples (the SSIM window) before halving.</summary>
    public const int MinimumSize = 176;

    public static FloatMsSsimExtractor Instance { get; } = new();

    public string Name => "float_ms_ssim";

    public IReadOnlyList<string> Provides { get; } = ["float_ms_ssim"];

    /// <summary>libvmaf's table; none is a feature parameter.</summary>
    public IReadOnlyList<FeatureOption> Options { get; } =
    [
        FeatureOption.Bool("enable_lcs", null, false, false, "also emit the luminance, contrast and structure means of every scale"),
        FeatureOption.Bool("enable_db", null, false, false, "write -10·log10(1 - ms_ssim) instead of ms_ssim"),
        FeatureOption.Bool("clip_db", null, false, false, "cap the dB value at the one a frame with SSE 0.5 would get"),
    ];

    public IPictureFeature Create(PictureGeometry geometry, OptionValues options, VectorWidth width = VectorWidth.Auto) =>
        new FloatMsSsimFeature(geometry, options, VectorSupport.Resolve(width));

    /// <summary>An instance with options given by name (range-checked against <see cref="Options"/>).</summary>
    public IPictureFeature Create(PictureGeometry geometry, IReadOnlyDictionary<string, object>? options = null, VectorWidth width = VectorWidth.Auto) =>
        Create(geometry, OptionValues.Resolve(Name, Options, options), width);
}

/// <summary>A configured <c>float_ms_ssim</c> instance: five pyramid levels per picture, allocated once.</summary>
public sealed unsafe class FloatMsSsimFeature : IPictureFeature
{
    internal const int Scales = 5;

    // Wang's exponents (binary32 literals, widened to double when used); α is 0 below the coarsest scale.
    private static readonly float[] Alphas = [0.0000f, 0.0000f, 0.0000f, 0.0000f, 0.1333f];
    private static readonly float[] Betas = [0.0448f, 0.2856f, 0.3001f, 0.2363f, 0.1333f];
    private static readonly float[] Gammas = [0.0448f, 0.2856f, 0.3001f, 0.2363f, 0.1333f];

    private readonly bool _lcs;
    private readonly bool _db;
    private readonly double _maxDb;
    private readonly VectorWidth _width;
    private readonly int[] _w = new int[Scales];
    private readonly int[] _h = new int[Scales];
    private readonly PinnedBuffer<float>[] _reference = new PinnedBuffer<float>[Scales];
    private readonly PinnedBuffer<float>[] _distorted = new PinnedBuffer<float>[Scales];
    private readonly LowPass _lowPass;
    private readonly SsimCore _core;
    private readonly FeatureScores _scores;

    internal FloatMsSsimFeature(PictureGeometry geometry, OptionValues options, VectorWidth width)
    {
        geometry.RequireLibvmafBitDepth("float_ms_ssim");
        RequireSize(geometry);
        Geometry = geometry;
        _width = width;
        _lcs = options.GetBool("enable_lcs");
        _db = options.GetBool("enable_db");
        _maxDb = FloatSsimExtractor.MaxDb(geometry, options.GetBool("clip_db"));
        int w = geometry.Width, h = geometry.Height;
        for (int i = 0; i < Scales; i++)
        {
            _w[i] = w;
            _h[i] = h;
            _reference[i] = new PinnedBuffer<float>(w * h);
            _distorted[i] = new PinnedBuffer<float>(w * h);
            w = (w / 2) + (w & 1);
            h = (h / 2) + (h & 1);
        }

        _lowPass = new LowPass(geometry.Width, geometry.Height);
        _core = new SsimCore(geometry.Width);
        var names = new List<string> { "float_ms_ssim" };
        if (_lcs)
        {
            foreach (char term in "lcs")
            {
                for (int i = 0; i < Scales; i++)
                {
                    names.Add($"float_ms_ssim_{term}_scale{i}");
                }
            }
        }

        _scores = new FeatureScores(names);
    }

    public PictureGeometry Geometry { get; }

    public IReadOnlyList<string> FeatureNames => _scores.Names;

    public FeatureScores Extract(in PictureView reference, in PictureView distorted)
    {
        reference.Require(Geometry, "float_ms_ssim");
        distorted.Require(Geometry, "float_ms_ssim");
        LumaFloats.Copy(reference, _reference[0].Pointer);
        LumaFloats.Copy(distorted, _distorted[0].Pointer);
        for (int i = 1; i < Scales; i++)
        {
            _lowPass.Decimate(_reference[i - 1].Pointer, _w[i - 1], _h[i - 1], _reference[i].Pointer, _width);
            _lowPass.Decimate(_distorted[i - 1].Pointer, _w[i - 1], _h[i - 1], _distorted[i].Pointer, _width);
        }

        Span<double> values = _scores.Values;
        double ms = 1.0;
        for (int i = 0; i < Scales; i++)
        {
            SsimMeans m = _core.Compute(_reference[i].Pointer, _distorted[i].Pointer, _w[i], _h[i], _width);
            ms *= Math.Pow(m.Luminance, Alphas[i]) * Math.Pow(m.Contrast, Betas[i]) * Math.Pow(m.Structure, Gammas[i]);
            if (ms == double.PositiveInfinity)
            {
                throw new InvalidScoreException($"float_ms_ssim: ms_ssim is infinite at scale {i} (libvmaf: \"ms_ssim is INFINITY\")");
            }

            if (_lcs)
            {
                values[1 + i] = m.Luminance;
                values[1 + Scales + i] = m.Contrast;
                values[1 + (2 * Scales) + i] = m.Structure;
            }
        }

        values[0] = _db ? FloatSsimExtractor.ToDb(ms, _maxDb) : ms;
        return _scores;
    }

    public FeatureScores Flush() => FeatureScores.Empty;

    /// <summary>libvmaf checks the halving chain (floor) for five scales of at least 11 samples: W, H ≥ 176.</summary>
    /// <exception cref="InvalidInputException">The picture is smaller.</exception>
    private static void RequireSize(PictureGeometry geometry)
    {
        int w = geometry.Width, h = geometry.Height;
        for (int i = 0; i < Scales; i++)
        {
            if (w < SsimCore.Taps || h < SsimCore.Taps)
            {
                throw new InvalidInputException(
                    $"float_ms_ssim: frame size {geometry.Width}x{geometry.Height} is too small; width and height must be at least {FloatMsSsimExtractor.MinimumSize} (five scales of at least 11 samples; libvmaf: \"scale below 1x1\")");
            }

            w /= 2;
            h /= 2;
        }
    }
}
