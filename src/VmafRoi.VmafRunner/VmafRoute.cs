using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner;

/// <summary>Which implementation computes VMAF.</summary>
public enum VmafEngineKind
{
    /// <summary>libvmaf's <c>vmaf</c> CLI if installed, else ffmpeg with the libvmaf filter, else the managed engine.</summary>
    Auto,

    /// <summary>libvmaf's <c>vmaf</c> command-line tool.</summary>
    Libvmaf,

    /// <summary>ffmpeg's <c>libvmaf</c> filter.</summary>
    Ffmpeg,

    /// <summary>Our own managed engine, which reproduces libvmaf's numbers exactly.</summary>
    Managed,
}

/// <summary>A clip to score: its path and how to open it (raw geometry, or nothing for Y4M and containers).</summary>
/// <param name="Path">The file.</param>
/// <param name="Options">How to open it; raw YUV needs width, height and format.</param>
public sealed record VmafInput(string Path, FrameReaderOptions Options)
{
    /// <summary>A raw planar file of known geometry.</summary>
    public static VmafInput Raw(string path, FrameGeometry geometry) =>
        new(path, new FrameReaderOptions { Kind = InputKind.Raw, Width = geometry.Width, Height = geometry.Height, Format = geometry.Format });

    /// <summary>Opens the clip for streaming.</summary>
    public FrameSource Open() => FrameReader.Open(Path, Options);

    /// <summary>Opens the clip for streaming; <paramref name="cancellationToken"/> also ends a wait for a FIFO's writer.</summary>
    public FrameSource Open(CancellationToken cancellationToken) => FrameReader.Open(Path, Options, cancellationToken);
}

/// <summary>One VMAF run: a reference, a distorted clip, a model and run options. Every route honours every field.</summary>
public sealed record VmafRequest
{
    public required VmafInput Reference { get; init; }

    public required VmafInput Distorted { get; init; }

    /// <summary>The model: a built-in name (<c>vmaf_v0.6.1</c>), <c>version=NAME</c>, <c>path=FILE</c> or a path to a JSON file.</summary>
    public ModelSpec Model { get; init; } = ModelSpec.Default;

    /// <summary>Worker threads; 0 lets the route decide (libvmaf: none).</summary>
    public int Threads { get; init; }

    /// <summary>Score at most this many frames; null scores all.</summary>
    public int? FrameCount { get; init; }

    public int SkipReferenceFrames { get; init; }

    public int SkipDistortedFrames { get; init; }

    /// <summary>Score every Nth frame (libvmaf's <c>--subsample</c>); 1 scores all.</summary>
    public int Subsample { get; init; } = 1;

    /// <summary>Names this run in errors, e.g. <c>full-frame</c> or <c>saliency-masked</c>.</summary>
    public string Label { get; init; } = "vmaf";

    /// <summary>Told after every committed frame by routes that can tell (the managed engine); null reports nothing.</summary>
    public IProgress<Engine.VmafProgress>? Progress { get; init; }
}

/// <summary>Computes VMAF for a request. Implementations: the libvmaf CLI, ffmpeg's libvmaf filter and the managed engine.</summary>
public interface IVmafRoute
{
    /// <summary>The route's short name: <c>libvmaf</c>, <c>ffmpeg</c> or <c>managed</c>.</summary>
    string Name { get; }

    /// <summary>Scores the request: per-frame metrics plus pooled values.</summary>
    VmafResult Score(VmafRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fails early, before any expensive work, when the route can tell the model is missing or malformed. By default
    /// a model file must be a regular file under the size cap (a FIFO would block the external tool forever).
    /// </summary>
    void CheckModel(ModelSpec model)
    {
        if (model?.FilePath is { } file)
        {
            Engine.Model.ModelFile.Check(file);
        }
    }
}
