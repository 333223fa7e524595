using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Tests.Engine;

public sealed class EngineSemanticsTests
{
    private static readonly GoldenCase Case = GoldenCase.Get("s05_movingbox_cellauto_576x324_x264crf42");

    [Fact]
    public void Subsample_scores_every_nth_frame_while_motion_sees_every_frame()
    {
        VmafScores full = GoldenRuns.Get(Case, "vmaf_v0.6.1");
        VmafScores sub = GoldenRuns.Run(Case, [GoldenRuns.Model("vmaf_v0.6.1")], new VmafEngineOptions { Subsample = 3, Threads = 2 });
        Assert.Equal(Enumerable.Range(0, 16).Select(i => 3 * i), sub.ReportedFrames());
        foreach (int i in sub.ReportedFrames())
        {
            foreach (string name in new[] { "vmaf", "VMAF_integer_feature_adm2_score", "VMAF_integer_feature_motion2_score", "VMAF_integer_feature_vif_scale0_score" })
            {
                Assert.Equal(full.Features.Get(name, i), sub.Features.Get(name, i));
            }
        }

        Assert.False(sub.Features.TryGet("VMAF_integer_feature_adm2_score", 1, out _));
        double[] scored = sub.ReportedFrames().Select(i => full.Features.Get("vmaf", i)).ToArray();
        Assert.Equal(scored.Sum() / scored.Length, sub.Pool("vmaf")!.Value.Mean);
        Assert.Contains("\"frameNum\": 3,", VmafRoi.VmafRunner.Engine.Output.VmafJsonWriter.ToJson(sub, fps: 1));
        Assert.DoesNotContain("\"frameNum\": 1,", VmafRoi.VmafRunner.Engine.Output.VmafJsonWriter.ToJson(sub, fps: 1));
    }

    [Fact]
    public void Frame_count_and_skips_select_the_frames_libvmaf_would()
    {
        VmafScores full = GoldenRuns.Get(Case, "vmaf_v0.6.1");
        VmafScores part = GoldenRuns.Run(Case, [GoldenRuns.Model("vmaf_v0.6.1")], new VmafEngineOptions { SkipReferenceFrames = 5, SkipDistortedFrames = 5, FrameCount = 10 });
        Assert.Equal(10, part.FrameCount);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(full.Features.Get("VMAF_integer_feature_adm2_score", i + 5), part.Features.Get("VMAF_integer_feature_adm2_score", i));
            Assert.Equal(full.Features.Get("VMAF_integer_feature_vif_scale1_score", i + 5), part.Features.Get("VMAF_integer_feature_vif_scale1_score", i));
        }

        // Motion restarts: the first scored frame has no predecessor.
        Assert.Equal(0.0, part.Features.Get("VMAF_integer_feature_motion2_score", 0));
        Assert.Equal(full.Features.Get("VMAF_integer_feature_motion_score", 7), part.Features.Get("VMAF_integer_feature_motion_score", 2));
    }

    [Fact]
    public void Different_skips_pair_different_frames()
    {
        VmafScores shifted = GoldenRuns.Run(Case, [GoldenRuns.Model("vmaf_v0.6.1")], new VmafEngineOptions { SkipDistortedFrames = 2, FrameCount = 4 });
        Assert.Equal(4, shifted.FrameCount);
        Assert.NotEqual(GoldenRuns.Get(Case, "vmaf_v0.6.1").Features.Get("VMAF_integer_feature_adm2_score", 0), shifted.Features.Get("VMAF_integer_feature_adm2_score", 0));
    }

    [Fact]
    public void Debug_features_are_consistent_with_the_scale_values()
    {
        var debug = new FeatureRequest[] { new("vif", new Dictionary<string, object> { ["debug"] = true }), new("adm", new Dictionary<string, object> { ["debug"] = true }) };
        VmafScores s = GoldenRuns.Run(Case, [GoldenRuns.Model("vmaf_v0.6.1")], new VmafEngineOptions { Features = debug, FrameCount = 3 });

        // Requests equal to a model's extractor (same feature parameters) are deduplicated, as in libvmaf.
        Assert.DoesNotContain("integer_vif_num", s.Features.Names);
        VmafScores only = GoldenRuns.Run(Case, [], new VmafEngineOptions { Features = debug, FrameCount = 3 });
        for (int i = 0; i < 3; i++)
        {
            double num = 0, den = 0;
            for (int k = 0; k < 4; k++)
            {
                double n = only.Features.Get($"integer_vif_num_scale{k}", i), d = only.Features.Get($"integer_vif_den_scale{k}", i);
                Assert.Equal((double)((float)n / (float)d), only.Features.Get($"VMAF_integer_feature_vif_scale{k}_score", i));
                num += n;
                den += d;
            }

            Assert.Equal(num, only.Features.Get("integer_vif_num", i));
            Assert.Equal(num / den, only.Features.Get("integer_vif", i));
            Assert.Equal(only.Features.Get("VMAF_integer_feature_adm2_score", i), only.Features.Get("integer_adm", i));
            Assert.Equal(s.Features.Get("VMAF_integer_feature_adm2_score", i), only.Features.Get("integer_adm", i));
        }

        Assert.Equal(
            ["VMAF_integer_feature_vif_scale0_score", "VMAF_integer_feature_vif_scale1_score", "VMAF_integer_feature_vif_scale2_score", "VMAF_integer_feature_vif_scale3_score",
             "integer_vif", "integer_vif_num", "integer_vif_den", "integer_vif_num_scale0", "integer_vif_den_scale0"],
            only.Features.Names.Take(9));
    }

    [Fact]
    public void Managed_route_honours_the_request_and_reports_libvmaf_names()
    {
        var geometry = new FrameGeometry(Case.Width, Case.Height, YuvFormat.Parse(Case.PixFmt));
        var request = new VmafRequest
        {
            Reference = VmafInput.Raw(Case.ReferenceRaw, geometry),
            Distorted = VmafInput.Raw(Case.DistortedRaw, geometry),
            Model = ModelSpec.Parse("vmaf_v0.6.1"),
            Threads = 2,
            FrameCount = 20,
            Subsample = 2,
        };
        VmafResult result = new ManagedVmafRoute(new ModelLocator([SharedData.VmafModelDirectory])).Score(request);
        Assert.Equal("managed", result.Route);
        Assert.Equal("3.0.0", result.Version);
        Assert.Equal(10, result.Frames.Count);
        Assert.Equal(
            ["integer_adm2", "integer_adm_scale0", "integer_adm_scale1", "integer_adm_scale2", "integer_adm_scale3", "integer_motion2", "integer_motion",
             "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3", "vmaf"],
            result.Frames[0].Metrics.Keys);
        VmafScores full = GoldenRuns.Get(Case, "vmaf_v0.6.1");
        double expected = Enumerable.Range(0, 10).Select(i => full.Features.Get("vmaf", 2 * i)).Sum() / 10;
        Assert.Equal(expected, result.PooledVmaf());
    }

    [Fact]
    public void Managed_route_reads_containers_through_ffmpeg()
    {
        var request = new VmafRequest
        {
            Reference = new VmafInput(Case.ReferenceMkv, new FrameReaderOptions()),
            Distorted = new VmafInput(Case.DistortedMkv, new FrameReaderOptions()),
            FrameCount = 5,
        };
        VmafResult result = new ManagedVmafRoute(new ModelLocator([SharedData.VmafModelDirectory])).Score(request);
        VmafScores full = GoldenRuns.Get(Case, "vmaf_v0.6.1");
        Assert.Equal(full.Features.Get("vmaf", 4), result.Frames[4].Metrics["vmaf"]);
    }

    [Fact]
    public void Memory_does_not_grow_with_clip_length()
    {
        // The collector keeps doubles per frame; frame buffers and kernel scratch are allocated once per run. Threads = 0
        // computes on this thread, so its allocation counter sees the kernels' too.
        GoldenCase c = GoldenCase.Get("s01_testsrc2_576x324_x264crf32");
        VmafModel model = GoldenRuns.Model("vmaf_v0.6.1");
        GoldenRuns.Run(c, [model], new VmafEngineOptions { FrameCount = 4, Threads = 0 });
        long before = GC.GetAllocatedBytesForCurrentThread();
        GoldenRuns.Run(c, [model], new VmafEngineOptions { FrameCount = 8, Threads = 0 });
        long eight = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        GoldenRuns.Run(c, [model], new VmafEngineOptions { FrameCount = 48, Threads = 0 });
        long fortyEight = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(fortyEight - eight < 256 * 1024, $"40 more frames allocated {fortyEight - eight} bytes");
    }
}
