using VmafRoi.Yuv.Tools;

namespace VmafRoi.Bench.Engine;

/// <summary>
/// libvmaf 3.2.0 built from the shared source tarball into the cache folder, once: <c>meson setup build --buildtype
/// release -Denable_float=true</c> (the v1.0.16 models need the float SpEED feature) and <c>ninja</c>. Without meson,
/// ninja or nasm it installs them through apt when it runs as root, else says exactly what to install.
/// </summary>
internal static class LibvmafBuild
{
    public const string Version = "3.2.0";

    /// <summary>The vmaf binary, building it when the cache has none; null (with the reason on stdout) when it cannot.</summary>
    public static string? Ensure(string cache, string shared)
    {
        string root = Path.Combine(cache, $"libvmaf-{Version}");
        string binary = Path.Combine(root, "libvmaf", "build", "tools", "vmaf");
        if (Works(binary))
        {
            Console.WriteLine($"libvmaf {Version}: {binary} (cached build)");
            return binary;
        }

        string tarball = Path.Combine(shared, "vmaf", $"libvmaf-{Version}.tar.xz");
        if (!File.Exists(tarball))
        {
            Console.WriteLine($"libvmaf {Version}: cannot build, the source '{tarball}' is missing (set VMAFROI_SHARED); no ratios will be printed");
            return null;
        }

        if (!EnsureTools())
        {
            return null;
        }

        // Built in a scratch folder and renamed into place, so an interrupted build never looks like a cached one.
        string scratch = Path.Combine(cache, $"libvmaf-{Version}.building-{Environment.ProcessId}");
        Directory.CreateDirectory(scratch);
        try
        {
            Console.WriteLine($"libvmaf {Version}: building from {tarball} into {root} (meson release, -Denable_float=true; a minute or two) ...");
            Step("tar", ["-xJf", tarball, "-C", scratch], scratch);
            string source = Path.Combine(scratch, $"libvmaf-{Version}");
            string lib = Path.Combine(source, "libvmaf");
            Step("meson", ["setup", "build", "--buildtype", "release", "-Denable_float=true"], lib);
            Step("ninja", ["-C", "build"], lib);
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            Directory.Move(source, root);
        }
        catch (InvalidOperationException ex)
        {
            Console.WriteLine($"libvmaf {Version}: build failed, no ratios will be printed: {ex.Message}");
            return null;
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        if (!Works(binary))
        {
            Console.WriteLine($"libvmaf {Version}: the build produced no working '{binary}'; no ratios will be printed");
            return null;
        }

        Console.WriteLine($"libvmaf {Version}: built {binary}");
        return binary;
    }

    private static bool Works(string binary)
    {
        if (!File.Exists(binary))
        {
            return false;
        }

        ProcessResult r = ExternalTool.Run(binary, ["--version"]);
        return r.ExitCode == 0 && (r.StandardOutput + r.StderrTail).Contains(Version, StringComparison.Ordinal);
    }

    private static bool EnsureTools()
    {
        string[] missing = new[] { ("meson", "meson"), ("ninja", "ninja-build"), ("nasm", "nasm"), ("cc", "gcc"), ("xz", "xz-utils") }
            .Where(t => !OnPath(t.Item1)).Select(t => t.Item2).ToArray();
        if (missing.Length == 0)
        {
            return true;
        }

        string packages = string.Join(' ', missing);
        if (Environment.UserName == "root" && OnPath("apt-get"))
        {
            Console.WriteLine($"libvmaf {Version}: installing {packages} (apt-get) ...");
            ExternalTool.Run("apt-get", ["update", "-qq"]);
            ProcessResult r = ExternalTool.Run("apt-get", ["install", "-y", "-qq", .. missing]);
            if (r.ExitCode == 0 && missing.All(m => OnPath(ToolOf(m))))
            {
                return true;
            }
        }

        Console.WriteLine($"libvmaf {Version}: cannot build without {packages}; install them with `sudo apt-get install {packages}` and re-run. No ratios will be printed.");
        return false;
    }

    private static string ToolOf(string package) => package switch
    {
        "ninja-build" => "ninja",
        "gcc" => "cc",
        "xz-utils" => "xz",
        _ => package,
    };

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));

    private static void Step(string tool, string[] arguments, string workingDirectory)
    {
        ProcessResult r = ExternalTool.Run(tool, arguments, workingDirectory: workingDirectory);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{tool} {string.Join(' ', arguments)}` exited {r.ExitCode}: {r.StderrTail}");
        }
    }
}
