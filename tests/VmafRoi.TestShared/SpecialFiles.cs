using System.Diagnostics;

namespace VmafRoi.TestShared;

/// <summary>Private FIFOs and device nodes in a test's own folder (never <c>/dev</c> itself), for hostile-input tests.</summary>
public static class SpecialFiles
{
    /// <summary>Makes a FIFO at <paramref name="path"/> with <c>mkfifo</c>.</summary>
    public static string Fifo(string path)
    {
        Run("mkfifo", path);
        return path;
    }

    /// <summary>
    /// Makes a character device like <c>/dev/zero</c> (1, 5) at <paramref name="path"/> with <c>mknod</c>; that needs
    /// root, so without it the test reads <c>/dev/zero</c> itself (reading it changes nothing).
    /// </summary>
    public static string ZeroDevice(string path)
    {
        try
        {
            Run("mknod", path, "c", "1", "5");
            return path;
        }
        catch (InvalidOperationException)
        {
            return "/dev/zero";
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a worker and waits at most <paramref name="timeout"/>; if it is still running
    /// (blocked opening <paramref name="fifo"/>), opens the FIFO for writing to release it, then fails the test.
    /// </summary>
    public static T WithinTime<T>(string fifo, TimeSpan timeout, Func<T> action)
    {
        Task<T> work = Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (work.Wait(timeout) || work.IsCompleted)
        {
            return work.GetAwaiter().GetResult();
        }

        // A writer lets the blocked open() return; the write side then closes, so the reader sees end of file.
        Task release = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write).Dispose());
        release.Wait(TimeSpan.FromSeconds(5));
        throw new Xunit.Sdk.XunitException($"still running after {timeout.TotalSeconds} s: blocked on the FIFO {fifo}");
    }

    private static void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed: {stderr}");
        }
    }
}
