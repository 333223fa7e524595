using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine;

namespace VmafRoi.VmafRunner.Tests.Engine;

public sealed class ProgressTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Progress_is_told_every_committed_frame_in_order_on_the_calling_thread(int threads)
    {
        GoldenCase c = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        var progress = new Recorder();

        VmafScores scores = GoldenRuns.Run(c, [GoldenRuns.Model("vmaf_v0.6.1")], new VmafEngineOptions { Threads = threads, Subsample = 3, Progress = progress });

        Assert.Equal(Enumerable.Range(1, c.Frames), progress.Reports.Select(r => r.Frames));
        Assert.All(progress.Reports.Zip(progress.Reports.Skip(1)), pair => Assert.True(pair.First.Elapsed <= pair.Second.Elapsed));
        Assert.True(progress.Reports[^1].Elapsed <= scores.Elapsed);
        Assert.All(progress.Threads, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
    }

    [Fact]
    public void Progress_fps_is_frames_over_elapsed_and_zero_before_any_time()
    {
        Assert.Equal(20.0, new VmafProgress(10, TimeSpan.FromSeconds(0.5)).Fps);
        Assert.Equal(0.0, new VmafProgress(3, TimeSpan.Zero).Fps);
    }

    private sealed class Recorder : IProgress<VmafProgress>
    {
        public List<VmafProgress> Reports { get; } = [];

        public List<int> Threads { get; } = [];

        public void Report(VmafProgress value)
        {
            Reports.Add(value);
            Threads.Add(Environment.CurrentManagedThreadId);
        }
    }
}
