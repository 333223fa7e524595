namespace VmafRoi.Sdk.Tests.Infrastructure;

/// <summary>A folder for one test (or fixture), removed with everything in it afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "vmafroi-sdk-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still be releasing a file; the OS temp cleaner gets the rest.
        }
    }
}

/// <summary>Copies folder trees the way the tests need them: last-write times kept, so incremental builds stay incremental.</summary>
public static class FileTree
{
    public static void Copy(string source, string target, Func<string, bool> include)
    {
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(source).Where(include))
        {
            string to = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, to);
            File.SetLastWriteTimeUtc(to, File.GetLastWriteTimeUtc(file));
        }

        foreach (string folder in Directory.GetDirectories(source).Where(include))
        {
            Copy(folder, Path.Combine(target, Path.GetFileName(folder)), include);
        }
    }
}
