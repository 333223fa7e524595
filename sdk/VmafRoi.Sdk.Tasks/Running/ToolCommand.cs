namespace VmafRoi.Sdk.Tasks.Running;

/// <summary>
/// How to start one of our commands: a framework-dependent <c>.dll</c> runs as <c>dotnet exec tool.dll</c> (the
/// package keeps no executable bits), anything else is started directly.
/// </summary>
public sealed record ToolCommand(string ToolPath, string DotnetHost)
{
    /// <summary>The command's display name, e.g. <c>vmaf-roi-score</c>.</summary>
    public string Name => Path.GetFileNameWithoutExtension(ToolPath);

    public bool IsManagedAssembly => ToolPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    /// <summary>The host for the SDK: <paramref name="configured"/>, else <c>$DOTNET_HOST_PATH</c>, else <c>dotnet</c> on PATH.</summary>
    public static string ResolveDotnetHost(string? configured) =>
        configured is { Length: > 0 } ? configured
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : "dotnet";

    /// <summary>
    /// The child's <c>VMAF_MODEL_PATH</c> with <paramref name="modelDirectories"/> (';'-separated, relative to
    /// <paramref name="projectDirectory"/>) searched first, or no change when none are given.
    /// </summary>
    public static IReadOnlyDictionary<string, string?>? ModelPathEnvironment(string? modelDirectories, string projectDirectory)
    {
        string[] folders = (modelDirectories ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (folders.Length == 0)
        {
            return null;
        }

        IEnumerable<string> search = folders.Select(f => Path.GetFullPath(f, projectDirectory));
        if (Environment.GetEnvironmentVariable("VMAF_MODEL_PATH") is { Length: > 0 } inherited)
        {
            search = search.Append(inherited);
        }

        return new Dictionary<string, string?> { ["VMAF_MODEL_PATH"] = string.Join(Path.PathSeparator, search) };
    }

    /// <summary>A problem that stops the command from starting at all, or null.</summary>
    public string? Problem()
    {
        if (!File.Exists(ToolPath))
        {
            return $"{Name} was not found at '{ToolPath}' (set VmafRoiToolsDirectory, or the tool's own property, to a folder holding it)";
        }

        return null;
    }

    /// <summary>The program and arguments that run the tool with <paramref name="arguments"/>.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) Render(IReadOnlyList<string> arguments) =>
        IsManagedAssembly ? (DotnetHost, ["exec", ToolPath, .. arguments]) : (ToolPath, arguments);
}
