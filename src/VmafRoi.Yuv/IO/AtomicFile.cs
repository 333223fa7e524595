using System.Text;
using VmafRoi.Contracts;

namespace VmafRoi.Yuv.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a partial file:
/// data goes to a temporary file in the same folder, which is renamed over the target on <see cref="Commit"/>.
/// Disposing without committing deletes the temporary file.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly FileStream _stream;
    private bool _committed;

    private AtomicFile(string path, string tempPath, FileStream stream)
    {
        Path = path;
        TempPath = tempPath;
        _stream = stream;
    }

    /// <summary>The final path.</summary>
    public string Path { get; }

    /// <summary>Where the bytes go until <see cref="Commit"/>.</summary>
    public string TempPath { get; }

    /// <summary>The stream to write to.</summary>
    public Stream Stream => _stream;

    /// <summary>Opens a temporary file beside <paramref name="path"/>.</summary>
    public static AtomicFile Create(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(full) ?? ".";
        if (Directory.Exists(full))
        {
            throw new OutputWriteException($"cannot write output: '{path}' is a directory", path);
        }

        if (!Directory.Exists(directory))
        {
            throw new OutputWriteException($"cannot write output '{path}': folder '{directory}' does not exist", path);
        }

        string temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            return new AtomicFile(full, temp, stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException($"cannot write output '{path}': {e.Message}", path, e);
        }
    }

    /// <summary>
    /// Checks, before any work is done, that an output can be written: its folder exists, it is not a folder, and it is
    /// not one of <paramref name="inputs"/> (an output never replaces an input).
    /// </summary>
    /// <param name="path">The output path.</param>
    /// <param name="what">How the user named it, e.g. <c>--output</c>.</param>
    /// <param name="inputs">Paths the run reads; nulls are ignored.</param>
    /// <exception cref="OutputWriteException">The folder is missing, or the path is a folder.</exception>
    /// <exception cref="InvalidInputException">The path is one of the inputs.</exception>
    public static void CheckTarget(string path, string what, params string?[] inputs)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new OutputWriteException($"cannot write {what} '{path}': it is a directory", path);
        }

        string folder = System.IO.Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new OutputWriteException($"cannot write {what} '{path}': folder '{folder}' does not exist", path);
        }

        foreach (string? input in inputs)
        {
            if (input is not null && SameFile(full, input))
            {
                throw new InvalidInputException($"{what} '{path}' is the input '{input}'; an output never replaces an input", path);
            }
        }
    }

    /// <summary>True when two paths name the same file (after resolving symbolic links).</summary>
    public static bool SameFile(string a, string b) => string.Equals(Resolve(a), Resolve(b), StringComparison.Ordinal);

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        using AtomicFile file = Create(path);
        file.Stream.Write(bytes);
        file.Commit();
    }

    /// <summary>Flushes and renames the temporary file over the target.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        try
        {
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(TempPath, Path, overwrite: true);
            _committed = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(TempPath);
            throw new OutputWriteException($"cannot write output '{Path}': {e.Message}", Path, e);
        }
    }

    public void Dispose()
    {
        if (!_committed)
        {
            _stream.Dispose();
            TryDelete(TempPath);
        }
    }

    private static string Resolve(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        try
        {
            return File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is harmless and named as ours.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
