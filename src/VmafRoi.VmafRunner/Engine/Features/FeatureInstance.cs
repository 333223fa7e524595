using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Features;

/// <summary>The luma planes of one frame pair, as raw bytes (little-endian 16-bit words above 8 bits).</summary>
public readonly ref struct FrameInput
{
    public FrameInput(int index, ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, ReadOnlySpan<byte> previousReference)
    {
        Index = index;
        Reference = reference;
        Distorted = distorted;
        PreviousReference = previousReference;
    }

    public int Index { get; }

    public ReadOnlySpan<byte> Reference { get; }

    public ReadOnlySpan<byte> Distorted { get; }

    /// <summary>The reference luma of an earlier frame (see <see cref="IFeatureExtractor.PreviousReferenceDistance"/>), or empty.</summary>
    public ReadOnlySpan<byte> PreviousReference { get; }
}

/// <summary>
/// A configured extractor for one frame geometry. The framework calls <see cref="Compute"/> for frames in any order and
/// on any thread (each thread with its own scratch and each frame with its own state), then <see cref="Commit"/> strictly
/// in frame order on one thread, then <see cref="Flush"/> once at the end of the stream.
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

    /// <summary>Per-thread working memory, allocated once and reused for every frame.</summary>
    public abstract object CreateScratch();

    /// <summary>Per-frame results carried from <see cref="Compute"/> to <see cref="Commit"/>; reused across frames.</summary>
    public abstract object CreateFrameState();

    /// <summary>The work that depends only on this frame pair; must not touch shared mutable state.</summary>
    public abstract void Compute(in FrameInput input, object scratch, object frameState);

    /// <summary>In-order step: writes this frame's values (and any deferred temporal values) to the collector.</summary>
    public abstract void Commit(int index, object frameState, FeatureCollector collector);

    /// <summary>End of stream: writes values that needed later frames.</summary>
    public virtual void Flush(FeatureCollector collector, int frameCount)
    {
    }

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
