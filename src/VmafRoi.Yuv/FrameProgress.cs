namespace VmafRoi.Yuv;

/// <summary>
/// How far one stage of a frame-by-frame job has got; the one place where frames per second and the time left are
/// worked out (commands' progress displays and dotnet-vmaf's meter all read them from here).
/// </summary>
/// <param name="Stage">What is being done, e.g. <c>saliency</c> or <c>VMAF full-frame</c>.</param>
/// <param name="Frames">Frames done so far.</param>
/// <param name="Total">Frames the stage will do, when known up front.</param>
/// <param name="Elapsed">Wall-clock time since the stage started.</param>
public readonly record struct FrameProgress(string Stage, int Frames, int? Total, TimeSpan Elapsed)
{
    private readonly string? _unit;

    /// <summary>What <see cref="Frames"/> counts, as displays name it: <c>frames</c> unless a job counts something else (<c>clips</c>).</summary>
    public string Unit
    {
        get => _unit ?? "frames";
        init => _unit = value;
    }

    /// <summary>Frames per second so far; 0 before any time has passed.</summary>
    public double Fps => FramesPerSecond(Frames, Elapsed);

    /// <summary>Time left at the rate so far; null when the total is unknown or no rate is known yet.</summary>
    public TimeSpan? Remaining => Total is int total && Fps > 0 ? TimeSpan.FromSeconds(Math.Max(0, total - Frames) / Fps) : null;

    /// <summary>Frames per second of <paramref name="frames"/> in <paramref name="elapsed"/>; 0 before any time has passed.</summary>
    public static double FramesPerSecond(int frames, TimeSpan elapsed) => elapsed > TimeSpan.Zero ? frames / elapsed.TotalSeconds : 0;
}
