using System.Diagnostics;
using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters;
using VmafRoi.EncoderAdapters.Adapters;
using VmafRoi.EncoderAdapters.Encoding;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.EncoderAdapters.Prefilter;
using VmafRoi.Saliency;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

// What saliency-aware encoding costs at 1080p: planning (both passes over a sidecar of every frame's mask) and the
// prefilter, each per frame and against the encodes they steer (x264 medium with the addroi graph, SVT-AV1 preset 8
// with the prefilter, each beside the same encode without ROI), all in one run on one machine; and the peak RSS of
// planning and prefiltering for a clip and the same clip 3x longer, each in a child process (VmHWM is per process).
// The prefilter's "warm" figure leaves out its first frames, while the JIT compiles it.
const int WarmUp = 16;
if (args is ["--measure", var measured, var measuredClip, var measuredSidecar])
{
    return Measure(measured, measuredClip, measuredSidecar);
}

int frames = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 48;
string work = Directory.CreateTempSubdirectory("vmafroi-bench-encode-").FullName;
try
{
    Console.WriteLine($"VmafRoi.Bench.Encode: 1920x1080 yuv420p, {frames} and {3 * frames} frames, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
    string ffmpeg = Ffmpeg.FfmpegPath();
    string shared = Environment.GetEnvironmentVariable("VMAFROI_SHARED") is { Length: > 0 } s ? s : Path.Combine(AppContext.BaseDirectory, "../../../../../../../shared");
    string bbb = Path.Combine(shared, "clips", "bigbuckbunny_720p_132f.mp4");
    string clip = Path.Combine(work, "clip.y4m");
    string clip3 = Path.Combine(work, "clip3.y4m");
    Run(ffmpeg, "-v", "error", "-nostdin", "-i", bbb, "-vf", "scale=1920:1080:flags=bicubic,format=yuv420p", "-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-f", "yuv4mpegpipe", clip);
    Run(ffmpeg, "-v", "error", "-nostdin", "-stream_loop", "2", "-i", clip, "-f", "yuv4mpegpipe", clip3);

    Console.WriteLine();
    string sidecar = Path.Combine(work, "clip.msgpack");
    string sidecar3 = Path.Combine(work, "clip3.msgpack");
    double saliencyMs = MakeSidecar(clip, sidecar);
    MakeSidecar(clip3, sidecar3);
    Console.WriteLine($"saliency (default model, sidecar of every frame): {saliencyMs:F1} ms/frame  (cached by the sidecar; not part of planning)");

    Console.WriteLine();
    Console.WriteLine($"{"stage",-34} {"frames",7} {"ms/frame",9} {"peak RSS MB",12} {"RSS 3x/1x",10} {"warm ms/frame",14}");
    var stages = new Dictionary<string, double>();
    foreach (string what in new[] { "plan-x264", "plan-svt", "prefilter" })
    {
        (double ms1, double rss1, double warm1) = Child(what, clip, sidecar);
        (double ms3, double rss3, double warm3) = Child(what, clip3, sidecar3);
        stages[what] = ms1;
        Console.WriteLine($"{what,-34} {frames,7} {ms1,9:F2} {rss1,12:F1} {string.Empty,10} {Warm(warm1),14}");
        Console.WriteLine($"{what,-34} {3 * frames,7} {ms3,9:F2} {rss3,12:F1} {rss3 / rss1,10:F2} {Warm(warm3),14}");
    }

    Console.WriteLine();
    Console.WriteLine($"{"encode",-34} {"plain ms/f",10} {"ROI ms/f",9} {"ROI/plain",10} {"planning/ROI",13}");
    foreach ((string encoder, string preset, double crf, string planKey) in new[] { ("libx264", "medium", 23.0, "plan-x264"), ("libsvtav1", "8", 35.0, "plan-svt") })
    {
        var request = new SaliencyEncodeRequest
        {
            Source = clip,
            Encoder = encoder,
            Output = Path.Combine(work, "out.mkv"),
            SaliencySidecar = sidecar,
            Settings = new EncodeSettings { Preset = preset, Crf = crf },
        };
        using PreparedSource prepared = PreparedSource.Prepare(request, EncoderCatalog.Find(encoder)!);
        EncoderRun plain = prepared.Encode(Path.Combine(work, "plain.mkv"), "matroska", request.Settings, roi: false);
        EncoderRun roi = prepared.Encode(Path.Combine(work, "roi.mkv"), "matroska", request.Settings, roi: true);
        double plainMs = plain.Elapsed.TotalMilliseconds / frames;
        double roiMs = roi.Elapsed.TotalMilliseconds / frames;
        double steer = stages[planKey] + (encoder == "libsvtav1" ? stages["prefilter"] : 0);
        Console.WriteLine($"{encoder + " " + preset + " (" + prepared.Adapter.Mechanism + ")",-34} {plainMs,10:F1} {roiMs,9:F1} {roiMs / plainMs,10:F3} {steer / roiMs,13:P1}");
    }

    Console.WriteLine();
    Console.WriteLine("planning/ROI: planning ms/frame (plus the prefilter for SVT-AV1) over the ROI encode's ms/frame. Planning runs before");
    Console.WriteLine("the encode; the prefilter runs while the encoder encodes the frames before, and its wall-time cost is in ROI/plain.");
    Console.WriteLine($"Load average at the end: {LoadAverage()}");
    return ExitCodes.Success;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static string Warm(double ms) => double.IsNaN(ms) ? string.Empty : ms.ToString("F2", CultureInfo.InvariantCulture);

static double MakeSidecar(string clip, string sidecar)
{
    long start = Stopwatch.GetTimestamp();
    using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.DefaultName);
    using SidecarCacheResult cache = ClipMasks.OpenSidecar(model, clip, () => FrameReader.Open(clip), ColorMatrixChoice.Auto, 8, sidecar, SidecarCacheMode.Refresh);
    return Stopwatch.GetElapsedTime(start).TotalMilliseconds / cache.Reader.StoredFrameCount!.Value;
}

static int Measure(string what, string clip, string sidecar)
{
    using SaliencySidecarReader masks = SaliencySidecarReader.Open(sidecar);
    masks.Verify();
    int frames = masks.StoredFrameCount!.Value;
    FrameRate rate;
    using (FrameSource probe = FrameReader.Open(clip))
    {
        rate = probe.Rate;
    }

    long start = Stopwatch.GetTimestamp();
    if (what.StartsWith("plan", StringComparison.Ordinal))
    {
        var options = what == "plan-x264" ? new PlanOptions { BlockSize = 16 } : new PlanOptions { BlockSize = 16, Regions = false };
        RoiPlanner.Plan(masks, () => FrameReader.Open(clip), rate, options);
    }
    else
    {
        RoiPlan plan = RoiPlanner.Plan(masks, () => FrameReader.Open(clip), rate, new PlanOptions { BlockSize = 16, Regions = false });
        start = Stopwatch.GetTimestamp();
        using FrameSource source = FrameReader.Open(clip);
        var prefilter = new SaliencyPrefilter(source.Geometry);
        double reading = 0;
        double warm = 0;
        int segment = 0;
        long before = Stopwatch.GetTimestamp();
        while (source.ReadNext() is { } frame)
        {
            using (frame)
            {
                reading += Stopwatch.GetElapsedTime(before).TotalMilliseconds;
                long filtering = Stopwatch.GetTimestamp();
                while (plan.Segments[segment].End <= frame.Index)
                {
                    segment++;
                }

                prefilter.SetSaliency(plan.Segments[segment].Saliency);
                prefilter.Apply(frame, frame);
                if (frame.Index >= WarmUp)
                {
                    warm += Stopwatch.GetElapsedTime(filtering).TotalMilliseconds;
                }
            }

            before = Stopwatch.GetTimestamp();
        }

        // Only the prefilter: the frames are read for the encode anyway.
        double total = Stopwatch.GetElapsedTime(start).TotalMilliseconds - reading;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total / frames} {PeakRssMb()} {warm / (frames - WarmUp)}"));
        return ExitCodes.Success;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Stopwatch.GetElapsedTime(start).TotalMilliseconds / frames} {PeakRssMb()} NaN"));
    return ExitCodes.Success;
}

static (double Ms, double PeakRssMb, double SteadyMs) Child(string what, string clip, string sidecar)
{
    var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
    {
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "VmafRoi.Bench.Encode.dll"));
    }

    foreach (string a in new[] { "--measure", what, clip, sidecar })
    {
        info.ArgumentList.Add(a);
    }

    using Process process = Process.Start(info)!;
    string[] parts = process.StandardOutput.ReadToEnd().Trim().Split(' ');
    process.WaitForExit();
    return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
}

static double PeakRssMb()
{
    foreach (string line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
    }

    return double.NaN;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static void Run(string program, params string[] arguments)
{
    ProcessResult result = ExternalTool.Run(program, arguments);
    if (result.ExitCode != 0)
    {
        throw new InvalidOperationException($"{program} failed: {result.StderrTail}");
    }
}
