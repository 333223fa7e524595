using System.Runtime.InteropServices;
using VmafRoi.Contracts;

namespace VmafRoi.Saliency;

/// <summary>
/// Checks a saliency model path before anything reads it: it must be a regular file (a FIFO would block the open, a
/// device like <c>/dev/zero</c> never ends, a folder is not a model) no larger than <see cref="MaxBytes"/>.
/// </summary>
internal static partial class ModelFile
{
    /// <summary>1 GiB: far above any saliency model (ours are kilobytes, DeepLab 2.7 MB) and below ONNX's 2 GiB protobuf limit.</summary>
    public const long MaxBytes = 1L << 30;

    /// <exception cref="InvalidInputException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="MaskException">Something other than a regular file is there, or it is too large.</exception>
    public static void Check(string path)
    {
        string? kind = KindOf(path);
        if (kind is null)
        {
            throw new InvalidInputException($"saliency model not found: {path}", path);
        }

        if (kind != "file")
        {
            throw new MaskException($"saliency model '{path}' is {kind}, not a regular file; give the path of an .onnx file");
        }

        long length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            throw new MaskException($"saliency model '{path}' is {length} bytes; saliency models may be at most {MaxBytes} bytes (1 GiB)");
        }
    }

    /// <summary><c>file</c>, a description of another kind of node (after following links), or null when nothing is there.</summary>
    internal static string? KindOf(string path)
    {
        if (Directory.Exists(path))
        {
            return "a directory";
        }

        if (!File.Exists(path))
        {
            return null;
        }

        if (!OperatingSystem.IsLinux())
        {
            return "file";
        }

        // statx's buffer has one layout on every Linux architecture (unlike struct stat): stx_mode is the u16 at 28.
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtCurrentDirectory, path, 0, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                return "file";
            }
        }
        catch (EntryPointNotFoundException)
        {
            // A libc without statx (glibc before 2.28): the open below is then the only guard.
            return "file";
        }

        int type = MemoryMarshal.Read<ushort>(buffer[28..]) & 0xF000;
        return type switch
        {
            0x8000 => "file",
            0x4000 => "a directory",
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => "not a regular file",
        };
    }

    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}
