using System.Reflection;

namespace VmafRoi.VmafRunner.Engine.Model;

/// <summary>
/// libvmaf's model files compiled into this assembly, by version name (<c>vmaf_v0.6.1</c>, …), as libvmaf compiles
/// its own in. Licence and attribution: <c>vmaf-models/LICENSE</c> and <c>vmaf-models/THIRD-PARTY-NOTICES.md</c>.
/// </summary>
public static class BuiltInModels
{
    private const string Prefix = "VmafRoi.VmafRunner.Models.";

    private static readonly Assembly Assembly = typeof(BuiltInModels).Assembly;

    /// <summary>Every built-in version name, sorted ordinally.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>True when <paramref name="name"/> (with or without <c>.json</c>) is built in.</summary>
    public static bool Contains(string name) => Names.Contains(Bare(name), StringComparer.Ordinal);

    /// <summary>The model file's bytes, or null when <paramref name="name"/> is not built in.</summary>
    public static Stream? Open(string name) => Contains(name) ? Assembly.GetManifestResourceStream(Prefix + Bare(name) + ".json") : null;

    /// <summary>The model file's text.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not built in.</exception>
    public static string ReadText(string name)
    {
        using Stream stream = Open(name) ?? throw new ArgumentException($"'{name}' is not a built-in model", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Bare(string name) => name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? name[..^".json".Length] : name;
}

/// <summary>Where a resolved model comes from: a file, or a model built into this assembly.</summary>
public sealed record ModelSource
{
    private ModelSource(string? filePath, string? builtInName)
    {
        FilePath = filePath;
        BuiltInName = builtInName;
    }

    /// <summary>The model file's full path, or null for a built-in model.</summary>
    public string? FilePath { get; }

    /// <summary>The built-in version name, or null for a file.</summary>
    public string? BuiltInName { get; }

    /// <summary>Names the model in messages and results: the file path, or <c>built-in NAME</c>.</summary>
    public string Label => FilePath ?? $"built-in {BuiltInName}";

    public static ModelSource File(string path) => new(Path.GetFullPath(path), null);

    public static ModelSource BuiltIn(string name) => new(null, name);

    public override string ToString() => Label;
}
