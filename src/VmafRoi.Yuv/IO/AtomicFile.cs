using System.Security.Cryptography;
using System.Text;
using VmafRoi.Contracts;

namespace VmafRoi.Yuv.IO;

/// <summary>
/// Writes an output so that readers see either the old content or the complete new content, never a partial file:
/// data goes to a temporary file in the target's folder, renamed over the target on <see cref="Commit"/>; disposing
/// without committing deletes it. Only a regular file (or a path that does not exist yet) is replaced that way. A
/// symbolic link is followed and its final target written atomically, so the link stays. A character device or a pipe
/// (<c>/dev/null</c>, a FIFO, <c>/dev/stdout</c>) is written through in place, as libvmaf does with <c>-o /dev/null</c>:
/// renaming over it would destroy the node. A directory, a socket or a block device is an <see cref="OutputWriteException"/>.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    // Temporary names stay within NAME_MAX (255 bytes) whatever the target's name, so every legal target can be written.
    private const int NameMax = 255;
    private const string TempSuffix = ".tmp";
    private const int RandomLength = 8;

    private readonly FileStream _file;
    private readonly IDisposable? _registration;
    private readonly UnixFileMode? _mode;
    private bool _committed;
    private bool _disposed;

    private AtomicFile(string path, string targetPath, string? tempPath, FileStream file, UnixFileMode? mode)
    {
        Path = path;
        TargetPath = targetPath;
        TempPath = tempPath;
        _file = file;
        _mode = mode;
        Stream = new GuardedStream(file, path);
        _registration = tempPath is null ? null : TempPaths.Track(tempPath);
    }

    /// <summary>The output as the caller named it (full path).</summary>
    public string Path { get; }

    /// <summary>Where the bytes end up: <see cref="Path"/>, or the final target of a symbolic link.</summary>
    public string TargetPath { get; }

    /// <summary>Where the bytes go until <see cref="Commit"/>, or null when a device or pipe is written through.</summary>
    public string? TempPath { get; }

    /// <summary>True when the target is a device or pipe, written in place.</summary>
    public bool IsWriteThrough => TempPath is null;

    /// <summary>The stream to write to; an I/O error on it is an <see cref="OutputWriteException"/> naming the output.</summary>
    public Stream Stream { get; }

    /// <summary>Opens the output: a temporary file beside the (link-resolved) target, or the device or pipe itself.</summary>
    /// <param name="path">The output path.</param>
    /// <param name="cancellationToken">Cancels waiting for a reader to open a FIFO.</param>
    /// <exception cref="InvalidInputException">The path is empty.</exception>
    /// <exception cref="OutputWriteException">A directory, a socket, a missing folder or an I/O error.</exception>
    public static AtomicFile Create(string path, CancellationToken cancellationToken = default)
    {
        OutputTarget target = Inspect(path, "output");
        target.ThrowIfUnwritableKind("output");
        try
        {
            if (target.Kind.IsSpecial)
            {
                FileStream through = SpecialFiles.Open(target.Full, FileAccess.Write, cancellationToken);
                return new AtomicFile(target.Full, target.Full, null, through, null);
            }

            string folder = System.IO.Path.GetDirectoryName(target.Final) ?? ".";
            if (!Directory.Exists(folder))
            {
                throw new OutputWriteException($"cannot write output '{path}': folder '{folder}' does not exist", path);
            }

            string temp = System.IO.Path.Combine(folder, TempName(System.IO.Path.GetFileName(target.Final)));
            UnixFileMode? mode = target.Kind.Kind == FileNodeKind.Regular && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(target.Final) : null;
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            return new AtomicFile(target.Full, target.Final, temp, stream, mode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException($"cannot write output '{path}': {e.Message}", path, e);
        }
    }

    /// <summary>
    /// Checks, before any work is done, that an output can be written: the path is not empty, not a directory or
    /// socket, its folder exists and accepts a new file (a probe file is created and removed), and it is not one of
    /// <paramref name="inputs"/> (same file through any link: an output never replaces an input).
    /// </summary>
    /// <param name="path">The output path.</param>
    /// <param name="what">How the user named it, e.g. <c>--output</c>.</param>
    /// <param name="inputs">Paths the run reads; nulls are ignored.</param>
    /// <exception cref="OutputWriteException">The folder is missing or not writable, or the path is a folder.</exception>
    /// <exception cref="InvalidInputException">The path is empty or is one of the inputs.</exception>
    public static void CheckTarget(string path, string what, params string?[] inputs)
    {
        OutputTarget target = Inspect(path, what);
        target.ThrowIfUnwritableKind(what);
        CheckNotAnInput(target, what, inputs);
        if (target.Kind.IsSpecial)
        {
            return;
        }

        string folder = System.IO.Path.GetDirectoryName(target.Final) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new OutputWriteException($"cannot write {what} '{path}': folder '{folder}' does not exist", path);
        }

        Probe(folder, what, path);
    }

    /// <summary>
    /// Checks an output folder (<c>--previews</c>) before any work: not a file, and the folder (or, when it does not exist
    /// yet, its nearest existing parent) accepts a new file.
    /// </summary>
    public static void CheckFolder(string path, string what)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidInputException($"{what}: the folder path is empty");
        }

        string full = System.IO.Path.GetFullPath(path);
        FileNode node = Node(full, what, path);
        if (node.Exists && node.Kind != FileNodeKind.Directory)
        {
            throw new OutputWriteException($"cannot write {what} to '{path}': it is {(node.Kind == FileNodeKind.Regular ? "a file" : node.Describe())}, not a folder", path);
        }

        string? existing = full;
        while (existing is not null && !Directory.Exists(existing))
        {
            existing = System.IO.Path.GetDirectoryName(existing);
        }

        Probe(existing ?? ".", what, path);
    }

    /// <summary>True when two paths name the same file (same device and inode, through any links), or the same path when either is missing.</summary>
    public static bool SameFile(string a, string b)
    {
        if (FileNode.SameObject(a, b))
        {
            return true;
        }

        return string.Equals(Final(System.IO.Path.GetFullPath(a)), Final(System.IO.Path.GetFullPath(b)), StringComparison.Ordinal);
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text, CancellationToken cancellationToken = default) =>
        WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text), cancellationToken);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, CancellationToken cancellationToken = default)
    {
        using AtomicFile file = Create(path, cancellationToken);
        file.Stream.Write(bytes);
        file.Commit();
    }

    /// <summary>
    /// Writes an output through a producer that needs a file path of its own (a database engine's <c>COPY … TO</c>):
    /// <paramref name="produce"/> writes a temporary file beside the (link-resolved) target, which is then flushed and renamed
    /// over it, keeping its mode; a device or pipe gets the bytes copied through from a temporary file in <c>$TMPDIR</c>.
    /// The temporary file is removed on every failure and on signals.
    /// </summary>
    /// <exception cref="OutputWriteException">The target cannot be written, or the producer wrote nothing.</exception>
    public static void Produce(string path, Action<string> produce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(produce);
        OutputTarget target = Inspect(path, "output");
        target.ThrowIfUnwritableKind("output");
        if (target.Kind.IsSpecial)
        {
            using ScratchFolder scratch = TempPaths.CreateFolder("vmafroi-output-");
            string produced = scratch.File("output");
            produce(produced);
            using AtomicFile through = Create(path, cancellationToken);
            using (FileStream bytes = File.OpenRead(produced))
            {
                bytes.CopyTo(through.Stream);
            }

            through.Commit();
            return;
        }

        string folder = System.IO.Path.GetDirectoryName(target.Final) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new OutputWriteException($"cannot write output '{path}': folder '{folder}' does not exist", path);
        }

        string temp = System.IO.Path.Combine(folder, TempName(System.IO.Path.GetFileName(target.Final)));
        using IDisposable registration = TempPaths.Track(temp);
        try
        {
            produce(temp);
            if (!File.Exists(temp))
            {
                throw new OutputWriteException($"cannot write output '{path}': nothing was produced", path);
            }

            using (var written = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite))
            {
                written.Flush(flushToDisk: true);
            }

            if (target.Kind.Kind == FileNodeKind.Regular && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(target.Final));
            }

            File.Move(temp, target.Final, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TempPaths.TryDelete(temp, folder: false);
            throw new OutputWriteException($"cannot write output '{path}': {e.Message}", path, e);
        }
        catch
        {
            TempPaths.TryDelete(temp, folder: false);
            throw;
        }
    }

    /// <summary>The temporary name for a target file name: hidden, random, and never longer than 255 bytes.</summary>
    public static string TempName(string targetName)
    {
        Span<byte> random = stackalloc byte[RandomLength / 2];
        RandomNumberGenerator.Fill(random);
        string tail = "." + Convert.ToHexStringLower(random) + TempSuffix;
        int budget = NameMax - 1 - Encoding.UTF8.GetByteCount(tail);
        return "." + TrimUtf8(targetName, budget) + tail;
    }

    /// <summary>Flushes and renames the temporary file over the target (or finishes writing a device or pipe).</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed || _disposed, this);
        try
        {
            if (TempPath is null)
            {
                _file.Flush();
                _file.Dispose();
            }
            else
            {
                _file.Flush(flushToDisk: true);
                _file.Dispose();
                if (_mode is { } mode && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(TempPath, mode);
                }

                File.Move(TempPath, TargetPath, overwrite: true);
            }

            _committed = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw new OutputWriteException($"cannot write output '{Path}': {e.Message}", Path, e);
        }

        _registration?.Dispose();
    }

    /// <summary>Abandons an uncommitted write: the temporary file is deleted (even when closing it fails, e.g. on a full disk).</summary>
    public void Dispose()
    {
        if (_committed || _disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _file.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Flushing buffered bytes failed (ENOSPC); the file is abandoned anyway.
        }
        finally
        {
            if (TempPath is not null)
            {
                TempPaths.TryDelete(TempPath, folder: false);
            }

            _registration?.Dispose();
        }
    }

    private static void CheckNotAnInput(OutputTarget target, string what, string?[] inputs)
    {
        foreach (string? input in inputs)
        {
            if (!string.IsNullOrEmpty(input) && (FileNode.SameObject(target.Full, input) || string.Equals(target.Final, Final(System.IO.Path.GetFullPath(input)), StringComparison.Ordinal)))
            {
                throw new InvalidInputException($"{what} '{target.Given}' is the input '{input}'; an output never replaces an input", target.Given);
            }
        }
    }

    private static void Probe(string folder, string what, string path)
    {
        string probe = System.IO.Path.Combine(folder, TempName("vmafroi-probe"));
        try
        {
            new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1).Dispose();
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException($"cannot write {what} '{path}': folder '{folder}' is not writable: {e.Message}", path, e);
        }
    }

    private static OutputTarget Inspect(string path, string what)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidInputException($"{what}: the path is empty");
        }

        string full = System.IO.Path.GetFullPath(path);
        FileNode self = Node(full, what, path, followLinks: false);
        if (self.Kind != FileNodeKind.SymbolicLink)
        {
            return new OutputTarget(path, full, full, self);
        }

        FileNode final = Node(full, what, path);
        return final.Exists && final.Kind != FileNodeKind.Regular
            ? new OutputTarget(path, full, full, final) // devices and pipes are opened through the link (also /proc/self/fd/N)
            : new OutputTarget(path, full, Final(full), final);
    }

    private static FileNode Node(string full, string what, string given, bool followLinks = true)
    {
        try
        {
            return FileNode.Of(full, followLinks);
        }
        catch (IOException e)
        {
            throw new OutputWriteException($"cannot write {what} '{given}': {e.Message}", given, e);
        }
    }

    // The last target of a chain of links (also a dangling one); the path itself when it is no link.
    private static string Final(string full)
    {
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    private static string TrimUtf8(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        int length = 0, bytes = 0;
        foreach (System.Text.Rune rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }

        return text[..length];
    }

    private readonly record struct OutputTarget(string Given, string Full, string Final, FileNode Kind)
    {
        public void ThrowIfUnwritableKind(string what)
        {
            if (Kind.Kind is FileNodeKind.Directory or FileNodeKind.Socket)
            {
                throw new OutputWriteException($"cannot write {what} '{Given}': it is {Kind.Describe()}", Given);
            }

            // Written through, a result would overwrite the start of a disk: certainly a mistyped path.
            if (Kind.Kind == FileNodeKind.BlockDevice)
            {
                throw new OutputWriteException($"cannot write {what} '{Given}': it is a block device (a disk); refusing to write over it", Given);
            }
        }
    }

    /// <summary>Passes bytes to the file and turns an I/O error into an <see cref="OutputWriteException"/> naming the output.</summary>
    private sealed class GuardedStream(FileStream inner, string path) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => inner.CanSeek ? inner.Position : throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => Guard(inner.Flush);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try
            {
                inner.Write(buffer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Failed(e);
            }
        }

        public override void WriteByte(byte value) => Write([value]);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        // The owner disposes the file; a writer wrapping this stream must not close it early.
        protected override void Dispose(bool disposing)
        {
        }

        private void Guard(Action action)
        {
            try
            {
                action();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Failed(e);
            }
        }

        private OutputWriteException Failed(Exception e) => new($"cannot write '{path}': {e.Message}", path, e);
    }
}
