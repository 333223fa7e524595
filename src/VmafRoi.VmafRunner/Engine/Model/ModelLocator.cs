using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Model;

/// <summary>
/// Finds models. A <see cref="ModelSpec"/> path is that file and nothing else. A version name <c>NAME</c> is, in order:
/// <c>NAME.json</c> in a <see cref="SearchRoots"/> folder (the caller's override, e.g. <c>$VMAF_MODEL_PATH</c>); the
/// built-in model <c>NAME</c> (<see cref="BuiltInModels"/>); <c>NAME.json</c> in an <see cref="InstalledRoots"/> folder.
/// Built-ins beat installed files as in libvmaf, whose <c>version=</c> reads only its compiled-in models, so the
/// managed and libvmaf routes score with the same bytes unless the caller overrides them.
/// </summary>
public sealed class ModelLocator
{
    /// <summary>The variable holding extra model folders, colon-separated, searched first.</summary>
    public const string ModelPathVariable = "VMAF_MODEL_PATH";

    /// <param name="searchRoots">Folders searched before the built-in models, in order.</param>
    /// <param name="installedRoots">Folders searched after them, for names that are not built in.</param>
    public ModelLocator(IEnumerable<string> searchRoots, IEnumerable<string>? installedRoots = null)
    {
        ArgumentNullException.ThrowIfNull(searchRoots);
        SearchRoots = Clean(searchRoots);
        InstalledRoots = Clean(installedRoots ?? []);
    }

    /// <summary>Folders searched for <c>NAME.json</c> before the built-in models, in order.</summary>
    public IReadOnlyList<string> SearchRoots { get; }

    /// <summary>Folders searched for <c>NAME.json</c> after the built-in models, in order.</summary>
    public IReadOnlyList<string> InstalledRoots { get; }

    /// <summary>
    /// <c>$VMAF_MODEL_PATH</c> (colon-separated) first, then the built-in models, then the install folders of
    /// <see cref="InstallFolders(string?)"/> for <c>$PATH</c>.
    /// </summary>
    public static ModelLocator FromEnvironment() =>
        new(ModelPathRoots(Environment.GetEnvironmentVariable(ModelPathVariable)), InstallFolders(Environment.GetEnvironmentVariable("PATH")));

    /// <summary>The folders a <c>$VMAF_MODEL_PATH</c> value names (colon-separated), in order.</summary>
    public static IReadOnlyList<string> ModelPathRoots(string? modelPath) =>
        string.IsNullOrEmpty(modelPath) ? [] : modelPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Where libvmaf installs may keep model files: beside a <c>vmaf</c> binary on <paramref name="path"/> (its folder,
    /// its <c>model/</c> and <c>../share/vmaf/model</c>), then <c>/usr/local/share/vmaf/model</c>,
    /// <c>/usr/share/vmaf/model</c> and <c>~/.local/share/vmaf/model</c>.
    /// </summary>
    public static IReadOnlyList<string> InstallFolders(string? path)
    {
        var roots = new List<string>();
        foreach (string folder in (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, "vmaf");
            if (File.Exists(candidate))
            {
                roots.Add(folder);
                roots.Add(Path.Combine(folder, "model"));
                roots.Add(Path.GetFullPath(Path.Combine(folder, "..", "share", "vmaf", "model")));
                break;
            }
        }

        roots.Add("/usr/local/share/vmaf/model");
        roots.Add("/usr/share/vmaf/model");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0)
        {
            roots.Add(Path.Combine(home, ".local", "share", "vmaf", "model"));
        }

        return roots;
    }

    /// <summary>Where the model for <paramref name="spec"/> comes from.</summary>
    /// <exception cref="VmafModelException">Not found (the message lists every place searched), or a path that is not a usable file.</exception>
    public ModelSource Resolve(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.FilePath is { } file)
        {
            ModelFile.Check(file);
            return ModelSource.File(file);
        }

        string version = spec.Version!;
        string fileName = version.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? version : version + ".json";
        string builtIn = fileName[..^".json".Length];
        var searched = new List<string>();
        foreach (string root in SearchRoots)
        {
            string candidate = Path.Combine(root, fileName);
            searched.Add(candidate);
            if (File.Exists(candidate))
            {
                return ModelSource.File(candidate);
            }
        }

        if (BuiltInModels.Contains(builtIn))
        {
            return ModelSource.BuiltIn(builtIn);
        }

        searched.Add($"built-in models: {string.Join(", ", BuiltInModels.Names)}");
        foreach (string root in InstalledRoots)
        {
            string candidate = Path.Combine(root, fileName);
            searched.Add(candidate);
            if (File.Exists(candidate))
            {
                return ModelSource.File(candidate);
            }
        }

        throw new VmafModelException(
            $"VMAF model '{version}' was not found; searched, in order:\n{string.Join('\n', searched.Select(s => "  " + s))}\n"
            + $"Use a built-in name, set {ModelPathVariable} to the folder holding {fileName}, or pass the file as path=FILE.");
    }

    /// <summary>This locator with <paramref name="folders"/> searched before its own <see cref="SearchRoots"/>.</summary>
    public ModelLocator WithFoldersFirst(IEnumerable<string> folders) => new([.. folders, .. SearchRoots], InstalledRoots);

    /// <summary>Resolves and loads a model.</summary>
    public VmafModel Load(ModelSpec spec, VmafModelOptions? options = null) => VmafModelLoader.Load(Resolve(spec), options);

    private static List<string> Clean(IEnumerable<string> roots) =>
        roots.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal).ToList();
}
