using System.Globalization;
using VmafRoi.Bench.Engine;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.VmafRunner.Engine.Simd;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

// The managed engine side by side with libvmaf 3.2.0 built from source in the same run: paired, interleaved whole-process
// runs of dotnet-vmaf (Native AOT for this machine) and libvmaf's vmaf on the same clips, with per-pair ratios.
return BenchProgram.Run(args);

internal static class BenchProgram
{
    private const string Usage = "usage: [--pairs N (>= 3, default 9)] [--frames N (>= 48, default 48)] [--quick] [--cache DIR] [--libvmaf PATH] | --split MODEL REF.yuv DIS.yuv (1080p 8-bit, in process only)";

    public static int Run(string[] args)
    {
        var o = new Settings();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--pairs": o.Pairs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--frames": o.Frames = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--quick": o.Quick = true; break;
                case "--cache": o.Cache = Next(); break;
                case "--libvmaf": o.Libvmaf = Next(); break;
                case "--split":
                    string model = Next(), reference = Next(), distorted = Next();
                    Split(new Clip("split", reference, distorted, 1920, 1080, "yuv420p", 0), VmafRoi.VmafRunner.ModelSpec.Parse(model));
                    return ExitCodes.Success;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'; {Usage}");
                    return ExitCodes.Usage;
            }
        }

        if (o.Pairs < 3 || o.Frames < 48)
        {
            Console.Error.WriteLine($"--pairs must be >= 3 and --frames >= 48 (shorter clips measure start-up only); {Usage}");
            return ExitCodes.Usage;
        }

        string repo = RepoRoot();
        string shared = Environment.GetEnvironmentVariable("VMAFROI_SHARED") is { Length: > 0 } s ? s : Path.GetFullPath(Path.Combine(repo, "..", "shared"));
        o.Cache ??= Environment.GetEnvironmentVariable("VMAFROI_BENCH_CACHE") is { Length: > 0 } c ? c
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "vmafroi-bench");
        Directory.CreateDirectory(o.Cache);
        string work = Path.Combine(Path.GetTempPath(), $"vmaf-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            return RunAll(o, repo, shared, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int RunAll(Settings o, string repo, string shared, string work)
    {
        Console.WriteLine($"# VmafRoi.Bench.Engine: managed engine vs libvmaf {LibvmafBuild.Version}, side by side");
        Console.WriteLine();
        Console.WriteLine($"date {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; CPU {Machine.CpuModel()}, {Environment.ProcessorCount} logical processors, widest SIMD {VectorSupport.Best}; load average {Machine.LoadAverage()} at start");
        Console.WriteLine("(a shared machine: every ratio pairs two runs taken back to back, the side going first alternating; neither side is pinned)");

        string? libvmaf = o.Libvmaf ?? LibvmafBuild.Ensure(o.Cache!, shared);
        ChildRun.PrepareLauncher(o.Cache!);
        Ours ours = Ours.Publish(repo, Path.Combine(work, "ours"), o.Quick);
        Console.WriteLine($"ours: {ours.Describe()}");

        Console.WriteLine("clips: ffmpeg lavfi sources, distorted = libx264 -preset veryfast -crf 32, decoded to raw ...");
        Clip hd = Clip.Generate(work, "hd8", "testsrc2", 1920, 1080, "yuv420p", o.Frames);
        Clip sd = Clip.Generate(work, "sd8", "mandelbrot", 576, 324, "yuv420p", o.Frames);
        Clip? hd10 = o.Quick ? null : Clip.Generate(work, "hd10", "testsrc2", 1920, 1080, "yuv420p10le", o.Frames);

        var side = new SideBySide(ours, libvmaf, o.Pairs);
        Console.WriteLine();
        Console.WriteLine($"## Whole runs, {o.Pairs} pairs per row (ours = dotnet-vmaf {ours.MainKind}; wall ratio ours/libvmaf: lower is better)");
        Console.WriteLine("(AVX2 rows: ours with VMAFROI_VECTOR_WIDTH=256, libvmaf with --cpumask 48, its AVX-512 paths masked: an AVX2 server)");
        Console.WriteLine();
        SideBySide.PrintHeader();
        side.Row(hd, 1);
        side.Row(hd, 2);
        side.Row(hd, 1, VectorWidth.V256);
        side.Row(hd, 2, VectorWidth.V256);
        if (hd10 is not null)
        {
            side.Row(hd10, 1);
            side.Row(hd10, 2);
        }

        side.Row(sd, 1);
        side.Row(sd, 2);

        Console.WriteLine();
        Console.WriteLine($"## libvmaf 3.2.0's extra features and the v1.0.16 model, 1920x1080 8-bit, {o.Pairs} pairs per row");
        Console.WriteLine();
        SideBySide.PrintHeader();
        foreach (ExtraCase extra in ExtraCases.All)
        {
            side.Row(hd, 1, extra: extra);
            side.Row(hd, 2, extra: extra);
        }

        Console.WriteLine();
        Console.WriteLine($"## Start-up: one 576x324 frame, {o.Pairs} runs each, interleaved (load average {Machine.LoadAverage()})");
        Console.WriteLine();
        side.StartUp(sd);

        Console.WriteLine();
        Console.WriteLine($"## Per-extractor thread-CPU ms/frame, 1920x1080 8-bit, 1 thread, in process (best of 3; load average {Machine.LoadAverage()})");
        Console.WriteLine();
        Split(hd);

        if (!o.Quick)
        {
            Console.WriteLine();
            Console.WriteLine($"## Memory flat in clip length: peak RSS (MiB) at 1920x1080 8-bit, {o.Frames} vs {3 * o.Frames} frames");
            Console.WriteLine();
            Clip longer = Clip.Generate(work, "hd8long", "testsrc2", 1920, 1080, "yuv420p", 3 * o.Frames);
            side.Flat(hd, longer);
        }

        Console.WriteLine();
        Console.WriteLine($"load average at the end: {Machine.LoadAverage()}");
        return ExitCodes.Success;
    }

    /// <summary>Each extractor's thread-CPU time per frame at each vector width (tiered PGO off, warmed up).</summary>
    private static void Split(Clip clip, VmafRoi.VmafRunner.ModelSpec? spec = null)
    {
        VmafModel model = ModelLocator.FromEnvironment().Load(spec ?? VmafRoi.VmafRunner.ModelSpec.Default);
        bool header = false;
        foreach (VectorWidth width in new[] { VectorWidth.V512, VectorWidth.V256 })
        {
            if ((int)VectorSupport.Resolve(width) != (int)width)
            {
                Console.WriteLine($"| {Label(width)} | not on this machine | | | | |");
                continue;
            }

            Dictionary<string, double>? best = null;
            double bestTotal = double.MaxValue, predict = 0;
            for (int run = 0; run < 4; run++)
            {
                using FrameSource r = FrameReader.Open(clip.Reference, clip.Geometry);
                using FrameSource d = FrameReader.Open(clip.Distorted, clip.Geometry);
                VmafScores s = VmafEngine.Score(r, d, [model], new VmafEngineOptions { Threads = 1, CollectTimings = true, VectorWidth = width, FrameCount = run == 0 ? 8 : null });
                EngineTimings t = s.Timings!;
                var perFrame = t.Extractors.ToDictionary(kv => kv.Key, kv => kv.Value / t.Frames);
                double total = perFrame.Values.Sum();
                if (run > 0 && total < bestTotal)
                {
                    best = perFrame;
                    bestTotal = total;
                    predict = t.PredictMilliseconds / t.Frames;
                }
            }

            string[] keys = best!.Keys.ToArray();
            if (!header)
            {
                header = true;
                Console.WriteLine($"| width | {string.Join(" | ", keys)} | predict | all extractors |");
                Console.WriteLine($"|---|{string.Concat(keys.Select(_ => "---|"))}---|---|");
            }

            string Get(string key) => best!.TryGetValue(key, out double v) ? v.ToString("F2", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {Label(width)} | {string.Join(" | ", keys.Select(Get))} | {predict:F3} | {bestTotal:F2} |"));
        }
    }

    internal static string Label(VectorWidth width) => width switch
    {
        VectorWidth.V512 => "AVX-512",
        VectorWidth.V256 => "AVX2",
        VectorWidth.V128 => "SSE4.2",
        _ => width.ToString(),
    };

    private static string RepoRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "VmafRoi.Sdk.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("run the benchmark from the repository (VmafRoi.Sdk.sln not found above the program)");
    }

    private sealed class Settings
    {
        public int Pairs { get; set; } = 9;

        public int Frames { get; set; } = 48;

        public bool Quick { get; set; }

        public string? Cache { get; set; }

        public string? Libvmaf { get; set; }
    }
}

/// <summary>A generated reference/distorted pair of raw clips.</summary>
internal sealed record Clip(string Name, string Reference, string Distorted, int Width, int Height, string PixFmt, int Frames)
{
    public FrameGeometry Geometry => new(Width, Height, YuvFormat.Parse(PixFmt));

    public int BitDepth => Geometry.Format.BitDepth;

    public string Label => $"{Width}x{Height} {BitDepth}-bit";

    public static Clip Generate(string folder, string name, string source, int width, int height, string pixFmt, int frames)
    {
        string reference = Path.Combine(folder, $"{name}.ref.yuv");
        string encoded = Path.Combine(folder, $"{name}.mkv");
        string distorted = Path.Combine(folder, $"{name}.dis.yuv");
        string ffmpeg = Ffmpeg.FfmpegPath();
        string lavfi = $"{source}=s={width}x{height}:r=25";
        Run(ffmpeg, ["-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", lavfi, "-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", pixFmt, reference]);
        Run(ffmpeg, ["-v", "error", "-nostdin", "-y", "-f", "rawvideo", "-pix_fmt", pixFmt, "-s", $"{width}x{height}", "-r", "25", "-i", reference, "-c:v", "libx264", "-preset", "veryfast", "-crf", "32", "-pix_fmt", pixFmt, encoded]);
        Run(ffmpeg, ["-v", "error", "-nostdin", "-y", "-i", encoded, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", pixFmt, distorted]);
        File.Delete(encoded);
        return new Clip(name, reference, distorted, width, height, pixFmt, frames);
    }

    private static void Run(string exe, string[] arguments)
    {
        ProcessResult result = ExternalTool.Run(exe, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed ({string.Join(' ', arguments)}): {result.StderrTail}");
        }
    }
}

/// <summary>Facts about the machine printed with every figure.</summary>
internal static class Machine
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static double LoadOne() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

    /// <summary>"AMD EPYC (family 26, model 2)": a virtual machine's model name alone does not tell the generation.</summary>
    public static string CpuModel()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return "unknown";
        }

        string[] lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToArray();
        string Field(string name) => lines.FirstOrDefault(l => l.Split(':')[0].Trim() == name)?.Split(':', 2)[1].Trim() ?? "?";
        return $"{Field("model name")} (family {Field("cpu family")}, model {Field("model")})";
    }
}
