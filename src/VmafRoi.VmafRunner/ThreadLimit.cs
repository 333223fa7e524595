using System.Globalization;
using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner;

/// <summary>
/// The most VMAF worker threads a run may ask for: 4 × the logical processors, and at least 8. Above that nothing runs
/// faster, while each worker holds two frames in flight and its own scratch planes (memory grows with the count), and a
/// count in the tens of thousands exhausts the process (libvmaf's own pool has no limit and crashes the same way).
/// </summary>
public static class ThreadLimit
{
    /// <summary>The limit on this machine.</summary>
    public static int Max => Math.Max(8, 4 * Environment.ProcessorCount);

    /// <summary>Refuses a count below 0 or above <see cref="Max"/>, naming the flag and the limit.</summary>
    /// <exception cref="InvalidInputException">The count is out of range.</exception>
    public static void Check(int threads, string flag = "--threads")
    {
        if (threads < 0)
        {
            throw new InvalidInputException($"{flag} must be 0 or more, got {threads}");
        }

        if (threads > Max)
        {
            throw new InvalidInputException(string.Create(
                CultureInfo.InvariantCulture,
                $"{flag} {threads} is above the limit of {Max} (4 x {Environment.ProcessorCount} logical processors, at least 8): more workers only add memory; use at most {Max}"));
        }
    }
}
