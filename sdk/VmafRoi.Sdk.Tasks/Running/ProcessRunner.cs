using System.ComponentModel;
using System.Diagnostics;

namespace VmafRoi.Sdk.Tasks.Running;

/// <summary>One child process to run.</summary>
/// <param name="Key">Identifies the run in results (an item's name).</param>
/// <param name="FileName">The program.</param>
/// <param name="Arguments">Its arguments, as tokens.</param>
/// <param name="WorkingDirectory">Where it runs (the project folder, so relative paths mean what the project means).</param>
/// <param name="Group">
/// Runs that share a group reuse what the first of them writes (a reference clip's saliency sidecar): the first runs
/// alone, then the rest in parallel. Null puts the run in a group of its own.
/// </param>
/// <param name="Environment">Variables to set (or, with a null value, remove) for the child; the rest are inherited.</param>
public sealed record ToolRun(string Key, string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory, string? Group = null, IReadOnlyDictionary<string, string?>? Environment = null);

/// <summary>How a run ended.</summary>
public sealed record ToolRunResult(ToolRun Run, int ExitCode, string StandardOutput, IReadOnlyList<string> StandardError, TimeSpan Elapsed, string? StartError = null)
{
    public bool Succeeded => StartError is null && ExitCode == 0;

    /// <summary>The last lines of stderr, for error messages.</summary>
    public string StderrTail(int lines = 8) => string.Join('\n', StandardError.Skip(Math.Max(0, StandardError.Count - lines)));
}

/// <summary>Runs child processes, at most a given number at a time, and kills them all when the build is cancelled.</summary>
public static class ProcessRunner
{
    // Enough for any message our commands print; a runaway child cannot grow the build node's memory.
    private const int MaxStderrLines = 400;

    /// <summary>Runs every run; results come back in the order of <paramref name="runs"/>.</summary>
    public static async Task<IReadOnlyList<ToolRunResult>> RunAllAsync(
        IReadOnlyList<ToolRun> runs,
        int maxParallel,
        Action<ToolRun>? started = null,
        Action<ToolRunResult>? finished = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallel, 1);
        var results = new ToolRunResult[runs.Count];
        using var slots = new SemaphoreSlim(maxParallel, maxParallel);

        async Task RunAt(int index)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                started?.Invoke(runs[index]);
                results[index] = await RunOneAsync(runs[index], cancellationToken).ConfigureAwait(false);
                finished?.Invoke(results[index]);
            }
            finally
            {
                slots.Release();
            }
        }

        async Task RunGroup(List<int> members)
        {
            await RunAt(members[0]).ConfigureAwait(false);
            await Task.WhenAll(members.Skip(1).Select(RunAt)).ConfigureAwait(false);
        }

        List<List<int>> groups = Enumerable.Range(0, runs.Count)
            .GroupBy(i => runs[i].Group ?? "\0" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .Select(g => g.ToList())
            .ToList();
        await Task.WhenAll(groups.Select(RunGroup)).ConfigureAwait(false);
        return results;
    }

    /// <summary>Runs one process to completion.</summary>
    public static async Task<ToolRunResult> RunOneAsync(ToolRun run, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(run.FileName)
        {
            WorkingDirectory = run.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            CreateNoWindow = true,
        };
        foreach (string argument in run.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string? value) in run.Environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        var stderr = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                if (stderr.Count == MaxStderrLines)
                {
                    stderr.RemoveAt(0);
                }

                stderr.Add(e.Data);
            }
        };

        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or FileNotFoundException)
        {
            return new ToolRunResult(run, -1, string.Empty, [], clock.Elapsed, $"could not start '{run.FileName}': {e.Message}");
        }

        process.BeginErrorReadLine();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        string output = await stdout.ConfigureAwait(false);

        // WaitForExitAsync also waits for the redirected streams to reach end of file, so stderr is complete here.
        string[] lines;
        lock (stderr)
        {
            lines = [.. stderr];
        }

        return new ToolRunResult(run, process.ExitCode, output, lines, clock.Elapsed);
    }

    private static void Kill(Process process)
    {
        try
        {
            // SIGTERM first: our commands then cancel and remove their temp folders; SIGKILL only if they do not exit.
            if (!OperatingSystem.IsWindows() && !process.HasExited && SendTerminate(process.Id) == 0 && process.WaitForExit(10_000))
            {
                return;
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }
        catch (Win32Exception)
        {
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static int SendTerminate(int pid) => Kill(pid, 15);
}
