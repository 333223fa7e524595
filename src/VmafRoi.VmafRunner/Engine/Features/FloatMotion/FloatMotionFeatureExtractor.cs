using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
using VmafRoi.VmafRunner.Engine.Simd;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine.Features.FloatMotion;

/// <summary>
/// libvmaf's <c>float_motion</c> in the engine's registry. Temporal: one <see cref="FloatMotion"/> kernel sees every
/// reference frame in order at commit time (from a copy taken in Compute), and writes motion2/motion3 one frame late and
/// at flush, as libvmaf does.
/// </summary>
public sealed class FloatMotionFeatureExtractor : IFeatureExtractor, IExtractorOptionParser
{
    public static FloatMotionFeatureExtractor Instance { get; } = new();

    public string Name => FloatMotionExtractor.Name;

    public IReadOnlyList<string> Provides => FloatMotionExtractor.Provides;

    public IReadOnlyList<FeatureOption> Options { get; } = FloatEngineOptions.Of(FloatMotionExtractor.Options);

    public FeatureExtractorFlags Flags => FeatureExtractorFlags.Temporal;

    public IParsedExtractorOptions ParseOptions(IReadOnlyDictionary<string, object>? values) => FloatMotionExtractor.ParseOptions(values);

    public FeatureInstance CreateInstance(FeatureSettings settings, LumaGeometry geometry, VectorWidth width) => new MotionInstance(settings, geometry);

    private sealed class MotionInstance : FeatureInstance
    {
        private readonly FloatMotion _kernel;
        private readonly FrameGeometry _picture;
        private readonly int _copyBytes;

        public MotionInstance(FeatureSettings settings, LumaGeometry geometry)
            : base(settings, geometry)
        {
            var options = (FloatOptions)settings.Parsed!;
            _kernel = new FloatMotion(options, geometry.Width, geometry.Height, geometry.BitDepth, geometry.Chroma);
            _picture = new FrameGeometry(geometry.Width, geometry.Height, YuvFormat.From(geometry.Chroma, geometry.BitDepth));

            // Only the reference is read: its luma, and its chroma with motion_add_uv.
            _copyBytes = options.Flag("motion_add_uv") ? _picture.FrameBytes : geometry.PlaneBytes;
        }

        public override object CreateScratch() => this;

        public override object CreateFrameState() => new byte[_copyBytes];

        public override void Compute(in FrameInput input, object scratch, object frameState)
        {
            ReadOnlySpan<byte> source = input.ReferencePicture.Length >= _copyBytes ? input.ReferencePicture : input.Reference;
            source[.._copyBytes].CopyTo((byte[])frameState);
        }

        public override void Commit(int index, object frameState, FeatureCollector collector)
        {
            var frame = (byte[])frameState;
            int bps = _picture.Format.BytesPerSample, depth = _picture.Format.BitDepth;
            var y = SamplePlane.FromRaw(frame.AsSpan(0, Geometry.PlaneBytes), Geometry.Width, Geometry.Height, Geometry.Width, depth);
            if (_copyBytes == Geometry.PlaneBytes || _picture.PlaneCount == 1)
            {
                _kernel.Extract(index, y, collector);
                return;
            }

            // libvmaf's chroma planes are floor-sized; the frame's rows are ceil-sized (the stride).
            PlaneSize c = _picture.ChromaPlane;
            int cw = _picture.Format.Chroma == ChromaFormat.Yuv444 ? Geometry.Width : Geometry.Width >> 1;
            int ch = _picture.Format.Chroma == ChromaFormat.Yuv420 ? Geometry.Height >> 1 : Geometry.Height;
            var u = SamplePlane.FromRaw(frame.AsSpan(_picture.PlaneOffset(1) * bps, c.Samples * bps), cw, ch, c.Width, depth);
            var v = SamplePlane.FromRaw(frame.AsSpan(_picture.PlaneOffset(2) * bps, c.Samples * bps), cw, ch, c.Width, depth);
            _kernel.Extract(index, y, u, v, collector);
        }

        public override void Flush(FeatureCollector collector, int frameCount) => _kernel.Flush(collector);
    }
}
