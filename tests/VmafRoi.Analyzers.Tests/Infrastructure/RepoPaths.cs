namespace VmafRoi.Analyzers.Tests.Infrastructure;

/// <summary>Finds files of this repository from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VmafRoi.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"VmafRoi.Sdk.sln not found above {AppContext.BaseDirectory}");
    }
}
