using System.Diagnostics;
using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.Roi;
using VmafRoi.Saliency;
using VmafRoi.VmafRunner;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

// ROI scoring benchmark: one plain managed VMAF run vs the fused one-pass ROI score (substitution and pooled) vs the
// two-run path (masked clip on disk, scored again), at 1080p on 1 and 2 threads. Runs are interleaved and every ratio
// comes from the same repetition; the machine is shared, so the load average is printed with each table.
return Bench.Run(args);

internal static class Bench
{
    private const int MinimumFrames = 48;

    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "--rss-child")
        {
            return RssChild(args[1..]);
        }

        int frames = MinimumFrames, repetitions = 3;
        bool quick = false, separation = false;
        string? shared = Environment.GetEnvironmentVariable("VMAFROI_SHARED");
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--repetitions" && i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out int r) && r > 0)
            {
                repetitions = r;
            }
            else if (args[i] == "--quick")
            {
                quick = true;
            }
            else if (args[i] == "--separation")
            {
                separation = true;
            }
            else if (args[i] == "--shared" && i + 1 < args.Length)
            {
                shared = args[++i];
            }
            else if (int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out int f) && f >= MinimumFrames)
            {
                frames = f;
            }
            else
            {
                Console.Error.WriteLine($"usage: [FRAMES (>= {MinimumFrames})] [--repetitions N] [--quick] [--separation] [--shared DIR]");
                return ExitCodes.Usage;
            }
        }

        shared ??= Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "..", "shared");
        string source = Path.Combine(shared, "clips", "bigbuckbunny_720p_132f.mp4");
        if (!File.Exists(source))
        {
            Console.Error.WriteLine($"the shared clip {source} is missing (set VMAFROI_SHARED or --shared)");
            return ExitCodes.InvalidInput;
        }

        string temp = Path.Combine(Path.GetTempPath(), $"vmafroi-bench-roi-{Environment.ProcessId}");
        Directory.CreateDirectory(temp);
        if (separation)
        {
            try
            {
                Console.WriteLine($"ROI separation (shared/saliency/eval/README.md), default saliency model {SaliencyModels.DefaultModelId}, threshold 0.3, fade 0.1, weight 0.5");
                Separation.Run(shared, temp, "carphone", Path.Combine("clips", "carphone_qcif_120f.mkv"), "carphone.boxes.json");
                Separation.Run(shared, temp, "foreman", Path.Combine("vmaf", "golden", "s07_foreman_352x288_x264crf32", "ref.mkv"), "foreman.boxes.json");
                return ExitCodes.Success;
            }
            finally
            {
                Directory.Delete(temp, recursive: true);
            }
        }

        try
        {
            Console.WriteLine($"VmafRoi.Bench.Roi  cpus={Environment.ProcessorCount}  frames={frames}  repetitions={repetitions}  simd={VmafRoi.VmafRunner.Engine.Simd.VectorSupport.Best}");
            Console.WriteLine("clip: Big Buck Bunny 720p scaled to 1920x1080 (lanczos), looped; distorted = libx264 -preset veryfast -crf 30; decoded to raw yuv420p");
            Clip clip = Generate(temp, source, "hd", frames);
            Clip longClip = quick ? clip : Generate(temp, source, "hdlong", frames * 3);
            string sidecar = Path.Combine(temp, "hd.saliency.msgpack");
            byte[][] masks = SaliencyMasks(clip, sidecar);
            Console.WriteLine($"masks: the default saliency model ({SaliencyModels.DefaultModelId}), computed once and served from memory (mean mask {masks.Average(m => m.Average(b => b / 255.0)):F3}, alpha > 0 on {masks.Average(m => m.Count(b => b >= 77) / (double)m.Length):P0} of pixels at threshold 0.3)");
            Console.WriteLine();

            foreach (int threads in new[] { 1, 2 })
            {
                Table(clip, masks, threads, repetitions, "default-model masks", realistic: true);
            }

            foreach (int threads in new[] { 1, 2 })
            {
                Table(clip, masks, threads, repetitions, "default-model masks, --fade 0 (no fade band: only the threshold contour is computed)", realistic: true, fade: 0);
            }

            if (quick)
            {
                // Development mode: the realistic tables only.
                return ExitCodes.Success;
            }

            foreach (int threads in new[] { 1, 2 })
            {
                Table(clip, masks, threads, repetitions, "synthetic mask 0.35 (alpha 0.5 on every pixel: nothing to skip)", realistic: false);
            }

            Console.WriteLine($"peak RSS (VmHWM, a fresh process per run, masks from the sidecar; load average {LoadAverage()}):");
            string longSidecar = Path.Combine(temp, "hdlong.saliency.msgpack");
            SaliencyMasks(longClip, longSidecar, keep: false);
            Console.WriteLine("| run | threads | " + clip.Frames + " frames | " + longClip.Frames + " frames |");
            Console.WriteLine("|---|---|---|---|");
            foreach (string mode in new[] { "plain", "fused", "pooled", "two-run" })
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    long a = RunRssChild(clip, sidecar, mode, threads);
                    long b = RunRssChild(longClip, longSidecar, mode, threads);
                    Console.WriteLine($"| {mode} | {threads} | {a / 1024.0:F1} MB | {b / 1024.0:F1} MB |");
                }
            }

            return ExitCodes.Success;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static void Table(Clip clip, byte[][] masks, int threads, int repetitions, string what, bool realistic, double fade = 0.1)
    {
        Console.WriteLine($"1920x1080, {threads} thread(s), {what}; load average at start {LoadAverage()}");
        Console.WriteLine("CPU seconds of this process per run (robust to other load; wall seconds in brackets), ratios of CPU time");
        Console.WriteLine("| rep | plain | fused | two-run | pooled | fused / plain | two-run / plain | pooled / plain | two-run / fused |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        RoiScoreRequest request = Request(clip, masks, threads, realistic) with { Fade = fade };

        // Warm-up of every path (JIT, page cache).
        Plain(clip, threads);
        RoiScorer.Run(request);
        RoiScorer.Run(request with { Method = RoiMethod.Pooled });
        var ratios = new List<double[]>();
        for (int rep = 1; rep <= repetitions; rep++)
        {
            (double plain, double plainWall) = Plain(clip, threads);
            (double fused, double fusedWall) = Time(() => RoiScorer.Run(request));
            (double twoRun, double twoRunWall) = Time(() => RoiScorer.Run(request with { SinglePass = false }));
            (double pooled, double pooledWall) = Time(() => RoiScorer.Run(request with { Method = RoiMethod.Pooled }));
            double[] r = [fused / plain, twoRun / plain, pooled / plain, twoRun / fused];
            ratios.Add(r);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {rep} | {plain:F2} ({plainWall:F2}) | {fused:F2} ({fusedWall:F2}) | {twoRun:F2} ({twoRunWall:F2}) | {pooled:F2} ({pooledWall:F2}) | {r[0]:F2}x | {r[1]:F2}x | {r[2]:F2}x | {r[3]:F2}x |"));
        }

        double Median(int k) => ratios.Select(r => r[k]).Order().ElementAt(ratios.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| median | | | | | {Median(0):F2}x | {Median(1):F2}x | {Median(2):F2}x | {Median(3):F2}x |"));
        Console.WriteLine($"load average at end {LoadAverage()}");
        Console.WriteLine();
    }

    private static RoiScoreRequest Request(Clip clip, byte[][] masks, int threads, bool realistic) => new()
    {
        Reference = clip.Reference,
        Distorted = clip.Distorted,
        Width = clip.Width,
        Height = clip.Height,
        Engine = VmafEngineKind.Managed,
        Threads = threads,
        MaskSource = realistic ? () => new MemoryMasks(masks) : null,
        SyntheticMask = realistic ? null : 0.35,
    };

    private static (double Cpu, double Wall) Plain(Clip clip, int threads)
    {
        var route = new ManagedVmafRoute();
        return Time(() => route.Score(new VmafRequest
        {
            Reference = VmafInput.Raw(clip.Reference, clip.Geometry),
            Distorted = VmafInput.Raw(clip.Distorted, clip.Geometry),
            Threads = threads,
        }));
    }

    /// <summary>CPU seconds of this process (all threads) and wall seconds of one run.</summary>
    private static (double Cpu, double Wall) Time(Action action)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        return ((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Computes the default model's masks through a sidecar; keeps them as bytes (the sidecar's 8-bit quantisation) when asked.</summary>
    private static byte[][] SaliencyMasks(Clip clip, string sidecar, bool keep = true)
    {
        var request = new RoiScoreRequest { Reference = clip.Reference, Distorted = clip.Distorted, Width = clip.Width, Height = clip.Height, SaliencyModel = "default", SaliencySidecar = sidecar };
        using IMaskProvider provider = RoiScorer.OpenMasks(request, RoiScorer.InputFor(clip.Reference, request));
        if (!keep)
        {
            return [];
        }

        using FrameSource r = FrameReader.Open(clip.Reference, clip.Geometry);
        var all = new List<byte[]>();
        float[] mask = new float[clip.Width * clip.Height];
        while (r.ReadNext() is { } frame)
        {
            using (frame)
            {
                provider.MaskFor(frame, mask);
                all.Add([.. mask.Select(v => (byte)MathF.Round(v * 255f))]);
            }
        }

        return [.. all];
    }

    private sealed class MemoryMasks(byte[][] masks) : IMaskProvider
    {
        public string Name => "default (in memory)";

        public void MaskFor(YuvFrame reference, Span<float> mask)
        {
            // As a sidecar reader dequantises: k / 255.
            byte[] m = masks[reference.Index];
            int p = 0;
            for (; p <= mask.Length - 16; p += 8)
            {
                System.Runtime.Intrinsics.Vector256<int> k = System.Runtime.Intrinsics.X86.Avx2.ConvertToVector256Int32(System.Runtime.Intrinsics.Vector128.Create(m.AsSpan(p, 16)));
                System.Runtime.Intrinsics.Vector256.CopyTo(System.Runtime.Intrinsics.Vector256.ConvertToSingle(k) / 255f, mask.Slice(p, 8));
            }

            for (; p < mask.Length; p++)
            {
                mask[p] = m[p] / 255f;
            }
        }

        public void Dispose()
        {
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static long RunRssChild(Clip clip, string sidecar, string mode, int threads)
    {
        string self = Environment.ProcessPath!;
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            arguments.Add(typeof(Bench).Assembly.Location);
        }

        arguments.AddRange(["--rss-child", clip.Reference, clip.Distorted, clip.Width.ToString(CultureInfo.InvariantCulture), clip.Height.ToString(CultureInfo.InvariantCulture), sidecar, mode, threads.ToString(CultureInfo.InvariantCulture)]);
        ProcessResult result = ExternalTool.Run(self, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"rss child failed: {result.StderrTail}");
        }

        return long.Parse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture);
    }

    // Child process: one run as the CLI would make it (masks from the sidecar), then VmHWM in kB.
    private static int RssChild(string[] a)
    {
        var request = new RoiScoreRequest
        {
            Reference = a[0],
            Distorted = a[1],
            Width = int.Parse(a[2], CultureInfo.InvariantCulture),
            Height = int.Parse(a[3], CultureInfo.InvariantCulture),
            SaliencyModel = "default",
            SaliencySidecar = a[4],
            SidecarMode = VmafRoi.Saliency.Sidecars.SidecarCacheMode.ReadOnly,
            Engine = VmafEngineKind.Managed,
            Threads = int.Parse(a[6], CultureInfo.InvariantCulture),
        };
        switch (a[5])
        {
            case "plain":
                var geometry = new FrameGeometry(request.Width!.Value, request.Height!.Value, YuvFormat.Yuv420P);
                new ManagedVmafRoute().Score(new VmafRequest { Reference = VmafInput.Raw(a[0], geometry), Distorted = VmafInput.Raw(a[1], geometry), Threads = request.Threads });
                break;
            case "fused":
                RoiScorer.Run(request);
                break;
            case "pooled":
                RoiScorer.Run(request with { Method = RoiMethod.Pooled });
                break;
            default:
                RoiScorer.Run(request with { SinglePass = false });
                break;
        }

        string hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        Console.WriteLine(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return ExitCodes.Success;
    }

    private static Clip Generate(string folder, string source, string name, int frames)
    {
        string reference = Path.Combine(folder, $"{name}.ref.yuv");
        string encoded = Path.Combine(folder, $"{name}.mkv");
        string distorted = Path.Combine(folder, $"{name}.dis.yuv");
        string ffmpeg = Ffmpeg.FfmpegPath();
        string n = frames.ToString(CultureInfo.InvariantCulture);
        Exec(ffmpeg, ["-v", "error", "-nostdin", "-y", "-stream_loop", "-1", "-i", source, "-an", "-vf", "scale=1920:1080:flags=lanczos", "-frames:v", n, "-f", "rawvideo", "-pix_fmt", "yuv420p", reference]);
        Exec(ffmpeg, ["-v", "error", "-nostdin", "-y", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "1920x1080", "-r", "25", "-i", reference, "-c:v", "libx264", "-preset", "veryfast", "-crf", "30", encoded]);
        Exec(ffmpeg, ["-v", "error", "-nostdin", "-y", "-i", encoded, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "yuv420p", distorted]);
        File.Delete(encoded);
        return new Clip(reference, distorted, 1920, 1080, frames);
    }

    private static void Exec(string exe, string[] arguments)
    {
        ProcessResult result = ExternalTool.Run(exe, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed ({string.Join(' ', arguments)}): {result.StderrTail}");
        }
    }

    private sealed record Clip(string Reference, string Distorted, int Width, int Height, int Frames)
    {
        public FrameGeometry Geometry => new(Width, Height, YuvFormat.Yuv420P);
    }
}
