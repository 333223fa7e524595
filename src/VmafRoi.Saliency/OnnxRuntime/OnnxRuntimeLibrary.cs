using System.Reflection;
using System.Runtime.InteropServices;

namespace VmafRoi.Saliency.OnnxRuntime;

/// <summary>
/// Finds and loads the ONNX Runtime shared library. Search order: <c>$VMAFROI_ONNXRUNTIME</c> (a file, or a folder
/// holding it); this assembly's folder and its <c>runtimes/&lt;rid&gt;/native/</c>; the app's base folder; then
/// <c>.natives/onnxruntime/&lt;rid&gt;/</c> in the nearest ancestor folder that has one; finally the system loader.
/// </summary>
public static class OnnxRuntimeLibrary
{
    /// <summary>The environment variable that points at the library file.</summary>
    public const string EnvironmentVariable = "VMAFROI_ONNXRUNTIME";

    /// <summary>The ORT release <c>eng/natives/natives.lock</c> pins.</summary>
    public const string PinnedVersion = "1.30.0";

    private static readonly Lazy<(nint Handle, string Path)> Loaded = new(LoadCore, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The loaded library's path; loads it on first use.</summary>
    public static string Path => Loaded.Value.Path;

    /// <summary>The OS handle of the loaded library; loads it on first use.</summary>
    internal static nint Handle => Loaded.Value.Handle;

    /// <summary>The candidate files in search order (the system-loader fallback is not listed).</summary>
    public static IReadOnlyList<string> Candidates()
    {
        var candidates = new List<string>();
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (fromEnvironment is { Length: > 0 })
        {
            if (Directory.Exists(fromEnvironment))
            {
                candidates.AddRange(FileNames.Select(name => System.IO.Path.Combine(fromEnvironment, name)));
            }
            else
            {
                candidates.Add(fromEnvironment);
            }

            // An explicit setting wins alone: silently loading another copy would hide a typo.
            return candidates;
        }

        foreach (string folder in StartFolders())
        {
            foreach (string name in FileNames)
            {
                candidates.Add(System.IO.Path.Combine(folder, name));
                candidates.Add(System.IO.Path.Combine(folder, "runtimes", Rid, "native", name));
            }
        }

        foreach (string folder in StartFolders())
        {
            for (DirectoryInfo? dir = new(folder); dir is not null; dir = dir.Parent)
            {
                string natives = System.IO.Path.Combine(dir.FullName, ".natives", "onnxruntime", Rid);
                if (Directory.Exists(natives))
                {
                    candidates.AddRange(FileNames.Select(name => System.IO.Path.Combine(natives, name)));
                    break;
                }
            }
        }

        return candidates.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Rid => RuntimeInformation.RuntimeIdentifier switch
    {
        string rid when rid.StartsWith("linux-", StringComparison.Ordinal) || rid.StartsWith("osx-", StringComparison.Ordinal) || rid.StartsWith("win-", StringComparison.Ordinal) => rid,
        _ => $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux")}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}",
    };

    private static string[] FileNames =>
        OperatingSystem.IsWindows() ? ["onnxruntime.dll"]
        : OperatingSystem.IsMacOS() ? ["libonnxruntime.dylib", $"libonnxruntime.{PinnedVersion}.dylib"]
        : ["libonnxruntime.so.1", "libonnxruntime.so", $"libonnxruntime.so.{PinnedVersion}"];

    private static IEnumerable<string> StartFolders()
    {
        string? assemblyFolder = System.IO.Path.GetDirectoryName(typeof(OnnxRuntimeLibrary).Assembly.Location);
        if (assemblyFolder is { Length: > 0 })
        {
            yield return assemblyFolder;
        }

        string baseFolder = AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar);
        if (!string.Equals(baseFolder, assemblyFolder, StringComparison.Ordinal))
        {
            yield return baseFolder;
        }
    }

    private static (nint, string) LoadCore() =>
        Load(Candidates(), Environment.GetEnvironmentVariable(EnvironmentVariable), trySystemLoader: true);

    /// <summary>Loads the first candidate that exists and loads; <paramref name="explicitSetting"/> is the variable's value, if set.</summary>
    internal static (nint Handle, string Path) Load(IReadOnlyList<string> candidates, string? explicitSetting, bool trySystemLoader)
    {
        var failures = new List<string>();
        foreach (string candidate in candidates)
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            try
            {
                return (NativeLibrary.Load(candidate), candidate);
            }
            catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
            {
                failures.Add($"{candidate} ({ex.Message})");
            }
        }

        if (explicitSetting is { Length: > 0 })
        {
            string why = failures.Count > 0 ? $"it could not be loaded: {string.Join("; ", failures)}" : "no such file";
            throw new OnnxRuntimeNotFoundException($"ONNX Runtime was not found at ${EnvironmentVariable}='{explicitSetting}' ({why})", candidates);
        }

        // Last resort: a system-wide install the dynamic loader knows about.
        if (trySystemLoader)
        {
            foreach (string name in FileNames)
            {
                if (NativeLibrary.TryLoad(name, Assembly.GetExecutingAssembly(), DllImportSearchPath.SafeDirectories, out nint handle))
                {
                    return (handle, name);
                }
            }
        }

        string detail = failures.Count > 0 ? $"ONNX Runtime could not be loaded: {string.Join("; ", failures)}" : "the ONNX Runtime native library was not found";
        IEnumerable<string> systemNames = trySystemLoader ? FileNames.Select(n => $"{n} (system loader)") : [];
        throw new OnnxRuntimeNotFoundException(detail, [.. candidates, .. systemNames]);
    }
}
