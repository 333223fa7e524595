using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine.Features.FloatMotion;

/// <summary>
/// libvmaf's <c>float_motion</c> (3.2.0 notes 07 C): the mean absolute difference of consecutive blurred reference
/// frames, giving <c>VMAF_feature_motion2_score</c> (a <c>vmaf_float_v0.6.1</c> input), <c>motion</c> and <c>motion3</c>.
/// Temporal: frames must come in order.
/// </summary>
public static class FloatMotionExtractor
{
    public const string Name = "float_motion";

    public const string Motion = "VMAF_feature_motion_score";
    public const string Motion2 = "VMAF_feature_motion2_score";
    public const string Motion3 = "VMAF_feature_motion3_score";

    /// <summary>Collector names, in libvmaf's order.</summary>
    public static IReadOnlyList<string> Provides { get; } = [Motion, Motion2, Motion3];

    /// <summary>libvmaf's option table, in its order (note <c>debug</c> defaults to true here).</summary>
    public static IReadOnlyList<FloatOptionRow> Options { get; } =
    [
        FloatOptionRow.Bool("debug", null, true, false, "also emit the per-frame score as VMAF_feature_motion_score"),
        FloatOptionRow.Bool("motion_force_zero", "force_0", false, true, "emit zero motion for every frame"),
        FloatOptionRow.Double("motion_fps_weight", "mfw", 1.0, 0.0, 5.0, true, "scale applied to the scores"),
        FloatOptionRow.Double("motion_blend_factor", "mbf", 1.0, 0.0, 1.0, true, "motion3 weight of the raw motion2"),
        FloatOptionRow.Double("motion_blend_offset", "mbo", 40.0, 0.0, 1000.0, true, "motion3 blend cap"),
        FloatOptionRow.Bool("motion_add_scale1", "mdc", false, true, "add the difference at half resolution (bilinear)"),
        FloatOptionRow.Int("motion_filter_size", "mfs", 5, 0, 9, true, "blur: 1 none, 3 three taps, else five taps"),
        FloatOptionRow.Bool("motion_add_uv", "mau", false, true, "add the chroma planes' differences"),
        FloatOptionRow.Double("motion_max_val", "mmxv", 10000.0, 0.0, 10000.0, true, "upper clip of the scores"),
    ];

    /// <summary>Validates option values (names or aliases) against <see cref="Options"/>.</summary>
    /// <exception cref="InvalidInputException">An unknown option or a value libvmaf would refuse.</exception>
    public static FloatOptions ParseOptions(IReadOnlyDictionary<string, object>? values = null) =>
        FloatOptions.Create(Name, Options, values);
}

/// <summary>
/// One configured <c>float_motion</c> for one stream: it keeps the previous frame's blur and score, so feed every
/// frame in order (index 0, 1, 2, …) to <see cref="Extract(int, in SamplePlane, in SamplePlane, in SamplePlane, FeatureCollector)"/>
/// and call <see cref="Flush"/> once at the end. Only the reference picture is read.
/// </summary>
public sealed class FloatMotion
{
    /// <summary>The 5-tap blur (double literals stored as float).</summary>
    private static readonly float[] Filter5 = [(float)0.054488685, (float)0.244201342, (float)0.402619947, (float)0.244201342, (float)0.054488685];

    private static readonly float[] Filter3 = [(float)0.166378498, (float)0.667243004, (float)0.166378498];

    /// <summary><c>motion_filter_size</c> 1: five taps that copy the centre.</summary>
    private static readonly float[] Filter5NoOp = [0f, 0f, 1f, 0f, 0f];

    private readonly bool _debug;
    private readonly bool _forceZero;
    private readonly bool _addScale1;
    private readonly bool _addUv;
    private readonly double _fpsWeight;
    private readonly double _blendFactor;
    private readonly double _blendOffset;
    private readonly double _maxVal;
    private readonly float[] _filter;
    private readonly Plane[] _planes;
    private readonly float[] _row;
    private readonly float[] _scaledA;
    private readonly float[] _scaledB;
    private readonly string _motion;
    private readonly string _motion2;
    private readonly string _motion3;
    private int _next;
    private double _score;

    /// <param name="options">Validated options (<see cref="FloatMotionExtractor.ParseOptions"/>).</param>
    /// <param name="width">Luma width.</param>
    /// <param name="height">Luma height.</param>
    /// <param name="bitDepth">8, 10, 12 or 16.</param>
    /// <param name="chroma">The picture's chroma layout; read only with <c>motion_add_uv</c>.</param>
    /// <exception cref="UnsupportedFormatException">A bit depth other than 8, 10, 12 or 16; <c>motion_add_uv</c> on 4:0:0.</exception>
    /// <exception cref="InvalidInputException">A plane smaller than the blur, or <c>motion_add_uv</c> with <c>motion_add_scale1</c> on subsampled chroma.</exception>
    public FloatMotion(FloatOptions options, int width, int height, int bitDepth, ChromaFormat chroma = ChromaFormat.Yuv420)
    {
        ArgumentNullException.ThrowIfNull(options);
        SamplePlane.RequireFloatBitDepth(FloatMotionExtractor.Name, bitDepth);
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        Chroma = chroma;
        _debug = options.Flag("debug");
        _forceZero = options.Flag("motion_force_zero");
        _addScale1 = options.Flag("motion_add_scale1");
        _addUv = options.Flag("motion_add_uv");
        _fpsWeight = options.Number("motion_fps_weight");
        _blendFactor = options.Number("motion_blend_factor");
        _blendOffset = options.Number("motion_blend_offset");
        _maxVal = options.Number("motion_max_val");
        _filter = options.Integer("motion_filter_size") switch
        {
            1 => Filter5NoOp,
            3 => Filter3,
            _ => Filter5,
        };
        _motion = options.FeatureName(FloatMotionExtractor.Motion);
        _motion2 = options.FeatureName(FloatMotionExtractor.Motion2);
        _motion3 = options.FeatureName(FloatMotionExtractor.Motion3);

        int radius = _filter.Length / 2;
        var sizes = new List<(int W, int H)> { (width, height) };
        if (_addUv && !_forceZero)
        {
            if (chroma == ChromaFormat.Gray)
            {
                throw new UnsupportedFormatException("float_motion: motion_add_uv needs chroma planes; the input is 4:0:0 (libvmaf refuses it too)");
            }

            if (_addScale1 && chroma != ChromaFormat.Yuv444)
            {
                throw new InvalidInputException(
                    "float_motion: motion_add_uv with motion_add_scale1 needs 4:4:4 input; on subsampled chroma libvmaf resamples the chroma with the wrong row stride and reads uninitialised memory");
            }

            (int cw, int ch) = ChromaSize(width, height, chroma);
            sizes.Add((cw, ch));
            sizes.Add((cw, ch));
        }

        foreach ((int w, int h) in sizes)
        {
            if (w <= radius || h <= radius)
            {
                throw new InvalidInputException(
                    $"float_motion: {(w == width && h == height ? "frame" : "chroma plane")} size {w}x{h} is too small for the {_filter.Length}-tap blur; width and height must be at least {radius + 1}");
            }
        }

        _planes = sizes.Select(s => new Plane(s.W, s.H)).ToArray();
        _row = new float[width + (2 * radius)];
        int scaled = _addScale1 ? Scaled(width) * Scaled(height) : 0;
        _scaledA = new float[scaled];
        _scaledB = new float[scaled];
    }

    public int Width { get; }

    public int Height { get; }

    public int BitDepth { get; }

    public ChromaFormat Chroma { get; }

    /// <summary>The index the next <see cref="Extract(int, in SamplePlane, FeatureCollector)"/> call must carry.</summary>
    public int NextIndex => _next;

    /// <summary>Processes reference luma frame <paramref name="index"/> (without <c>motion_add_uv</c>).</summary>
    public void Extract(int index, in SamplePlane referenceY, FeatureCollector collector) =>
        Extract(index, referenceY, default, default, collector);

    /// <summary>
    /// Processes reference frame <paramref name="index"/> and appends what libvmaf appends at this frame: for frame 0
    /// <c>motion2</c> and <c>motion</c>, for frame 1 <c>motion</c> and <c>motion3</c> of frame 0, later <c>motion</c>
    /// and <c>motion2</c>/<c>motion3</c> of the previous frame. Chroma planes are read only with <c>motion_add_uv</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Frames out of order.</exception>
    public void Extract(int index, in SamplePlane referenceY, in SamplePlane referenceU, in SamplePlane referenceV, FeatureCollector collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        if (index != _next)
        {
            throw new InvalidOperationException($"float_motion is temporal: expected frame {_next}, got {index}");
        }

        _next++;
        if (_forceZero)
        {
            collector.Append(_motion2, index, 0.0);
            collector.Append(_motion3, index, 0.0);
            if (_debug)
            {
                collector.Append(_motion, index, 0.0);
            }

            return;
        }

        RequirePlane(referenceY, Width, Height, "luma");
        Blur(referenceY, _planes[0]);
        if (_planes.Length > 1)
        {
            RequirePlane(referenceU, _planes[1].Width, _planes[1].Height, "U");
            RequirePlane(referenceV, _planes[2].Width, _planes[2].Height, "V");
            Blur(referenceU, _planes[1]);
            Blur(referenceV, _planes[2]);
        }

        if (index == 0)
        {
            collector.Append(_motion2, index, 0.0);
            if (_debug)
            {
                collector.Append(_motion, index, 0.0);
            }

            Swap();
            return;
        }

        double score = 0;
        foreach (Plane p in _planes)
        {
            score += Sad(p.Previous, p.Current, p.Width, p.Height);
        }

        if (_debug)
        {
            collector.Append(_motion, index, CMin(score * _fpsWeight, _maxVal));
        }

        // SAD is symmetric, so the previous frame's score is libvmaf's SAD of the two frames before this one.
        double previous = _score;
        _score = score;
        Swap();
        if (index == 1)
        {
            collector.Append(_motion3, 0, CMin(Blend(score * _fpsWeight), _maxVal));
            return;
        }

        double score2 = previous < score ? previous : score;
        collector.Append(_motion2, index - 1, CMin(score2 * _fpsWeight, _maxVal));
        collector.Append(_motion3, index - 1, CMin(Blend(score2 * _fpsWeight), _maxVal));
    }

    /// <summary>End of stream: the last frame's <c>motion2</c> and <c>motion3</c> (a one-frame stream gets <c>motion3</c> = 0).</summary>
    public void Flush(FeatureCollector collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        if (_forceZero || _next == 0)
        {
            return;
        }

        int last = _next - 1;
        if (last > 0)
        {
            collector.Append(_motion2, last, CMin(_score * _fpsWeight, _maxVal));
            collector.Append(_motion3, last, CMin(Blend(_score * _fpsWeight), _maxVal));
        }
        else
        {
            collector.Append(_motion3, 0, 0.0);
        }
    }

    private static (int W, int H) ChromaSize(int width, int height, ChromaFormat chroma) => chroma switch
    {
        ChromaFormat.Yuv420 => (width >> 1, height >> 1),
        ChromaFormat.Yuv422 => (width >> 1, height),
        _ => (width, height),
    };

    private static int Scaled(int n) => (int)((n * 0.5) + 0.5);

    /// <summary>C's <c>MIN</c> macro.</summary>
    private static double CMin(double x, double y) => x < y ? x : y;

    private static void RequirePlane(in SamplePlane plane, int width, int height, string what)
    {
        if (plane.IsEmpty || plane.Width < width || plane.Height < height)
        {
            throw new ArgumentException($"float_motion needs a {what} plane of at least {width}x{height}; got {plane.Width}x{plane.Height}");
        }
    }

    private double Blend(double x) => (x * _blendFactor) + ((1 - _blendFactor) * (_blendOffset < x ? _blendOffset : x));

    private void Swap()
    {
        foreach (Plane p in _planes)
        {
            (p.Previous, p.Current) = (p.Current, p.Previous);
        }
    }

    /// <summary>Converts the top-left of <paramref name="source"/> (libvmaf reads floor-sized chroma) and blurs it into <c>Current</c>.</summary>
    private void Blur(in SamplePlane source, Plane plane)
    {
        int w = plane.Width, h = plane.Height, radius = _filter.Length / 2;
        FloatSamples.Convert(source, w, h, plane.Input, w, FloatSamples.LumaOffset);
        Span<float> row = _row.AsSpan(0, w + (2 * radius));
        for (int i = 0; i < h; i++)
        {
            FloatFilter.Vertical(_filter, plane.Input, w, h, w, i, row, radius);
            FloatFilter.Horizontal(_filter, row, w, radius, plane.Current.AsSpan(i * w, w), w, 1);
        }
    }

    /// <summary>libvmaf's <c>vmaf_image_sad_c</c>: the mean |a − b| in float (row sums, then the total), plus the half-resolution term with <c>motion_add_scale1</c>.</summary>
    private float Sad(float[] a, float[] b, int w, int h)
    {
        float sad = MeanAbsDiff(a, b, w, h);
        if (!_addScale1)
        {
            return sad;
        }

        int sw = Scaled(w), sh = Scaled(h);
        FloatRescaler.Scale(RescaleMethod.Bilinear, a, w, h, w, _scaledA, sw, sh, sw);
        FloatRescaler.Scale(RescaleMethod.Bilinear, b, w, h, w, _scaledB, sw, sh, sw);
        return sad + MeanAbsDiff(_scaledA, _scaledB, sw, sh);
    }

    private static float MeanAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int w, int h)
    {
        float total = 0;
        for (int i = 0; i < h; i++)
        {
            ReadOnlySpan<float> ra = a.Slice(i * w, w), rb = b.Slice(i * w, w);
            float row = 0;
            for (int j = 0; j < w; j++)
            {
                row += Math.Abs(ra[j] - rb[j]);
            }

            total += row;
        }

        return total / (w * h);
    }

    /// <summary>One plane's float input and its current and previous blurs.</summary>
    private sealed class Plane(int width, int height)
    {
        public int Width { get; } = width;

        public int Height { get; } = height;

        public float[] Input { get; } = new float[width * height];

        public float[] Current { get; set; } = new float[width * height];

        public float[] Previous { get; set; } = new float[width * height];
    }
}
