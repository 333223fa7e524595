using System.Collections.Concurrent;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.VmafRunner.Engine.Simd;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Tests.Engine;

/// <summary>Engine runs over golden cases, computed once per configuration and shared by every test in the run.</summary>
internal static class GoldenRuns
{
    private static readonly ConcurrentDictionary<string, Lazy<VmafScores>> Cache = new();

    public static VmafModel Model(string name, string? metricName = null) =>
        VmafModelLoader.Load(System.IO.Path.Combine(SharedData.VmafModelDirectory, name + ".json"), new VmafModelOptions { Name = metricName ?? "vmaf" });

    /// <summary>The engine's result for a case and model (cached).</summary>
    public static VmafScores Get(GoldenCase c, string model, MotionVariant motion = MotionVariant.V3_0) =>
        Cache.GetOrAdd($"{c.Id}|{model}|{motion}", _ => new Lazy<VmafScores>(() => Run(c, [Model(model)], new VmafEngineOptions { MotionVariant = motion }))).Value;

    public static VmafScores Run(GoldenCase c, IReadOnlyList<VmafModel> models, VmafEngineOptions options)
    {
        using FrameSource reference = FrameReader.Open(c.ReferenceRaw, c.Geometry);
        using FrameSource distorted = FrameReader.Open(c.DistortedRaw, c.Geometry);
        return VmafEngine.Score(reference, distorted, models, options);
    }

    public static VmafEngineOptions WithWidth(VectorWidth width, int threads = 1) => new() { VectorWidth = width, Threads = threads };
}
