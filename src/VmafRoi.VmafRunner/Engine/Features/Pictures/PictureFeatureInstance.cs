using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine.Features.Pictures;

/// <summary>
/// An engine instance around a standalone extractor kernel that reads whole pictures. The kernel made at creation
/// surfaces libvmaf's refusals before any frame is read. Per-frame kernels score in <see cref="Compute"/> with one kernel
/// per thread and write in <see cref="Commit(int, object, FeatureCollector)"/>; kernels with state across frames
/// (<c>inOrder</c>) do both in Commit, on one kernel, in frame order, from copies of the pictures.
/// </summary>
/// <typeparam name="TKernel">The kernel (buffers for one frame size; not thread-safe).</typeparam>
/// <typeparam name="TFrame">One frame's results, carried from scoring to writing.</typeparam>
internal abstract class PictureFeatureInstance<TKernel, TFrame> : FeatureInstance
    where TKernel : class
    where TFrame : class
{
    private readonly Func<TKernel> _create;
    private readonly bool _inOrder;
    private TKernel? _unused;

    protected PictureFeatureInstance(FeatureSettings settings, LumaGeometry geometry, Func<PictureFeatureInstance<TKernel, TFrame>, TKernel> create, bool inOrder)
        : base(settings, geometry)
    {
        Picture = new FrameGeometry(geometry.Width, geometry.Height, YuvFormat.From(geometry.Chroma, geometry.BitDepth));
        _create = () => create(this);
        _inOrder = inOrder;
        First = _create();
        _unused = inOrder ? null : First;
    }

    /// <summary>The pictures' geometry (all planes).</summary>
    public FrameGeometry Picture { get; }

    /// <summary>The kernel made at creation: the in-order kernel, else the first thread's (writers only read its configuration).</summary>
    protected TKernel First { get; }

    public override object CreateScratch() => _inOrder ? First : Interlocked.Exchange(ref _unused, null) ?? _create();

    public override object CreateFrameState() => new State(CreateFrame(), _inOrder ? Picture.FrameBytes : 0);

    public override void Compute(in FrameInput input, object scratch, object frameState)
    {
        var state = (State)frameState;
        var pictures = new FramePictures(Picture, input.ReferencePicture, input.DistortedPicture);
        if (_inOrder)
        {
            pictures.Reference.CopyTo(state.Reference);
            pictures.Distorted.CopyTo(state.Distorted);
            return;
        }

        Score((TKernel)scratch, pictures, input.Index, state.Frame);
    }

    public override void Commit(int index, object frameState, FeatureCollector collector)
    {
        var state = (State)frameState;
        if (_inOrder)
        {
            Score(First, new FramePictures(Picture, state.Reference, state.Distorted), index, state.Frame);
        }

        Write(index, state.Frame, collector);
    }

    protected abstract TFrame CreateFrame();

    /// <summary>Scores one frame pair (any thread, own kernel; in frame order on <see cref="First"/> for in-order kernels).</summary>
    protected abstract void Score(TKernel kernel, in FramePictures pictures, int index, TFrame frame);

    /// <summary>Appends one frame's values to the collector, in libvmaf's order (in frame order, one thread).</summary>
    protected abstract void Write(int index, TFrame frame, FeatureCollector collector);

    private sealed class State(TFrame frame, int frameBytes)
    {
        public TFrame Frame { get; } = frame;

        public byte[] Reference { get; } = new byte[frameBytes];

        public byte[] Distorted { get; } = new byte[frameBytes];
    }
}

/// <summary>One frame's values of a kernel with a fixed list of collector names.</summary>
internal sealed class FrameValues(IReadOnlyList<string> names)
{
    public IReadOnlyList<string> Names { get; } = names;

    public double[] Values { get; } = new double[names.Count];

    public void AppendTo(int index, FeatureCollector collector)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            collector.Append(Names[i], index, Values[i]);
        }
    }
}
