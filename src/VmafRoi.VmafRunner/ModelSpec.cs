using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner;

/// <summary>
/// How a VMAF model was asked for: a built-in version name (<c>vmaf_v0.6.1</c> or <c>version=vmaf_v0.6.1</c>) or a
/// JSON file (<c>path=model.json</c>, or any text that names an existing file or ends in <c>.json</c>).
/// </summary>
public sealed record ModelSpec
{
    private ModelSpec(string? version, string? path, string text)
    {
        Version = version;
        FilePath = path;
        Text = text;
    }

    /// <summary>libvmaf's default model.</summary>
    public static ModelSpec Default { get; } = Parse("vmaf_v0.6.1");

    /// <summary>The version name, when the model is asked for by name.</summary>
    public string? Version { get; }

    /// <summary>The file, when the model is asked for by path.</summary>
    public string? FilePath { get; }

    /// <summary>The text as given, which results echo back (the JSON's <c>model</c> field).</summary>
    public string Text { get; }

    /// <summary>A short name: the version, or the file name without <c>.json</c>.</summary>
    public string DisplayName => Version ?? System.IO.Path.GetFileNameWithoutExtension(FilePath!);

    /// <summary>Parses the <c>--model</c> text.</summary>
    public static ModelSpec Parse(string text)
    {
        string value = (text ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            throw new VmafModelException("the VMAF model name is empty");
        }

        if (value.StartsWith("version=", StringComparison.Ordinal))
        {
            return new ModelSpec(BareName(value["version=".Length..]), null, value);
        }

        if (value.StartsWith("path=", StringComparison.Ordinal))
        {
            string path = value["path=".Length..];
            return path.Length > 0 ? new ModelSpec(null, path, value) : throw new VmafModelException("the VMAF model path is empty: give path=FILE");
        }

        bool looksLikeFile = value.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || value.Contains('/') || File.Exists(value);
        return looksLikeFile ? new ModelSpec(null, value, value) : new ModelSpec(BareName(value), null, value);
    }

    /// <summary>
    /// A version names a built-in model or <c>NAME.json</c> inside a model folder, so it must stay a bare name: a path
    /// separator or <c>..</c> would reach files outside those folders. Exit 66 like any model that cannot be found.
    /// </summary>
    private static string BareName(string version)
    {
        if (version.Length == 0)
        {
            throw new VmafModelException("the VMAF model version is empty; give a name such as vmaf_v0.6.1");
        }

        if (version.Contains('/') || version.Contains('\\') || version.Contains("..", StringComparison.Ordinal) || version.Any(char.IsControl))
        {
            throw new VmafModelException(
                $"VMAF model version '{version}' is not a bare model name: a version holds no '/', '\\' or '..' (it names a built-in model or NAME.json in a model folder); give a file as path=FILE");
        }

        return version;
    }

    /// <summary>The value of libvmaf's <c>--model</c> flag: <c>version=NAME</c> or <c>path=FILE</c>.</summary>
    public string ToLibvmafArgument() => Version is not null ? $"version={Version}" : $"path={FilePath}";

    public override string ToString() => Text;
}
