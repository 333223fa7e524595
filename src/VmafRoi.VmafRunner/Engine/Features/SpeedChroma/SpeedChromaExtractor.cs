using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Simd;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine.Features.SpeedChroma;

/// <summary>
/// libvmaf 3.2.0's <c>speed_chroma</c> (SpEED on the U and V planes; 06-v1016-inputs.md A), bit-exact to its portable C
/// path: each chroma plane of the reference and the distorted picture is (optionally) resized, low-passed and reduced 16
/// times, mean-subtracted, and fitted per 5x5 block with a Gaussian scale mixture; the score is the mean absolute
/// difference of the variance-weighted block entropies.
/// </summary>
/// <remarks>
/// One instance per frame size and option set, used by one thread at a time; it holds every buffer (allocated once) and
/// no state between frames. <c>Extract</c> returns the values of <see cref="FeatureNames"/> (u, v, uv) in a buffer
/// reused by the next call.
/// </remarks>
public sealed class SpeedChromaExtractor
{
    /// <summary>libvmaf's extractor name (<c>--feature speed_chroma</c>).</summary>
    public const string ExtractorName = "speed_chroma";

    public const string UFeature = "Speed_chroma_feature_speed_chroma_u_score";
    public const string VFeature = "Speed_chroma_feature_speed_chroma_v_score";

    /// <summary>The feature the v1.0.16 models read.</summary>
    public const string UvFeature = "Speed_chroma_feature_speed_chroma_uv_score";

    private readonly int _bitDepth;
    private readonly bool _prescale;
    private readonly float _sigmaNn;
    private readonly float _nnFloor;
    private readonly float[] _antiAlias;
    private readonly float[] _localMean;
    private readonly SpeedEstimator _estimator;
    private readonly int _stride;
    private readonly float[] _plane;
    private readonly float[] _scaled;
    private readonly float[] _column;
    private readonly float[] _reduced;
    private readonly float[] _mean;
    private readonly float[] _refEntropies;
    private readonly float[] _refVariances;
    private readonly float[] _disEntropies;
    private readonly float[] _disVariances;
    private readonly double[] _scores = new double[3];
    private readonly VectorWidth _vw;

    /// <summary>Sets SpEED-chroma up for frames of <paramref name="width"/> x <paramref name="height"/> luma.</summary>
    /// <exception cref="UnsupportedFormatException">4:0:0 input, or a bit depth other than 8, 10, 12 or 16.</exception>
    /// <exception cref="InvalidInputException">The chroma planes (after the prescale) are below 80 samples in a
    /// dimension: libvmaf's SpEED has no block to fit there and crashes.</exception>
    /// <remarks><paramref name="vectors"/> sets the filter pass's vector width; every width gives the scalar path's bits.</remarks>
    public SpeedChromaExtractor(SpeedChromaOptions options, int width, int height, ChromaFormat chroma, int bitDepth, VectorWidth vectors = VectorWidth.Auto)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (chroma == ChromaFormat.Gray)
        {
            throw new UnsupportedFormatException("speed_chroma: 4:0:0 (gray) input has no chroma planes; libvmaf refuses it");
        }

        if (bitDepth is not (8 or 10 or 12 or 16))
        {
            throw new UnsupportedFormatException($"speed_chroma: {bitDepth}-bit input is not supported; libvmaf's float features take 8, 10, 12 or 16 bits per sample");
        }

        if (width <= 0 || height <= 0)
        {
            throw new InvalidInputException($"speed_chroma: frame size {width}x{height} is not valid");
        }

        Options = options;
        _bitDepth = bitDepth;
        ChromaWidth = chroma == ChromaFormat.Yuv444 ? width : width / 2;
        ChromaHeight = chroma == ChromaFormat.Yuv420 ? height / 2 : height;
        ScaledWidth = (int)((ChromaWidth * options.Prescale) + 0.5);
        ScaledHeight = (int)((ChromaHeight * options.Prescale) + 0.5);
        int operatingWidth = ScaledWidth >> SpeedFilters.Scales;
        int operatingHeight = ScaledHeight >> SpeedFilters.Scales;
        _vw = VectorSupport.Resolve(vectors);
        _estimator = new SpeedEstimator(operatingWidth, operatingHeight, _vw);
        if (_estimator.TruncatedWidth == 0 || _estimator.TruncatedHeight == 0)
        {
            throw new InvalidInputException(
                $"speed_chroma: SpEED: image too small, operating width or height is 0: the {ChromaWidth}x{ChromaHeight} chroma planes"
                + (ScaledWidth != ChromaWidth || ScaledHeight != ChromaHeight ? $" (prescaled to {ScaledWidth}x{ScaledHeight})" : string.Empty)
                + " are below the 80x80 SpEED needs (libvmaf crashes on such input)");
        }

        _prescale = Math.Abs(options.Prescale - 1.0) >= 1.0e-3;
        _sigmaNn = (float)options.SigmaNn;
        _nnFloor = (float)options.NnFloor;
        _antiAlias = SpeedFilters.AntiAlias((float)options.KernelScale);
        _localMean = SpeedFilters.LocalMean((float)options.KernelScale);
        int allocW = Math.Max(ChromaWidth, ScaledWidth);
        int allocH = Math.Max(ChromaHeight, ScaledHeight);
        _stride = allocW;
        _plane = new float[allocW * allocH];
        _scaled = _prescale ? new float[allocW * allocH] : [];
        _column = new float[allocW];
        _reduced = new float[operatingWidth * operatingHeight];
        _mean = new float[operatingWidth * operatingHeight];
        OperatingWidth = operatingWidth;
        OperatingHeight = operatingHeight;
        int blocks = _estimator.Blocks;
        _refEntropies = new float[blocks];
        _refVariances = new float[blocks];
        _disEntropies = new float[blocks];
        _disVariances = new float[blocks];
        FeatureNames =
        [
            options.Values.FeatureName(UFeature, WriterAliases[UFeature]),
            options.Values.FeatureName(VFeature, WriterAliases[VFeature]),
            options.Values.FeatureName(UvFeature, WriterAliases[UvFeature]),
        ];
    }

    /// <summary>What libvmaf's writers print for these collector names.</summary>
    public static IReadOnlyDictionary<string, string> WriterAliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [UFeature] = "speed_chroma_u",
        [VFeature] = "speed_chroma_v",
        [UvFeature] = "speed_chroma_uv",
    };

    public SpeedChromaOptions Options { get; }

    /// <summary>The collector names of the values <c>Extract</c> returns: u, v, uv.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Width of each chroma plane as libvmaf sees it (luma width halved and rounded down unless 4:4:4).</summary>
    public int ChromaWidth { get; }

    public int ChromaHeight { get; }

    /// <summary>The chroma width after <c>speed_prescale</c>.</summary>
    public int ScaledWidth { get; }

    public int ScaledHeight { get; }

    /// <summary>The plane size SpEED fits: the scaled size over 16.</summary>
    public int OperatingWidth { get; }

    public int OperatingHeight { get; }

    /// <summary>5x5 blocks per plane.</summary>
    public int Blocks => _estimator.Blocks;

    /// <summary>
    /// How many of the last frame's four fits (U and V, reference and distorted) had a singular covariance matrix: libvmaf
    /// logs "est_params: covariance matrix is singular" for each. A flat channel gives 0 for that channel's score.
    /// </summary>
    public int LastFrameSingularFits { get; private set; }

    /// <summary>Scores one 8-bit frame from its chroma planes (all four at <paramref name="stride"/> samples per row).</summary>
    /// <returns>u, v and uv as <see cref="FeatureNames"/> lists them, valid until the next call.</returns>
    public ReadOnlySpan<double> Extract(ReadOnlySpan<byte> referenceU, ReadOnlySpan<byte> referenceV, ReadOnlySpan<byte> distortedU, ReadOnlySpan<byte> distortedV, int stride)
    {
        RequireDepth(8);
        RequirePlanes(stride, referenceU.Length, referenceV.Length, distortedU.Length, distortedV.Length);
        LastFrameSingularFits = 0;
        (float u, bool errU) = Channel(referenceU, default, distortedU, default, stride);
        (float v, bool errV) = Channel(referenceV, default, distortedV, default, stride);
        return Finish(u, errU, v, errV);
    }

    /// <summary>Scores one 10-, 12- or 16-bit frame (samples in the low bits).</summary>
    /// <inheritdoc cref="Extract(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, int)"/>
    public ReadOnlySpan<double> Extract(ReadOnlySpan<ushort> referenceU, ReadOnlySpan<ushort> referenceV, ReadOnlySpan<ushort> distortedU, ReadOnlySpan<ushort> distortedV, int stride)
    {
        RequireDepth(16);
        RequirePlanes(stride, referenceU.Length, referenceV.Length, distortedU.Length, distortedV.Length);
        LastFrameSingularFits = 0;
        (float u, bool errU) = Channel(default, referenceU, default, distortedU, stride);
        (float v, bool errV) = Channel(default, referenceV, default, distortedV, stride);
        return Finish(u, errU, v, errV);
    }

    private ReadOnlySpan<double> Finish(float u, bool errU, float v, bool errV)
    {
        // One singular channel: the pair takes the other channel's score (libvmaf's imputation).
        float uv = errU && !errV ? v : errV && !errU ? u : (float)((u + v) / 2.0);
        double max = Options.MaxValue;
        _scores[0] = Math.Min(u, max);
        _scores[1] = Math.Min(v, max);
        _scores[2] = Math.Min(uv, max);
        return _scores;
    }

    private (float Score, bool Failed) Channel(ReadOnlySpan<byte> ref8, ReadOnlySpan<ushort> ref16, ReadOnlySpan<byte> dis8, ReadOnlySpan<ushort> dis16, int stride)
    {
        Load(ref8, ref16, stride);
        bool refOk = Fit(_refEntropies, _refVariances);
        Load(dis8, dis16, stride);
        bool disOk = Fit(_disEntropies, _disVariances);
        LastFrameSingularFits += (refOk ? 0 : 1) + (disOk ? 0 : 1);

        // Exactly one side singular: 0 rather than an inflated score.
        float score = refOk != disOk
            ? 0.0f
            : _estimator.Score(_refEntropies, _refVariances, _disEntropies, _disVariances, _sigmaNn, _nnFloor, Options.WeightVarMode);
        return (score, !refOk || !disOk);
    }

    private void Load(ReadOnlySpan<byte> plane8, ReadOnlySpan<ushort> plane16, int stride)
    {
        if (_bitDepth == 8)
        {
            SpeedImage.ToFloat(plane8, stride, ChromaWidth, ChromaHeight, _plane, _stride);
        }
        else
        {
            SpeedImage.ToFloat(plane16, stride, ChromaWidth, ChromaHeight, _bitDepth, _plane, _stride);
        }
    }

    private bool Fit(Span<float> entropies, Span<float> variances)
    {
        float[] plane = _plane;
        if (_prescale)
        {
            SpeedImage.Rescale(Options.ScaleMethod, _plane, ChromaWidth, ChromaHeight, _scaled, ScaledWidth, ScaledHeight, _stride);
            plane = _scaled;
        }

        int ow = OperatingWidth;
        int oh = OperatingHeight;
        SpeedImage.FilterAndDecimate16(_antiAlias, plane, ScaledWidth, ScaledHeight, _stride, _reduced, _column, _vw);
        SpeedImage.Filter(_localMean, _reduced, ow, oh, ow, _mean, _column);
        SpeedImage.Subtract(_reduced, _mean, ow, oh, ow);
        return _estimator.Estimate(_reduced, ow, _sigmaNn, entropies, variances);
    }

    private void RequireDepth(int sampleBits)
    {
        if ((_bitDepth > 8 ? 16 : 8) != sampleBits)
        {
            throw new ArgumentException($"speed_chroma: {_bitDepth}-bit input takes {(_bitDepth > 8 ? "ushort" : "byte")} planes");
        }
    }

    private void RequirePlanes(int stride, params ReadOnlySpan<int> lengths)
    {
        long needed = ((long)(ChromaHeight - 1) * stride) + ChromaWidth;
        foreach (int length in lengths)
        {
            if (stride < ChromaWidth || length < needed)
            {
                throw new ArgumentException($"speed_chroma: a chroma plane holds {length} samples; {ChromaWidth}x{ChromaHeight} at stride {stride} needs {needed}");
            }
        }
    }
}
