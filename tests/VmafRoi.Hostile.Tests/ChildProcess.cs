using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace VmafRoi.Hostile.Tests;

/// <summary>
/// A command run as its own process (only where a real signal or a real stdout is the point), with a private TMPDIR
/// and the runtime's diagnostic endpoints off, so the TMPDIR listing shows only what the command left.
/// </summary>
internal sealed partial class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    /// <summary>Starts <c>dotnet COMMAND.dll args</c> directly.</summary>
    public static ChildProcess Start(Command command, IEnumerable<string> args, string tempDirectory) =>
        Launch("dotnet", [Commands.AssemblyPath(command), .. args], tempDirectory);

    /// <summary>Starts a command through <c>bash -c</c>, for redirections of its stdout; <c>$TOOL</c> runs the command.</summary>
    public static ChildProcess Shell(Command command, string script, string tempDirectory) =>
        Launch("bash", ["-c", $"TOOL() {{ dotnet '{Commands.AssemblyPath(command)}' \"$@\"; }}; {script}"], tempDirectory);

    /// <summary>True when one of its threads sleeps in the kernel function <paramref name="wchan"/> (e.g. <c>wait_for_partner</c>: opening a FIFO).</summary>
    public bool HasThreadWaitingIn(string wchan) =>
        Directory.EnumerateDirectories($"/proc/{_process.Id}/task").Any(task => ReadOrEmpty(Path.Combine(task, "wchan")) == wchan);

    /// <summary>True when it holds <paramref name="path"/> open.</summary>
    public bool HasOpen(string path) =>
        Directory.EnumerateFiles($"/proc/{_process.Id}/fd").Any(fd => new FileInfo(fd).LinkTarget == path);

    /// <summary>Sends a POSIX signal.</summary>
    public void Signal(PosixSignal signal)
    {
        int number = signal switch
        {
            PosixSignal.SIGHUP => 1,
            PosixSignal.SIGINT => 2,
            _ => 15,
        };
        Assert.Equal(0, kill(_process.Id, number));
    }

    /// <summary>Waits for the exit and returns the code; fails the test after <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the child did not exit within {timeout}; stderr:\n{Stderr}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private const string EnvPath = "/usr/bin/env";

    private static ChildProcess Launch(string file, IEnumerable<string> args, string tempDirectory)
    {
        // A suite started in the background inherits SIGINT ignored, and the child would keep ignoring it: env resets it
        // to the default, as a foreground terminal run has it, and execs the child under the same PID.
        var info = new ProcessStartInfo(EnvPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add(file);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["TMPDIR"] = tempDirectory;
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        return new ChildProcess(Process.Start(info)!);
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.Append(line).Append('\n');
        }
    }

    private static string Read(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
