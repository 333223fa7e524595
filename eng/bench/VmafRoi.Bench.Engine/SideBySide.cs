using System.Globalization;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.Bench.Engine;

/// <summary>
/// Paired runs: for each pair, ours and libvmaf back to back on the same clip, the order alternating from pair to pair
/// so drift in the machine's load falls on both sides alike; one warm-up run each first (page cache).
/// </summary>
internal sealed class SideBySide(Ours ours, string? libvmaf, int pairs)
{
    public static void PrintHeader()
    {
        Console.WriteLine("| clip | threads | SIMD (both sides) | ours fps | libvmaf fps | wall ratio median (min–max) | ours CPU s | libvmaf CPU s | ours RSS MiB | libvmaf RSS MiB | load avg |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
    }

    public void Row(Clip clip, int threads, VectorWidth width = VectorWidth.Auto, ExtraCase? extra = null)
    {
        if (width != VectorWidth.Auto && VectorSupport.Resolve(width) != width)
        {
            return;
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (width != VectorWidth.Auto)
        {
            env[VectorSupport.EnvironmentVariable] = ((int)width).ToString(CultureInfo.InvariantCulture);
        }

        string[] args = [.. Arguments(clip, threads, frames: null), .. extra?.Flags ?? []];

        // libvmaf's --cpumask masks instruction sets (bit 4 AVX-512, bit 5 AVX-512 ICL): narrower rows run both sides at that width.
        string[] theirsArgs = width == VectorWidth.V256 ? [.. args, "--cpumask", "48"] : args;
        double load0 = Machine.LoadOne();
        List<(RunCost Ours, RunCost? Theirs)> runs = Paired(ours.Main, args, env, libvmaf, theirsArgs);
        double load1 = Machine.LoadOne();
        string simd = BenchProgram.Label(width == VectorWidth.Auto ? VectorSupport.Best : width);
        double oursWall = Median(runs.Select(r => r.Ours.WallSeconds));
        string theirsFps = "-", ratio = "no libvmaf: no ratio", theirsCpu = "-", theirsRss = "-";
        if (libvmaf is not null)
        {
            double[] ratios = runs.Select(r => r.Ours.WallSeconds / r.Theirs!.Value.WallSeconds).ToArray();
            theirsFps = F(clip.Frames / Median(runs.Select(r => r.Theirs!.Value.WallSeconds)), 1);
            ratio = $"**{F(Median(ratios), 2)}** ({F(ratios.Min(), 2)}–{F(ratios.Max(), 2)})";
            theirsCpu = F(Median(runs.Select(r => r.Theirs!.Value.CpuSeconds)), 2);
            theirsRss = F(runs.Max(r => r.Theirs!.Value.PeakRssKiB) / 1024.0, 1);
        }

        Console.WriteLine(
            $"| {clip.Label} ({clip.Frames} frames){(extra is null ? "" : ", " + extra.Name)} | {threads} | {simd} | {F(clip.Frames / oursWall, 1)} | {theirsFps} | {ratio} | {F(Median(runs.Select(r => r.Ours.CpuSeconds)), 2)} | {theirsCpu} | {F(runs.Max(r => r.Ours.PeakRssKiB) / 1024.0, 1)} | {theirsRss} | {F(load0, 2)}→{F(load1, 2)} |");
    }

    /// <summary>One-frame runs of every build of ours and of libvmaf, interleaved, each one's median wall and CPU.</summary>
    public void StartUp(Clip clip)
    {
        string[] args = Arguments(clip, threads: 0, frames: 1);
        var sides = ours.All.Select(b => (b.Kind, Run: (Func<RunCost>)(() => Start(b, args, null)))).ToList();
        if (libvmaf is not null)
        {
            sides.Add(($"libvmaf {LibvmafBuild.Version}", () => ChildRun.Run(libvmaf, args)));
        }

        var costs = sides.Select(_ => new List<RunCost>()).ToList();
        foreach ((string _, Func<RunCost> run) in sides)
        {
            run();
        }

        for (int p = 0; p < pairs; p++)
        {
            for (int s = 0; s < sides.Count; s++)
            {
                costs[s].Add(Check(sides[s].Run(), sides[s].Kind));
            }
        }

        Console.WriteLine("| build | wall s median (min–max) | CPU s median | peak RSS MiB |");
        Console.WriteLine("|---|---|---|---|");
        for (int s = 0; s < sides.Count; s++)
        {
            List<RunCost> c = costs[s];
            Console.WriteLine($"| {sides[s].Kind} | {F(Median(c.Select(x => x.WallSeconds)), 3)} ({F(c.Min(x => x.WallSeconds), 3)}–{F(c.Max(x => x.WallSeconds), 3)}) | {F(Median(c.Select(x => x.CpuSeconds)), 3)} | {F(c.Max(x => x.PeakRssKiB) / 1024.0, 1)} |");
        }
    }

    /// <summary>Peak RSS of both sides on a clip and on a three times longer one, 1 and 2 threads.</summary>
    public void Flat(Clip clip, Clip longer)
    {
        Console.WriteLine($"| side | threads | {clip.Frames} frames | {longer.Frames} frames |");
        Console.WriteLine("|---|---|---|---|");
        foreach (int threads in new[] { 1, 2 })
        {
            long Peak(Func<string[], RunCost> run, Clip c) => Enumerable.Range(0, 3).Max(_ => Check(run(Arguments(c, threads, null)), "rss").PeakRssKiB);
            RunCost Ours(string[] a) => Start(ours.Main, a, null);
            Console.WriteLine($"| ours | {threads} | {F(Peak(Ours, clip) / 1024.0, 1)} | {F(Peak(Ours, longer) / 1024.0, 1)} |");
            if (libvmaf is not null)
            {
                RunCost Theirs(string[] a) => ChildRun.Run(libvmaf, a);
                Console.WriteLine($"| libvmaf | {threads} | {F(Peak(Theirs, clip) / 1024.0, 1)} | {F(Peak(Theirs, longer) / 1024.0, 1)} |");
            }
        }
    }

    private List<(RunCost Ours, RunCost? Theirs)> Paired(Build build, string[] oursArgs, Dictionary<string, string> env, string? theirs, string[] theirsArgs)
    {
        Start(build, oursArgs, env);
        if (theirs is not null)
        {
            ChildRun.Run(theirs, theirsArgs);
        }

        var runs = new List<(RunCost, RunCost?)>();
        for (int p = 0; p < pairs; p++)
        {
            RunCost? t = null;
            if (theirs is not null && p % 2 == 1)
            {
                t = Check(ChildRun.Run(theirs, theirsArgs), "libvmaf");
            }

            RunCost o = Check(Start(build, oursArgs, env), "ours");
            if (theirs is not null && p % 2 == 0)
            {
                t = Check(ChildRun.Run(theirs, theirsArgs), "libvmaf");
            }

            runs.Add((o, t));
        }

        return runs;
    }

    private static RunCost Start(Build build, string[] args, Dictionary<string, string>? env) =>
        ChildRun.Run(build.Executable, [.. build.Prefix, .. args], env);

    private static RunCost Check(RunCost cost, string who) =>
        cost.ExitCode == 0 ? cost : throw new InvalidOperationException($"{who} exited {cost.ExitCode}");

    /// <summary>The same flags for both tools (libvmaf's vmaf command line, which dotnet-vmaf takes unchanged); no -o: neither writes a file.</summary>
    private static string[] Arguments(Clip clip, int threads, int? frames)
    {
        var a = new List<string>
        {
            "-r", clip.Reference, "-d", clip.Distorted, "-w", I(clip.Width), "-h", I(clip.Height), "-p", "420", "-b", I(clip.BitDepth),
            "--threads", I(threads), "-q",
        };
        if (frames is { } n)
        {
            a.AddRange(["--frame_cnt", I(n)]);
        }

        return [.. a];
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string F(double v, int digits) => v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        double[] s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }
}
