using VmafRoi.Aggregators.Kernels;
using VmafRoi.Contracts;

namespace VmafRoi.Aggregators;

/// <summary>How <see cref="MotionWeightedAggregator"/> weights the first sampled frame, which has no previous frame.</summary>
public enum FirstFrameWeight
{
    /// <summary>Ours: the first frame's motion to the next sampled frame (a lone frame weighs 1).</summary>
    MotionToNext,

    /// <summary>The original tool: a fixed weight of 1, which dwarfs every motion weight (each at most 1, usually ≪ 1).</summary>
    One,
}

/// <summary>
/// <c>motion-weighted</c>: <c>Σ w_t·m_t / Σ w_t</c> with <c>w_t = max(mean|Y_t − Y_prev| / 255, 1e-6)</c>, where
/// <c>Y_prev</c> is the previous sampled frame's luma on the 8-bit scale (deeper samples divided by 2^(bitdepth−8)).
/// By default the first frame is weighted by its motion to the next sampled frame; see docs/aggregators.md.
/// </summary>
public sealed class MotionWeightedAggregator : MaskAggregator
{
    /// <summary>The floor of every motion weight, so a still clip still averages its masks.</summary>
    public const double MinimumWeight = 1e-6;

    private readonly List<double> _weights = [];
    private double[] _weighted = [];
    private float[]? _firstMask;
    private byte[] _previousBytes = [];
    private ushort[] _previousWords = [];
    private int _previousDepth;
    private double _weightSum;

    public MotionWeightedAggregator(FirstFrameWeight firstFrame = FirstFrameWeight.MotionToNext)
        : this(firstFrame, VectorWidths.Best)
    {
    }

    internal MotionWeightedAggregator(FirstFrameWeight firstFrame, VectorWidth width)
        : base(width) => FirstFrame = firstFrame;

    public override string Name => AggregatorNames.MotionWeighted;

    public override bool NeedsLuma => true;

    public FirstFrameWeight FirstFrame { get; }

    /// <summary>The weight given to each mask so far, in order (the first one settles when the second mask arrives).</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>The motion weight between two luma planes of the same size and depth.</summary>
    public static double MotionWeight(LumaPlane previous, LumaPlane current) => MotionWeight(previous, current, VectorWidths.Best);

    internal static double MotionWeight(LumaPlane previous, LumaPlane current, VectorWidth width)
    {
        if (previous.BitDepth != current.BitDepth)
        {
            throw new MaskException($"motion-weighted aggregator: luma bit depth changed from {previous.BitDepth} to {current.BitDepth}");
        }

        if (previous.Length != current.Length || current.Length == 0)
        {
            throw new MaskException($"motion-weighted aggregator: luma planes have {previous.Length} and {current.Length} samples");
        }

        long sum = current.BitDepth > 8
            ? MotionKernels.SumAbsDiff(previous.Words, current.Words, width)
            : MotionKernels.SumAbsDiff(previous.Bytes, current.Bytes, width);

        // The 8-bit scale divides deeper samples by 2^(bd−8), the same scale the YUV→RGB conversion uses.
        double scale = 255.0 * (1 << (current.BitDepth - 8));
        return Math.Max(sum / ((double)current.Length * scale), MinimumWeight);
    }

    private protected override void Start(int length) => _weighted = new double[length];

    private protected override void Accumulate(ReadOnlySpan<float> mask, LumaPlane luma, int index)
    {
        if (index == 0)
        {
            if (FirstFrame == FirstFrameWeight.One)
            {
                AddWeighted(mask, 1.0);
            }
            else
            {
                // Its weight is the motion to the next sampled frame, unknown until that frame arrives.
                _firstMask = mask.ToArray();
                _weights.Add(1.0);
            }
        }
        else
        {
            double weight = MotionWeight(Previous(), luma, Width);
            if (_firstMask is not null)
            {
                _weights.Clear();
                AddWeighted(_firstMask, weight);
                _firstMask = null;
            }

            AddWeighted(mask, weight);
        }

        Remember(luma);
    }

    private protected override void Finish(Span<float> destination)
    {
        if (_firstMask is not null)
        {
            // A single sampled frame: weight 1, the result is that mask.
            MaskKernels.Clamp(_firstMask, destination, Width);
            return;
        }

        MaskKernels.Finish(_weighted, _weightSum, destination, Width);
    }

    private void AddWeighted(ReadOnlySpan<float> mask, double weight)
    {
        MaskKernels.Accumulate<ScaledAddOperator>(_weighted, mask, weight, 0, Width);
        _weightSum += weight;
        _weights.Add(weight);
    }

    private LumaPlane Previous() =>
        _previousDepth > 8 ? LumaPlane.FromWords(_previousWords, _previousDepth) : LumaPlane.FromBytes(_previousBytes);

    private void Remember(LumaPlane luma)
    {
        // One luma plane of history, reused frame after frame: memory stays flat with clip length.
        _previousDepth = luma.BitDepth;
        if (luma.BitDepth > 8)
        {
            if (_previousWords.Length != luma.Words.Length)
            {
                _previousWords = new ushort[luma.Words.Length];
            }

            luma.Words.CopyTo(_previousWords);
        }
        else
        {
            if (_previousBytes.Length != luma.Bytes.Length)
            {
                _previousBytes = new byte[luma.Bytes.Length];
            }

            luma.Bytes.CopyTo(_previousBytes);
        }
    }
}
