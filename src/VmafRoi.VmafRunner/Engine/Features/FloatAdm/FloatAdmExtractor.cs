using System.Runtime.CompilerServices;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features.FloatCommon;

namespace VmafRoi.VmafRunner.Engine.Features.FloatAdm;

/// <summary>
/// libvmaf's <c>float_adm</c> (3.2.0 notes 07 B): the detail-loss metric at four db2 wavelet scales on the luma, in
/// float, giving <c>VMAF_feature_adm2_score</c> (a <c>vmaf_float_v0.6.1</c> input), AIM, ADM3 and per-scale values.
/// </summary>
public static class FloatAdmExtractor
{
    public const string Name = "float_adm";

    public const string Adm2 = "VMAF_feature_adm2_score";
    public const string Aim = "VMAF_feature_aim_score";
    public const string Adm3 = "VMAF_feature_adm3_score";

    /// <summary>Collector names, in libvmaf's order (from <c>adm_num</c> on only with <c>debug</c>; <c>adm_scale0</c> is listed by libvmaf but never written).</summary>
    public static IReadOnlyList<string> Provides { get; } =
    [
        Adm2, Aim, Adm3, "VMAF_feature_adm_scale0_score", "VMAF_feature_adm_scale1_score", "VMAF_feature_adm_scale2_score",
        "VMAF_feature_adm_scale3_score", "adm_num", "adm_den", "adm_scale0", "adm_num_scale0", "adm_den_scale0",
        "adm_num_scale1", "adm_den_scale1", "adm_num_scale2", "adm_den_scale2", "adm_num_scale3", "adm_den_scale3",
    ];

    /// <summary>The debug-only score (equal to adm2): libvmaf writes it without listing it, so it never carries a suffix.</summary>
    public const string DebugScore = "adm";

    /// <summary>libvmaf's option table, in its order.</summary>
    public static IReadOnlyList<FloatOptionRow> Options { get; } =
    [
        FloatOptionRow.Bool("debug", null, false, false, "also emit adm, adm_num, adm_den and the per-scale numerators and denominators"),
        FloatOptionRow.Double("adm_enhn_gain_limit", "egl", 100.0, 1.0, 100.0, true, "upper limit of the restored-detail gain (1 disables enhancement)"),
        FloatOptionRow.Double("adm_norm_view_dist", "nvd", 3.0, 0.75, 24.0, true, "viewing distance over display height"),
        FloatOptionRow.Double("adm_noise_weight", "nw", 0.03125, 0.0, 1500.0, true, "noise-floor weight"),
        FloatOptionRow.Double("adm_csf_scale", "scf", 1.0, 0.0, 50.0, true, "Barten CSF scale (adm_csf_mode 1)"),
        FloatOptionRow.Double("adm_csf_diag_scale", "scfd", 1.0, 0.0, 50.0, true, "Barten CSF scale of the diagonal band (adm_csf_mode 1)"),
        FloatOptionRow.Int("adm_ref_display_height", "rdf", 1080, 1, 4320, true, "reference display height in pixels"),
        FloatOptionRow.Int("adm_csf_mode", "csf", 0, 0, 9, true, "contrast sensitivity: 0 Watson, 1 Barten, 2 DLM paper, others Watson"),
        FloatOptionRow.Int("adm_bypass_cm", "bcm", 0, 0, 1, true, "1 skips contrast masking"),
        FloatOptionRow.Bool("adm_adm3_apply_hm", "aah", false, true, "combine DLM and AIM by harmonic mean in adm3"),
        FloatOptionRow.Double("adm_p_norm", "apn", 3.0, 1.0, 20.0, true, "p of the energy p-norm"),
        FloatOptionRow.Double("adm_dlm_weight", "dlmw", 0.5, 0.0, 1.0, true, "adm3 weight of DLM against AIM (1 = DLM only)"),
        FloatOptionRow.Double("adm_min_val", "min", 0.0, 0.0, 1.0, true, "lower clip of adm3"),
        FloatOptionRow.Double("adm_f1s0", "f1s0", -1.0, -1.0, 10.0, true, "when ≥ 0, the H/V factor of scale 0"),
        FloatOptionRow.Double("adm_f1s1", "f1s1", -1.0, -1.0, 10.0, true, "when ≥ 0, the H/V factor of scale 1"),
        FloatOptionRow.Double("adm_f1s2", "f1s2", -1.0, -1.0, 10.0, true, "when ≥ 0, the H/V factor of scale 2"),
        FloatOptionRow.Double("adm_f1s3", "f1s3", -1.0, -1.0, 10.0, true, "when ≥ 0, the H/V factor of scale 3"),
        FloatOptionRow.Double("adm_f2s0", "f2s0", -1.0, -1.0, 10.0, true, "when ≥ 0, the D factor of scale 0"),
        FloatOptionRow.Double("adm_f2s1", "f2s1", -1.0, -1.0, 10.0, true, "when ≥ 0, the D factor of scale 1"),
        FloatOptionRow.Double("adm_f2s2", "f2s2", -1.0, -1.0, 10.0, true, "when ≥ 0, the D factor of scale 2"),
        FloatOptionRow.Double("adm_f2s3", "f2s3", -1.0, -1.0, 10.0, true, "when ≥ 0, the D factor of scale 3"),
        FloatOptionRow.Int("adm_skip_aim_scale", "sasc", -1, 0, 3, true, "leave this scale out of AIM"),
        FloatOptionRow.Bool("adm_skip_scale0", "ssz", false, true, "skip scale 0 (adm_scale0 is then 0)"),
    ];

    /// <summary>Validates option values (names or aliases) against <see cref="Options"/>.</summary>
    /// <exception cref="InvalidInputException">An unknown option or a value libvmaf would refuse.</exception>
    public static FloatOptions ParseOptions(IReadOnlyDictionary<string, object>? values = null) =>
        FloatOptions.Create(Name, Options, values);
}

/// <summary>Per-scale results of one frame (float, as libvmaf keeps them): [3λ] numerator, [3λ+1] denominator, [3λ+2] AIM numerator.</summary>
[InlineArray(12)]
public struct FloatAdmScores
{
    private float _element;
}

/// <summary>
/// One configured <c>float_adm</c> for one frame size: buffers are allocated once here and reused for every frame.
/// Not thread-safe; use one instance per thread (frames are independent).
/// </summary>
public sealed class FloatAdm
{
    /// <summary>The smallest width and height: every scale's bands must be at least 2×2 for the mirrored 3×3 masking.</summary>
    public const int MinimumSize = 17;

    private readonly bool _debug;
    private readonly bool _skipScale0;
    private readonly bool _bypassMasking;
    private readonly bool _harmonicMean;
    private readonly int _skipAimScale;
    private readonly double _gainLimit;
    private readonly double _noiseWeight;
    private readonly double _pNorm;
    private readonly double _dlmWeight;
    private readonly double _minVal;
    private readonly AdmReciprocal _reciprocal;
    private readonly (float F1, float F2)[] _factors = new (float, float)[4];
    private readonly float[] _refImg;
    private readonly float[] _disImg;
    private readonly float[][] _ref = new float[3][];
    private readonly float[][] _dis = new float[3][];
    private readonly float[][] _refA = new float[2][];
    private readonly float[][] _disA = new float[2][];
    private readonly float[][] _r = new float[3][];
    private readonly float[][] _a = new float[3][];
    private readonly float[][] _ca = new float[3][];
    private readonly float[][] _cf = new float[3][];
    private readonly float[] _tmpLo;
    private readonly float[] _tmpHi;
    private readonly string[] _names;

    /// <exception cref="UnsupportedFormatException">A bit depth other than 8, 10, 12 or 16.</exception>
    /// <exception cref="InvalidInputException">A frame smaller than <see cref="MinimumSize"/> in either dimension.</exception>
    public FloatAdm(FloatOptions options, int width, int height, int bitDepth, AdmReciprocal reciprocal = AdmReciprocal.Hardware)
    {
        ArgumentNullException.ThrowIfNull(options);
        SamplePlane.RequireFloatBitDepth(FloatAdmExtractor.Name, bitDepth);
        if (width < MinimumSize || height < MinimumSize)
        {
            throw new InvalidInputException(
                $"float_adm: frame size {width}x{height} is too small; width and height must be at least {MinimumSize} (the fourth wavelet scale needs 2x2 bands, libvmaf reads outside the image below that)");
        }

        Width = width;
        Height = height;
        BitDepth = bitDepth;
        _reciprocal = reciprocal;
        _debug = options.Flag("debug");
        _skipScale0 = options.Flag("adm_skip_scale0");
        _bypassMasking = options.Integer("adm_bypass_cm") != 0;
        _harmonicMean = options.Flag("adm_adm3_apply_hm");
        _skipAimScale = options.Integer("adm_skip_aim_scale");
        _gainLimit = options.Number("adm_enhn_gain_limit");
        _noiseWeight = options.Number("adm_noise_weight");
        _pNorm = options.Number("adm_p_norm");
        _dlmWeight = options.Number("adm_dlm_weight");
        _minVal = options.Number("adm_min_val");
        for (int s = 0; s < 4; s++)
        {
            _factors[s] = FloatAdmCsf.Factors(
                s, options.Integer("adm_csf_mode"), options.Number("adm_norm_view_dist"), options.Integer("adm_ref_display_height"),
                options.Number("adm_csf_scale"), options.Number("adm_csf_diag_scale"),
                options.Number($"adm_f1s{s}"), options.Number($"adm_f2s{s}"));
        }

        _refImg = new float[width * height];
        _disImg = new float[width * height];
        int band = ((width + 1) / 2) * ((height + 1) / 2);
        for (int k = 0; k < 2; k++)
        {
            _refA[k] = new float[band];
            _disA[k] = new float[band];
        }

        for (int k = 0; k < 3; k++)
        {
            _ref[k] = new float[band];
            _dis[k] = new float[band];
            _r[k] = new float[band];
            _a[k] = new float[band];
            _ca[k] = new float[band];
            _cf[k] = new float[band];
        }

        _tmpLo = new float[width];
        _tmpHi = new float[width];
        _names = FloatAdmExtractor.Provides.Select(options.FeatureName).ToArray();
    }

    public int Width { get; }

    public int Height { get; }

    public int BitDepth { get; }

    /// <summary>Scores one frame pair (luma planes of <see cref="Width"/>×<see cref="Height"/>).</summary>
    public FloatAdmScores Compute(in SamplePlane reference, in SamplePlane distorted)
    {
        RequirePlane(reference);
        RequirePlane(distorted);
        FloatSamples.Convert(reference, Width, Height, _refImg, Width, FloatSamples.LumaOffset);
        FloatSamples.Convert(distorted, Width, Height, _disImg, Width, FloatSamples.LumaOffset);
        var scores = default(FloatAdmScores);
        float[] refSrc = _refImg, disSrc = _disImg;
        int w = Width, h = Height;
        for (int s = 0; s < 4; s++)
        {
            float[] refA = _refA[s % 2], disA = _disA[s % 2];
            int bw = (w + 1) / 2, bh = (h + 1) / 2;
            FloatAdmKernels.Dwt(refSrc, w, h, w, refA, _ref[0], _ref[1], _ref[2], bw, _tmpLo, _tmpHi);
            FloatAdmKernels.Dwt(disSrc, w, h, w, disA, _dis[0], _dis[1], _dis[2], bw, _tmpLo, _tmpHi);
            if (s == 0 && _skipScale0)
            {
                scores[1] = (float)1e-10;
            }
            else
            {
                (float f1, float f2) = _factors[s];
                FloatAdmKernels.Decouple(_ref, _dis, _r, _a, bw, bh, bw, _gainLimit, _reciprocal);
                scores[(3 * s) + 1] = FloatAdmKernels.Denominator(_ref, bw, bh, bw, f1, f2, _noiseWeight, _pNorm);
                FloatAdmKernels.Csf(_a, _ca, _cf, bw, bh, bw, f1, f2);
                scores[3 * s] = FloatAdmKernels.Numerator(_r, _ca, _cf, bw, bh, bw, f1, f2, _noiseWeight, _bypassMasking, _pNorm);
                FloatAdmKernels.Csf(_r, _ca, _cf, bw, bh, bw, f1, f2);
                scores[(3 * s) + 2] = FloatAdmKernels.Numerator(_a, _ca, _cf, bw, bh, bw, f1, f2, 0.0, _bypassMasking, _pNorm);
            }

            refSrc = refA;
            disSrc = disA;
            w = bw;
            h = bh;
        }

        return scores;
    }

    /// <summary>Appends one frame's features to <paramref name="collector"/> in libvmaf's order.</summary>
    public void Write(int index, in FloatAdmScores scores, FeatureCollector collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        double num = 0, den = 0, aimNum = 0, aimDen = 0;
        for (int s = 0; s < 4; s++)
        {
            num += scores[3 * s];
            den += scores[(3 * s) + 1];
            if (s != _skipAimScale)
            {
                aimDen += scores[(3 * s) + 1];
                aimNum += scores[(3 * s) + 2];
            }
        }

        double limit = 1e-10 * (Width * Height) / (1920.0 * 1080.0);
        num = num < limit ? 0 : num;
        den = den < limit ? 0 : den;
        double adm2, aim;
        if (den == 0.0)
        {
            // libvmaf leaves AIM unassigned here (a reference without detail); 0 makes adm3 = max(1, min).
            adm2 = 1.0;
            aim = 0.0;
        }
        else
        {
            double ratio = aimNum / aimDen;
            aim = ratio < 1.0f ? ratio : 1.0f;
            adm2 = num / den;
        }

        double adm3 = CMax(_harmonicMean ? 2 * adm2 * aim / (adm2 + aim) : (adm2 * _dlmWeight) + ((1 - aim) * (1 - _dlmWeight)), _minVal);
        collector.Append(_names[0], index, adm2);
        collector.Append(_names[1], index, aim);
        collector.Append(_names[2], index, adm3);
        for (int s = 0; s < 4; s++)
        {
            collector.Append(_names[3 + s], index, (double)scores[3 * s] / scores[(3 * s) + 1]);
        }

        if (!_debug)
        {
            return;
        }

        collector.Append(FloatAdmExtractor.DebugScore, index, adm2);
        collector.Append(_names[7], index, num);
        collector.Append(_names[8], index, den);
        for (int s = 0; s < 4; s++)
        {
            collector.Append(_names[10 + (2 * s)], index, scores[3 * s]);
            collector.Append(_names[11 + (2 * s)], index, scores[(3 * s) + 1]);
        }
    }

    /// <summary><see cref="Compute"/> then <see cref="Write"/>.</summary>
    public void Extract(int index, in SamplePlane reference, in SamplePlane distorted, FeatureCollector collector) =>
        Write(index, Compute(reference, distorted), collector);

    /// <summary>C's <c>MAX</c> macro (differs from Math.Max for NaN).</summary>
    private static double CMax(double x, double y) => x > y ? x : y;

    private void RequirePlane(in SamplePlane plane)
    {
        if (plane.Width != Width || plane.Height != Height || plane.BitDepth != BitDepth)
        {
            throw new ArgumentException(
                $"float_adm was set up for {Width}x{Height} {BitDepth}-bit luma; got {plane.Width}x{plane.Height} {plane.BitDepth}-bit");
        }
    }
}
