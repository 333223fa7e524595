using System.Runtime.InteropServices;
using System.Text;
using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Model;

/// <summary>
/// Reads a model file safely: only a regular file (never a FIFO, device, socket or directory, which could block or never
/// end) of at most <see cref="VmafModelLoader.MaxFileBytes"/>, checked before it is opened.
/// </summary>
internal static partial class ModelFile
{
    private const long MaxBytes = VmafModelLoader.MaxFileBytes;

    /// <summary>Fails unless <paramref name="path"/> is a regular file of at most <see cref="VmafModelLoader.MaxFileBytes"/>; never opens it.</summary>
    /// <exception cref="VmafModelException">Missing, not a regular file, or too large; the message names the file.</exception>
    public static void Check(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        (FileKind kind, long size) = Stat(path);
        switch (kind)
        {
            case FileKind.Missing:
                throw new VmafModelException($"model file not found: {path}");
            case FileKind.Regular when size > MaxBytes:
                throw new VmafModelException($"model '{path}' is {size} bytes; model JSON files are capped at 64 MiB ({MaxBytes} bytes)");
            case FileKind.Regular:
                return;
            default:
                throw new VmafModelException($"model '{path}' is {Describe(kind)}, not a regular file; give a model JSON file");
        }
    }

    /// <summary>Reads the file as text (UTF-8, or the encoding its byte-order mark names) after <see cref="Check"/>.</summary>
    /// <exception cref="VmafModelException">See <see cref="Check"/>; or the file could not be read.</exception>
    public static string ReadText(string path)
    {
        Check(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);

            // The file may have grown since the check: never read past the cap.
            var bytes = new MemoryStream();
            byte[] buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                if (bytes.Length + read > MaxBytes)
                {
                    throw new VmafModelException($"model '{path}' grew past the 64 MiB cap ({MaxBytes} bytes) while it was read");
                }

                bytes.Write(buffer, 0, read);
            }

            bytes.Position = 0;
            using var reader = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new VmafModelException($"model '{path}' could not be read: {ex.Message}", ex);
        }
    }

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "a special file",
    };

    private enum FileKind
    {
        Missing,
        Regular,
        Directory,
        Fifo,
        CharacterDevice,
        BlockDevice,
        Socket,
        Other,
    }

    /// <summary>The kind and size of the file a path names (symbolic links followed), without opening it.</summary>
    private static (FileKind Kind, long Size) Stat(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (statx(AtFdCwd, path, 0, StatxType | StatxSize, out StatxBuffer s) == 0)
                {
                    FileKind kind = (s.Mode & FileTypeMask) switch
                    {
                        0x8000 => FileKind.Regular,
                        0x4000 => FileKind.Directory,
                        0x1000 => FileKind.Fifo,
                        0x2000 => FileKind.CharacterDevice,
                        0x6000 => FileKind.BlockDevice,
                        0xC000 => FileKind.Socket,
                        _ => FileKind.Other,
                    };
                    return (kind, (long)s.Size);
                }

                if (Marshal.GetLastPInvokeError() is ENoEnt or ENotDir)
                {
                    return (FileKind.Missing, 0);
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // A libc without statx (glibc < 2.28): fall back to what .NET can tell.
            }
        }

        // Elsewhere .NET cannot tell a FIFO or device from a file; the size cap still bounds the read.
        return Directory.Exists(path) ? (FileKind.Directory, 0)
            : File.Exists(path) ? (FileKind.Regular, new FileInfo(path).Length)
            : (FileKind.Missing, 0);
    }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int FileTypeMask = 0xF000;
    private const int ENoEnt = 2;
    private const int ENotDir = 20;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>Linux's <c>struct statx</c>: the same 256-byte layout on every architecture.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(40)]
        public ulong Size;
    }
}
