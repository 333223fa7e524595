using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine;

/// <summary>How far a run has got: frame pairs committed (in frame order) and the run's wall-clock time so far.</summary>
/// <param name="Frames">Frame pairs whose features are committed, counting subsampled-out frames.</param>
/// <param name="Elapsed">Wall-clock time since the run started (after model loading).</param>
public readonly record struct VmafProgress(int Frames, TimeSpan Elapsed)
{
    /// <summary>Frames per second so far; 0 before any time has passed.</summary>
    public double Fps => FrameProgress.FramesPerSecond(Frames, Elapsed);
}
