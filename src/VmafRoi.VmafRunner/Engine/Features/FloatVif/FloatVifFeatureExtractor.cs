using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
using VmafRoi.VmafRunner.Engine.Features.Pictures;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.FloatVif;

/// <summary>libvmaf's <c>float_vif</c> in the engine's registry: the <see cref="FloatVif"/> kernel, one per thread, per frame.</summary>
public sealed class FloatVifFeatureExtractor : IFeatureExtractor, IExtractorOptionParser
{
    public static FloatVifFeatureExtractor Instance { get; } = new();

    public string Name => FloatVifExtractor.Name;

    public IReadOnlyList<string> Provides => FloatVifExtractor.Provides;

    public IReadOnlyList<FeatureOption> Options { get; } = FloatEngineOptions.Of(FloatVifExtractor.Options);

    public FeatureExtractorFlags Flags => FeatureExtractorFlags.None;

    public IParsedExtractorOptions ParseOptions(IReadOnlyDictionary<string, object>? values) => FloatVifExtractor.ParseOptions(values);

    public FeatureInstance CreateInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width) => new KernelInstance(settings, geometry);

    private sealed class KernelInstance(FeatureSettings settings, LumaGeometry geometry)
        : PictureFeatureInstance<FloatVif, FrameBox<FloatVifScores>>(
            settings, geometry, _ => new FloatVif((FloatOptions)settings.Parsed!, geometry.Width, geometry.Height, geometry.BitDepth), inOrder: false)
    {
        protected override FrameBox<FloatVifScores> CreateFrame() => new();

        protected override void Score(FloatVif kernel, in FramePictures pictures, int index, FrameBox<FloatVifScores> frame) =>
            frame.Value = kernel.Compute(Luma(pictures, pictures.Reference), Luma(pictures, pictures.Distorted));

        protected override void Write(int index, FrameBox<FloatVifScores> frame, FeatureCollector collector) => First.Write(index, frame.Value, collector);

        private static SamplePlane Luma(in FramePictures pictures, ReadOnlySpan<byte> picture) =>
            SamplePlane.FromRaw(pictures.Plane(picture, 0), pictures.Geometry.Width, pictures.Geometry.Height, pictures.Geometry.Width, pictures.Geometry.Format.BitDepth);
    }
}
