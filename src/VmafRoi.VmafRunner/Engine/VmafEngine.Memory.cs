using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Engine;

public static partial class VmafEngine
{
    /// <summary>Bytes every run holds whatever the frame size (runtime, code, models).</summary>
    public const long FixedWorkingSet = 48L << 20;

    /// <summary>Bytes each worker thread holds whatever the frame size (stack, allocation context, per-thread tables).</summary>
    public const long PerThreadWorkingSet = 8L << 20;

    /// <summary>
    /// The engine's estimated peak working set for frames of <paramref name="geometry"/> on <paramref name="threads"/>
    /// workers (0 and 1 run serially): <c>48 MiB + T·8 MiB + W·H·(4 + T·(12 + 4·B))</c>, where B is raw frame bytes per pixel (1.5 for
    /// 8-bit 4:2:0). Each worker keeps two frame pairs in flight (4·B) and its own VIF/ADM/motion scratch (about 12 bytes
    /// per pixel). Fitted to peak RSS measured at 1 and 4 megapixels with 1 to 8 threads (see docs/engine.md); the
    /// measured peaks were at or below it.
    /// </summary>
    public static long EstimateWorkingSet(FrameGeometry geometry, int threads)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        long pixels = (long)geometry.Width * geometry.Height;
        double framePerPixel = geometry.FrameBytes / (double)pixels;
        int workers = Math.Max(1, threads);
        double perPixel = 4 + (workers * (12 + (4 * framePerPixel)));
        return FixedWorkingSet + (workers * PerThreadWorkingSet) + (long)(pixels * perPixel);
    }
}
