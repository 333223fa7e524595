using System.Diagnostics;
using System.Runtime.InteropServices;
using VmafRoi.Contracts;
using VmafRoi.Yuv;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Hostile.Tests;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP cancel every command: the documented exit code (130, 143, 129), a message naming the
/// signal, and no temp file or folder left, also when the run was blocked (a FIFO nobody opens, a stalled pipe).
/// These run the built commands as child processes, since only a real process receives a signal.
/// </summary>
public sealed class SignalTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Workspace _workspace = new();
    private readonly string _temp;

    public SignalTests()
    {
        _temp = _workspace.Folder("tmp");
    }

    public void Dispose() => _workspace.Dispose();

    public static TheoryData<PosixSignal, int> Signals() => new()
    {
        { PosixSignal.SIGINT, ExitCodes.Interrupted },
        { PosixSignal.SIGTERM, ExitCodes.Terminated },
        { PosixSignal.SIGHUP, ExitCodes.Hangup },
    };

    [Theory]
    [MemberData(nameof(Signals))]
    public void A_signal_during_scoring_kills_the_vmaf_child_and_removes_the_masked_clip(PosixSignal signal, int expected)
    {
        string started = _workspace.File("vmaf-started");
        string fake = _workspace.File("vmaf");
        File.WriteAllText(fake, $"#!/bin/sh\necho $$ > '{started}'\nexec sleep 60\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using ChildProcess child = ChildProcess.Start(
            Command.RoiScore,
            ["--reference", _workspace.File("r.yuv"), "--distorted", _workspace.File("d.yuv"), "--width", "64", "--height", "48", "--synthetic-mask", "0.5", "--engine", "libvmaf", "--vmaf-bin", fake],
            _temp);
        WaitFor(() => File.Exists(started) && File.ReadAllText(started).EndsWith('\n'), child);
        Assert.Contains(Directory.EnumerateDirectories(_temp), d => Path.GetFileName(d).StartsWith("vmaf-roi-score-", StringComparison.Ordinal));

        child.Signal(signal);

        Assert.Equal(expected, child.WaitForExit(Patience));
        Assert.Contains($"vmaf-roi-score: cancelled by {signal}", child.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp));
        int vmafPid = int.Parse(File.ReadAllText(started).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(IsAlive(vmafPid), "the vmaf child was left running");
    }

    [Theory]
    [InlineData(PosixSignal.SIGINT, ExitCodes.Interrupted)]
    [InlineData(PosixSignal.SIGHUP, ExitCodes.Hangup)]
    public void A_signal_while_the_sidecar_is_written_removes_its_temp_file(PosixSignal signal, int expected)
    {
        FrameGeometry hd = YuvFormat.Parse("yuv420p").WithSize(1280, 720);
        string clip = _workspace.RawClip("hd.yuv", 60, geometry: hd);
        string sidecar = _workspace.File("hd.msgpack");
        using ChildProcess child = ChildProcess.Start(Command.Roi, ["saliency", "--input", clip, "--width", "1280", "--height", "720", "--sidecar", sidecar], _temp);
        WaitFor(() => Directory.EnumerateFiles(_workspace.Root, ".hd.msgpack.*.tmp").Any(), child);

        child.Signal(signal);

        Assert.Equal(expected, child.WaitForExit(Patience));
        Assert.Contains($"vmaf-roi: cancelled by {signal}", child.Stderr);
        Assert.Empty(Directory.EnumerateFiles(_workspace.Root, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
        Assert.False(File.Exists(sidecar));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp)); // ONNX Runtime's debug log and session file too (issue 9)
    }

    [Fact]
    public void Sigterm_ends_a_run_blocked_opening_a_fifo_nobody_reads()
    {
        string fifo = _workspace.Fifo("out.fifo");
        using ChildProcess child = ChildProcess.Start(
            Command.RoiScore,
            ["--reference", _workspace.File("r.yuv"), "--distorted", _workspace.File("d.yuv"), "--width", "64", "--height", "48", "--synthetic-mask", "0.5", "--model", _workspace.File("model.json"), "--engine", "managed", "--output", fifo],
            _temp);
        WaitFor(() => child.HasThreadWaitingIn("wait_for_partner"), child); // scored, now blocked in open(2)

        var clock = Stopwatch.StartNew();
        child.Signal(PosixSignal.SIGTERM);

        Assert.Equal(ExitCodes.Terminated, child.WaitForExit(Patience));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed} to honour SIGTERM");
        Assert.Equal(FileNodeKind.Fifo, FileNode.Of(fifo).Kind);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp));
    }

    [Fact]
    public void A_run_stalled_in_a_read_is_ended_after_the_grace_period_with_the_signal_code()
    {
        // Half a frame, then the writer keeps the pipe open: the engine blocks in read(2), where no token reaches.
        string fifo = _workspace.Fifo("in.fifo");
        using var stall = new ManualResetEventSlim();
        var writer = new Thread(() =>
        {
            using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            pipe.Write(new byte[Workspace.Small.FrameBytes / 2]);
            pipe.Flush();
            stall.Wait(Patience);
        });
        writer.Start();
        using ChildProcess child = ChildProcess.Start(
            Command.Vmaf,
            ["-r", fifo, "-d", _workspace.File("d.yuv"), "-w", "64", "-h", "48", "-p", "420", "-b", "8", "-m", "path=" + _workspace.File("model.json")],
            _temp);
        WaitFor(() => child.HasOpen(fifo), child);
        Thread.Sleep(TimeSpan.FromMilliseconds(300)); // into the read of the missing half frame

        var clock = Stopwatch.StartNew();
        child.Signal(PosixSignal.SIGTERM);

        Assert.Equal(ExitCodes.Terminated, child.WaitForExit(Patience));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"ended after {clock.Elapsed}: the read was not stalled, so the grace path was not tested");
        Assert.Contains("dotnet-vmaf: cancelled by SIGTERM; a blocked operation did not stop in time", child.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp));
        stall.Set();
        Assert.True(writer.Join(TimeSpan.FromSeconds(10)));
    }

    private static void WaitFor(Func<bool> condition, ChildProcess child)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, $"the child never reached the point to signal; stderr:\n{child.Stderr}");
            Thread.Sleep(5);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
