using System.Diagnostics;
using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

// Streams generated 1080p clips (raw, Y4M, x264 in Matroska) and prints frames/s and peak RSS, for a clip and for
// the same clip 3x longer. Each measurement runs in a child process so its peak RSS (VmHWM) is its own.
if (args is ["--measure", var kindText, var path, ..])
{
    return Measure(kindText, path);
}

int frames = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
string work = Directory.CreateTempSubdirectory("vmafroi-bench-yuv-").FullName;
try
{
    Console.WriteLine($"VmafRoi.Bench.Yuv: 1920x1080 yuv420p, {frames} and {3 * frames} frames, {Environment.ProcessorCount} cores");
    string ffmpeg = Ffmpeg.FfmpegPath();
    string raw = Path.Combine(work, "clip.yuv");
    Run(ffmpeg, "-v", "error", "-nostdin", "-f", "lavfi", "-i", $"testsrc2=s=1920x1080:r=25,format=yuv420p", "-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", raw);
    string raw3 = Path.Combine(work, "clip3.yuv");
    using (var output = File.Create(raw3))
    {
        for (int i = 0; i < 3; i++)
        {
            using var input = File.OpenRead(raw);
            input.CopyTo(output);
        }
    }

    string y4m = Path.Combine(work, "clip.y4m");
    string y4m3 = Path.Combine(work, "clip3.y4m");
    ToY4m(raw, y4m);
    ToY4m(raw3, y4m3);
    string mkv = Path.Combine(work, "clip.mkv");
    string mkv3 = Path.Combine(work, "clip3.mkv");
    Run(ffmpeg, "-v", "error", "-nostdin", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", "1920x1080", "-framerate", "25", "-i", raw, "-c:v", "libx264", "-preset", "ultrafast", "-crf", "23", mkv);
    Run(ffmpeg, "-v", "error", "-nostdin", "-stream_loop", "2", "-i", mkv, "-c", "copy", mkv3);

    Console.WriteLine();
    Console.WriteLine($"{"input",-10} {"frames",7} {"fps",9} {"MB/s",8} {"peak RSS MB",12} {"RSS ratio 3x/1x",16}");
    foreach ((string kind, string one, string three) in new[] { ("raw", raw, raw3), ("y4m", y4m, y4m3), ("x264.mkv", mkv, mkv3) })
    {
        (int n1, double fps1, double rss1) = Child(kind, one);
        (int n3, double fps3, double rss3) = Child(kind, three);
        double mbps = fps1 * 1920 * 1080 * 1.5 / 1e6;
        Console.WriteLine($"{kind,-10} {n1,7} {fps1,9:F1} {mbps,8:F0} {rss1,12:F1}");
        Console.WriteLine($"{kind,-10} {n3,7} {fps3,9:F1} {fps3 * 1920 * 1080 * 1.5 / 1e6,8:F0} {rss3,12:F1} {rss3 / rss1,16:F2}");
    }

    return ExitCodes.Success;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static (int Frames, double Fps, double PeakRssMb) Child(string kind, string path)
{
    var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
    {
        info.ArgumentList.Add(typeof(FrameReader).Assembly.Location.Replace("VmafRoi.Yuv.dll", "VmafRoi.Bench.Yuv.dll", StringComparison.Ordinal));
    }

    foreach (string a in new[] { "--measure", kind, path })
    {
        info.ArgumentList.Add(a);
    }

    using Process process = Process.Start(info)!;
    string[] parts = process.StandardOutput.ReadToEnd().Trim().Split(' ');
    process.WaitForExit();
    return (int.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
}

static int Measure(string kind, string path)
{
    var geometry = new FrameGeometry(1920, 1080, YuvFormat.Yuv420P);
    var watch = Stopwatch.StartNew();
    using FrameSource source = kind == "raw" ? FrameReader.Open(path, geometry) : FrameReader.Open(path);
    long checksum = 0;
    int frames = 0;
    while (source.ReadNext() is { } frame)
    {
        using (frame)
        {
            checksum += frame.Data[frames % frame.Data.Length];
            frames++;
        }
    }

    double seconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{frames} {frames / seconds:F2} {PeakRssMb():F1} {checksum}"));
    return ExitCodes.Success;
}

static double PeakRssMb()
{
    foreach (string line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
    }

    return double.NaN;
}

static void ToY4m(string raw, string y4m)
{
    var geometry = new FrameGeometry(1920, 1080, YuvFormat.Yuv420P);
    using FrameSource source = FrameReader.Open(raw, geometry);
    using FrameWriter writer = FrameWriter.CreateY4m(y4m, geometry, new FrameRate(25, 1), atomic: false);
    while (source.ReadNext() is { } frame)
    {
        using (frame)
        {
            writer.Write(frame);
        }
    }

    writer.Complete();
}

static void Run(string tool, params string[] arguments)
{
    ProcessResult result = ExternalTool.Run(tool, arguments);
    if (result.ExitCode != 0)
    {
        throw new InvalidOperationException($"{tool} failed: {result.StderrTail}");
    }
}
