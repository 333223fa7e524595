using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Motion;

/// <summary>
/// libvmaf 3.0.0's integer motion (<c>motion</c>, spec §4.1–§4.5): mean absolute difference of consecutive blurred
/// reference frames; <c>motion2</c> is the smaller of a frame's and the next frame's score. Blurs run per frame in
/// parallel; the SAD and the temporal logic run in order at commit.
/// </summary>
public sealed class IntegerMotionExtractor : IFeatureExtractor
{
    public const string Motion = "VMAF_integer_feature_motion_score";
    public const string Motion2 = "VMAF_integer_feature_motion2_score";

    public static IntegerMotionExtractor Instance { get; } = new();

    public string Name => "motion";

    public IReadOnlyList<string> Provides { get; } = [Motion2, Motion];

    public IReadOnlyList<FeatureOption> Options { get; } =
    [
        FeatureOption.Bool("debug", null, true, false, "also emit the per-frame motion score (on by default in 3.0.0)"),
        FeatureOption.Bool("motion_force_zero", "force_0", false, true, "emit zero motion for every frame"),
    ];

    public FeatureExtractorFlags Flags => FeatureExtractorFlags.Temporal;

    public FeatureInstance CreateInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width) =>
        new MotionInstance(settings, geometry, VectorSupport.Resolve(width));

    /// <summary>The score of §4.3: SAD/256 rounded to float, divided in float by the pixel count.</summary>
    internal static double Score(ulong sad, int width, int height) => (float)(sad / 256.0) / (float)(width * height);

    /// <summary>
    /// The weighted score (docs/roi.md): Σ w·|d| / 255 stands for the SAD and Σ w / 255 for the pixel count, so an all-255
    /// weight plane gives <see cref="Score"/> exactly. A plane of zeros has no weight anywhere: the plain score stands.
    /// </summary>
    internal static double WeightedScore(ulong weightedSad, ulong weightSum, ulong sad, int width, int height) =>
        weightSum == 0 ? Score(sad, width, height) : (float)(weightedSad / 255.0 / 256.0) / (float)(weightSum / 255.0);

    private sealed unsafe class MotionInstance : FeatureInstance
    {
        private readonly bool _debug;
        private readonly bool _forceZero;
        private readonly string _motionName;
        private readonly string _motion2Name;
        private readonly VectorWidth _vw;
        private PinnedBuffer<ushort>? _previous;
        private double _previousScore;
        private double _previousWeighted;
        private int _lastIndex = -1;

        public MotionInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth vw)
            : base(settings, geometry)
        {
            RequireSupported("motion", geometry);
            _vw = vw;
            _debug = settings.GetBool("debug");
            _forceZero = settings.GetBool("motion_force_zero");
            _motionName = settings.FeatureName(Motion);
            _motion2Name = settings.FeatureName(Motion2);
        }

        public override FusedPairs SupportedPairs => FusedPairs.Second | FusedPairs.Weighted;

        public override object CreateScratch() => new PinnedBuffer<uint>(Geometry.Width + 4);

        public override object CreateFrameState() => new Blurred(_forceZero ? 0 : Geometry.Width * Geometry.Height);

        public override void Compute(in FrameInput input, object scratch, object frameState)
        {
            if (_forceZero)
            {
                return;
            }

            var row = (PinnedBuffer<uint>)scratch;
            ushort* dst = ((Blurred)frameState).Buffer.Pointer;
            fixed (byte* src = input.Reference)
            {
                if (Geometry.BitDepth == 8)
                {
                    Blur(src, row, dst);
                }
                else
                {
                    Blur((ushort*)src, row, dst);
                }
            }
        }

        public override void Commit(int index, object frameState, FeatureCollector collector)
        {
            _lastIndex = index;
            if (_forceZero)
            {
                collector.Append(_motion2Name, index, 0);
                if (_debug)
                {
                    collector.Append(_motionName, index, 0);
                }

                return;
            }

            var state = (Blurred)frameState;
            if (_previous is null)
            {
                collector.Append(_motion2Name, index, 0);
                if (_debug)
                {
                    collector.Append(_motionName, index, 0);
                }
            }
            else
            {
                double score = Score(Sad(_previous.Pointer, state.Buffer.Pointer), Geometry.Width, Geometry.Height);
                if (_debug)
                {
                    collector.Append(_motionName, index, score);
                }

                if (index >= 2)
                {
                    collector.Append(_motion2Name, index - 1, _previousScore < score ? _previousScore : score);
                }

                _previousScore = score;
            }

            // Keep this frame's blur; hand the old buffer back to the frame slot for reuse.
            (_previous, state.Buffer) = (state.Buffer, _previous ?? new PinnedBuffer<ushort>(Geometry.Width * Geometry.Height));
        }

        public override void Flush(FeatureCollector collector, int frameCount)
        {
            if (!_forceZero && _lastIndex > 0)
            {
                collector.Append(_motion2Name, _lastIndex, _previousScore);
            }
        }

        /// <summary>Motion reads the reference only: the second pair's values are the plain pair's; the weighted pair weighs the SAD.</summary>
        public override void Commit(int index, object frameState, FeatureCollectors collectors, ReadOnlySpan<byte> weights)
        {
            var state = (Blurred)frameState;
            FeatureCollector? weighted = collectors.Weighted;
            if (!_forceZero && _previous is not null && weighted is not null)
            {
                int w = Geometry.Width, h = Geometry.Height;
                ulong sad = 0, weightedSad = 0, weightSum = 0;
                fixed (byte* wp = weights)
                {
                    for (int i = 0; i < h; i++)
                    {
                        sad += MotionKernels.SadRow(_previous.Pointer + (i * w), state.Buffer.Pointer + (i * w), w, _vw);
                        weightedSad += MotionKernels.WeightedSadRow(_previous.Pointer + (i * w), state.Buffer.Pointer + (i * w), wp + (i * w), w, _vw);
                    }

                    weightSum = MotionKernels.WeightSum(wp, w * h);
                }

                double score = WeightedScore(weightedSad, weightSum, sad, w, h);
                Write(weighted, index, score, ref _previousWeighted);
            }
            else if (weighted is not null)
            {
                Write(weighted, index, 0, ref _previousWeighted);
            }

            Commit(index, frameState, collectors.Primary);
            if (collectors.Second is { } second)
            {
                FeatureCollector.CopyValue(collectors.Primary, second, _motion2Name, index - 1);
                FeatureCollector.CopyValue(collectors.Primary, second, _motion2Name, index);
                FeatureCollector.CopyValue(collectors.Primary, second, _motionName, index);
            }
        }

        public override void Flush(FeatureCollectors collectors, int frameCount)
        {
            Flush(collectors.Primary, frameCount);
            if (collectors.Second is { } second && !_forceZero && _lastIndex > 0)
            {
                second.Append(_motion2Name, _lastIndex, _previousScore);
            }

            if (collectors.Weighted is { } weighted && !_forceZero && _lastIndex > 0)
            {
                weighted.Append(_motion2Name, _lastIndex, _previousWeighted);
            }
        }

        /// <summary>The temporal logic of one pair: motion at this frame, motion2 one frame late (§4.4).</summary>
        private void Write(FeatureCollector collector, int index, double score, ref double previousScore)
        {
            if (_forceZero || _previous is null)
            {
                collector.Append(_motion2Name, index, 0);
                if (_debug)
                {
                    collector.Append(_motionName, index, 0);
                }

                return;
            }

            if (_debug)
            {
                collector.Append(_motionName, index, score);
            }

            if (index >= 2)
            {
                collector.Append(_motion2Name, index - 1, previousScore < score ? previousScore : score);
            }

            previousScore = score;
        }

        private ulong Sad(ushort* a, ushort* b)
        {
            int w = Geometry.Width;
            ulong sad = 0;
            for (int i = 0; i < Geometry.Height; i++)
            {
                sad += MotionKernels.SadRow(a + (i * w), b + (i * w), w, _vw);
            }

            return sad;
        }

        private void Blur<T>(T* src, PinnedBuffer<uint> row, ushort* dst)
            where T : unmanaged
        {
            int w = Geometry.Width, h = Geometry.Height;
            int* rows = stackalloc int[5];
            for (int i = 0; i < h; i++)
            {
                for (int k = 0; k < 5; k++)
                {
                    rows[k] = Mirror.Rdup(i - 2 + k, h) * w;
                }

                MotionKernels.BlurVertical(src, rows, w, Geometry.BitDepth, row.Pointer + 2, _vw);
                Mirror.PadRdup(row.Span, w, 2);
                MotionKernels.BlurHorizontal(row.Pointer, w, dst + (i * w), _vw);
            }
        }
    }

    /// <summary>A frame's blurred reference; the buffer is swapped with the instance's previous one at commit.</summary>
    private sealed class Blurred(int size)
    {
        public PinnedBuffer<ushort> Buffer { get; set; } = new(size);
    }
}
