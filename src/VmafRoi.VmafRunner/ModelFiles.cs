using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Model;

namespace VmafRoi.VmafRunner;

/// <summary>The model JSON file a run reads, so an output can be refused before it replaces it.</summary>
public static class ModelFiles
{
    /// <summary>The file <paramref name="spec"/> loads (by path, or a version name found in the search folders), or null when it is built in or no file.</summary>
    public static string? Of(ModelSpec spec, ModelLocator? locator = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        try
        {
            // A built-in model (no file) is nothing an output could overwrite.
            string? path = spec.FilePath ?? (locator ?? ModelLocator.FromEnvironment()).Resolve(spec).FilePath;
            return path is not null && File.Exists(path) ? path : null;
        }
        catch (VmafModelException)
        {
            // A model that cannot be found fails later with its own message; it is no file an output could replace.
            return null;
        }
    }

    /// <summary>The file a <c>--model</c> text loads, or null.</summary>
    public static string? Of(string modelText)
    {
        try
        {
            return Of(ModelSpec.Parse(modelText));
        }
        catch (VmafModelException)
        {
            return null;
        }
    }
}
