using System.Security.Cryptography;
using System.Text.RegularExpressions;
using VmafRoi.TestShared;
using VmafRoi.Yuv;
using VmafRoi.Yuv.IO;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.Hostile.Tests;

/// <summary>
/// A private folder of small inputs for one row, outside the private TMPDIR: <c>r.yuv</c>/<c>d.yuv</c> (64x48, 3
/// frames), <c>short.yuv</c> (2 frames), <c>r.y4m</c>/<c>d.y4m</c>, <c>model.json</c> (libvmaf's vmaf_v0.6.1) and
/// <c>m.onnx</c> (a valid saliency model). <c>{name}</c> in a row's text stands for the path of <c>name</c> here.
/// </summary>
public sealed partial class Workspace : IDisposable
{
    public static readonly FrameGeometry Small = YuvFormat.Parse("yuv420p").WithSize(64, 48);

    private readonly List<IDisposable> _cleanup = [];

    public Workspace()
    {
        Root = Directory.CreateTempSubdirectory("vmafroi-hostile-ws-").FullName;
        if (Root.StartsWith(HostileEnvironment.PrivateTemp, StringComparison.Ordinal))
        {
            // The module initializer already moved TMPDIR: put workspaces where the suite started instead.
            Directory.Delete(Root);
            Root = Path.Combine(HostileEnvironment.OriginalTemp, $"vmafroi-hostile-ws-{Guid.NewGuid():N}");
            Directory.CreateDirectory(Root);
        }

        RawClip("r.yuv", 3, seed: 1);
        RawClip("d.yuv", 3, seed: 2);
        RawClip("short.yuv", 2, seed: 3);
        Y4m("r.y4m", File("r.yuv"));
        Y4m("d.y4m", File("d.yuv"));
        System.IO.File.Copy(Path.Combine(SharedData.VmafModelDirectory, "vmaf_v0.6.1.json"), File("model.json"));
        System.IO.File.WriteAllBytes(File("m.onnx"), TestModels.ChannelMean());
    }

    public string Root { get; }

    /// <summary>A path in the workspace.</summary>
    public string File(string name) => Path.Combine(Root, name);

    /// <summary>Replaces every <c>{name}</c> in <paramref name="text"/> with the path of <c>name</c> here.</summary>
    public string Expand(string text) => Placeholder().Replace(text, m => File(m.Groups[1].Value));

    /// <summary>Keeps something alive until the row is checked (a FIFO's partner, a mount), then disposes it.</summary>
    public T Keep<T>(T item)
        where T : IDisposable
    {
        _cleanup.Add(item);
        return item;
    }

    /// <summary>Writes a raw clip of random frames.</summary>
    public string RawClip(string name, int frames, int seed = 1, FrameGeometry? geometry = null)
    {
        FrameGeometry g = geometry ?? Small;
        var random = new Random(seed);
        byte[] bytes = new byte[g.FrameBytes * frames];
        random.NextBytes(bytes);
        System.IO.File.WriteAllBytes(File(name), bytes);
        return File(name);
    }

    /// <summary>Writes <paramref name="raw"/> (64x48 yuv420p) as Y4M.</summary>
    public string Y4m(string name, string raw, FrameGeometry? geometry = null)
    {
        FrameGeometry g = geometry ?? Small;
        using (FrameSource source = FrameReader.Open(raw, g))
        using (FrameWriter writer = FrameWriter.CreateY4m(File(name), g))
        {
            while (source.ReadNext() is { } frame)
            {
                using (frame)
                {
                    writer.Write(frame);
                }
            }

            writer.Complete();
        }

        return File(name);
    }

    public string Bytes(string name, byte[] bytes)
    {
        System.IO.File.WriteAllBytes(File(name), bytes);
        return File(name);
    }

    public string Text(string name, string text)
    {
        System.IO.File.WriteAllText(File(name), text);
        return File(name);
    }

    public string Folder(string name) => Directory.CreateDirectory(File(name)).FullName;

    public string Symlink(string name, string target)
    {
        System.IO.File.CreateSymbolicLink(File(name), target.StartsWith('/') ? target : File(target));
        return File(name);
    }

    public string HardLink(string name, string target)
    {
        Tool("ln", File(target), File(name));
        return File(name);
    }

    /// <summary>A named pipe; with <paramref name="reader"/> something drains it, with <paramref name="writer"/> bytes are fed in.</summary>
    public string Fifo(string name, bool reader = false, byte[]? writer = null)
    {
        Tool("mkfifo", File(name));
        if (reader)
        {
            Keep(FifoPartner.Reading(File(name)));
        }

        if (writer is not null)
        {
            Keep(FifoPartner.Writing(File(name), writer));
        }

        return File(name);
    }

    /// <summary>The bytes the reader of <paramref name="name"/> drained (after the row ran).</summary>
    public byte[] Drained(string name) => _cleanup.OfType<FifoPartner>().First(p => p.Path == File(name)).Received;

    /// <summary>A private character device node (e.g. 1,3 = null, 1,7 = full); needs CAP_MKNOD (see <see cref="Privileges"/>).</summary>
    public string Device(string name, int major, int minor)
    {
        Tool("mknod", File(name), "c", major.ToString(System.Globalization.CultureInfo.InvariantCulture), minor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return File(name);
    }

    /// <summary>A private block device node (never opened: the row proves it is refused); needs CAP_MKNOD.</summary>
    public string BlockDevice(string name, int major, int minor)
    {
        Tool("mknod", File(name), "b", major.ToString(System.Globalization.CultureInfo.InvariantCulture), minor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return File(name);
    }

    /// <summary>A folder nothing may be written to: a read-only tmpfs (as root, who ignores permissions) or mode 0555.</summary>
    public string ReadOnlyFolder(string name)
    {
        string folder = Folder(name);
        if (Privileges.IsRoot)
        {
            Keep(Mount.Tmpfs(folder, "ro,size=64k"));
        }
        else
        {
            System.IO.File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            Keep(new Callback(() => System.IO.File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)));
        }

        return folder;
    }

    /// <summary>A folder on a tmpfs of <paramref name="kilobytes"/> KiB, so writes fail with ENOSPC once it is full (root only).</summary>
    public string SmallFolder(string name, int kilobytes)
    {
        string folder = Folder(name);
        Keep(Mount.Tmpfs(folder, $"size={kilobytes}k"));
        return folder;
    }

    /// <summary>Points TMPDIR at <paramref name="path"/> while the row runs.</summary>
    public void TempDirectory(string path) => Variable("TMPDIR", path);

    /// <summary>Sets (or with null removes) an environment variable while the row runs (rows run one at a time).</summary>
    public void Variable(string name, string? value)
    {
        string? before = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        Keep(new Callback(() => Environment.SetEnvironmentVariable(name, before)));
    }

    /// <summary>A sparse file of <paramref name="bytes"/> zero bytes (no disk used).</summary>
    public string Sparse(string name, long bytes)
    {
        using var file = new FileStream(File(name), FileMode.CreateNew, FileAccess.Write);
        file.SetLength(bytes);
        return File(name);
    }

    /// <summary>A copy of <c>model.json</c> with the first match of <paramref name="pattern"/> replaced.</summary>
    public string ModelWith(string name, string pattern, string replacement) =>
        Text(name, new Regex(pattern).Replace(System.IO.File.ReadAllText(File("model.json")), replacement, 1));

    /// <summary>Path → (kind, sha256) of everything here; special files are never opened.</summary>
    public IReadOnlyDictionary<string, string> Fingerprint()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFileSystemEntries(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            FileNode node = FileNode.Of(path, followLinks: false);
            string relative = Path.GetRelativePath(Root, path);
            result[relative] = node.Kind switch
            {
                FileNodeKind.Regular => "file " + Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(path))),
                FileNodeKind.SymbolicLink => "link -> " + new FileInfo(path).LinkTarget,
                _ => node.Kind.ToString(),
            };
        }

        return result;
    }

    public void Dispose()
    {
        foreach (IDisposable item in Enumerable.Reverse(_cleanup))
        {
            item.Dispose();
        }

        _cleanup.Clear();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal static void Tool(string name, params string[] args)
    {
        ProcessResult result = ExternalTool.Run(name, args, timeout: TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} {string.Join(' ', args)} failed ({result.ExitCode}): {result.StderrTail}");
        }
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Placeholder();

    private sealed class Callback(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

/// <summary>The other end of a FIFO, on its own thread: a reader that drains it, or a writer that feeds bytes and closes.</summary>
internal sealed class FifoPartner : IDisposable
{
    private readonly Task _task;
    private readonly MemoryStream _received = new();

    private FifoPartner(string path, Func<FifoPartner, Task> run)
    {
        Path = path;
        _task = run(this);
    }

    public string Path { get; }

    public byte[] Received
    {
        get
        {
            _task.Wait(TimeSpan.FromSeconds(10));
            return _received.ToArray();
        }
    }

    public static FifoPartner Reading(string path) => new(path, self => Task.Run(() =>
    {
        using FileStream fifo = new(path, FileMode.Open, FileAccess.Read);
        fifo.CopyTo(self._received);
    }));

    public static FifoPartner Writing(string path, byte[] bytes) => new(path, _ => Task.Run(() =>
    {
        using FileStream fifo = new(path, FileMode.Open, FileAccess.Write);
        fifo.Write(bytes);
    }));

    public void Dispose()
    {
        if (!_task.Wait(TimeSpan.FromSeconds(2)))
        {
            // The command never opened its end: open it without blocking so the partner's open returns.
            try
            {
                using var unblock = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite);
            }
            catch (IOException)
            {
            }

            _task.Wait(TimeSpan.FromSeconds(5));
        }
    }
}

/// <summary>A private tmpfs mount, unmounted on dispose.</summary>
internal sealed class Mount(string folder) : IDisposable
{
    public static Mount Tmpfs(string folder, string options)
    {
        Workspace.Tool("mount", "-t", "tmpfs", "-o", options, "tmpfs", folder);
        return new Mount(folder);
    }

    public void Dispose() => Workspace.Tool("umount", "-l", folder);
}

/// <summary>What the current user may do: device nodes and mounts need root (CAP_MKNOD, CAP_SYS_ADMIN).</summary>
internal static class Privileges
{
    private static readonly Lazy<bool> Root = new(() => ExternalTool.Run("id", ["-u"]).StandardOutput.Trim() == "0");

    public static bool IsRoot => Root.Value;

    public const string NeedsRoot = "needs root for private device nodes (mknod) and tmpfs mounts";
}
