using System.Globalization;
using VmafRoi.Aggregators;
using VmafRoi.Contracts;
using VmafRoi.Yuv;

namespace VmafRoi.EncoderAdapters.Planning;

/// <summary>How a clip's masks become an ROI plan. Defaults are the seed tool's where it had one.</summary>
public sealed record PlanOptions
{
    /// <summary>Block edge in pixels: the encoder's offset grid (16 for x264/x265, 8 for VP9 and the prefilter).</summary>
    public int BlockSize { get; init; } = 16;

    /// <summary>QP offset of a fully salient block (the seed's <c>--saliency-offset</c>).</summary>
    public double SalientOffset { get; init; } = QpOffsets.DefaultSalientOffset;

    /// <summary>How many offset levels the blocks snap to: 3, 5 or 7.</summary>
    public int Levels { get; init; } = 5;

    /// <summary>Temporal reducer of each segment's sampled masks.</summary>
    public AggregatorSpec Aggregator { get; init; } = AggregatorSpec.Default;

    /// <summary>Masks sampled per segment (the frame-sampling rule over the segment).</summary>
    public int FrameSamples { get; init; } = 8;

    /// <summary>False makes one segment of the whole clip (the seed's behaviour).</summary>
    public bool Segmented { get; init; } = true;

    /// <summary>The shortest segment; a cut or mask change sooner than this after the last boundary is ignored.</summary>
    public double MinSegmentSeconds { get; init; } = 1.0;

    /// <summary>A mask change is material when at least this share of blocks would move to another offset level.</summary>
    public double MaskChangeFraction { get; init; } = 0.25;

    /// <summary>Luma-histogram distance that marks a scene cut (see <see cref="SceneCuts"/>).</summary>
    public double SceneCutThreshold { get; init; } = SceneCuts.DefaultThreshold;

    /// <summary>Most segments per clip; longer clips get longer minimum segments, then the shortest neighbours merge.</summary>
    public int MaxSegments { get; init; } = 128;

    /// <summary>Most rectangles per segment; a map that needs more is coarsened (blocks doubled) until it fits.</summary>
    public int MaxRegions { get; init; } = 1000;

    /// <summary>False skips the rectangles (the prefilter uses the saliency grid only).</summary>
    public bool Regions { get; init; } = true;

    /// <summary>Checks every value, naming the flag of a bad one.</summary>
    public void Validate()
    {
        QpOffsets.CheckSalientOffset(SalientOffset);
        _ = OffsetLevels.Create(SalientOffset, Levels);
        Check(BlockSize is >= 4 and <= 256, $"block size must be in [4, 256], got {BlockSize}");
        Check(FrameSamples >= 1, $"--saliency-samples must be at least 1, got {FrameSamples}");
        Check(double.IsFinite(MinSegmentSeconds) && MinSegmentSeconds >= 0, $"--min-segment-seconds must be 0 or more, got {Format(MinSegmentSeconds)}");
        Check(MaskChangeFraction is > 0 and <= 1, $"--segment-change must be in (0, 1], got {Format(MaskChangeFraction)}");
        Check(SceneCutThreshold is > 0 and <= 1, $"--scene-cut must be in (0, 1], got {Format(SceneCutThreshold)}");
        Check(MaxSegments >= 1, $"--max-segments must be at least 1, got {MaxSegments}");
        Check(MaxRegions >= 1, $"--max-regions must be at least 1, got {MaxRegions}");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new InvalidInputException(message);
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Why a plan segment starts where it does.</summary>
public static class SegmentReasons
{
    public const string Start = "start";
    public const string SceneCut = "scene-cut";
    public const string MaskChange = "mask-change";
}

/// <summary>Frames <c>[Start, End)</c> with one aggregated mask and one offset map.</summary>
public sealed class PlanSegment
{
    public required int Start { get; init; }

    /// <summary>First frame after the segment.</summary>
    public required int End { get; init; }

    /// <summary>One of <see cref="SegmentReasons"/>.</summary>
    public required string Reason { get; init; }

    /// <summary>The segment's aggregated mask, as block means at the plan's block size.</summary>
    public required BlockGrid Saliency { get; init; }

    /// <summary>Snapped offsets (at the block size the rectangles were made on, a multiple of the plan's).</summary>
    public required OffsetMap Offsets { get; init; }

    /// <summary>The <c>addroi</c> rectangles, first-wins order, catch-all last; empty when the plan has none.</summary>
    public required IReadOnlyList<RoiRegion> Regions { get; init; }

    public int Frames => End - Start;

    /// <summary>Distinct offsets the encoder is given for this segment, ascending (none without rectangles).</summary>
    public IReadOnlyList<int> OffsetsUsed => Regions.Count == 0 ? [] : [.. Regions.Select(r => r.QpOffset).Distinct().Order()];
}

/// <summary>A clip's saliency plan: its segments in frame order, covering every frame.</summary>
public sealed class RoiPlan
{
    public required FrameGeometry Geometry { get; init; }

    public required FrameRate Rate { get; init; }

    public required int Frames { get; init; }

    public required PlanOptions Options { get; init; }

    public required OffsetLevels Levels { get; init; }

    public required IReadOnlyList<PlanSegment> Segments { get; init; }

    /// <summary>Rectangles over all segments.</summary>
    public int RegionCount => Segments.Sum(s => s.Regions.Count);

    /// <summary>Distinct offsets over all segments, ascending.</summary>
    public IReadOnlyList<int> OffsetsUsed => [.. Segments.SelectMany(s => s.OffsetsUsed).Distinct().Order()];

    /// <summary>The report's view of the plan.</summary>
    public SaliencyEncodePlan ToReport() => new()
    {
        BlockSize = Options.BlockSize,
        Frames = Frames,
        OffsetsUsed = OffsetsUsed,
        Regions = RegionCount,
        Segments = [.. Segments.Select(s => new SaliencyEncodeSegment
        {
            StartFrame = s.Start,
            EndFrame = s.End,
            Reason = s.Reason,
            MeanSaliency = Math.Round(s.Saliency.Mean(), 6),
            Regions = s.Regions.Count,
            OffsetsUsed = s.OffsetsUsed,
        })],
    };
}
