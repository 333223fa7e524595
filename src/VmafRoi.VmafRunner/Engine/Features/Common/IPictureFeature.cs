using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Common;

/// <summary>
/// An extractor that reads whole pictures (luma and, where it needs them, chroma): its libvmaf name, the collector names it
/// provides with default options, its option table, and a factory for a configured instance of one geometry.
/// </summary>
public interface IPictureFeatureExtractor
{
    /// <summary>libvmaf's extractor name (<c>--feature NAME</c>).</summary>
    string Name { get; }

    /// <summary>Collector names emitted with default options.</summary>
    IReadOnlyList<string> Provides { get; }

    /// <summary>The option table (none of these extractors has feature parameters, so names never take suffixes).</summary>
    IReadOnlyList<FeatureOption> Options { get; }

    /// <summary>
    /// An instance for pictures of <paramref name="geometry"/>; refuses what libvmaf refuses. <paramref name="width"/> picks
    /// the vector path of kernels that have one (every width gives identical values; scalar-only kernels ignore it).
    /// </summary>
    /// <exception cref="VmafRoi.Contracts.InvalidInputException">The picture is too small for the feature.</exception>
    /// <exception cref="VmafRoi.Contracts.UnsupportedFormatException">The bit depth or chroma layout is not supported.</exception>
    IPictureFeature Create(PictureGeometry geometry, OptionValues options, VectorWidth width = VectorWidth.Auto);
}

/// <summary>
/// A configured extractor for one picture geometry. Buffers are allocated once; <see cref="Extract"/> is called for every
/// frame in order on one thread (temporal state, where any, lives here), <see cref="Flush"/> once at the end.
/// </summary>
public interface IPictureFeature
{
    PictureGeometry Geometry { get; }

    /// <summary>The per-frame collector names, in emission order.</summary>
    IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Scores one frame pair. The returned object is reused by the next call.</summary>
    FeatureScores Extract(in PictureView reference, in PictureView distorted);

    /// <summary>End of stream: libvmaf's aggregate values (only <c>psnr</c>'s <c>apsnr_*</c>), else empty.</summary>
    FeatureScores Flush();
}
