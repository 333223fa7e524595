using VmafRoi.VmafRunner.Engine.Simd;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine.Features;

/// <summary>What the framework must supply to an extractor.</summary>
[Flags]
public enum FeatureExtractorFlags
{
    None = 0,

    /// <summary>Runs on every frame even when subsampling (libvmaf's temporal extractors).</summary>
    Temporal = 1,

    /// <summary>Reads an earlier reference frame's luma (<see cref="FrameInput.PreviousReference"/>).</summary>
    PreviousReference = 2,
}

/// <summary>Luma geometry handed to an extractor: only the Y plane is ever read.</summary>
/// <param name="Width">Luma width.</param>
/// <param name="Height">Luma height.</param>
/// <param name="BitDepth">8, 10, 12 or 16; samples are bytes at 8 bits and little-endian 16-bit words above.</param>
public readonly record struct LumaGeometry(int Width, int Height, int BitDepth)
{
    public int BytesPerSample => BitDepth > 8 ? 2 : 1;

    public int PlaneBytes => Width * Height * BytesPerSample;

    /// <summary>The pictures' chroma layout, for extractors that read whole pictures (<see cref="FrameInput.ReferencePicture"/>).</summary>
    public ChromaFormat Chroma { get; init; } = ChromaFormat.Yuv420;
}

/// <summary>
/// A feature extractor description (libvmaf's <c>VmafFeatureExtractor</c>): a name, the features it provides, its
/// option table, and a factory for a configured instance. One file per extractor; <see cref="FeatureRegistry"/> lists them.
/// </summary>
public interface IFeatureExtractor
{
    /// <summary>The extractor's name, e.g. <c>vif</c>.</summary>
    string Name { get; }

    /// <summary>Collector names this extractor can emit with default options (debug features included).</summary>
    IReadOnlyList<string> Provides { get; }

    /// <summary>The option table.</summary>
    IReadOnlyList<FeatureOption> Options { get; }

    FeatureExtractorFlags Flags { get; }

    /// <summary>How many frames back <see cref="FrameInput.PreviousReference"/> is, for these settings (0 when unused).</summary>
    int PreviousReferenceDistance(FeatureSettings settings) => 0;

    /// <summary>
    /// Refuses settings the extractor cannot compute whatever the frames (checks beyond the option table's ranges, such as
    /// ADM's viewing condition), so a model naming them fails at load; does nothing by default.
    /// </summary>
    /// <exception cref="VmafRoi.Contracts.InvalidInputException">The settings cannot be computed.</exception>
    void Validate(FeatureSettings settings)
    {
    }

    /// <summary>Creates an instance for frames of <paramref name="geometry"/>.</summary>
    /// <exception cref="VmafRoi.Contracts.InvalidInputException">The frame size is below the extractor's minimum.</exception>
    /// <exception cref="VmafRoi.Contracts.UnsupportedFormatException">The bit depth is not 8, 10, 12 or 16.</exception>
    FeatureInstance CreateInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width);
}
