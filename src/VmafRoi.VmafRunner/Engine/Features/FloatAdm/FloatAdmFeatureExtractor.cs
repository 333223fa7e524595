using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
using VmafRoi.VmafRunner.Engine.Features.Pictures;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.FloatAdm;

/// <summary>
/// libvmaf's <c>float_adm</c> in the engine's registry: the <see cref="FloatAdm"/> kernel, one per thread, per frame, dividing
/// with the hardware reciprocal as libvmaf does (docs/engine.md: the bound on hosts whose reciprocal table differs).
/// </summary>
public sealed class FloatAdmFeatureExtractor : IFeatureExtractor, IExtractorOptionParser
{
    public static FloatAdmFeatureExtractor Instance { get; } = new();

    public string Name => FloatAdmExtractor.Name;

    public IReadOnlyList<string> Provides => FloatAdmExtractor.Provides;

    public IReadOnlyList<FeatureOption> Options { get; } = FloatEngineOptions.Of(FloatAdmExtractor.Options);

    public FeatureExtractorFlags Flags => FeatureExtractorFlags.None;

    public IParsedExtractorOptions ParseOptions(IReadOnlyDictionary<string, object>? values) => FloatAdmExtractor.ParseOptions(values);

    public FeatureInstance CreateInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width) => new KernelInstance(settings, geometry);

    private sealed class KernelInstance(FeatureSettings settings, LumaGeometry geometry)
        : PictureFeatureInstance<FloatAdm, FrameBox<FloatAdmScores>>(
            settings, geometry, _ => new FloatAdm((FloatOptions)settings.Parsed!, geometry.Width, geometry.Height, geometry.BitDepth), inOrder: false)
    {
        protected override FrameBox<FloatAdmScores> CreateFrame() => new();

        protected override void Score(FloatAdm kernel, in FramePictures pictures, int index, FrameBox<FloatAdmScores> frame) =>
            frame.Value = kernel.Compute(Luma(pictures, pictures.Reference), Luma(pictures, pictures.Distorted));

        protected override void Write(int index, FrameBox<FloatAdmScores> frame, FeatureCollector collector) => First.Write(index, frame.Value, collector);

        private static SamplePlane Luma(in FramePictures pictures, ReadOnlySpan<byte> picture) =>
            SamplePlane.FromRaw(pictures.Plane(picture, 0), pictures.Geometry.Width, pictures.Geometry.Height, pictures.Geometry.Width, pictures.Geometry.Format.BitDepth);
    }
}
