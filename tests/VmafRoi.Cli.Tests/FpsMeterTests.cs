using VmafRoi.VmafRunner.Engine;

namespace VmafRoi.Cli.Tests;

/// <summary>The terminal FPS meter dotnet-vmaf draws, fed progress reports directly.</summary>
public sealed class FpsMeterTests
{
    private const string Erase = "\r\u001b[K";

    [Fact]
    public void Meter_redraws_in_place_at_most_once_per_interval_then_ends_the_line_with_the_final_figures()
    {
        var stderr = new StringWriter();
        var meter = new FpsMeter(stderr, TimeSpan.FromMilliseconds(100));

        meter.Report(Progress(1, 40));
        meter.Report(Progress(2, 99));
        meter.Report(Progress(3, 100));
        meter.Report(Progress(4, 150));
        meter.Report(Progress(10, 250));
        meter.Complete(Progress(12, 300));

        Assert.Equal($"{Erase}3 frames 30.00 FPS{Erase}10 frames 40.00 FPS{Erase}12 frames 40.00 FPS\n", stderr.ToString());
        Assert.Equal(3, meter.Draws);
    }

    [Fact]
    public void A_run_shorter_than_one_interval_shows_only_the_final_line_and_one_frame_is_singular()
    {
        var stderr = new StringWriter();
        var meter = new FpsMeter(stderr, TimeSpan.FromSeconds(1));

        meter.Report(Progress(1, 500));
        meter.Complete(Progress(1, 500));

        Assert.Equal($"{Erase}1 frame 2.00 FPS\n", stderr.ToString());
    }

    [Fact]
    public void An_abandoned_meter_ends_its_half_drawn_line_so_the_error_starts_on_its_own()
    {
        var drawn = new StringWriter();
        var untouched = new StringWriter();
        var meter = new FpsMeter(drawn, TimeSpan.FromMilliseconds(10));

        meter.Report(Progress(5, 20));
        meter.Abandon();
        new FpsMeter(untouched).Abandon();

        Assert.EndsWith("5 frames 250.00 FPS\n", drawn.ToString());
        Assert.Empty(untouched.ToString());
    }

    private static VmafProgress Progress(int frames, int milliseconds) => new(frames, TimeSpan.FromMilliseconds(milliseconds));
}
