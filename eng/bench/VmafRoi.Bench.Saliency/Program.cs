using System.Diagnostics;
using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.Saliency;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

// Usage: VmafRoi.Bench.Saliency [--frames N] [--threads T] [--normalization auto|imagenet|unit] [--rss-frames N] [--no-rss] [model.onnx ...]
// Prints saliency ms per frame at 576x324 and 1920x1080 for the default model (vmafroi_v2, fed consecutive frames so
// its motion cue runs), classic_v1 and each model given, with the load average (the machine is shared), and times the
// YUV->RGB converter alone on its scalar and Vector256 paths. Then peak RSS (VmHWM) of the real `vmaf-roi saliency`
// pipeline (ClipSaliency.Run: read a Y4M clip, a default-model mask for every frame, sidecar, aggregate, mask video)
// on ffmpeg-generated clips of N and 3N frames (--rss-frames, default 30), each in a fresh child process, with the
// 3N/N ratio; once as shipped (tiered JIT) and once with tiering off, which separates JIT warm-up from per-frame growth.
if (args is ["--rss-child", var childClip, var childWork])
{
    return RssChild(childClip, childWork);
}

int frames = 20;
int rssFrames = 30;
int threads = 0;
bool rss = true;
Normalization? normalization = null;
var models = new List<string> { SaliencyModels.DefaultName, SaliencyModels.ClassicName };
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--frames":
            frames = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--threads":
            threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--rss-frames":
            rssFrames = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--no-rss":
            rss = false;
            break;
        case "--normalization":
            normalization = args[++i] switch
            {
                "auto" => null,
                "imagenet" => Normalization.ImageNet,
                "unit" => Normalization.Unit,
                string other => throw new ArgumentException($"--normalization must be auto, imagenet or unit, not '{other}'"),
            };
            break;
        default:
            models.Add(args[i]);
            break;
    }
}

Console.WriteLine($"VmafRoi.Bench.Saliency: ONNX Runtime {OrtRuntime.Version} (Microsoft.ML.OnnxRuntime package)");
Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, intra-op threads {(threads == 0 ? "ORT default" : threads.ToString(CultureInfo.InvariantCulture))}, {frames} timed frames per row after 2 warm-up frames, load average {LoadAverage()}");
Console.WriteLine();
Console.WriteLine($"{"model",-34} {"size",-10} {"ms/frame mean",14} {"median",8} {"min",8}");

(int Width, int Height)[] sizes = [(576, 324), (1920, 1080)];
foreach (string path in models)
{
    var options = new SaliencyOptions { IntraOpThreads = threads, Normalization = SaliencyModels.IsBuiltIn(path) ? null : normalization };
    using OnnxSaliencyModel model = SaliencyModels.Load(path, options);
    foreach ((int width, int height) in sizes)
    {
        YuvFrame[] clip = Clip(width, height);
        float[] mask = new float[width * height];
        int index = 0;
        for (int i = 0; i < 2; i++)
        {
            YuvFrame warm = clip[i % clip.Length];
            warm.Index = index++;
            model.Predict(warm, mask);
        }

        var times = new double[frames];
        if (model is VmafRoiV2Model v2)
        {
            v2.StageTimes = [];
        }

        for (int i = 0; i < frames; i++)
        {
            // Consecutive indices: a temporal model runs every cue, as on a real clip.
            YuvFrame frame = clip[i % clip.Length];
            frame.Index = index++;
            long start = Stopwatch.GetTimestamp();
            model.Predict(frame, mask);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        Console.WriteLine($"{model.Id,-34} {$"{width}x{height}",-10} {times.Average(),14:F1} {times[times.Length / 2],8:F1} {times[0],8:F1}   (load average {LoadAverage()})");
        if (model is VmafRoiV2Model { StageTimes: { } stages })
        {
            Console.WriteLine($"{string.Empty,-34} {string.Empty,-10} stages, mean ms/frame: {string.Join(", ", stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value / frames:F2}")))}");
        }
        foreach (YuvFrame frame in clip)
        {
            frame.Dispose();
        }
    }
}

// The converter alone, both paths, so its share of a frame is visible.
Console.WriteLine();
foreach ((int width, int height) in sizes)
{
    YuvFrame[] clip = Clip(width, height);
    float[] rgb = new float[3 * width * height];
    var conversion = new YuvToRgbConversion(ColorMatrix.Bt709, false);
    foreach (VectorPath path in new[] { VectorPath.Scalar, VectorPath.Vector256 })
    {
        YuvToRgb.Convert(clip[0], conversion, RgbNormalization.Unit, rgb, width, width * height, path);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < frames; i++)
        {
            YuvToRgb.Convert(clip[i % clip.Length], conversion, RgbNormalization.Unit, rgb, width, width * height, path);
        }

        Console.WriteLine($"YUV->RGB {path,-10} {$"{width}x{height}",-10} {Stopwatch.GetElapsedTime(start).TotalMilliseconds / frames,8:F2} ms/frame");
    }

    foreach (YuvFrame frame in clip)
    {
        frame.Dispose();
    }
}

// Memory: the real pipeline on a clip of N and of 3N frames, each run in a fresh process so its peak is its own.
if (rss)
{
    Console.WriteLine();
    Console.WriteLine($"peak RSS (VmHWM) of ClipSaliency.Run (vmaf-roi saliency: Y4M in, default model on every frame, sidecar, aggregate, --masks-out), fresh process per run (wall time includes model load), load average {LoadAverage()}");
    Console.WriteLine($"{"clip",-10} {"JIT",-10} {"frames",7} {"wall ms/frame",14} {"managed KiB/frame",18} {"GC committed MiB",17} {"peak RSS MiB",13} {"ratio 3N/N",11}");
    string work = Directory.CreateTempSubdirectory("vmafroi-bench-saliency-").FullName;
    try
    {
        foreach ((int width, int height) in sizes)
        {
            string shortClip = GenerateClip(work, width, height, rssFrames);
            string longClip = GenerateClip(work, width, height, 3 * rssFrames);
            foreach (bool tiered in new[] { true, false })
            {
                (int n1, double ms1, long peak1, double alloc1, double gc1) = RunRssChild(shortClip, work, tiered);
                (int n3, double ms3, long peak3, double alloc3, double gc3) = RunRssChild(longClip, work, tiered);
                string jit = tiered ? "tiered" : "no tiering";
                Console.WriteLine($"{$"{width}x{height}",-10} {jit,-10} {n1,7} {ms1,14:F1} {alloc1,18:F1} {gc1,17:F1} {peak1 / 1024.0,13:F1}");
                Console.WriteLine($"{$"{width}x{height}",-10} {jit,-10} {n3,7} {ms3,14:F1} {alloc3,18:F1} {gc3,17:F1} {peak3 / 1024.0,13:F1} {(double)peak3 / peak1,11:F3}");
            }

            File.Delete(shortClip);
            File.Delete(longClip);
        }
    }
    finally
    {
        Directory.Delete(work, recursive: true);
    }
}

return ExitCodes.Success;

// testsrc2 (moving patterns) as Y4M, which our own reader streams in-process (a container would decode in ffmpeg).
static string GenerateClip(string folder, int width, int height, int frames)
{
    string path = Path.Combine(folder, $"clip_{width}x{height}_{frames}.y4m");
    ProcessResult result = ExternalTool.Run(Ffmpeg.FfmpegPath(), ["-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", $"testsrc2=s={width}x{height}:r=25", "-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", path]);
    if (result.ExitCode != 0)
    {
        throw new InvalidOperationException($"ffmpeg could not generate {path}: {result.StderrTail}");
    }

    return path;
}

static (int Frames, double MsPerFrame, long PeakKiB, double AllocatedKiB, double CommittedMiB) RunRssChild(string clip, string work, bool tiered)
{
    string self = Environment.ProcessPath!;
    var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        info.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
    }

    foreach (string a in new[] { "--rss-child", clip, work })
    {
        info.ArgumentList.Add(a);
    }

    // Tier-1 recompilation keeps adding JIT code for a while; without tiering the code is final from the start.
    if (!tiered)
    {
        info.Environment["DOTNET_TieredCompilation"] = "0";
    }

    using Process child = Process.Start(info)!;
    Task<string> error = child.StandardError.ReadToEndAsync();
    string output = child.StandardOutput.ReadToEnd();
    child.WaitForExit();
    if (child.ExitCode != 0)
    {
        throw new InvalidOperationException($"rss child failed on {clip}: {error.Result}");
    }

    string[] parts = output.Trim().Split(' ');
    return (int.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture),
        double.Parse(parts[3], CultureInfo.InvariantCulture), double.Parse(parts[4], CultureInfo.InvariantCulture));
}

// Child: exactly what `vmaf-roi saliency --input CLIP --sidecar S --masks-out M` runs; prints frames, ms/frame,
// VmHWM kB, managed KiB allocated per frame and the GC's committed MiB at the end.
static int RssChild(string clip, string work)
{
    string name = Path.GetFileNameWithoutExtension(clip);
    var request = new ClipSaliencyRequest
    {
        Input = clip,
        Sidecar = Path.Combine(work, name + ".saliency.msgpack"),
        SidecarMode = SidecarCacheMode.Refresh,
        MasksOut = Path.Combine(work, name + ".masks.y4m"),
    };
    long start = Stopwatch.GetTimestamp();
    ClipSaliencyResult result = ClipSaliency.Run(request);
    double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds / result.Frames;
    long peak = PeakRssKiB();
    double allocatedKiB = GC.GetTotalAllocatedBytes(precise: true) / 1024.0 / result.Frames;
    double committedMiB = GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0;
    File.Delete(request.Sidecar);
    File.Delete(request.MasksOut);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Frames} {ms:F3} {peak} {allocatedKiB:F1} {committedMiB:F1}"));
    return ExitCodes.Success;
}

static long PeakRssKiB()
{
    foreach (string line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
    }

    return -1;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

// Four different frames: a moving bright square on a textured background, so no run sees an identical input.
static YuvFrame[] Clip(int width, int height)
{
    var frames = new YuvFrame[4];
    var geometry = new FrameGeometry(width, height, YuvFormat.Yuv420P);
    for (int f = 0; f < frames.Length; f++)
    {
        var frame = new YuvFrame(geometry);
        Span<byte> y = frame.Plane8(0);
        int side = height / 4;
        int x0 = (width / 5) + (f * width / 10);
        int y0 = height / 3;
        for (int row = 0; row < height; row++)
        {
            for (int col = 0; col < width; col++)
            {
                bool inside = col >= x0 && col < x0 + side && row >= y0 && row < y0 + side;
                y[(row * width) + col] = inside ? (byte)220 : (byte)(80 + ((col * 7 + row * 13) % 40));
            }
        }

        frame.Plane8(1).Fill(110);
        frame.Plane8(2).Fill(150);
        frames[f] = frame;
    }

    return frames;
}
