using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Sdk.Tasks.Incremental;

/// <summary>
/// SHA-256 of file contents, remembered per path with the size and last-write time it was computed at, so an unchanged
/// multi-gigabyte clip is not re-read on every build. A changed size or time re-hashes; the content decides, so a
/// merely touched file hashes the same and is not rescored.
/// </summary>
public sealed class ContentHashCache
{
    private const string Header = "# vmafroi content hashes v1: sha256<TAB>size<TAB>last-write ticks (UTC)<TAB>full path";

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly string? _file;
    private int _changed;

    private ContentHashCache(string? file)
    {
        _file = file;
    }

    /// <summary>Files hashed from their content (not served from the cache) since this cache was loaded.</summary>
    public int Hashed => _changed;

    /// <summary>A cache with no file behind it.</summary>
    public static ContentHashCache InMemory() => new(null);

    /// <summary>Loads the cache file, or starts empty when it is missing or unreadable (it is only an optimisation).</summary>
    public static ContentHashCache Load(string file)
    {
        var cache = new ContentHashCache(file);
        if (!File.Exists(file))
        {
            return cache;
        }

        try
        {
            foreach (string line in File.ReadLines(file))
            {
                string[] parts = line.Split('\t');
                if (line.StartsWith('#') || parts.Length != 4
                    || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size)
                    || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks))
                {
                    continue;
                }

                cache._entries[parts[3]] = new Entry(parts[0], size, ticks);
            }
        }
        catch (IOException)
        {
            cache._entries.Clear();
        }

        return cache;
    }

    /// <summary>The hex SHA-256 of <paramref name="fullPath"/>'s contents.</summary>
    public string Sha256(string fullPath)
    {
        var info = new FileInfo(fullPath);
        long size = info.Length;
        long ticks = info.LastWriteTimeUtc.Ticks;
        if (_entries.TryGetValue(fullPath, out Entry? known) && known.Size == size && known.Ticks == ticks)
        {
            return known.Sha256;
        }

        string sha;
        using (FileStream stream = new(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
        {
            sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        _entries[fullPath] = new Entry(sha, size, ticks);
        Interlocked.Increment(ref _changed);
        return sha;
    }

    /// <summary>Writes the cache file atomically when anything was hashed; entries of vanished files are dropped.</summary>
    public void Save()
    {
        if (_file is null || _changed == 0)
        {
            return;
        }

        var text = new StringBuilder(Header).Append('\n');
        foreach ((string path, Entry entry) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (File.Exists(path))
            {
                text.Append(CultureInfo.InvariantCulture, $"{entry.Sha256}\t{entry.Size}\t{entry.Ticks}\t{path}\n");
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        AtomicFile.WriteAllText(_file, text.ToString());
    }

    private sealed record Entry(string Sha256, long Size, long Ticks);
}
