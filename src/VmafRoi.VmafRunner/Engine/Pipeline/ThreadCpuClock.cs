using System.Diagnostics;
using System.Runtime.InteropServices;

namespace VmafRoi.VmafRunner.Engine.Pipeline;

/// <summary>
/// The calling thread's CPU time on Linux (wall time elsewhere): per-extractor timings then do not count time the
/// thread spent descheduled, so they stay meaningful on a busy machine.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Ticks per second of <see cref="Now"/>.</summary>
    public static long Frequency => OperatingSystem.IsLinux() ? 1_000_000_000 : Stopwatch.Frequency;

    public static long Now()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ClockThreadCpuTimeId, out TimeSpec t) == 0)
        {
            return (t.Seconds * 1_000_000_000) + t.Nanoseconds;
        }

        return Stopwatch.GetTimestamp();
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
