using System.Runtime.InteropServices;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Cambi;

/// <summary>
/// libvmaf 3.2.0's banding metric <c>cambi</c> (05-cambi.md), bit-exact to its portable C path: the distorted luma (and
/// the reference with <c>full_ref</c>) is brought to 10 bits at the processing size, masked where it is locally flat,
/// mode-filtered and scored over five scales by how much each flat pixel's neighbourhood holds values one to 2^mlc codes
/// away that the display makes visible.
/// </summary>
/// <remarks>
/// One instance per frame size and option set, used by one thread at a time; it holds every buffer (allocated once) and
/// no state between frames. <see cref="Extract(int, ReadOnlySpan{byte}, ReadOnlySpan{byte}, int)"/> returns the values
/// of <see cref="FeatureNames"/> in that order, in a buffer reused by the next call.
/// </remarks>
public sealed class CambiExtractor
{
    /// <summary>libvmaf's extractor name (<c>--feature cambi</c>).</summary>
    public const string ExtractorName = "cambi";

    /// <summary>The collector name of the score (what models name).</summary>
    public const string ScoreFeature = "Cambi_feature_cambi_score";

    /// <summary><c>full_ref</c>: the reference's own score (never suffixed).</summary>
    public const string SourceFeature = "cambi_source";

    /// <summary><c>full_ref</c>: max(0, distorted − reference) (never suffixed).</summary>
    public const string FullReferenceFeature = "cambi_full_reference";

    private const int Scales = 5;
    private const int MinimumSize = 216;

    private readonly int _inputWidth;
    private readonly int _inputHeight;
    private readonly int _bitDepth;
    private readonly int _stride;
    private readonly bool _halveFirst;
    private readonly int _maskIndex;
    private readonly int _sourceMaskIndex;
    private readonly CambiCValues _cValues;
    private readonly ushort[] _image;
    private readonly byte[] _mask;
    private readonly float[] _c;
    private readonly ushort[] _histograms;
    private readonly byte[] _maskRing;
    private readonly int[] _columnSums;
    private readonly ushort[] _vectorRing;
    private readonly ushort[] _vectorColumnSums;
    private readonly bool _vector;
    private readonly ushort[] _modeLines;
    private readonly double[] _scores;
    private readonly double[] _scaleScores = new double[Scales];
    private readonly int _maxContrastWeight;
    private ushort[]? _heatmap;

    /// <summary>Sets CAMBI up for <paramref name="width"/> x <paramref name="height"/> luma of <paramref name="bitDepth"/> bits.</summary>
    /// <exception cref="InvalidInputException">libvmaf refuses the size (both processing dimensions below 216, a window
    /// too large for its reciprocal table, or a scale smaller than the window), or an option combination.</exception>
    /// <exception cref="UnsupportedFormatException">The bit depth is not 8 to 16.</exception>
    /// <param name="options">Validated options.</param>
    /// <param name="width">Luma width.</param>
    /// <param name="height">Luma height.</param>
    /// <param name="bitDepth">Bits per sample, 8 to 16.</param>
    /// <param name="vectors">Scalar forces the reference path; anything else uses the AVX2 path where the CPU has it (same bits).</param>
    public CambiExtractor(CambiOptions options, int width, int height, int bitDepth, VectorWidth vectors = VectorWidth.Auto)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (bitDepth is < 8 or > 16)
        {
            throw new UnsupportedFormatException($"cambi: {bitDepth}-bit input is not supported; libvmaf's CAMBI takes 8 to 16 bits per sample");
        }

        if (width <= 0 || height <= 0)
        {
            throw new InvalidInputException($"cambi: frame size {width}x{height} is not valid");
        }

        Options = options;
        _inputWidth = width;
        _inputHeight = height;
        _bitDepth = bitDepth;
        EncBitDepth = options.EncBitDepth == 0 ? bitDepth : options.EncBitDepth;
        (EncWidth, EncHeight) = options.EncWidth == 0 || options.EncHeight == 0 ? (width, height) : (options.EncWidth, options.EncHeight);
        (SourceWidth, SourceHeight) = options.SrcWidth == 0 || options.SrcHeight == 0 ? (width, height) : (options.SrcWidth, options.SrcHeight);
        if (EncHeight > height || EncWidth > width)
        {
            (EncWidth, EncHeight) = (width, height);
        }

        RequireSizes();
        HighResSpeedup = ActiveSpeedup(options.HighResSpeedup, EncWidth * EncHeight);
        _halveFirst = HighResSpeedup != 0;

        string eotf = options.Eotf;
        int diffs = 1 << options.MaxLogContrast;
        var tvi = new int[diffs];
        for (int d = 0; d < diffs; d++)
        {
            tvi[d] = CambiLuminance.TviForDiff(d + 1, options.TviThreshold, eotf);
        }

        VisibilityLuma = CambiLuminance.VisibilityLuma(options.VisibilityLuminanceThreshold, eotf);
        Tvi = tvi;
        _vector = (int)VectorSupport.Resolve(vectors) >= (int)VectorWidth.V256 && CambiVectorKernels.IsSupported;
        _cValues = new CambiCValues(options.MaxLogContrast, tvi, VisibilityLuma, _vector);
        _maxContrastWeight = 0;
        for (int d = 0; d < diffs; d++)
        {
            _maxContrastWeight = Math.Max(_maxContrastWeight, CambiTables.ContrastWeights[d]);
        }

        WindowSize = AdjustWindow(options.WindowSize, EncWidth, EncHeight, _halveFirst);
        SourceWindowSize = AdjustWindow(options.WindowSize, SourceWidth, SourceHeight, _halveFirst);
        int largest = Math.Max(WindowSize, SourceWindowSize);
        if (largest * largest >= CambiTables.ReciprocalSize)
        {
            throw new InvalidInputException(
                $"cambi: window_size {largest} too large for reciprocal LUT (libvmaf needs window² below {CambiTables.ReciprocalSize}); "
                + "at 8K turn on cambi_high_res_speedup, at 4K keep window_size below 66");
        }

        RequireScalesFitWindow(EncWidth, EncHeight, WindowSize);
        if (options.FullReference)
        {
            RequireScalesFitWindow(SourceWidth, SourceHeight, SourceWindowSize);
        }

        _maskIndex = CambiKernels.MaskIndex(EncWidth, EncHeight);
        _sourceMaskIndex = CambiKernels.MaskIndex(SourceWidth, SourceHeight);
        int allocW = options.FullReference ? Math.Max(SourceWidth, EncWidth) : EncWidth;
        int allocH = options.FullReference ? Math.Max(SourceHeight, EncHeight) : EncHeight;
        _stride = allocW;
        _image = new ushort[allocW * allocH];
        _mask = new byte[allocW * allocH];
        _c = new float[allocW * allocH];
        _histograms = new ushort[(allocW * _cValues.BandSize) + CambiCValues.HistogramSlack];
        _maskRing = _vector ? [] : new byte[CambiKernels.MaskFilterSize * allocW];
        _columnSums = _vector ? [] : new int[allocW];
        _vectorRing = _vector ? new ushort[CambiKernels.MaskFilterSize * allocW] : [];
        _vectorColumnSums = _vector ? new ushort[allocW + CambiKernels.MaskFilterSize + 16] : [];
        _modeLines = new ushort[3 * allocW];

        string score = options.Values.FeatureName(ScoreFeature, WriterAliases[ScoreFeature]);
        FeatureNames = options.FullReference ? [score, SourceFeature, FullReferenceFeature] : [score];
        _scores = new double[FeatureNames.Count];
    }

    /// <summary>What libvmaf's writers print for the collector names that have an alias.</summary>
    public static IReadOnlyDictionary<string, string> WriterAliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ScoreFeature] = "cambi",
    };

    public CambiOptions Options { get; }

    /// <summary>The collector names of the values <c>Extract</c> returns, in libvmaf's order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    public int EncWidth { get; }

    public int EncHeight { get; }

    public int EncBitDepth { get; }

    public int SourceWidth { get; }

    public int SourceHeight { get; }

    /// <summary>The window in effect for the distorted picture (odd; 33 at 1080p by default).</summary>
    public int WindowSize { get; }

    /// <summary>The window in effect for the reference in <c>full_ref</c> mode.</summary>
    public int SourceWindowSize { get; }

    /// <summary>The speed-up in effect: the option's value when the processing size reaches it, else 0.</summary>
    public int HighResSpeedup { get; }

    /// <summary>Per contrast step, the highest code at which it is visible (178, 305, 432, 559 for BT.1886 and 0.019).</summary>
    public IReadOnlyList<int> Tvi { get; }

    /// <summary>The dark cut-off code (0 when no cut-off; 78 for 0.06 cd/m² under BT.1886).</summary>
    public int VisibilityLuma { get; }

    /// <summary>True when the AVX2 path runs (bit-identical to the scalar path).</summary>
    public bool UsesVectors => _vector;

    /// <summary>Receives the distorted picture's c-value maps when set (libvmaf's <c>heatmaps_path</c>).</summary>
    public ICambiHeatmapSink? HeatmapSink { get; set; }

    /// <summary>Scores one 8-bit frame (the reference is read only with <c>full_ref</c>; pass empty otherwise).</summary>
    /// <param name="frameIndex">The frame number (only passed on to <see cref="HeatmapSink"/>).</param>
    /// <param name="reference">Reference luma, <paramref name="stride"/> samples per row.</param>
    /// <param name="distorted">Distorted luma, same layout.</param>
    /// <param name="stride">Samples per row of both planes (at least the width).</param>
    /// <returns>The values of <see cref="FeatureNames"/>, valid until the next call.</returns>
    public ReadOnlySpan<double> Extract(int frameIndex, ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, int stride)
    {
        RequirePlane(distorted.Length, stride, 8, "distorted");
        double dist = Score(frameIndex, distorted, default, stride, isSource: false);
        return Finish(frameIndex, dist, reference, default, stride);
    }

    /// <summary>Scores one frame of 9 to 16 bits (samples in the low bits).</summary>
    /// <inheritdoc cref="Extract(int, ReadOnlySpan{byte}, ReadOnlySpan{byte}, int)"/>
    public ReadOnlySpan<double> Extract(int frameIndex, ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, int stride)
    {
        RequirePlane(distorted.Length, stride, 16, "distorted");
        double dist = Score(frameIndex, default, distorted, stride, isSource: false);
        return Finish(frameIndex, dist, default, reference, stride);
    }

    private static int ActiveSpeedup(int requested, int pixels) => requested switch
    {
        1080 when pixels >= 1920 * 1080 => 1080,
        1440 when pixels >= 2560 * 1440 => 1440,
        2160 when pixels >= 3840 * 2160 => 2160,
        _ => 0,
    };

    /// <summary>libvmaf scales the 4K window by (w + h) / (3840 + 2160), halves it with the speed-up and makes it odd.</summary>
    private static int AdjustWindow(int windowSize, int width, int height, bool halve)
    {
        int ws = (int)((uint)(windowSize * (width + height)) / 375) >> 4;
        if (halve)
        {
            ws = (ws + 1) >> 1;
        }

        return ws | 1;
    }

    private ReadOnlySpan<double> Finish(int frameIndex, double dist, ReadOnlySpan<byte> reference8, ReadOnlySpan<ushort> reference16, int stride)
    {
        double max = Options.MaxValue;
        _scores[0] = Math.Min(dist, max);
        if (Options.FullReference)
        {
            bool wide = _bitDepth > 8;
            RequirePlane(wide ? reference16.Length : reference8.Length, stride, wide ? 16 : 8, "reference");
            double src = Score(frameIndex, reference8, reference16, stride, isSource: true);
            _scores[1] = Math.Min(src, max);
            _scores[2] = Math.Min(Math.Max(0, dist - src), max);
        }

        return _scores;
    }

    private double Score(int frameIndex, ReadOnlySpan<byte> plane8, ReadOnlySpan<ushort> plane16, int stride, bool isSource)
    {
        int width = isSource ? SourceWidth : EncWidth;
        int height = isSource ? SourceHeight : EncHeight;
        int window = isSource ? SourceWindowSize : WindowSize;
        Span<ushort> image = _image;
        int limit = CambiKernels.ValidationLimit(_bitDepth);
        if (_bitDepth <= 8)
        {
            RequireInRange(limit < 0 ? -1 : CambiKernels.FindAbove(plane8, stride, _inputWidth, _inputHeight, limit), limit);
            if (_vector && width == _inputWidth && height == _inputHeight)
            {
                CambiVectorKernels.ToTenBits(plane8, stride, width, height, _bitDepth, image, _stride);
            }
            else
            {
                CambiKernels.ToTenBits(plane8, stride, _inputWidth, _inputHeight, _bitDepth, image, _stride, width, height);
            }
        }
        else
        {
            RequireInRange(limit < 0 ? -1 : CambiKernels.FindAbove(plane16, stride, _inputWidth, _inputHeight, limit), limit);
            CambiKernels.ToTenBits(plane16, stride, _inputWidth, _inputHeight, _bitDepth, image, _stride, width, height);
        }

        int maskIndex = isSource ? _sourceMaskIndex : _maskIndex;
        if (_vector)
        {
            if (EncBitDepth < 10)
            {
                CambiVectorKernels.AntiDither(image, _stride, width, height);
            }

            CambiVectorKernels.SpatialMask(image, _stride, _mask, width, height, maskIndex, _vectorRing, _vectorColumnSums);
        }
        else
        {
            if (EncBitDepth < 10)
            {
                CambiKernels.AntiDither(image, _stride, width, height);
            }

            CambiKernels.SpatialMask(image, _stride, _mask, width, height, maskIndex, _maskRing, _columnSums);
        }

        int pad = window >> 1;
        int w = width;
        int h = height;
        for (int scale = 0; scale < Scales; scale++)
        {
            if (scale > 0 || _halveFirst)
            {
                w = (w + 1) >> 1;
                h = (h + 1) >> 1;
                if (_vector)
                {
                    CambiVectorKernels.Decimate(image, _stride, w, h);
                    CambiVectorKernels.Decimate(_mask, _stride, w, h);
                }
                else
                {
                    CambiKernels.Decimate<ushort>(image, _stride, w, h);
                    CambiKernels.Decimate<byte>(_mask, _stride, w, h);
                }
            }

            if (_vector)
            {
                CambiVectorKernels.ModeFilter(image, _stride, w, h, _modeLines);
            }
            else
            {
                CambiKernels.ModeFilter(image, _stride, w, h, _modeLines);
            }

            Span<float> c = _c.AsSpan(0, w * h);
            _cValues.Compute(image, _mask, _stride, w, h, pad, c, _histograms);
            if (!isSource && HeatmapSink is { } sink)
            {
                WriteHeatmap(sink, frameIndex, scale, w, h, window, c);
            }

            _scaleScores[scale] = CambiKernels.TopKMean(c, Options.TopK);
        }

        double score = 0;
        for (int scale = 0; scale < Scales; scale++)
        {
            score += _scaleScores[scale] * CambiTables.ScaleWeights[scale];
        }

        int side = (2 * (window >> 1)) + 1;
        return score / (side * side);
    }

    private void WriteHeatmap(ICambiHeatmapSink sink, int frameIndex, int scale, int w, int h, int window, ReadOnlySpan<float> c)
    {
        _heatmap ??= new ushort[_c.Length];
        int maxC = _maxContrastWeight * window * window / 4;
        double scaling = 65535.0 / maxC;
        Span<ushort> values = _heatmap.AsSpan(0, w * h);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (ushort)(scaling * c[i]);
        }

        sink.Write(frameIndex, scale, w, h, values);
    }

    private void RequireInRange(int offendingIndex, int limit)
    {
        if (offendingIndex >= 0)
        {
            throw new InvalidInputException(
                $"cambi: Invalid input. The input contains values greater than {limit}, which exceeds the maximum value for a {_bitDepth}-bit depth format.");
        }
    }

    private void RequirePlane(int length, int stride, int sampleBits, string role)
    {
        int expectedBits = _bitDepth > 8 ? 16 : 8;
        if (sampleBits != expectedBits)
        {
            throw new ArgumentException($"cambi: {_bitDepth}-bit input takes {(expectedBits == 8 ? "byte" : "ushort")} planes");
        }

        if (stride < _inputWidth || length < ((long)(_inputHeight - 1) * stride) + _inputWidth)
        {
            throw new ArgumentException($"cambi: the {role} plane holds {length} samples; {_inputWidth}x{_inputHeight} at stride {stride} needs {((long)(_inputHeight - 1) * stride) + _inputWidth}");
        }
    }

    private void RequireSizes()
    {
        if (EncWidth < MinimumSize && EncHeight < MinimumSize)
        {
            throw new InvalidInputException(
                $"cambi: frame {EncWidth}x{EncHeight} is too small; libvmaf's CAMBI needs a processing width or height of at least {MinimumSize}");
        }

        if (SourceWidth < MinimumSize && SourceHeight < MinimumSize)
        {
            throw new InvalidInputException(
                $"cambi: source size {SourceWidth}x{SourceHeight} is too small; libvmaf's CAMBI needs a width or height of at least {MinimumSize}");
        }

        if ((SourceWidth > EncWidth && SourceHeight < EncHeight) || (SourceWidth < EncWidth && SourceHeight > EncHeight))
        {
            throw new InvalidInputException(
                $"cambi: source size {SourceWidth}x{SourceHeight} and processing size {EncWidth}x{EncHeight} must not be larger in one dimension and smaller in the other");
        }
    }

    /// <summary>
    /// libvmaf's sliding window reads and writes outside its buffers when a scale is shorter than the half-window (and at
    /// full size also when it is narrower); such extreme aspect ratios are refused rather than given made-up values.
    /// </summary>
    private void RequireScalesFitWindow(int width, int height, int window)
    {
        int pad = window >> 1;
        int w = width;
        int h = height;
        for (int scale = 0; scale < Scales; scale++)
        {
            bool halved = scale > 0 || _halveFirst;
            if (halved)
            {
                w = (w + 1) >> 1;
                h = (h + 1) >> 1;
            }

            if (pad > h || pad > width || (!halved && (pad >= h || pad > w)))
            {
                throw new InvalidInputException(
                    $"cambi: frame {width}x{height} is too narrow for CAMBI's {window}-sample window: scale {scale} is {w}x{h}, smaller than the half-window {pad} "
                    + "(libvmaf reads outside its buffers there)");
            }
        }
    }

    /// <summary>Reinterprets little-endian 16-bit sample bytes, as the engine stores planes above 8 bits.</summary>
    public static ReadOnlySpan<ushort> Words(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, ushort>(bytes);
}
