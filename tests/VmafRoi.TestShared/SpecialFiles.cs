using System.Diagnostics;
using Xunit.Sdk;

namespace VmafRoi.TestShared;

/// <summary>Private special files in a test's own folder (never /dev itself): a FIFO, a copy of the zero device.</summary>
public static class SpecialFiles
{
    /// <summary>A named pipe at <paramref name="path"/> (<c>mkfifo</c>).</summary>
    public static void MakeFifo(string path) => Run("mkfifo", path);

    /// <summary>
    /// A character device that reads as endless zeros at <paramref name="path"/>: <c>mknod c 1 5</c> as root, else a
    /// symbolic link to <c>/dev/zero</c> (only ever read, and code under test follows links).
    /// </summary>
    public static void MakeZeroDevice(string path)
    {
        if (Environment.UserName == "root" && TryRun("mknod", path, "c", "1", "5"))
        {
            return;
        }

        File.CreateSymbolicLink(path, "/dev/zero");
    }

    private static void Run(string tool, params string[] args)
    {
        if (!TryRun(tool, args))
        {
            throw new XunitException($"{tool} {string.Join(' ', args)} failed");
        }
    }

    private static bool TryRun(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
