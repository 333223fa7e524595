using System.Text;
using Microsoft.Win32.SafeHandles;
using VmafRoi.Contracts;

namespace VmafRoi.Cli;

/// <summary>
/// The process's standard output as a writer whose failures are errors: .NET's console writer drops writes to a
/// closed pipe (EPIPE) and reports a closed or full stdout as an internal error, so results could vanish with exit 0.
/// Here every such failure is an <see cref="OutputWriteException"/> naming <c>stdout</c> (exit 73).
/// </summary>
public sealed class StandardOutput : TextWriter
{
    /// <summary>The name errors give the stream.</summary>
    public const string Name = "stdout";

    private StreamWriter? _writer;

    public override Encoding Encoding { get; } = new UTF8Encoding(false);

    public override void Write(char value) => Guard(w => w.Write(value));

    public override void Write(string? value) => Guard(w => w.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(w => w.Write(buffer, index, count));

    public override void WriteLine(string? value) => Guard(w => w.WriteLine(value));

    public override void Flush()
    {
        if (_writer is not null)
        {
            Guard(w => w.Flush());
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Descriptor 1 belongs to the process; it is flushed, never closed.
        if (disposing)
        {
            try
            {
                Flush();
            }
            catch (OutputWriteException)
            {
                // Already reported when the result was written; nothing more can reach stdout.
            }
        }

        base.Dispose(disposing);
    }

    private void Guard(Action<StreamWriter> write)
    {
        try
        {
            _writer ??= new StreamWriter(new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1), Encoding, 1 << 12);
            write(_writer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or ObjectDisposedException)
        {
            // EBADF reads as "access denied": descriptor 1 was closed when the command started (the runtime may since
            // have reused it for a file it reads), so say what it is.
            string reason = e is UnauthorizedAccessException ? "it is closed or not open for writing" : e.Message;
            throw new OutputWriteException($"cannot write to {Name}: {reason}", Name, e);
        }
    }
}
