using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Motion;

/// <summary>
/// libvmaf 3.2.0's pipelined integer motion (spec §4.7), registered as <c>motion_v2</c>: the SAD of the blurred
/// difference of consecutive reference frames (R101 borders, double normalisation), with <c>motion2</c> and
/// <c>motion3</c> written at the end of the stream.
/// </summary>
public sealed class IntegerMotionV32Extractor : IFeatureExtractor
{
    public const string Sad = "VMAF_integer_feature_motion_sad_score";
    public const string Motion3 = "VMAF_integer_feature_motion3_score";

    public static IntegerMotionV32Extractor Instance { get; } = new();

    public string Name => "motion_v2";

    public IReadOnlyList<string> Provides { get; } =
        [Sad, IntegerMotionExtractor.Motion, IntegerMotionExtractor.Motion2, Motion3];

    public IReadOnlyList<FeatureOption> Options { get; } =
    [
        FeatureOption.Bool("debug", null, false, false, "also emit the per-frame score as VMAF_integer_feature_motion_score"),
        FeatureOption.Bool("motion_force_zero", "force_0", false, true, "emit zero motion for every frame"),
        FeatureOption.Number("motion_blend_factor", "mbf", 1.0, 0.0, 1.0, true, "motion3 blend weight of the raw motion2"),
        FeatureOption.Number("motion_blend_offset", "mbo", 40.0, 0.0, 1000.0, true, "motion3 blend cap"),
        FeatureOption.Number("motion_fps_weight", "mfw", 1.0, 0.0, 5.0, true, "scale applied to the SAD score"),
        FeatureOption.Number("motion_max_val", "mmxv", 10000.0, 0.0, 10000.0, true, "upper clip of the scores"),
        FeatureOption.Bool("motion_five_frame_window", "mffw", false, true, "compare with the frame two back, stride 2"),
        FeatureOption.Bool("motion_moving_average", "mma", false, true, "motion3 averages with the previous frame"),
    ];

    public FeatureExtractorFlags Flags => FeatureExtractorFlags.Temporal | FeatureExtractorFlags.PreviousReference;

    public int PreviousReferenceDistance(FeatureSettings settings) => settings.GetBool("motion_five_frame_window") ? 2 : 1;

    public FeatureInstance CreateInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width) =>
        new MotionInstance(settings, geometry, VectorSupport.Resolve(width));

    private sealed unsafe class MotionInstance : FeatureInstance
    {
        private readonly bool _debug;
        private readonly bool _forceZero;
        private readonly double _blendFactor;
        private readonly double _blendOffset;
        private readonly double _fpsWeight;
        private readonly double _maxVal;
        private readonly bool _movingAverage;
        private readonly int _minIndex;
        private readonly int _stride;
        private readonly string _sadName;
        private readonly string _motionName;
        private readonly string _motion2Name;
        private readonly string _motion3Name;
        private readonly VectorWidth _vw;
        private readonly List<double> _sad = [];
        private readonly List<double> _weightedSad = [];

        public MotionInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth vw)
            : base(settings, geometry)
        {
            RequireSupported("motion_v2", geometry);
            _vw = vw;
            _debug = settings.GetBool("debug");
            _forceZero = settings.GetBool("motion_force_zero");
            _blendFactor = settings.GetDouble("motion_blend_factor");
            _blendOffset = settings.GetDouble("motion_blend_offset");
            _fpsWeight = settings.GetDouble("motion_fps_weight");
            _maxVal = settings.GetDouble("motion_max_val");
            _movingAverage = settings.GetBool("motion_moving_average");
            bool fiveFrame = settings.GetBool("motion_five_frame_window");
            _minIndex = fiveFrame ? 2 : 1;
            _stride = fiveFrame ? 2 : 1;
            _sadName = settings.FeatureName(Sad);
            _motionName = settings.FeatureName(IntegerMotionExtractor.Motion);
            _motion2Name = settings.FeatureName(IntegerMotionExtractor.Motion2);
            _motion3Name = settings.FeatureName(Motion3);
        }

        public override FusedPairs SupportedPairs => FusedPairs.Second | FusedPairs.Weighted;

        public override object CreateScratch() => new PinnedBuffer<int>(Geometry.Width + 4);

        /// <summary>[0] SAD, [1] whether it was computed, [2] Σ w·|v|, [3] Σ w (weighted runs).</summary>
        public override object CreateFrameState() => new ulong[4];

        public override void Compute(in FrameInput input, object scratch, object frameState)
        {
            var state = (ulong[])frameState;
            Array.Clear(state);
            if (_forceZero || input.PreviousReference.IsEmpty)
            {
                return;
            }

            var row = (PinnedBuffer<int>)scratch;
            fixed (byte* prev = input.PreviousReference)
            fixed (byte* cur = input.Reference)
            fixed (byte* weights = input.Weights)
            {
                byte* w = (Pairs & FusedPairs.Weighted) != 0 ? weights : null;
                state[0] = Geometry.BitDepth == 8 ? BlurredDiffSad(prev, cur, row, w, out state[2]) : BlurredDiffSad((ushort*)prev, (ushort*)cur, row, w, out state[2]);
                state[1] = 1;
                if (w is not null)
                {
                    state[3] = MotionKernels.WeightSum(w, Geometry.Width * Geometry.Height);
                }
            }
        }

        /// <summary>Motion reads the reference only: the second pair's values are the plain pair's; the weighted pair weighs the SAD.</summary>
        public override void Commit(int index, object frameState, FeatureCollectors collectors, ReadOnlySpan<byte> weights)
        {
            Commit(index, frameState, collectors.Primary);
            if (collectors.Second is { } second)
            {
                FeatureCollector.CopyValue(collectors.Primary, second, _sadName, index);
                FeatureCollector.CopyValue(collectors.Primary, second, _motionName, index);
            }

            if (collectors.Weighted is { } weighted)
            {
                var state = (ulong[])frameState;
                double score = 0;
                if (state[1] != 0 && index >= _minIndex)
                {
                    double area = (double)Geometry.Width * Geometry.Height;
                    double sad = state[3] == 0 ? state[0] : state[2] / 255.0;
                    area = state[3] == 0 ? area : state[3] / 255.0;
                    score = Math.Min(sad / 256.0 / area * _fpsWeight, _maxVal);
                }

                _weightedSad.Add(score);
                weighted.Append(_sadName, index, score);
                if (_debug)
                {
                    weighted.Append(_motionName, index, score);
                }
            }
        }

        public override void Flush(FeatureCollectors collectors, int frameCount)
        {
            Flush(collectors.Primary, frameCount);
            if (collectors.Second is { } second)
            {
                Flush(second, _sad);
            }

            if (collectors.Weighted is { } weighted)
            {
                Flush(weighted, _weightedSad);
            }
        }

        public override void Commit(int index, object frameState, FeatureCollector collector)
        {
            var state = (ulong[])frameState;
            double score = 0;
            if (state[1] != 0 && index >= _minIndex)
            {
                score = Math.Min(state[0] / 256.0 / ((double)Geometry.Width * Geometry.Height) * _fpsWeight, _maxVal);
            }

            _sad.Add(score);
            collector.Append(_sadName, index, score);
            if (_debug)
            {
                collector.Append(_motionName, index, score);
            }
        }

        public override void Flush(FeatureCollector collector, int frameCount) => Flush(collector, _sad);

        private void Flush(FeatureCollector collector, List<double> sads)
        {
            int n = sads.Count;
            var motion2 = new double[n];
            for (int i = 0; i < n; i++)
            {
                if (i < _minIndex)
                {
                    motion2[i] = 0;
                }
                else if (i == n - 1)
                {
                    motion2[i] = sads[i];
                }
                else
                {
                    int back = i - _stride + 1;
                    motion2[i] = back >= _minIndex ? Math.Min(sads[back], sads[i + 1]) : sads[i + 1];
                }

                collector.Append(_motion2Name, i, motion2[i]);
            }

            double stamp = n > _minIndex ? Math.Min(Blend(sads[_minIndex]), _maxVal) : 0;
            double previous = stamp;
            for (int i = 0; i < n; i++)
            {
                double value;
                if (i < _minIndex)
                {
                    value = stamp;
                }
                else
                {
                    double p = Math.Min(Blend(motion2[i]), _maxVal);
                    value = _movingAverage ? (p + previous) / 2 : p;
                    previous = p;
                }

                collector.Append(_motion3Name, i, value);
            }
        }

        private double Blend(double x) => (x * _blendFactor) + ((1.0 - _blendFactor) * Math.Min(_blendOffset, x));

        private ulong BlurredDiffSad<T>(T* prev, T* cur, PinnedBuffer<int> row, byte* weights, out ulong weightedSad)
            where T : unmanaged
        {
            int w = Geometry.Width, h = Geometry.Height;
            int* rows = stackalloc int[5];
            ulong sad = 0;
            weightedSad = 0;
            for (int i = 0; i < h; i++)
            {
                for (int k = 0; k < 5; k++)
                {
                    rows[k] = Mirror.R101(i - 2 + k, h) * w;
                }

                MotionKernels.DiffVertical(prev, cur, rows, w, Geometry.BitDepth, row.Pointer + 2, _vw);
                Mirror.PadR101(row.Span, w, 2);
                if (weights is null)
                {
                    sad += MotionKernels.DiffHorizontalSad(row.Pointer, w, _vw);
                }
                else
                {
                    sad += MotionKernels.DiffHorizontalSadWeighted(row.Pointer, weights + (i * w), w, _vw, out ulong rowWeighted);
                    weightedSad += rowWeighted;
                }
            }

            return sad;
        }
    }
}
