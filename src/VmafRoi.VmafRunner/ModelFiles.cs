using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Model;

namespace VmafRoi.VmafRunner;

/// <summary>The model JSON file a run reads, so an output can be refused before it replaces it.</summary>
public static class ModelFiles
{
    /// <summary>The file <paramref name="spec"/> loads (by path, or a version name found in the search folders), or null when it is no file.</summary>
    public static string? Of(ModelSpec spec, ModelLocator? locator = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        try
        {
            string path = spec.FilePath ?? (locator ?? ModelLocator.FromEnvironment()).Resolve(spec);
            return File.Exists(path) ? path : null;
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
