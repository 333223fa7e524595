using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VmafRoi.Sdk.Tasks;
using VmafRoi.Sdk.Tests.Infrastructure;
using VmafRoi.TestShared;
using VmafRoi.Yuv;

namespace VmafRoi.Sdk.Tests.Tasks;

/// <summary>
/// The pure-managed tasks (probe, managed VMAF, sidecar aggregate, blend) run in this process the way they run in the
/// build node, next to the saliency task, which runs the real <c>vmaf-roi saliency</c> out of process.
/// </summary>
public sealed class InProcessTaskTests : IDisposable
{
    private readonly TempDirectory _folder = new("vmafroi-inproc-");

    public InProcessTaskTests()
    {
        Clips.Y4m(_folder.File("ref.y4m"), frames: 6);
        Clips.Y4m(_folder.File("dis.y4m"), frames: 6, noise: 10, seed: 7);
        Clips.Raw(_folder.File("dis.yuv"), frames: 6, noise: 10, seed: 7);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Probe_reports_kind_geometry_and_frame_count_of_y4m_and_raw_clips()
    {
        var engine = new BuildEngineStub();
        var task = new VmafRoiProbe
        {
            BuildEngine = engine,
            ProjectDirectory = _folder.Path,
            Clips = [new TaskItem("ref.y4m"), GateProject.Item("dis.yuv", ("Width", "64"), ("Height", "36"))],
        };

        Assert.True(task.Execute(), string.Join('\n', engine.Errors.Select(e => e.Message)));
        Assert.Equal(["y4m", "raw"], task.Probed.Select(p => p.GetMetadata("Kind")));
        Assert.All(task.Probed, p =>
        {
            Assert.Equal("64", p.GetMetadata("Width"));
            Assert.Equal("36", p.GetMetadata("Height"));
            Assert.Equal("yuv420p", p.GetMetadata("PixFmt"));
            Assert.Equal("8", p.GetMetadata("BitDepth"));
            Assert.Equal("6", p.GetMetadata("FrameCount"));
        });
    }

    [Fact]
    public void Probe_of_a_raw_clip_without_its_size_is_a_coded_error_and_other_clips_still_probe()
    {
        var engine = new BuildEngineStub();
        var task = new VmafRoiProbe { BuildEngine = engine, ProjectDirectory = _folder.Path, Clips = [new TaskItem("dis.yuv"), new TaskItem("ref.y4m")] };

        Assert.False(task.Execute());
        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("VRQ006", error.Code);
        Assert.Contains("raw YUV, which has no header", error.Message);
        Assert.Single(task.Probed);
    }

    [Fact]
    public void Managed_vmaf_in_process_scores_identical_clips_at_the_top_and_noisy_ones_lower()
    {
        var engine = new BuildEngineStub();
        var task = new VmafRoiVmafScore
        {
            BuildEngine = engine,
            ProjectDirectory = _folder.Path,
            ModelDirectory = SharedData.VmafModelDirectory,
            MaxParallel = 2,
            Items = [GateProject.Item("ref.y4m", ("Reference", "ref.y4m")), GateProject.Item("dis.y4m", ("Reference", "ref.y4m"))],
        };

        Assert.True(task.Execute(), string.Join('\n', engine.Errors.Select(e => e.Message)));
        double[] scores = [.. task.Scored.Select(s => double.Parse(s.GetMetadata("Vmaf"), CultureInfo.InvariantCulture))];
        Assert.True(scores[0] > 95, $"identical clips scored {scores[0]}");
        Assert.True(scores[1] < scores[0], $"noisy clip scored {scores[1]}, identical {scores[0]}");
        Assert.All(task.Scored, s => Assert.Equal("managed", s.GetMetadata("Route")));
        Assert.All(task.Scored, s => Assert.Equal("6", s.GetMetadata("Frames")));
    }

    [Fact]
    public void Vmaf_score_without_a_reference_is_VRQ002()
    {
        var engine = new BuildEngineStub();
        var task = new VmafRoiVmafScore { BuildEngine = engine, ProjectDirectory = _folder.Path, Items = [new TaskItem("dis.y4m")] };

        Assert.False(task.Execute());
        Assert.Equal(["VRQ002"], engine.ErrorCodes);
    }

    [Fact]
    public void Sidecar_made_out_of_process_feeds_aggregate_and_blend_in_process_without_loading_onnx_runtime()
    {
        var saliencyEngine = new BuildEngineStub();
        var saliency = new VmafRoiSaliency
        {
            BuildEngine = saliencyEngine,
            ProjectDirectory = _folder.Path,
            OutputDirectory = _folder.File("sidecars"),
            ToolPath = RepoTool("vmaf-roi"),
            Clips = [GateProject.Item("ref.y4m", ("SaliencyModel", "default"))],
        };
        Assert.True(saliency.Execute(), string.Join('\n', saliencyEngine.Errors.Select(e => e.Message)));
        ITaskItem sidecar = Assert.Single(saliency.Sidecars);
        Assert.True(File.Exists(sidecar.ItemSpec));

        var aggregateEngine = new BuildEngineStub();
        var aggregate = new VmafRoiAggregate
        {
            BuildEngine = aggregateEngine,
            ProjectDirectory = _folder.Path,
            Sidecars = [GateProject.Item(sidecar.ItemSpec, ("Aggregator", "motion-weighted"), ("Clip", "ref.y4m"), ("FrameSamples", "3"))],
        };
        Assert.True(aggregate.Execute(), string.Join('\n', aggregateEngine.Errors.Select(e => e.Message)));
        ITaskItem aggregated = Assert.Single(aggregate.Aggregated);
        Assert.Equal("6", aggregated.GetMetadata("Frames"));
        Assert.Equal("0;2;4", aggregated.GetMetadata("SampledFrames"));
        Assert.InRange(double.Parse(aggregated.GetMetadata("SaliencyMean"), CultureInfo.InvariantCulture), 0, 1);

        var blendEngine = new BuildEngineStub();
        var blend = new VmafRoiBlend
        {
            BuildEngine = blendEngine,
            ProjectDirectory = _folder.Path,
            Items = [GateProject.Item("dis.y4m", ("Reference", "ref.y4m"), ("Sidecar", sidecar.ItemSpec), ("Output", "out/masked.y4m"), ("Threshold", "1"), ("Fade", "1"))],
        };
        Assert.True(blend.Execute(), string.Join('\n', blendEngine.Errors.Select(e => e.Message)));
        Assert.Equal("6", Assert.Single(blend.Blended).GetMetadata("Frames"));

        // Threshold 1 with a fade band above it gives alpha 0 everywhere: the masked clip is the reference, frame for frame.
        AssertSameFrames(_folder.File("ref.y4m"), _folder.File("out", "masked.y4m"));

        // A sidecar made for another clip is refused, not blended.
        var wrongEngine = new BuildEngineStub();
        var wrong = new VmafRoiBlend
        {
            BuildEngine = wrongEngine,
            ProjectDirectory = _folder.Path,
            Items = [GateProject.Item("ref.y4m", ("Reference", "dis.y4m"), ("Sidecar", sidecar.ItemSpec), ("Output", "out/wrong.y4m"))],
        };
        Assert.False(wrong.Execute());
        Assert.Contains(wrongEngine.Errors, e => e.Code == "VRQ006" && (e.Message ?? string.Empty).Contains("reference_sha256", StringComparison.Ordinal));
        Assert.False(File.Exists(_folder.File("out", "wrong.y4m")));

        // An EMA alpha that is not a number in [0, 1] is bad metadata, not a silent default.
        var alphaEngine = new BuildEngineStub();
        var badAlpha = new VmafRoiAggregate
        {
            BuildEngine = alphaEngine,
            ProjectDirectory = _folder.Path,
            Sidecars = [GateProject.Item(sidecar.ItemSpec, ("Aggregator", "ema"), ("EmaAlpha", "fast"))],
        };
        Assert.False(badAlpha.Execute());
        Assert.Equal(["VRQ005"], alphaEngine.ErrorCodes);

        // The build node must never map ONNX Runtime; these tasks ran in this process exactly as they run there.
        Assert.DoesNotContain("onnxruntime", File.ReadAllText("/proc/self/maps"), StringComparison.OrdinalIgnoreCase);
    }

    private static string RepoTool(string name) =>
        Path.Combine(SharedData.RepoRoot, "src", "tools", name, "bin", PackedSdkFixture.Configuration, "net10.0", name + ".dll");

    private static void AssertSameFrames(string expected, string actual)
    {
        using FrameSource a = FrameReader.Open(expected);
        using FrameSource b = FrameReader.Open(actual);
        int frames = 0;
        while (a.ReadNext() is { } fa)
        {
            using (fa)
            {
                using YuvFrame fb = b.ReadNext() ?? throw new Xunit.Sdk.XunitException($"{actual} has only {frames} frames");
                Assert.True(fa.Data.SequenceEqual(fb.Data), $"frame {frames} differs");
                frames++;
            }
        }

        Assert.Null(b.ReadNext());
    }
}
