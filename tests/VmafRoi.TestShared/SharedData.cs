using Xunit.Sdk;

namespace VmafRoi.TestShared;

/// <summary>
/// Finds the shared data folder: <c>$VMAFROI_SHARED</c>, else <c>&lt;repo&gt;/../shared</c>. A test that needs it and
/// cannot find it fails with a message saying where it looked; it never passes silently.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> RepoRootLazy = new(FindRepoRoot);

    /// <summary>The repository root (the folder holding <c>VmafRoi.Sdk.sln</c>).</summary>
    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>The shared data folder; fails the test when it is missing.</summary>
    public static string Root
    {
        get
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable("VMAFROI_SHARED");
            string candidate = fromEnvironment is { Length: > 0 }
                ? Path.GetFullPath(fromEnvironment)
                : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            if (!Directory.Exists(candidate))
            {
                throw new XunitException(
                    $"The shared test data folder was not found at '{candidate}' "
                    + (fromEnvironment is { Length: > 0 } ? "(from $VMAFROI_SHARED)." : "(<repo>/../shared). Set VMAFROI_SHARED to its location."));
            }

            return candidate;
        }
    }

    /// <summary>A path inside the shared folder; fails the test when it does not exist.</summary>
    public static string File(params string[] parts)
    {
        string path = Path.Combine([Root, .. parts]);
        if (!System.IO.File.Exists(path) && !Directory.Exists(path))
        {
            throw new XunitException($"Shared test data '{path}' is missing.");
        }

        return path;
    }

    /// <summary>The folder holding libvmaf's model JSON files.</summary>
    public static string VmafModelDirectory => File("vmaf", "model");

    /// <summary>A scratch folder for decoded clips, shared by test runs: <c>$VMAFROI_TEST_CACHE</c> or the temp folder.</summary>
    public static string CacheDirectory
    {
        get
        {
            string dir = Environment.GetEnvironmentVariable("VMAFROI_TEST_CACHE") is { Length: > 0 } env
                ? env
                : Path.Combine(Path.GetTempPath(), "vmafroi-test-cache");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "VmafRoi.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new XunitException($"Could not find VmafRoi.Sdk.sln above '{AppContext.BaseDirectory}'.");
    }
}
