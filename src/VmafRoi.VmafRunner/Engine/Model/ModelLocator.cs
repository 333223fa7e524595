using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Model;

/// <summary>
/// Finds model files: a <see cref="ModelSpec"/> path is used as is; a version name <c>NAME</c> is looked up as
/// <c>NAME.json</c> in the search roots, in order. Roots are injectable; <see cref="FromEnvironment"/> builds libvmaf-like ones.
/// </summary>
public sealed class ModelLocator
{
    /// <summary>The variable holding extra model folders, colon-separated, searched first.</summary>
    public const string ModelPathVariable = "VMAF_MODEL_PATH";

    public ModelLocator(IEnumerable<string> searchRoots)
    {
        ArgumentNullException.ThrowIfNull(searchRoots);
        SearchRoots = searchRoots.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Folders searched for <c>NAME.json</c>, in order.</summary>
    public IReadOnlyList<string> SearchRoots { get; }

    /// <summary>
    /// <c>$VMAF_MODEL_PATH</c> (colon-separated), then beside a <c>vmaf</c> binary on PATH (its folder, its
    /// <c>model/</c> and <c>../share/vmaf/model</c>), then <c>/usr/local/share/vmaf/model</c>,
    /// <c>/usr/share/vmaf/model</c> and <c>~/.local/share/vmaf/model</c>.
    /// </summary>
    public static ModelLocator FromEnvironment() =>
        new(DefaultRoots(Environment.GetEnvironmentVariable(ModelPathVariable), Environment.GetEnvironmentVariable("PATH")));

    /// <summary>The default roots for given variable values (exposed for tests).</summary>
    public static IReadOnlyList<string> DefaultRoots(string? modelPath, string? path)
    {
        var roots = new List<string>();
        if (!string.IsNullOrEmpty(modelPath))
        {
            roots.AddRange(modelPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

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

    /// <summary>The model file for <paramref name="spec"/>.</summary>
    /// <exception cref="VmafModelException">Not found; the message lists every place searched.</exception>
    public string Resolve(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.FilePath is { } file)
        {
            ModelFile.Check(file);
            return Path.GetFullPath(file);
        }

        string fileName = spec.Version!.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? spec.Version : spec.Version + ".json";
        var searched = new List<string>();
        foreach (string root in SearchRoots)
        {
            string candidate = Path.Combine(root, fileName);
            searched.Add(candidate);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        string where = searched.Count == 0 ? "  (no search folders: set VMAF_MODEL_PATH)" : string.Join('\n', searched.Select(s => "  " + s));
        throw new VmafModelException(
            $"VMAF model '{spec.Version}' was not found; searched:\n{where}\nSet {ModelPathVariable} to the folder holding {fileName}, or pass the file's path.");
    }

    /// <summary>Resolves and loads a model.</summary>
    public VmafModel Load(ModelSpec spec, VmafModelOptions? options = null) => VmafModelLoader.Load(Resolve(spec), options);
}
