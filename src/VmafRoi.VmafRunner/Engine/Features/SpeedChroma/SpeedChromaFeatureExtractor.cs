using VmafRoi.VmafRunner.Engine.Features.OptionTable;
using VmafRoi.VmafRunner.Engine.Features.Pictures;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.SpeedChroma;

/// <summary>libvmaf's <c>speed_chroma</c> in the engine's registry: the <see cref="SpeedChromaExtractor"/> kernel on both chroma planes, one per thread, per frame.</summary>
public sealed class SpeedChromaFeatureExtractor : IFeatureExtractor, IExtractorOptionParser
{
    public static SpeedChromaFeatureExtractor Instance { get; } = new();

    public string Name => SpeedChromaExtractor.ExtractorName;

    public IReadOnlyList<string> Provides { get; } = [SpeedChromaExtractor.UFeature, SpeedChromaExtractor.VFeature, SpeedChromaExtractor.UvFeature];

    public IReadOnlyList<FeatureOption> Options { get; } = ParsedTableOptions<SpeedChromaOptions>.EngineTable(SpeedChromaOptions.Table);

    public FeatureExtractorFlags Flags => FeatureExtractorFlags.None;

    public IParsedExtractorOptions ParseOptions(IReadOnlyDictionary<string, object>? values)
    {
        SpeedChromaOptions options = SpeedChromaOptions.Parse(values);
        return new ParsedTableOptions<SpeedChromaOptions>(options, options.Values);
    }

    public FeatureInstance CreateInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width) => new KernelInstance(settings, geometry, width);

    private sealed class KernelInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width)
        : PictureFeatureInstance<SpeedChromaExtractor, FrameValues>(
            settings, geometry, _ => new SpeedChromaExtractor(((ParsedTableOptions<SpeedChromaOptions>)settings.Parsed!).Options, geometry.Width, geometry.Height, geometry.Chroma, geometry.BitDepth, width), inOrder: false)
    {
        protected override FrameValues CreateFrame() => new(First.FeatureNames);

        protected override void Score(SpeedChromaExtractor kernel, in FramePictures pictures, int index, FrameValues frame)
        {
            ReadOnlySpan<byte> ru = pictures.Plane(pictures.Reference, 1), rv = pictures.Plane(pictures.Reference, 2);
            ReadOnlySpan<byte> du = pictures.Plane(pictures.Distorted, 1), dv = pictures.Plane(pictures.Distorted, 2);
            int stride = pictures.Stride(1);
            ReadOnlySpan<double> scores = pictures.Geometry.Format.BitDepth > 8
                ? kernel.Extract(Words(ru), Words(rv), Words(du), Words(dv), stride)
                : kernel.Extract(ru, rv, du, dv, stride);
            scores.CopyTo(frame.Values);
        }

        protected override void Write(int index, FrameValues frame, FeatureCollector collector) => frame.AppendTo(index, collector);

        private static ReadOnlySpan<ushort> Words(ReadOnlySpan<byte> bytes) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(bytes);
    }
}
