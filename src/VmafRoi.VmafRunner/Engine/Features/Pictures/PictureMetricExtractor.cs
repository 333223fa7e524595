using VmafRoi.VmafRunner.Engine.Features.Common;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Pictures;

/// <summary>
/// Registers a picture-level metric kernel (<see cref="IPictureFeatureExtractor"/>: psnr, float_ssim, float_ms_ssim,
/// psnr_hvs, ciede) with the engine. Their options are no feature parameters, so names never take suffixes and a second
/// request with other options is dropped (libvmaf's de-duplication keeps the first).
/// </summary>
public sealed class PictureMetricExtractor : IFeatureExtractor
{
    private readonly IPictureFeatureExtractor _kernel;

    public PictureMetricExtractor(IPictureFeatureExtractor kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        _kernel = kernel;
    }

    public string Name => _kernel.Name;

    public IReadOnlyList<string> Provides => _kernel.Provides;

    public IReadOnlyList<FeatureOption> Options => _kernel.Options;

    public FeatureExtractorFlags Flags => FeatureExtractorFlags.None;

    public FeatureInstance CreateInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width) =>
        new Instance(_kernel, settings, geometry, width);

    private sealed class Instance : PictureFeatureInstance<IPictureFeature, FrameValues>
    {
        public Instance(IPictureFeatureExtractor kernel, FeatureSettings settings, LumaGeometry geometry, VectorWidth width)
            : base(settings, geometry, self => kernel.Create(PictureGeometry.From(((Instance)self).Picture), OptionValues.From(settings), width), InOrder(settings))
        {
        }

        /// <summary>Only psnr's APSNR sums frames; everything else is per frame.</summary>
        private static bool InOrder(FeatureSettings settings) => settings.Extractor.Name == "psnr" && settings.GetBool("enable_apsnr");

        public override void Flush(FeatureCollector collector, int frameCount)
        {
            FeatureScores aggregates = First.Flush();
            for (int i = 0; i < aggregates.Count; i++)
            {
                collector.SetAggregate(aggregates.Names[i], aggregates[i]);
            }
        }

        protected override FrameValues CreateFrame() => new(First.FeatureNames);

        protected override void Score(IPictureFeature kernel, in FramePictures pictures, int index, FrameValues frame)
        {
            PictureGeometry g = kernel.Geometry;
            FeatureScores scores = kernel.Extract(PictureView.FromPackedFrame(g, pictures.Reference), PictureView.FromPackedFrame(g, pictures.Distorted));
            for (int i = 0; i < frame.Values.Length; i++)
            {
                frame.Values[i] = scores[i];
            }
        }

        protected override void Write(int index, FrameValues frame, FeatureCollector collector) => frame.AppendTo(index, collector);
    }
}
