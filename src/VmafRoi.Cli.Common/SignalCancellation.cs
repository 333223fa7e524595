using System.Runtime.InteropServices;
using VmafRoi.Contracts;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Cli;

/// <summary>
/// Turns SIGINT, SIGTERM and SIGHUP into cancellation of the run's token, so the same cleanup paths run as for any
/// error, and remembers the signal for the exit code (130, 143, 129). If the run has not ended <see cref="Grace"/> after
/// the signal (blocked in a write to a stalled pipe), or a second signal comes, every registered temporary path is
/// removed and the process exits with that code at once.
/// </summary>
public sealed class SignalCancellation : IDisposable
{
    /// <summary>How long a cancelled run may take to unwind before the process is ended.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _source;
    private readonly TextWriter _stderr;
    private readonly string _tool;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly object _gate = new();
    private Timer? _deadline;
    private PosixSignal? _received;
    private bool _disposed;

    public SignalCancellation(CancellationTokenSource source, string tool, TextWriter stderr)
    {
        _source = source;
        _tool = tool;
        _stderr = stderr;
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, OnSignal))];
    }

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Received
    {
        get
        {
            lock (_gate)
            {
                return _received;
            }
        }
    }

    /// <summary>The exit code a signal ends the run with.</summary>
    public static int ExitCodeOf(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => ExitCodes.Hangup,
        PosixSignal.SIGINT => ExitCodes.Interrupted,
        _ => ExitCodes.Terminated,
    };

    /// <summary>The signal's usual name, e.g. <c>SIGTERM</c>.</summary>
    public static string NameOf(PosixSignal signal) => signal.ToString();

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _deadline?.Dispose();
        }

        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // no default termination: the run unwinds through its own cleanup
        PosixSignal? again = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_received is not null)
            {
                again = _received;
            }
            else
            {
                _received = context.Signal;
                _deadline = new Timer(_ => ForceExitIfRunning(), null, Grace, Timeout.InfiniteTimeSpan);
            }
        }

        if (again is { } first)
        {
            ForceExit(first);
        }

        ThreadPool.QueueUserWorkItem(_ => _source.Cancel());
    }

    private void ForceExitIfRunning()
    {
        PosixSignal? signal;
        lock (_gate)
        {
            signal = _disposed ? null : _received;
        }

        if (signal is { } s)
        {
            ForceExit(s);
        }
    }

    private void ForceExit(PosixSignal signal)
    {
        TempPaths.DeleteAll();
        try
        {
            _stderr.WriteLine($"{_tool}: cancelled by {NameOf(signal)}; a blocked operation did not stop in time, so the process ends now (temporary files removed)");
            _stderr.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Nowhere left to report it; the exit code still says what happened.
        }

        Environment.Exit(ExitCodeOf(signal));
    }
}
