using VmafRoi.Saliency;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.VmafRunner;
using VmafRoi.VmafRunner.Routes;

namespace VmafRoi.Roi;

/// <summary>Everything <c>vmaf-roi-score</c> takes, as one immutable request. Defaults are the seed tool's.</summary>
public sealed record RoiScoreRequest
{
    public required string Reference { get; init; }

    public required string Distorted { get; init; }

    /// <summary>Raw input width; Y4M and containers carry their own.</summary>
    public int? Width { get; init; }

    /// <summary>Raw input height; Y4M and containers carry their own.</summary>
    public int? Height { get; init; }

    /// <summary>Raw input pixel format (ffmpeg name); null means <c>yuv420p</c> for raw input and "from the file" otherwise.</summary>
    public string? PixFmt { get; init; }

    /// <summary>A saliency ONNX model path, or a built-in name (<c>default</c> = vmafroi_v2, <c>classic_v1</c>). Exclusive with <see cref="SyntheticMask"/>.</summary>
    public string? SaliencyModel { get; init; }

    /// <summary>A constant mask value in [0, 1]. Exclusive with <see cref="SaliencyModel"/>.</summary>
    public double? SyntheticMask { get; init; }

    /// <summary>
    /// The caller's own masks (library only; exclusive with <see cref="SaliencyModel"/> and <see cref="SyntheticMask"/>):
    /// called once per pass over the reference (scoring, then a report), each provider disposed after its pass. Its
    /// <see cref="IMaskProvider.Name"/> is the result's <c>saliency_model</c>.
    /// </summary>
    public Func<IMaskProvider>? MaskSource { get; init; }

    /// <summary>
    /// On the managed engine, score both pairs in one pass (default). False scores a temporary masked clip in a second
    /// run, as the external routes do: the same numbers, for comparison and benchmarks.
    /// </summary>
    public bool SinglePass { get; init; } = true;

    /// <summary>
    /// How saliency enters the score: <see cref="RoiMethod.Substitution"/> (the seed's masked clip; default) or
    /// <see cref="RoiMethod.Pooled"/> (saliency-weighted pooling inside the features; managed engine only).
    /// </summary>
    public RoiMethod Method { get; init; } = RoiMethod.Substitution;

    /// <summary>Adds every frame's scores and mask mean to the result (<c>frames</c>).</summary>
    public bool PerFrame { get; init; }

    /// <summary>
    /// Keeps each frame's mask mean and the clip's mean mask (<see cref="RoiScoreRun.ClipMask"/>, what a report shows);
    /// always on with <see cref="PerFrame"/>. Off, the masks are not summed at all.
    /// </summary>
    public bool CollectMaskStatistics { get; init; }

    /// <summary>The masked (or pooled) score's weight in [0, 1]: 0 gives plain VMAF, 1 the masked VMAF only.</summary>
    public double Weight { get; init; } = 0.5;

    /// <summary>Mask values below this take the reference pixel (substitution only).</summary>
    public double Threshold { get; init; } = 0.3;

    /// <summary>Soft band above the threshold; 0 makes a hard mask (substitution only).</summary>
    public double Fade { get; init; } = 0.1;

    /// <summary>The VMAF model as given (<c>vmaf_v0.6.1</c>, <c>version=…</c>, <c>path=…</c> or a file).</summary>
    public string Model { get; init; } = "vmaf_v0.6.1";

    public VmafEngineKind Engine { get; init; } = VmafEngineKind.Auto;

    public RouteOptions Routes { get; init; } = new();

    /// <summary>VMAF worker threads; 0 lets the route decide.</summary>
    public int Threads { get; init; }

    /// <summary>YUV→RGB matrix for the saliency model.</summary>
    public ColorMatrixChoice ColorMatrix { get; init; } = ColorMatrixChoice.Auto;

    /// <summary>Saliency input normalisation; null takes the model's metadata, else ImageNet.</summary>
    public Normalization? SaliencyNormalization { get; init; }

    /// <summary>A per-clip mask cache to reuse or write; null computes masks without one.</summary>
    public string? SaliencySidecar { get; init; }

    /// <summary>Whether a stale or corrupt sidecar is recomputed (default), refreshed anyway, or an error.</summary>
    public SidecarCacheMode SidecarMode { get; init; } = SidecarCacheMode.ReadWrite;

    /// <summary>A bar for <c>vmaf_roi</c> in [0, 100]: below it the run fails with <c>QualityGateFailed</c> (after writing the result).</summary>
    public double? MinVmafRoi { get; init; }

    /// <summary>A bar for <c>vmaf_full</c> in [0, 100], checked like <see cref="MinVmafRoi"/>.</summary>
    public double? MinVmaf { get; init; }

    /// <summary>Cap on the estimated working set in bytes (see <see cref="Yuv.MemoryLimit"/>); null takes the default.</summary>
    public long? MemoryLimit { get; init; }

    /// <summary>Receives one-line notes for stderr (sidecar reused or replaced); null ignores them.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Told after every frame of each stage: <c>saliency</c> (filling a sidecar), then on the managed engine the one pass
    /// <c>VMAF + saliency</c>; on the external routes <c>masked clip</c>, <c>VMAF full-frame</c> and
    /// <c>VMAF saliency-masked</c> (when the route reports frames). Null reports nothing.
    /// </summary>
    public IProgress<Yuv.FrameProgress>? Progress { get; init; }
}
