using System.Reflection;
using System.Security.Cryptography;
using VmafRoi.Materializer.Contracts;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Materializer;

/// <summary>Builds <c>ai-run-provenance-v1</c> records.</summary>
public static class Provenance
{
    /// <summary>A provenance record; <paramref name="entrypoint"/> null takes the entry assembly.</summary>
    public static RunProvenance Create(
        string? entrypoint,
        IReadOnlyList<string> argv,
        IReadOnlyDictionary<string, object?> args,
        IEnumerable<(string Role, string? Path)> inputs,
        IEnumerable<(string Role, string? Path, bool Hash)> outputs) => new() // Hash false: written after this record (see Pending)
        {
            Entrypoint = File(entrypoint ?? EntryAssembly())!,
            Argv = [.. argv],
            Args = Sorted(args),
            Inputs = Ordered(inputs.Select(i => (i.Role, File(i.Path)))),
            Outputs = Ordered(outputs.Select(o => (o.Role, o.Hash ? File(o.Path) : Pending(o.Path)))),
        };

    /// <summary>A file's entry: absolute path, kind and (for a regular file, when asked) its SHA-256; null for a null path.</summary>
    public static ProvenanceFile? File(string? path, bool hash = true)
    {
        if (path is null)
        {
            return null;
        }

        string full = Path.GetFullPath(path);
        FileNodeKind kind;
        try
        {
            kind = FileNode.Of(full).Kind;
        }
        catch (IOException)
        {
            kind = FileNodeKind.Missing;
        }

        string kindName = kind switch
        {
            FileNodeKind.Regular => ProvenanceFile.FileKind,
            FileNodeKind.Directory => ProvenanceFile.DirectoryKind,
            FileNodeKind.Missing => ProvenanceFile.MissingKind,
            _ => ProvenanceFile.OtherKind,
        };
        return new ProvenanceFile
        {
            Path = full,
            Exists = kind != FileNodeKind.Missing,
            Kind = kindName,
            Sha256 = hash && kind == FileNodeKind.Regular ? Sha256(full) : null,
        };
    }

    /// <summary>An output written after the record that names it (the audit or report itself): a file with no hash.</summary>
    public static ProvenanceFile? Pending(string? path) =>
        path is null ? null : new ProvenanceFile { Path = Path.GetFullPath(path), Exists = true, Kind = ProvenanceFile.FileKind, Sha256 = null };

    /// <summary>Lower-case hex SHA-256 of a file's content.</summary>
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string EntryAssembly() =>
        Assembly.GetEntryAssembly()?.Location is { Length: > 0 } location ? location : Environment.ProcessPath ?? "unknown";

    private static SortedDictionary<string, object?> Sorted(IReadOnlyDictionary<string, object?> args)
    {
        var sorted = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach ((string key, object? value) in args)
        {
            sorted[key] = value;
        }

        return sorted;
    }

    private static Dictionary<string, ProvenanceFile?> Ordered(IEnumerable<(string Role, ProvenanceFile? File)> entries)
    {
        var ordered = new Dictionary<string, ProvenanceFile?>(StringComparer.Ordinal);
        foreach ((string role, ProvenanceFile? file) in entries)
        {
            ordered[role] = file;
        }

        return ordered;
    }
}
