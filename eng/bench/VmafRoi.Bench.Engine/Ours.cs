using System.Runtime.InteropServices;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.Bench.Engine;

/// <summary>One way of shipping dotnet-vmaf: how to start it.</summary>
internal sealed record Build(string Kind, string Executable, string[] Prefix);

/// <summary>
/// dotnet-vmaf published three ways from this checkout: Native AOT for this machine's instruction set (what the table
/// measures), ReadyToRun framework-dependent, and the plain framework-dependent output a packed dotnet tool carries (JIT).
/// </summary>
internal sealed class Ours
{
    private Ours(Build main, IReadOnlyList<Build> all)
    {
        Main = main;
        All = all;
    }

    public Build Main { get; }

    public IReadOnlyList<Build> All { get; }

    public string MainKind => Main.Kind;

    public static Ours Publish(string repo, string folder, bool quick)
    {
        string project = Path.Combine(repo, "src", "tools", "dotnet-vmaf", "dotnet-vmaf.csproj");
        string rid = RuntimeInformation.RuntimeIdentifier;
        var builds = new List<Build>();
        Console.WriteLine($"ours: publishing dotnet-vmaf ({rid}: Native AOT for this CPU, ReadyToRun, plain) ...");

        string aot = Path.Combine(folder, "aot");
        ProcessResult a = Publish(project, aot, ["-r", rid, "-p:IlcInstructionSet=native"]);
        if (a.ExitCode == 0 && File.Exists(Path.Combine(aot, "dotnet-vmaf")))
        {
            builds.Add(new Build("Native AOT (native ISA)", Path.Combine(aot, "dotnet-vmaf"), []));
        }
        else
        {
            Console.WriteLine($"ours: Native AOT publish failed, the table uses ReadyToRun: {a.StderrTail}{a.StandardOutput[Math.Max(0, a.StandardOutput.Length - 2000)..]}");
        }

        string r2r = Path.Combine(folder, "r2r");
        ProcessResult r = Publish(project, r2r, ["-r", rid, "--self-contained", "false", "-p:VmafRoiNativeAot=false"]);
        if (r.ExitCode == 0)
        {
            builds.Add(new Build("ReadyToRun", "dotnet", [Path.Combine(r2r, "dotnet-vmaf.dll")]));
        }
        else
        {
            Console.WriteLine($"ours: ReadyToRun publish failed: {r.StderrTail}");
        }

        if (!quick)
        {
            string jit = Path.Combine(folder, "jit");
            ProcessResult j = Publish(project, jit, ["-p:VmafRoiNativeAot=false"]);
            if (j.ExitCode == 0)
            {
                builds.Add(new Build("JIT (dotnet tool)", "dotnet", [Path.Combine(jit, "dotnet-vmaf.dll")]));
            }
        }

        if (builds.Count == 0)
        {
            throw new InvalidOperationException("dotnet-vmaf could not be published");
        }

        return new Ours(builds[0], builds);
    }

    public string Describe() => string.Join("; ", All.Select(b => $"{b.Kind}: {string.Join(' ', b.Prefix.Prepend(b.Executable))}"));

    private static ProcessResult Publish(string project, string output, string[] extra) =>
        ExternalTool.Run("dotnet", ["publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "q", .. extra], stderrTailLines: 20);
}
