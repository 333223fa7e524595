using VmafRoi.VmafRunner.Engine.Features.OptionTable;
using VmafRoi.VmafRunner.Engine.Features.Pictures;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.Cambi;

/// <summary>
/// libvmaf's <c>cambi</c> in the engine's registry: the <see cref="CambiExtractor"/> kernel, one per thread, per frame
/// (distorted luma; the reference too with <c>full_ref</c>).
/// </summary>
public sealed class CambiFeatureExtractor : IFeatureExtractor, IExtractorOptionParser
{
    public static CambiFeatureExtractor Instance { get; } = new();

    public string Name => CambiExtractor.ExtractorName;

    public IReadOnlyList<string> Provides { get; } = [CambiExtractor.ScoreFeature, CambiExtractor.SourceFeature, CambiExtractor.FullReferenceFeature];

    public IReadOnlyList<FeatureOption> Options { get; } = ParsedTableOptions<CambiOptions>.EngineTable(CambiOptions.Table);

    public FeatureExtractorFlags Flags => FeatureExtractorFlags.None;

    public IParsedExtractorOptions ParseOptions(IReadOnlyDictionary<string, object>? values)
    {
        CambiOptions options = CambiOptions.Parse(values);
        if (options.HeatmapsPath is not null)
        {
            // libvmaf writes files there; refusing beats silently writing nothing (the kernel's HeatmapSink is the API for them).
            throw new Contracts.InvalidInputException("cambi: heatmaps_path is not supported by the managed engine; use CambiExtractor.HeatmapSink from the library");
        }

        return new ParsedTableOptions<CambiOptions>(options, options.Values);
    }

    public FeatureInstance CreateInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width) => new KernelInstance(settings, geometry, width);

    private sealed class KernelInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width)
        : PictureFeatureInstance<CambiExtractor, FrameValues>(
            settings, geometry, _ => new CambiExtractor(((ParsedTableOptions<CambiOptions>)settings.Parsed!).Options, geometry.Width, geometry.Height, geometry.BitDepth, width), inOrder: false)
    {
        protected override FrameValues CreateFrame() => new(First.FeatureNames);

        protected override void Score(CambiExtractor kernel, in FramePictures pictures, int index, FrameValues frame)
        {
            ReadOnlySpan<byte> reference = pictures.Plane(pictures.Reference, 0), distorted = pictures.Plane(pictures.Distorted, 0);
            int stride = pictures.Stride(0);
            ReadOnlySpan<double> scores = pictures.Geometry.Format.BitDepth > 8
                ? kernel.Extract(index, CambiExtractor.Words(reference), CambiExtractor.Words(distorted), stride)
                : kernel.Extract(index, reference, distorted, stride);
            scores.CopyTo(frame.Values);
        }

        protected override void Write(int index, FrameValues frame, FeatureCollector collector) => frame.AppendTo(index, collector);
    }
}
