using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.VmafRunner.Engine.Simd;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine.Features.Psnr;

/// <summary>
/// libvmaf 3.2.0's integer PSNR (<c>psnr</c>, spec-3.2.0 topic 01): per-plane SSE in integers, PSNR capped at
/// <c>6·bpc + 12</c> dB (or a cap derived from <c>min_sse</c>), optional MSE and the flush-time aggregate APSNR.
/// </summary>
public sealed class PsnrExtractor : IPictureFeatureExtractor
{
    public static PsnrExtractor Instance { get; } = new();

    public string Name => "psnr";

    public IReadOnlyList<string> Provides { get; } = ["psnr_y", "psnr_cb", "psnr_cr"];

    /// <summary>libvmaf's table; no option is a feature parameter, so names never take suffixes.</summary>
    public IReadOnlyList<FeatureOption> Options { get; } =
    [
        FeatureOption.Bool("enable_chroma", null, true, false, "also score Cb and Cr (off for 4:0:0)"),
        FeatureOption.Bool("enable_mse", null, false, false, "also emit mse_y, mse_cb, mse_cr"),
        FeatureOption.Bool("enable_apsnr", null, false, false, "emit the aggregate apsnr_y/cb/cr at the end of the stream"),
        FeatureOption.Bool("reduced_hbd_peak", null, false, false, "peak 255 << (bpc - 8) instead of 2^bpc - 1 above 8 bits"),
        FeatureOption.Number("min_sse", null, 0.0, 0.0, double.MaxValue, false, "cap PSNR at the value a frame with this SSE would get"),
    ];

    public IPictureFeature Create(PictureGeometry geometry, OptionValues options, VectorWidth width = VectorWidth.Auto) =>
        new PsnrFeature(geometry, options, VectorSupport.Resolve(width));

    /// <summary>An instance with options given by name or alias (range-checked against <see cref="Options"/>).</summary>
    public IPictureFeature Create(PictureGeometry geometry, IReadOnlyDictionary<string, object>? options = null, VectorWidth width = VectorWidth.Auto) =>
        Create(geometry, OptionValues.Resolve(Name, Options, options), width);
}

/// <summary>A configured <c>psnr</c> instance; accumulates the APSNR sums across frames.</summary>
public sealed class PsnrFeature : IPictureFeature
{
    private static readonly string[] PsnrNames = ["psnr_y", "psnr_cb", "psnr_cr"];
    private static readonly string[] MseNames = ["mse_y", "mse_cb", "mse_cr"];
    private static readonly string[] ApsnrNames = ["apsnr_y", "apsnr_cb", "apsnr_cr"];

    private readonly int _planes;
    private readonly bool _mse;
    private readonly bool _apsnr;
    private readonly uint _peak;
    private readonly double[] _psnrMax = new double[3];
    private readonly ulong[] _sseTotal = new ulong[3];
    private readonly ulong[] _pixelTotal = new ulong[3];
    private readonly VectorWidth _width;
    private readonly FeatureScores _scores;
    private readonly FeatureScores _aggregates;

    internal PsnrFeature(PictureGeometry geometry, OptionValues options, VectorWidth width)
    {
        geometry.RequireLibvmafBitDepth("psnr");
        Geometry = geometry;
        _width = width;
        bool chroma = options.GetBool("enable_chroma") && geometry.Chroma != ChromaFormat.Gray;
        _planes = chroma ? 3 : 1;
        _mse = options.GetBool("enable_mse");
        _apsnr = options.GetBool("enable_apsnr");
        int bpc = geometry.BitDepth;
        _peak = options.GetBool("reduced_hbd_peak") ? 255u << (bpc - 8) : (1u << bpc) - 1;
        double minSse = options["min_sse"];
        for (int p = 0; p < 3; p++)
        {
            if (minSse != 0.0)
            {
                // libvmaf sizes the planes itself here: W/2 unless 4:4:4, H/2 only for 4:2:0 (floor, as its planes).
                uint w = (uint)geometry.Width, h = (uint)geometry.Height;
                uint pw = p != 0 && geometry.Chroma != ChromaFormat.Yuv444 ? w / 2 : w;
                uint ph = p != 0 && geometry.Chroma == ChromaFormat.Yuv420 ? h / 2 : h;
                double mse = minSse / (pw * ph);
                _psnrMax[p] = Math.Ceiling(10.0 * Math.Log10(unchecked(_peak * _peak) / mse));
            }
            else
            {
                _psnrMax[p] = (6 * bpc) + 12;
            }
        }

        var names = new List<string>();
        for (int p = 0; p < _planes; p++)
        {
            names.Add(PsnrNames[p]);
            if (_mse)
            {
                names.Add(MseNames[p]);
            }
        }

        _scores = new FeatureScores(names);
        _aggregates = _apsnr ? new FeatureScores(ApsnrNames) : FeatureScores.Empty;
    }

    public PictureGeometry Geometry { get; }

    public IReadOnlyList<string> FeatureNames => _scores.Names;

    public FeatureScores Extract(in PictureView reference, in PictureView distorted)
    {
        reference.Require(Geometry, "psnr");
        distorted.Require(Geometry, "psnr");
        Span<double> values = _scores.Values;
        int slot = 0;
        for (int p = 0; p < _planes; p++)
        {
            int w = Geometry.PlaneWidth(p), h = Geometry.PlaneHeight(p);
            ulong sse = 0;
            for (int i = 0; i < h; i++)
            {
                sse += Geometry.BitDepth == 8
                    ? PsnrKernels.SseRow8(reference.Row8(p, i), distorted.Row8(p, i), _width)
                    : PsnrKernels.SseRow16(reference.Row16(p, i), distorted.Row16(p, i), _width);
            }

            uint pixels = unchecked((uint)w * (uint)h);
            if (_apsnr)
            {
                _sseTotal[p] += sse;
                _pixelTotal[p] += pixels;
            }

            double mse = sse / (double)pixels;

            // libvmaf's 8-bit path hard-codes the peak 255; its MAX/MIN are C ternaries (a NaN mse picks 1e-16).
            double peakSquared = Geometry.BitDepth == 8 ? 65025 : unchecked(_peak * _peak);
            double floor = mse > 1e-16 ? mse : 1e-16;
            double psnr = 10.0 * Math.Log10(peakSquared / floor);
            values[slot++] = psnr < _psnrMax[p] ? psnr : _psnrMax[p];
            if (_mse)
            {
                values[slot++] = mse;
            }
        }

        return _scores;
    }

    public FeatureScores Flush()
    {
        if (!_apsnr)
        {
            return _aggregates;
        }

        Span<double> values = _aggregates.Values;
        uint peakSquared = unchecked(_peak * _peak);
        for (int p = 0; p < 3; p++)
        {
            // A plane never scored has no pixels: NaN against -inf leaves -inf, as in libvmaf.
            double apsnr = 10 * (Math.Log10(peakSquared) + Math.Log10(_pixelTotal[p]) - Math.Log10(_sseTotal[p]));
            double cap = Math.Ceiling(10 * Math.Log10(unchecked(peakSquared * _pixelTotal[p] * 2)));
            values[p] = apsnr < cap ? apsnr : cap;
        }

        return _aggregates;
    }
}
