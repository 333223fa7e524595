using System.Diagnostics;
using System.Runtime.InteropServices;

namespace VmafRoi.Bench.Engine;

/// <summary>What one whole-process run cost: wall time, CPU time (user + system) and peak resident set.</summary>
internal readonly record struct RunCost(double WallSeconds, double CpuSeconds, long PeakRssKiB, int ExitCode);

/// <summary>
/// Runs a command through a small C launcher that forks, execs and reaps it with wait4, so wall time, CPU time and peak
/// RSS are exactly that child's (System.Diagnostics.Process exposes neither of the last two). Output goes to /dev/null.
/// </summary>
internal static unsafe partial class ChildRun
{
    private const int OWrOnly = 1;

    /// <summary>The launcher's C source: forks (copying only its own small memory), execs, reaps with wait4, writes "exit wall cpu maxrss".</summary>
    private const string LauncherSource = """
        #include <fcntl.h>
        #include <stdio.h>
        #include <sys/resource.h>
        #include <sys/wait.h>
        #include <time.h>
        #include <unistd.h>
        int main(int argc, char **argv) {
            if (argc < 3) return 2;
            struct timespec a, b;
            clock_gettime(CLOCK_MONOTONIC, &a);
            pid_t pid = fork();
            if (pid == 0) {
                int fd = open("/dev/null", O_RDWR);
                dup2(fd, 0); dup2(fd, 1); dup2(fd, 2);
                execvp(argv[2], argv + 2);
                _exit(127);
            }
            int status = 0; struct rusage ru;
            while (wait4(pid, &status, 0, &ru) < 0) {}
            clock_gettime(CLOCK_MONOTONIC, &b);
            int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            double wall = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
            double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
            FILE *f = fopen(argv[1], "w");
            if (!f) return 3;
            fprintf(f, "%d %.6f %.6f %ld\n", code, wall, cpu, ru.ru_maxrss);
            fclose(f);
            return 0;
        }
        """;

    private static string? _launcher;

    /// <summary>
    /// Compiles the launcher into <paramref name="cache"/> (cc, which the libvmaf build needs anyway). A child started
    /// straight from this process would report this process's peak RSS: posix_spawn shares our memory until exec, and
    /// exec keeps that high-water mark. False when there is no C compiler: runs then report no RSS.
    /// </summary>
    public static bool PrepareLauncher(string cache)
    {
        string dir = Path.Combine(cache, "launcher-v1");
        string binary = Path.Combine(dir, "run-measured");
        if (!File.Exists(binary))
        {
            Directory.CreateDirectory(dir);
            string source = Path.Combine(dir, "run-measured.c");
            File.WriteAllText(source, LauncherSource);
            VmafRoi.Yuv.Tools.ProcessResult r = VmafRoi.Yuv.Tools.ExternalTool.Run("cc", ["-O2", "-o", binary + ".tmp", source]);
            if (r.ExitCode != 0)
            {
                Console.WriteLine($"no C compiler (cc): peak RSS and CPU time are not measured ({r.StderrTail})");
                return false;
            }

            File.Move(binary + ".tmp", binary, overwrite: true);
        }

        _launcher = binary;
        return true;
    }

    public static RunCost Run(string executable, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        if (_launcher is null)
        {
            RunCost direct = Spawn(executable, arguments, extraEnvironment);
            return direct with { PeakRssKiB = 0, CpuSeconds = double.NaN };
        }

        string report = Path.Combine(Path.GetTempPath(), $"vmaf-bench-run-{Environment.ProcessId}.txt");
        RunCost outer = Spawn(_launcher, [report, executable, .. arguments], extraEnvironment);
        if (outer.ExitCode != 0)
        {
            return outer;
        }

        string[] f = File.ReadAllText(report).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        File.Delete(report);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return new RunCost(double.Parse(f[1], c), double.Parse(f[2], c), long.Parse(f[3], c), int.Parse(f[0], c));
    }

    private static RunCost Spawn(string executable, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? extraEnvironment)
    {
        var argv = new List<string> { executable };
        argv.AddRange(arguments);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            env[(string)e.Key] = (string?)e.Value ?? string.Empty;
        }

        foreach (KeyValuePair<string, string> e in extraEnvironment ?? new Dictionary<string, string>())
        {
            env[e.Key] = e.Value;
        }

        nint[] argvPtrs = ToNative(argv);
        nint[] envPtrs = ToNative(env.Select(kv => $"{kv.Key}={kv.Value}").ToList());
        byte* actions = stackalloc byte[256];
        nint devNull = Marshal.StringToHGlobalAnsi("/dev/null");
        try
        {
            Check(posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            Check(posix_spawn_file_actions_addopen(actions, 0, devNull, 0, 0), "addopen stdin");
            Check(posix_spawn_file_actions_addopen(actions, 1, devNull, OWrOnly, 0), "addopen stdout");
            Check(posix_spawn_file_actions_addopen(actions, 2, devNull, OWrOnly, 0), "addopen stderr");
            int pid;
            var clock = Stopwatch.StartNew();
            fixed (nint* a = argvPtrs)
            fixed (nint* e = envPtrs)
            {
                Check(posix_spawnp(&pid, argvPtrs[0], actions, null, a, e), $"posix_spawnp {executable}");
            }

            int status;
            Rusage usage;
            while (wait4(pid, &status, 0, &usage) < 0)
            {
                if (Marshal.GetLastPInvokeError() != 4)
                {
                    throw new InvalidOperationException($"wait4 failed: errno {Marshal.GetLastPInvokeError()}");
                }
            }

            clock.Stop();
            posix_spawn_file_actions_destroy(actions);
            int exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
            double cpu = usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6);
            return new RunCost(clock.Elapsed.TotalSeconds, cpu, usage.MaxRssKiB, exit);
        }
        finally
        {
            Marshal.FreeHGlobal(devNull);
            foreach (nint p in argvPtrs.Concat(envPtrs))
            {
                if (p != 0)
                {
                    Marshal.FreeHGlobal(p);
                }
            }
        }
    }

    private static nint[] ToNative(List<string> items)
    {
        var result = new nint[items.Count + 1];
        for (int i = 0; i < items.Count; i++)
        {
            result[i] = Marshal.StringToHGlobalAnsi(items[i]);
        }

        return result;
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0)
        {
            throw new InvalidOperationException($"{what} failed: error {rc}");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRssKiB;
        public fixed long Rest[13];
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_spawnp(int* pid, nint file, byte* fileActions, void* attributes, nint* argv, nint* envp);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_init(byte* actions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_destroy(byte* actions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_addopen(byte* actions, int fd, nint path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int wait4(int pid, int* status, int options, Rusage* usage);
}
