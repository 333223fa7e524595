using System.Runtime.CompilerServices;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

// FIFOs, device nodes, tmpfs mounts and POSIX signals: the suite is about Linux behaviour.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace VmafRoi.Hostile.Tests;

/// <summary>
/// The whole assembly runs with a private, initially empty <c>TMPDIR</c>, so every row can prove it left nothing there;
/// rows run one at a time (the listing before and after a row must belong to that row alone). Workspaces live outside it.
/// </summary>
internal static class HostileEnvironment
{
    /// <summary>The temp directory the process had before the suite replaced it.</summary>
    public static string OriginalTemp { get; private set; } = Path.GetTempPath();

    /// <summary>The private temp directory every command in this assembly uses.</summary>
    public static string PrivateTemp { get; private set; } = string.Empty;

    [ModuleInitializer]
    internal static void Initialize()
    {
        OriginalTemp = Path.GetTempPath();
        PrivateTemp = Directory.CreateTempSubdirectory("vmafroi-hostile-tmpdir-").FullName;
        Environment.SetEnvironmentVariable("TMPDIR", PrivateTemp);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(PrivateTemp);
    }

    /// <summary>Entries of the private temp directory (names), ignoring the .NET runtime's own diagnostic endpoints of child processes.</summary>
    public static IReadOnlyList<string> TempListing() =>
        Directory.EnumerateFileSystemEntries(PrivateTemp)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !name.StartsWith("clr-debug-pipe-", StringComparison.Ordinal) && !name.StartsWith("dotnet-diagnostic-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
