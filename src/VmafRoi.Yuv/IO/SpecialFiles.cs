using System.Runtime.InteropServices;

namespace VmafRoi.Yuv.IO;

/// <summary>
/// Opens files that may be devices or pipes. Opening a FIFO blocks until the other end opens it, which no
/// <see cref="CancellationToken"/> reaches; here the open runs on its own thread and cancellation unblocks it by opening
/// the other end without blocking, so a signal still ends the run.
/// </summary>
public static partial class SpecialFiles
{
    private const int ReadOnly = 0;
    private const int WriteOnly = 1;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;

    /// <summary>Opens <paramref name="path"/> for reading or writing (never truncating, never creating).</summary>
    /// <exception cref="OperationCanceledException">Cancelled while a FIFO waited for its other end.</exception>
    public static FileStream Open(string path, FileAccess access, CancellationToken cancellationToken = default)
    {
        if (!OperatingSystem.IsLinux() || FileNode.Of(path).Kind != FileNodeKind.Fifo)
        {
            return OpenNow(path, access);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Task<FileStream> open = Task.Factory.StartNew(() => OpenNow(path, access), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            open.Wait(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            int partner = open_native(path, (access == FileAccess.Read ? WriteOnly : ReadOnly) | NonBlocking | CloseOnExec);
            open.ContinueWith(
                t =>
                {
                    if (t.Status == TaskStatus.RanToCompletion)
                    {
                        t.Result.Dispose();
                    }

                    if (partner >= 0)
                    {
                        close_native(partner);
                    }
                },
                TaskScheduler.Default);
            throw;
        }
        catch (AggregateException)
        {
            // Rethrown unwrapped below.
        }

        return open.GetAwaiter().GetResult();
    }

    private static FileStream OpenNow(string path, FileAccess access) =>
        new(path, FileMode.Open, access, FileShare.ReadWrite, 1 << 16);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open_native(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int close_native(int fd);
}
