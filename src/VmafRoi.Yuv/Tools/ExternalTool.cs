using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using VmafRoi.Contracts;

namespace VmafRoi.Yuv.Tools;

/// <summary>Finds external programs (an environment override first, then PATH) and runs them without a shell.</summary>
public static class ExternalTool
{
    /// <summary>Returns the full path of <paramref name="name"/>, or null when it is not installed.</summary>
    /// <param name="name">A program name (looked up on PATH) or a path.</param>
    /// <param name="environmentVariable">An environment variable that, when set, names the program's path.</param>
    public static string? TryFind(string name, string? environmentVariable = null) => TryFind(name, environmentVariable, Environment.GetEnvironmentVariable);

    /// <summary>Like <see cref="TryFind(string, string?)"/>, reading the override and PATH through <paramref name="environment"/> (tests pass their own).</summary>
    internal static string? TryFind(string name, string? environmentVariable, Func<string, string?> environment)
    {
        if (environmentVariable is not null && environment(environmentVariable) is { Length: > 0 } overridden)
        {
            return IsExecutable(overridden) ? Path.GetFullPath(overridden) : null;
        }

        if (name.Contains('/') || name.Contains(Path.DirectorySeparatorChar))
        {
            return IsExecutable(name) ? Path.GetFullPath(name) : null;
        }

        string pathVariable = environment("PATH") ?? string.Empty;
        foreach (string folder in pathVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (IsExecutable(candidate))
            {
                return candidate;
            }

            if (OperatingSystem.IsWindows() && IsExecutable(candidate + ".exe"))
            {
                return candidate + ".exe";
            }
        }

        return null;
    }

    /// <summary>Like <see cref="TryFind(string, string?)"/>, but a missing program is a <see cref="DependencyMissingException"/> carrying <paramref name="installHint"/>.</summary>
    public static string Find(string name, string? environmentVariable, string installHint) =>
        Find(name, environmentVariable, installHint, Environment.GetEnvironmentVariable);

    internal static string Find(string name, string? environmentVariable, string installHint, Func<string, string?> environment) =>
        TryFind(name, environmentVariable, environment)
        ?? throw new DependencyMissingException($"{name} was not found{(environmentVariable is null ? string.Empty : $" (PATH or ${environmentVariable})")}; {installHint}");

    /// <summary>Runs a program to completion, capturing stdout and the tail of stderr; cancellation kills it (and its children).</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, int stderrTailLines = 8, TimeSpan? timeout = null, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using Process process = Start(fileName, arguments, redirectStdin: false, workingDirectory);
        using CancellationTokenRegistration kill = cancellationToken.Register(() => Kill(process));
        var stderr = new StderrTail(stderrTailLines);
        process.ErrorDataReceived += (_, e) => stderr.Add(e.Data);
        process.BeginErrorReadLine();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? Timeout.InfiniteTimeSpan))
        {
            Kill(process);
            throw new TimeoutException($"{Path.GetFileName(fileName)} did not finish within {timeout}");
        }

        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.ToString());
    }

    /// <summary>Starts a program with redirected stdout and stderr (and optionally stdin).</summary>
    public static Process Start(string fileName, IEnumerable<string> arguments, bool redirectStdin = false, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            CreateNoWindow = true,
            StandardErrorEncoding = Encoding.UTF8,
            StandardOutputEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(info) ?? throw new DependencyMissingException($"could not start {fileName}");
        }
        catch (Win32Exception e)
        {
            throw new DependencyMissingException($"could not start '{fileName}': {e.Message}", e);
        }
    }

    /// <summary>Kills a process and its children, ignoring a process that already ended.</summary>
    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (Win32Exception)
        {
        }
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        UnixFileMode mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}

/// <summary>What a finished process left behind.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StderrTail">The last lines written to stderr.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StderrTail);

/// <summary>Keeps the last N lines of a stream (a process's stderr), thread-safe.</summary>
public sealed class StderrTail
{
    private readonly Queue<string> _lines = new();
    private readonly int _capacity;

    public StderrTail(int capacity = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > _capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines);
        }
    }
}
