using VmafRoi.Aggregators;
using VmafRoi.EncoderAdapters.Adapters;
using VmafRoi.EncoderAdapters.Formats;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.Saliency;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.TestShared;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.EncoderAdapters.Tests;

/// <summary>Plans from real masks of real clips: segments where the scene cuts, one where it does not.</summary>
public sealed class PlannerTests
{
    // carphone then chaplin (scaled to 176x144): one cut at frame 30.
    private static string CutClip() => NaturalClips.Cut(
        "clips/carphone_qcif_120f.mkv",
        60,
        "[0:v]trim=end_frame=30,setsar=1[a];[1:v]trim=end_frame=30,scale=176:144,fps=30000/1001,setsar=1,format=yuv420p[b];[a][b]concat=n=2:v=1",
        "clips/chaplin_360p_120f.mkv");

    private static RoiPlan Plan(string clip, PlanOptions options, TempFolder folder)
    {
        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.DefaultName);
        using SidecarCacheResult cache = ClipMasks.OpenSidecar(model, clip, () => FrameReader.Open(clip), ColorMatrixChoice.Auto, 8, folder.File("masks.msgpack"), SidecarCacheMode.ReadWrite);
        using FrameSource probe = FrameReader.Open(clip);
        return RoiPlanner.Plan(cache.Reader, () => FrameReader.Open(clip), probe.Rate, options);
    }

    [Fact]
    public void A_scene_cut_starts_a_new_segment_and_a_steady_shot_stays_one()
    {
        using var folder = new TempFolder();

        RoiPlan cut = Plan(CutClip(), new PlanOptions(), folder);
        RoiPlan steady = Plan(NaturalClips.Carphone(60), new PlanOptions(), folder);

        Assert.Equal([(0, 30, "start"), (30, 60, "scene-cut")], cut.Segments.Select(s => (s.Start, s.End, s.Reason)));
        Assert.Single(steady.Segments);
        Assert.Equal(60, steady.Segments[0].End);
        Assert.All(cut.Segments.Concat(steady.Segments), s => Assert.Equal(s.Offsets.Offsets, RegionCover.Render(s.Regions, 176, 144, s.Offsets.BlockSize)));
    }

    [Fact]
    public void Without_segments_or_within_the_minimum_length_the_clip_is_one_plan()
    {
        using var folder = new TempFolder();

        Assert.Single(Plan(CutClip(), new PlanOptions { Segmented = false }, folder).Segments);
        Assert.Single(Plan(CutClip(), new PlanOptions { MinSegmentSeconds = 2.5 }, folder).Segments);
    }

    [Fact]
    public void The_segment_cap_raises_the_minimum_length()
    {
        var options = new PlanOptions { MinSegmentSeconds = 0.1, MaxSegments = 4 };

        Assert.Equal(25, RoiPlanner.MinSegmentFrames(options, new FrameRate(25, 1), 100));
        Assert.Equal(3, RoiPlanner.MinSegmentFrames(options, new FrameRate(25, 1), 10));
    }

    [Fact]
    public void Motion_weighted_plans_read_the_frames_too()
    {
        using var folder = new TempFolder();

        RoiPlan plan = Plan(CutClip(), new PlanOptions { Aggregator = AggregatorSpec.Create(AggregatorNames.MotionWeighted) }, folder);

        Assert.Equal(2, plan.Segments.Count);
        Assert.All(plan.Segments, s => Assert.InRange(s.Saliency.Mean(), 0.01, 0.99));
    }

    [Fact]
    public void A_segmented_addroi_script_passes_every_frame_through_once_in_order()
    {
        using var folder = new TempFolder();
        string clip = CutClip();
        RoiPlan plan = Plan(clip, new PlanOptions(), folder);
        string script = folder.File("plan.filter");
        using (var text = new StreamWriter(script))
        {
            AddroiScript.Write(text, plan, qp => new X264Adapter().QOffset(qp, 8));
        }

        // Lossless FFV1 through the graph must give back the source frames bit for bit.
        string output = folder.File("through.mkv");
        ProcessResult encode = ExternalTool.Run(Ffmpeg.FfmpegPath(), ["-v", "error", "-nostdin", "-y", "-i", clip, "-filter_script:v", script, "-c:v", "ffv1", output]);
        Assert.True(encode.ExitCode == 0, encode.StderrTail);
        Assert.Equal(RawMd5(clip), RawMd5(output));
    }

    private static string RawMd5(string path)
    {
        using FrameSource source = FrameReader.Open(path);
        using var md5 = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.MD5);
        while (source.ReadNext() is { } frame)
        {
            using (frame)
            {
                md5.AppendData(frame.Data);
            }
        }

        return Convert.ToHexString(md5.GetHashAndReset());
    }
}
