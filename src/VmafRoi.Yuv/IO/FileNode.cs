using System.Runtime.InteropServices;

namespace VmafRoi.Yuv.IO;

/// <summary>What kind of file-system object a path names.</summary>
public enum FileNodeKind
{
    /// <summary>Nothing exists at the path.</summary>
    Missing,

    Regular,

    Directory,

    /// <summary>A character device (<c>/dev/null</c>, <c>/dev/full</c>, a terminal).</summary>
    CharacterDevice,

    BlockDevice,

    /// <summary>A named pipe, or an anonymous pipe reached through <c>/dev/fd/N</c> or <c>/proc/self/fd/N</c>.</summary>
    Fifo,

    Socket,

    /// <summary>A symbolic link (only reported when links are not followed).</summary>
    SymbolicLink,
}

/// <summary>
/// The identity and kind of a file-system object, from <c>statx(2)</c> (the same layout on every Linux architecture):
/// .NET exposes neither inode numbers nor device/FIFO kinds, and both decide whether an output may be replaced.
/// </summary>
/// <param name="Kind">What the path names.</param>
/// <param name="Device">The containing device (major, minor packed), with <see cref="Inode"/> the object's identity.</param>
/// <param name="Inode">The inode number.</param>
/// <param name="Size">Bytes, for regular files.</param>
public readonly partial record struct FileNode(FileNodeKind Kind, ulong Device, ulong Inode, long Size)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>True unless <see cref="Kind"/> is <see cref="FileNodeKind.Missing"/>.</summary>
    public bool Exists => Kind != FileNodeKind.Missing;

    /// <summary>Devices and pipes: written through in place, never replaced by a rename.</summary>
    public bool IsSpecial => Kind is FileNodeKind.CharacterDevice or FileNodeKind.BlockDevice or FileNodeKind.Fifo;

    /// <summary>Describes <paramref name="path"/>, following symbolic links unless <paramref name="followLinks"/> is false.</summary>
    /// <exception cref="IOException">The path cannot be examined (a link loop, a permission problem).</exception>
    public static FileNode Of(string path, bool followLinks = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux())
        {
            return Portable(path);
        }

        if (statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, out StatxBuffer buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 // ENOENT, ENOTDIR
                ? default
                : throw new IOException($"cannot examine '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        FileNodeKind kind = (buffer.Mode & 0xF000) switch
        {
            0x8000 => FileNodeKind.Regular,
            0x4000 => FileNodeKind.Directory,
            0x2000 => FileNodeKind.CharacterDevice,
            0x6000 => FileNodeKind.BlockDevice,
            0x1000 => FileNodeKind.Fifo,
            0xC000 => FileNodeKind.Socket,
            0xA000 => FileNodeKind.SymbolicLink,
            _ => FileNodeKind.Regular,
        };
        return new FileNode(kind, ((ulong)buffer.DeviceMajor << 32) | buffer.DeviceMinor, buffer.Inode, (long)buffer.Size);
    }

    /// <summary>True when both paths exist and are the same object (same device and inode), through any links.</summary>
    public static bool SameObject(string a, string b)
    {
        FileNode x = Of(a), y = Of(b);
        return x.Exists && y.Exists && x.Device == y.Device && x.Inode == y.Inode;
    }

    /// <summary>A word for error messages: <c>a FIFO</c>, <c>a character device</c>…</summary>
    public string Describe() => Kind switch
    {
        FileNodeKind.Regular => "a regular file",
        FileNodeKind.Directory => "a directory",
        FileNodeKind.CharacterDevice => "a character device",
        FileNodeKind.BlockDevice => "a block device",
        FileNodeKind.Fifo => "a pipe (FIFO)",
        FileNodeKind.Socket => "a socket",
        FileNodeKind.SymbolicLink => "a symbolic link",
        _ => "missing",
    };

    private static FileNode Portable(string path) =>
        Directory.Exists(path) ? new FileNode(FileNodeKind.Directory, 0, 0, 0)
        : File.Exists(path) ? new FileNode(FileNodeKind.Regular, 0, 0, new FileInfo(path).Length)
        : default;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int statx(int directoryFd, string path, int flags, uint mask, out StatxBuffer buffer);

    // struct statx: fixed layout on every architecture (include/uapi/linux/stat.h).
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(40)]
        public ulong Size;

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;
    }
}
