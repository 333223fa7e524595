using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine;

/// <summary>An extra extractor to run (libvmaf's <c>--feature NAME=opt=val:…</c>), e.g. <c>new("vif", {["debug"] = true})</c>.</summary>
/// <param name="Extractor">The extractor name (<c>vif</c>, <c>adm</c>, <c>motion</c>, <c>motion_v2</c>).</param>
/// <param name="Options">Option values by name or alias; null for defaults.</param>
public sealed record FeatureRequest(string Extractor, IReadOnlyDictionary<string, object>? Options = null);

/// <summary>How <see cref="VmafEngine"/> runs. Every field has libvmaf's meaning; none changes the numbers except the variant.</summary>
public sealed record VmafEngineOptions
{
    public static VmafEngineOptions Default { get; } = new();

    /// <summary>
    /// Worker threads for the frame-parallel pipeline; 0 runs everything on the calling thread, N ≥ 1 computes on N workers
    /// while the calling thread reads ahead and commits. Results never depend on it.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Score at most this many frames (after skipping); null scores all.</summary>
    public int? FrameCount { get; init; }

    /// <summary>Reference frames read and discarded first.</summary>
    public int SkipReferenceFrames { get; init; }

    /// <summary>Distorted frames read and discarded first.</summary>
    public int SkipDistortedFrames { get; init; }

    /// <summary>Score every Nth frame (motion still sees every frame); 1 scores all.</summary>
    public int Subsample { get; init; } = 1;

    /// <summary>
    /// Which libvmaf release to reproduce: 3.0.0 or 3.2.0. Null (the default) picks it from the run
    /// (<see cref="FeatureRegistry.VersionFor"/>): 3.2.0 when a model or extractor exists only there, else 3.0.0.
    /// </summary>
    public MotionVariant? MotionVariant { get; init; }

    /// <summary>Extractors to run besides those the models need (registered after them, deduplicated like libvmaf).</summary>
    public IReadOnlyList<FeatureRequest> Features { get; init; } = [];

    /// <summary>
    /// Told after every committed frame, on the calling thread and in frame order; null reports nothing. Keep it cheap
    /// (throttle any drawing): it runs between frames.
    /// </summary>
    public IProgress<VmafProgress>? Progress { get; init; }

    /// <summary>Measure time per extractor (see <see cref="VmafScores.Timings"/>).</summary>
    public bool CollectTimings { get; init; }

    /// <summary>Forces a kernel width (tests and benchmarks); <see cref="VectorWidth.Auto"/> picks the widest.</summary>
    internal VectorWidth VectorWidth { get; init; } = VectorWidth.Auto;
}
