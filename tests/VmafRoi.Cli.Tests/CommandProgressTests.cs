using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.Roi;
using VmafRoi.Tools.RoiScore;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.Yuv;

namespace VmafRoi.Cli.Tests;

/// <summary>
/// Progress on a terminal (frames, frames/s, time left) for vmaf-roi-score and vmaf-roi saliency; nothing extra off a
/// terminal or with -q; one piece of rate and ETA arithmetic, which dotnet-vmaf's libvmaf-style meter shares.
/// </summary>
public sealed class CommandProgressTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public CommandProgressTests()
    {
        Environment.SetEnvironmentVariable("VMAF_MODEL_PATH", SharedData.VmafModelDirectory);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Rate_and_time_left_come_from_frames_total_and_elapsed()
    {
        var halfway = new FrameProgress("saliency", 60, 240, TimeSpan.FromSeconds(4));

        Assert.Equal(15.0, halfway.Fps);
        Assert.Equal(TimeSpan.FromSeconds(12), halfway.Remaining);
        Assert.Null((halfway with { Total = null }).Remaining);
        Assert.Null((halfway with { Elapsed = TimeSpan.Zero }).Remaining);
        Assert.Equal(("60/240 frames", "15.0 frames/s", "ETA 0:12"), (CommandProgress.Frames(halfway), CommandProgress.Rate(halfway), CommandProgress.Remaining(halfway)));
        Assert.Equal("took 1:05:00", CommandProgress.Remaining(new FrameProgress("s", 9, 9, TimeSpan.FromMinutes(65))));
        Assert.Equal(("7 frames", string.Empty), (CommandProgress.Frames(halfway with { Frames = 7, Total = null }), CommandProgress.Remaining(halfway with { Total = null })));
    }

    [Fact]
    public void The_vmaf_meter_rate_is_the_same_arithmetic()
    {
        var engine = new VmafProgress(48, TimeSpan.FromMilliseconds(1500));
        Assert.Equal(FrameProgress.FramesPerSecond(48, TimeSpan.FromMilliseconds(1500)), engine.Fps);
        Assert.Equal("48 frames 32.00 FPS", FpsMeter.Format(engine));
    }

    [Fact]
    public void Nothing_is_drawn_when_not_shown_and_notes_go_straight_out()
    {
        var stderr = new StringWriter();
        int result = CommandProgress.Run(stderr, show: false, (progress, note) =>
        {
            Assert.Null(progress);
            note("one note");
            return 7;
        });

        Assert.Equal(7, result);
        Assert.Equal("one note\n", stderr.ToString());
    }

    [Fact]
    public void Shown_progress_draws_each_stage_and_prints_notes_after_the_display()
    {
        var stderr = new StringWriter();
        CommandProgress.Run(stderr, show: true, (progress, note) =>
        {
            note("a note written while drawing");
            for (int i = 1; i <= 3; i++)
            {
                progress!.Report(new FrameProgress("first stage", i, 3, TimeSpan.FromSeconds(i)));
            }

            progress!.Report(new FrameProgress("second stage", 5, null, TimeSpan.FromSeconds(1)));
            return 0;
        });

        string text = stderr.ToString();
        Assert.Contains("first stage", text, StringComparison.Ordinal);
        Assert.Contains("3/3 frames", text, StringComparison.Ordinal);
        Assert.Contains("1.0 frames/s", text, StringComparison.Ordinal);
        Assert.Contains("took 0:03", text, StringComparison.Ordinal);
        Assert.Contains("5 frames", text, StringComparison.Ordinal);
        Assert.EndsWith("a note written while drawing\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Saliency_draws_its_stages_on_a_terminal_and_nothing_with_quiet_or_off_a_terminal()
    {
        string clip = _temp.RawClip("clip.yuv", YuvFormat.Parse("yuv420p").WithSize(64, 48), 4);
        string[] args = ["saliency", "--input", clip, "--width", "64", "--height", "48", "--sidecar", _temp.File("s.msgpack"), "--sidecar-mode", "refresh"];

        (int code, string stderr) = Saliency(args, terminal: true);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("saliency", stderr, StringComparison.Ordinal);
        Assert.Contains("4/4 frames", stderr, StringComparison.Ordinal);
        Assert.Contains("aggregate", stderr, StringComparison.Ordinal);
        Assert.Contains("frames/s", stderr, StringComparison.Ordinal);

        Assert.Equal((ExitCodes.Success, string.Empty), Saliency([.. args, "-q"], terminal: true));
        Assert.Equal((ExitCodes.Success, string.Empty), Saliency([.. args, "--quiet"], terminal: true));
        Assert.Equal((ExitCodes.Success, string.Empty), Saliency(args, terminal: false));
    }

    [Fact]
    public void Roi_score_draws_its_one_pass_with_frames_rate_and_time_on_a_terminal_and_nothing_with_quiet()
    {
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        string[] args = ["--reference", golden.ReferenceRaw, "--distorted", golden.DistortedRaw, "--width", "64", "--height", "48", "--synthetic-mask", "0.5", "--engine", "managed", "--output", _temp.File("r.json")];

        (int code, string stderr) = RoiScore(args, terminal: true);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains(VmafRoi.Roi.RoiScorer.FusedStage, stderr, StringComparison.Ordinal);
        Assert.Contains("10/10 frames", stderr, StringComparison.Ordinal);
        Assert.Contains("frames/s", stderr, StringComparison.Ordinal);
        Assert.Contains("took ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("masked clip", stderr, StringComparison.Ordinal);

        Assert.Equal((ExitCodes.Success, string.Empty), RoiScore([.. args, "-q"], terminal: true));
        Assert.Equal((ExitCodes.Success, string.Empty), RoiScore(args, terminal: false));
    }

    private static (int Code, string Stderr) Saliency(string[] args, bool terminal)
    {
        var stderr = new StringWriter();
        int code = RoiCommand.Run(args, new StringWriter(), stderr, terminal);
        return (code, stderr.ToString());
    }

    private static (int Code, string Stderr) RoiScore(string[] args, bool terminal)
    {
        var stderr = new StringWriter();
        int code = RoiScoreCommand.Run(args, new StringWriter(), stderr, terminal);
        return (code, stderr.ToString());
    }
}
