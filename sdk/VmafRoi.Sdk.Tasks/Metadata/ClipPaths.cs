namespace VmafRoi.Sdk.Tasks.Metadata;

/// <summary>Item paths are relative to the project folder; tools get them project-relative so results stay portable.</summary>
public static class ClipPaths
{
    /// <summary>The full path of <paramref name="path"/> taken relative to <paramref name="projectDirectory"/>.</summary>
    public static string Full(string path, string projectDirectory) => Path.GetFullPath(path, projectDirectory);

    /// <summary>
    /// The path to hand a tool running in <paramref name="projectDirectory"/>: relative (with '/') when the file is
    /// inside the project folder, else absolute.
    /// </summary>
    public static string ForTool(string fullPath, string projectDirectory)
    {
        string relative = Path.GetRelativePath(projectDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? fullPath
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
