using System.Collections.Concurrent;
using VmafRoi.Contracts;

namespace VmafRoi.Yuv.IO;

/// <summary>
/// Every temporary file and folder the process has open, so a signal that interrupts a blocked operation can still remove
/// them all (<see cref="DeleteAll"/>) before the process exits. Normal paths delete their own through <see cref="IDisposable"/>.
/// </summary>
public static class TempPaths
{
    private static readonly ConcurrentDictionary<long, (string Path, bool Folder)> Live = new();
    private static long _next;

    /// <summary>Paths registered and not yet released (tests use it to prove nothing is left).</summary>
    public static IReadOnlyCollection<string> Current => Live.Values.Select(v => v.Path).ToList();

    /// <summary>Registers a temporary file or folder; dispose the handle once it is deleted or committed.</summary>
    public static IDisposable Track(string path, bool folder = false)
    {
        long id = Interlocked.Increment(ref _next);
        Live[id] = (path, folder);
        return new Release(id);
    }

    /// <summary>
    /// Creates a private folder in the temp directory (<c>$TMPDIR</c>) that <see cref="ScratchFolder.Dispose"/> removes with
    /// everything in it. A missing, read-only or full temp directory is an <see cref="OutputWriteException"/> naming it.
    /// </summary>
    public static ScratchFolder CreateFolder(string prefix)
    {
        string root = Path.GetTempPath();
        try
        {
            return new ScratchFolder(Directory.CreateTempSubdirectory(prefix).FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException($"cannot create a temporary folder in '{root}' (the temp directory; set TMPDIR to another): {e.Message}", root, e);
        }
    }

    /// <summary>Best-effort removal of every registered path (the forced end of a signalled run).</summary>
    public static void DeleteAll()
    {
        foreach (KeyValuePair<long, (string Path, bool Folder)> entry in Live.ToArray())
        {
            TryDelete(entry.Value.Path, entry.Value.Folder);
            Live.TryRemove(entry.Key, out _);
        }
    }

    internal static void TryDelete(string path, bool folder)
    {
        try
        {
            if (folder)
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the name is ours and says it is temporary.
        }
    }

    private sealed class Release(long id) : IDisposable
    {
        public void Dispose() => Live.TryRemove(id, out _);
    }
}

/// <summary>A private temporary folder, removed with its content on <see cref="Dispose"/>.</summary>
public sealed class ScratchFolder : IDisposable
{
    private readonly IDisposable _registration;

    internal ScratchFolder(string path)
    {
        Path = path;
        _registration = TempPaths.Track(path, folder: true);
    }

    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        TempPaths.TryDelete(Path, folder: true);
        _registration.Dispose();
    }
}
