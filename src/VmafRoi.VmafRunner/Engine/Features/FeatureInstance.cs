using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Features;

/// <summary>The extra pairs a fused run scores on every frame besides the plain (reference, distorted) pair.</summary>
[Flags]
public enum FusedPairs
{
    None = 0,

    /// <summary>(reference, second distorted): a second distorted picture scored against the same reference.</summary>
    Second = 1,

    /// <summary>(reference, distorted) again, each feature's per-pixel contributions weighted by a weight plane.</summary>
    Weighted = 2,
}

/// <summary>The luma planes of one frame pair, as raw bytes (little-endian 16-bit words above 8 bits).</summary>
public readonly ref struct FrameInput
{
    public FrameInput(int index, ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, ReadOnlySpan<byte> previousReference)
        : this(index, reference, distorted, previousReference, [], [])
    {
    }

    public FrameInput(int index, ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, ReadOnlySpan<byte> previousReference, ReadOnlySpan<byte> secondDistorted, ReadOnlySpan<byte> weights)
        : this(index, reference, distorted, previousReference, secondDistorted, weights, [])
    {
    }

    public FrameInput(int index, ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, ReadOnlySpan<byte> previousReference, ReadOnlySpan<byte> secondDistorted, ReadOnlySpan<byte> weights, ReadOnlySpan<RowSpans> secondRows)
    {
        SecondRows = secondRows;
        Index = index;
        Reference = reference;
        Distorted = distorted;
        PreviousReference = previousReference;
        SecondDistorted = secondDistorted;
        Weights = weights;
    }

    public int Index { get; }

    public ReadOnlySpan<byte> Reference { get; }

    public ReadOnlySpan<byte> Distorted { get; }

    /// <summary>The reference luma of an earlier frame (see <see cref="IFeatureExtractor.PreviousReferenceDistance"/>), or empty.</summary>
    public ReadOnlySpan<byte> PreviousReference { get; }

    /// <summary>The second distorted luma of a <see cref="FusedPairs.Second"/> run, else empty.</summary>
    public ReadOnlySpan<byte> SecondDistorted { get; }

    /// <summary>
    /// Per luma row, where the second picture differs from the reference and equals the distorted picture; empty means
    /// unknown (every row may differ anywhere).
    /// </summary>
    public ReadOnlySpan<RowSpans> SecondRows { get; }

    /// <summary>One weight per luma pixel (0–255, 255 = full weight) of a <see cref="FusedPairs.Weighted"/> run, else empty.</summary>
    public ReadOnlySpan<byte> Weights { get; }

    /// <summary>
    /// The whole reference picture (every plane, as <see cref="VmafRoi.Yuv.YuvFrame.Data"/> holds it: planes back to back,
    /// chroma ceil-sized), for extractors that read chroma; empty when the caller supplies luma only.
    /// </summary>
    public ReadOnlySpan<byte> ReferencePicture { get; init; }

    /// <summary>The whole distorted picture, laid out as <see cref="ReferencePicture"/>.</summary>
    public ReadOnlySpan<byte> DistortedPicture { get; init; }
}

/// <summary>Where a fused run's instances write: the plain pair's collector, and one per extra pair the run scores.</summary>
public sealed class FeatureCollectors
{
    public FeatureCollectors(FusedPairs pairs)
    {
        Second = (pairs & FusedPairs.Second) != 0 ? new FeatureCollector() : null;
        Weighted = (pairs & FusedPairs.Weighted) != 0 ? new FeatureCollector() : null;
    }

    public FeatureCollector Primary { get; } = new();

    public FeatureCollector? Second { get; }

    public FeatureCollector? Weighted { get; }
}

/// <summary>
/// A configured extractor for one frame geometry. The framework calls <see cref="Compute"/> for frames in any order and
/// on any thread (each thread with its own scratch and each frame with its own state), then <see cref="Commit(int, object, FeatureCollector)"/> strictly
/// in frame order on one thread, then <see cref="Flush(FeatureCollector, int)"/> once at the end of the stream.
/// </summary>
public abstract class FeatureInstance
{
    protected FeatureInstance(FeatureSettings settings, LumaGeometry geometry)
    {
        Settings = settings;
        Geometry = geometry;
    }

    public FeatureSettings Settings { get; }

    public LumaGeometry Geometry { get; }

    /// <summary>The extra pairs this instance scores; set once by the engine before any scratch or state is made.</summary>
    public FusedPairs Pairs { get; private set; }

    /// <summary>The extra pairs this extractor can score; a fused run refuses an instance that lacks one it needs.</summary>
    public virtual FusedPairs SupportedPairs => FusedPairs.None;

    /// <summary>Makes this instance score <paramref name="pairs"/> as well (before <see cref="CreateScratch"/> and <see cref="CreateFrameState"/>).</summary>
    public void ScoreAlso(FusedPairs pairs)
    {
        if ((pairs & ~SupportedPairs) != 0)
        {
            throw new InvalidOperationException($"extractor '{Settings.Extractor.Name}' cannot score {pairs & ~SupportedPairs}");
        }

        Pairs = pairs;
    }

    /// <summary>Per-thread working memory, allocated once and reused for every frame.</summary>
    public abstract object CreateScratch();

    /// <summary>Per-frame results carried from <see cref="Compute"/> to <see cref="Commit(int, object, FeatureCollector)"/>; reused across frames.</summary>
    public abstract object CreateFrameState();

    /// <summary>The work that depends only on this frame pair; must not touch shared mutable state.</summary>
    public abstract void Compute(in FrameInput input, object scratch, object frameState);

    /// <summary>In-order step: writes this frame's values (and any deferred temporal values) to the collector.</summary>
    public abstract void Commit(int index, object frameState, FeatureCollector collector);

    /// <summary>
    /// In-order step of a fused run: writes this frame's values of every pair to its collector. <paramref name="weights"/>
    /// is the frame's weight plane in weighted runs (temporal extractors weigh at commit), else empty.
    /// </summary>
    public virtual void Commit(int index, object frameState, FeatureCollectors collectors, ReadOnlySpan<byte> weights) =>
        Commit(index, frameState, collectors.Primary);

    /// <summary>End of stream: writes values that needed later frames.</summary>
    public virtual void Flush(FeatureCollector collector, int frameCount)
    {
    }

    /// <summary>End of stream of a fused run, for every pair.</summary>
    public virtual void Flush(FeatureCollectors collectors, int frameCount) => Flush(collectors.Primary, frameCount);

    /// <summary>The common size and bit-depth checks; libvmaf's ADM refuses sizes of 32 or less.</summary>
    protected static void RequireSupported(string extractor, LumaGeometry geometry, int minimumExclusive = 32)
    {
        if (geometry.BitDepth is not (8 or 10 or 12 or 16))
        {
            throw new UnsupportedFormatException(
                $"{extractor}: {geometry.BitDepth}-bit input is not supported; libvmaf's integer features take 8, 10, 12 or 16 bits per sample");
        }

        if (geometry.Width <= minimumExclusive || geometry.Height <= minimumExclusive)
        {
            throw new InvalidInputException(
                $"{extractor}: frame size {geometry.Width}x{geometry.Height} is too small; width and height must be greater than {minimumExclusive} (libvmaf's minimum)");
        }
    }
}
