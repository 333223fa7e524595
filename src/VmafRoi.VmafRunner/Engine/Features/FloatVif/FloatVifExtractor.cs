using System.Runtime.CompilerServices;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features.FloatCommon;

namespace VmafRoi.VmafRunner.Engine.Features.FloatVif;

/// <summary>
/// libvmaf's <c>float_vif</c> (3.2.0 notes 07 A): visual information fidelity at four scales on the luma, in float,
/// giving <c>VMAF_feature_vif_scale0..3_score</c> (the <c>vmaf_float_v0.6.1</c> inputs).
/// </summary>
public static class FloatVifExtractor
{
    public const string Name = "float_vif";

    public const string Scale0 = "VMAF_feature_vif_scale0_score";
    public const string Scale1 = "VMAF_feature_vif_scale1_score";
    public const string Scale2 = "VMAF_feature_vif_scale2_score";
    public const string Scale3 = "VMAF_feature_vif_scale3_score";

    /// <summary>Collector names, in libvmaf's order (the last eleven only with <c>debug</c>).</summary>
    public static IReadOnlyList<string> Provides { get; } =
    [
        Scale0, Scale1, Scale2, Scale3, "vif", "vif_num", "vif_den", "vif_num_scale0", "vif_den_scale0",
        "vif_num_scale1", "vif_den_scale1", "vif_num_scale2", "vif_den_scale2", "vif_num_scale3", "vif_den_scale3",
    ];

    /// <summary>libvmaf's option table, in its order.</summary>
    public static IReadOnlyList<FloatOptionRow> Options { get; } =
    [
        FloatOptionRow.Bool("debug", null, false, false, "also emit vif, vif_num, vif_den and the per-scale numerators and denominators"),
        FloatOptionRow.Double("vif_enhn_gain_limit", "egl", 100.0, 1.0, 100.0, true, "upper limit of the enhancement gain (1 disables enhancement)"),
        FloatOptionRow.Double("vif_kernelscale", "ks", 1.0, 0.1, 4.0, true, "Gaussian kernel scale; one of libvmaf's 21 valid scales"),
        FloatOptionRow.Double("vif_prescale", "ps", 1.0, 0.1, 4.0, true, "resample the frame by this factor first"),
        FloatOptionRow.Double("vif_scale1_min_val", "s1miv", 0.0, 0.0, 1.0, true, "lower clip of vif_scale1"),
        FloatOptionRow.Double("vif_scale2_min_val", "s2miv", 0.0, 0.0, 1.0, true, "lower clip of vif_scale2"),
        FloatOptionRow.Double("vif_scale3_min_val", "s3miv", 0.0, 0.0, 1.0, true, "lower clip of vif_scale3"),
        FloatOptionRow.Text("vif_prescale_method", "pm", "nearest", FloatRescaler.MethodNames, true, "resampling method of vif_prescale"),
        FloatOptionRow.Double("vif_sigma_nsq", "snsq", 2.0, 0.0, 5.0, true, "neural noise variance"),
        FloatOptionRow.Bool("vif_skip_scale0", "ssclz", false, true, "skip scale 0 (vif_scale0 is then 0)"),
    ];

    /// <summary>Validates option values (names or aliases) against <see cref="Options"/>.</summary>
    /// <exception cref="InvalidInputException">An unknown option or a value libvmaf would refuse.</exception>
    public static FloatOptions ParseOptions(IReadOnlyDictionary<string, object>? values = null) =>
        FloatOptions.Create(Name, Options, values);
}

/// <summary>Per-scale numerators and denominators of one frame (float, as libvmaf keeps them): [2s] num, [2s+1] den.</summary>
[InlineArray(8)]
public struct FloatVifScores
{
    private float _element;
}

/// <summary>
/// One configured <c>float_vif</c> for one frame size: buffers are allocated once here and reused for every frame.
/// Not thread-safe; use one instance per thread (frames are independent).
/// </summary>
public sealed class FloatVif
{
    private readonly FloatOptions _options;
    private readonly bool _debug;
    private readonly bool _skipScale0;
    private readonly float _gainLimit;
    private readonly double _sigmaNsq;
    private readonly float _sigmaMaxInv;
    private readonly double[] _minVal;
    private readonly RescaleMethod _method;
    private readonly float[][] _filters = new float[4][];
    private readonly int[] _w = new int[4];
    private readonly int[] _h = new int[4];
    private readonly float[][] _ref = new float[4][];
    private readonly float[][] _dis = new float[4][];
    private readonly float[]? _refInput;
    private readonly float[]? _disInput;
    private readonly float[][] _rows = new float[5][];
    private readonly float[][] _out = new float[5][];
    private readonly int _pad;
    private readonly string[] _names;

    /// <exception cref="UnsupportedFormatException">A bit depth other than 8, 10, 12 or 16.</exception>
    /// <exception cref="InvalidInputException">An invalid kernel scale, or a frame too small for the filters.</exception>
    public FloatVif(FloatOptions options, int width, int height, int bitDepth)
    {
        ArgumentNullException.ThrowIfNull(options);
        SamplePlane.RequireFloatBitDepth(FloatVifExtractor.Name, bitDepth);
        _options = options;
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        _debug = options.Flag("debug");
        _skipScale0 = options.Flag("vif_skip_scale0");
        _gainLimit = (float)options.Number("vif_enhn_gain_limit");
        _sigmaNsq = options.Number("vif_sigma_nsq");
        float nsq = (float)_sigmaNsq;
        _sigmaMaxInv = (float)((nsq * nsq) / (255.0 * 255.0));
        _minVal = [0.0, options.Number("vif_scale1_min_val"), options.Number("vif_scale2_min_val"), options.Number("vif_scale3_min_val")];
        _method = FloatRescaler.Parse(options.Text("vif_prescale_method"));
        float kernelScale = (float)options.Number("vif_kernelscale");
        if (!FloatVifKernels.IsValidKernelScale(kernelScale))
        {
            throw new InvalidInputException(
                $"float_vif: vif_kernelscale {CFormatG(options.Number("vif_kernelscale"))} is not one of libvmaf's valid kernel scales ({string.Join(", ", FloatVifKernels.ValidKernelScales.Select(v => CFormatG(v)))})");
        }

        double prescale = options.Number("vif_prescale");
        _w[0] = (int)((width * prescale) + 0.5);
        _h[0] = (int)((height * prescale) + 0.5);
        for (int s = 0; s < 4; s++)
        {
            _filters[s] = FloatVifKernels.Filter(s, kernelScale);
            if (s > 0)
            {
                _w[s] = _w[s - 1] / 2;
                _h[s] = _h[s - 1] / 2;
            }
        }

        RequireSize();
        for (int s = 0; s < 4; s++)
        {
            _ref[s] = new float[_w[s] * _h[s]];
            _dis[s] = new float[_w[s] * _h[s]];
        }

        if (_w[0] != width || _h[0] != height)
        {
            _refInput = new float[width * height];
            _disInput = new float[width * height];
        }

        _pad = _filters[0].Length / 2;
        for (int q = 0; q < 5; q++)
        {
            _rows[q] = new float[_w[0] + (2 * _pad)];
            _out[q] = new float[_w[0]];
        }

        _names = FloatVifExtractor.Provides.Select(options.FeatureName).ToArray();
    }

    public int Width { get; }

    public int Height { get; }

    public int BitDepth { get; }

    /// <summary>The feature names this instance writes, in order (collector names; suffixed for non-default parameters).</summary>
    public IReadOnlyList<string> FeatureNames => _debug ? _names : _names[..4];

    /// <summary>Scores one frame pair (luma planes of <see cref="Width"/>×<see cref="Height"/>).</summary>
    public FloatVifScores Compute(in SamplePlane reference, in SamplePlane distorted)
    {
        RequirePlane(reference);
        RequirePlane(distorted);
        if (_refInput is null)
        {
            FloatSamples.Convert(reference, Width, Height, _ref[0], _w[0], FloatSamples.LumaOffset);
            FloatSamples.Convert(distorted, Width, Height, _dis[0], _w[0], FloatSamples.LumaOffset);
        }
        else
        {
            FloatSamples.Convert(reference, Width, Height, _refInput, Width, FloatSamples.LumaOffset);
            FloatSamples.Convert(distorted, Width, Height, _disInput, Width, FloatSamples.LumaOffset);
            FloatRescaler.Scale(_method, _refInput, Width, Height, Width, _ref[0], _w[0], _h[0], _w[0]);
            FloatRescaler.Scale(_method, _disInput, Width, Height, Width, _dis[0], _w[0], _h[0], _w[0]);
        }

        var scores = default(FloatVifScores);
        for (int s = 0; s < 4; s++)
        {
            if (s > 0)
            {
                Decimate(_filters[s], _ref[s - 1], _w[s - 1], _h[s - 1], _ref[s], _w[s], _h[s]);
                Decimate(_filters[s], _dis[s - 1], _w[s - 1], _h[s - 1], _dis[s], _w[s], _h[s]);
            }

            if (s == 0 && _skipScale0)
            {
                continue;
            }

            (scores[2 * s], scores[(2 * s) + 1]) = ScaleSums(s);
        }

        return scores;
    }

    /// <summary>Appends one frame's features to <paramref name="collector"/> in libvmaf's order.</summary>
    public void Write(int index, in FloatVifScores scores, FeatureCollector collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        collector.Append(_names[0], index, _skipScale0 ? 0.0 : (double)scores[0] / scores[1]);
        for (int s = 1; s < 4; s++)
        {
            double ratio = (double)scores[2 * s] / scores[(2 * s) + 1];
            collector.Append(_names[s], index, ratio > _minVal[s] ? ratio : _minVal[s]);
        }

        if (!_debug)
        {
            return;
        }

        double num = 0, den = 0;
        for (int s = _skipScale0 ? 1 : 0; s < 4; s++)
        {
            num += scores[2 * s];
            den += scores[(2 * s) + 1];
        }

        collector.Append(_names[4], index, den == 0.0 ? 1.0 : num / den);
        collector.Append(_names[5], index, num);
        collector.Append(_names[6], index, den);
        for (int s = 0; s < 4; s++)
        {
            bool skipped = s == 0 && _skipScale0;
            collector.Append(_names[7 + (2 * s)], index, skipped ? 0.0 : scores[2 * s]);
            collector.Append(_names[8 + (2 * s)], index, skipped ? -1.0 : scores[(2 * s) + 1]);
        }
    }

    /// <summary><see cref="Compute"/> then <see cref="Write"/>.</summary>
    public void Extract(int index, in SamplePlane reference, in SamplePlane distorted, FeatureCollector collector) =>
        Write(index, Compute(reference, distorted), collector);

    private static string CFormatG(double v) => Output.CFormat.G(v);

    /// <summary>Level s = the even rows and columns of level s−1 filtered with scale s's filter.</summary>
    private void Decimate(float[] filter, float[] src, int w, int h, float[] dst, int dw, int dh)
    {
        int pad = filter.Length / 2;
        Span<float> row = _rows[0].AsSpan(0, w + (2 * pad));
        for (int i = 0; i < dh; i++)
        {
            FloatFilter.Vertical(filter, src, w, h, w, 2 * i, row, pad);
            FloatFilter.Horizontal(filter, row, w, pad, dst.AsSpan(i * dw, dw), dw, 2);
        }
    }

    private (float Num, float Den) ScaleSums(int s)
    {
        float[] filter = _filters[s];
        int w = _w[s], h = _h[s], pad = filter.Length / 2;
        float[] refImg = _ref[s], disImg = _dis[s];
        Span<float> mu1 = _rows[0].AsSpan(0, w + (2 * pad)), mu2 = _rows[1].AsSpan(0, w + (2 * pad));
        Span<float> xx = _rows[2].AsSpan(0, w + (2 * pad)), yy = _rows[3].AsSpan(0, w + (2 * pad)), xy = _rows[4].AsSpan(0, w + (2 * pad));
        float num = 0, den = 0;
        for (int i = 0; i < h; i++)
        {
            FloatVifKernels.VerticalStats(filter, refImg, disImg, w, h, w, i, mu1, mu2, xx, yy, xy, pad);
            FloatFilter.Horizontal(filter, mu1, w, pad, _out[0], w, 1);
            FloatFilter.Horizontal(filter, mu2, w, pad, _out[1], w, 1);
            FloatFilter.Horizontal(filter, xx, w, pad, _out[2], w, 1);
            FloatFilter.Horizontal(filter, yy, w, pad, _out[3], w, 1);
            FloatFilter.Horizontal(filter, xy, w, pad, _out[4], w, 1);
            (float rowNum, float rowDen) = FloatVifKernels.Statistic(_out[0], _out[1], _out[2], _out[3], _out[4], w, _gainLimit, _sigmaNsq, _sigmaMaxInv);
            num += rowNum;
            den += rowDen;
        }

        return (num, den);
    }

    private void RequirePlane(in SamplePlane plane)
    {
        if (plane.Width != Width || plane.Height != Height || plane.BitDepth != BitDepth)
        {
            throw new ArgumentException(
                $"float_vif was set up for {Width}x{Height} {BitDepth}-bit luma; got {plane.Width}x{plane.Height} {plane.BitDepth}-bit");
        }
    }

    /// <summary>Every level must be larger than the half-width of the filters that read it (libvmaf reads outside the image otherwise).</summary>
    private void RequireSize()
    {
        for (int s = 0; s < 4; s++)
        {
            int radius = _filters[s].Length / 2;
            bool decimationOk = s == 0 || (_w[s - 1] > radius && _h[s - 1] > radius);
            bool statisticOk = (s == 0 && _skipScale0) || (_w[s] > radius && _h[s] > radius);
            if (!decimationOk || !statisticOk)
            {
                string scaled = _w[0] == Width && _h[0] == Height ? string.Empty : $" (prescaled to {_w[0]}x{_h[0]})";
                throw new InvalidInputException(
                    $"float_vif: frame size {Width}x{Height}{scaled} is too small: scale {s} is {_w[s]}x{_h[s]} and its {_filters[s].Length}-tap filter needs more than {radius} samples per dimension (with default options the minimum is 16x16)");
            }
        }
    }
}
