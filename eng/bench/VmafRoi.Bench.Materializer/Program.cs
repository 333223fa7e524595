// Materializer benchmark: a generated corpus (hundreds of rows over tens of short clips: x264 MP4, FFV1 Matroska, Y4M,
// raw .yuv with and without geometry in the row, missing files), materialized with the built-in model by a fresh process
// per run: 1 job and 2 jobs from an empty cache, then the fully cached rerun (--resume). Prints rows/s, clips/s, the
// run's peak RSS (VmHWM of the materializing process; ffmpeg decoders are separate processes) and the load average.
using System.Diagnostics;
using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.Materializer;

if (args.Length > 0 && args[0] == "--child")
{
    return Child(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4] == "resume");
}

string work = Directory.CreateTempSubdirectory("vmafroi-bench-materializer-").FullName;
try
{
    (string table, int rows, int clips) = Corpus(work);
    Console.WriteLine($"corpus: {rows} rows over {clips} distinct clips (320x180, 24-36 frames; x264 MP4, FFV1 MKV, Y4M, raw yuv), max-frames 8, frame-samples 8, default model; {Environment.ProcessorCount} logical processors");
    Console.WriteLine($"{"run",-34} {"wall s",8} {"rows/s",8} {"clips/s",8} {"computed",9} {"cached",7} {"peak RSS MiB",13} {"load avg (1/5/15 min)",22}");
    foreach ((string name, int jobs, bool resume, string output) in new[]
    {
        ("1 job, empty cache", 1, false, "one.jsonl"),
        ("2 jobs, empty cache", 2, false, "two.jsonl"),
        ("2 jobs, everything cached (--resume)", 2, true, "two.jsonl"),
    })
    {
        string load = LoadAverage();
        (double seconds, int written, int computed, int cached, long peakKiB) = Run(table, Path.Combine(work, output), jobs, resume);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-34} {seconds,8:F2} {written / seconds,8:F1} {(computed > 0 ? computed / seconds : 0),8:F2} {computed,9} {cached,7} {peakKiB / 1024.0,13:F1} {load,22}"));
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

return ExitCodes.Success;

static (string Table, int Rows, int Clips) Corpus(string work)
{
    string clips = Directory.CreateDirectory(Path.Combine(work, "clips")).FullName;
    var lines = new List<string>();
    string[] sources = ["testsrc2", "mandelbrot", "smptebars", "cellauto", "life", "rgbtestsrc"];
    int distinct = 0;
    for (int i = 0; i < 36; i++)
    {
        string extension = (i % 4) switch { 0 or 1 => "mp4", 2 => "mkv", _ => "y4m" };
        string codec = extension switch { "mp4" => "-c:v libx264 -preset veryfast -crf 28", "mkv" => "-c:v ffv1", _ => string.Empty };
        string name = string.Create(CultureInfo.InvariantCulture, $"c{i:D2}.{extension}");
        Ffmpeg($"-f lavfi -i {sources[i % sources.Length]}=size=320x180:rate=24 -frames:v {24 + (i % 13)} {codec} -pix_fmt yuv420p {Path.Combine(clips, name)}");
        distinct++;
        for (int r = 0; r < 10; r++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{{\"src\": \"{name}\", \"frame\": {r}, \"mos\": {3 + (r * 0.1):F1}}}"));
        }
    }

    for (int i = 0; i < 4; i++)
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"r{i}.yuv");
        Ffmpeg($"-f lavfi -i testsrc=size=320x180:rate=24 -frames:v 12 -f rawvideo -pix_fmt yuv420p {Path.Combine(clips, name)}");
        distinct++;
        for (int r = 0; r < 10; r++)
        {
            // Half the raw rows carry geometry (ok), half do not (missing-geometry, no decode).
            lines.Add(r % 2 == 0 ? $"{{\"src\": \"{name}\", \"width\": 320, \"height\": 180}}" : $"{{\"src\": \"{name}\"}}");
        }
    }

    for (int i = 0; i < 20; i++)
    {
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"{{\"src\": \"missing{i:D2}.mp4\"}}"));
    }

    string table = Path.Combine(work, "table.jsonl");
    File.WriteAllLines(table, lines);
    return (table, lines.Count, distinct);
}

static (double Seconds, int Rows, int Computed, int Cached, long PeakKiB) Run(string table, string output, int jobs, bool resume)
{
    var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
    if (!Environment.ProcessPath!.EndsWith("VmafRoi.Bench.Materializer", StringComparison.Ordinal))
    {
        info.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
    }

    foreach (string a in new[] { "--child", table, output, jobs.ToString(CultureInfo.InvariantCulture), resume ? "resume" : "fresh" })
    {
        info.ArgumentList.Add(a);
    }

    using Process child = Process.Start(info)!;
    Task<string> error = child.StandardError.ReadToEndAsync();
    string text = child.StandardOutput.ReadToEnd();
    child.WaitForExit();
    if (child.ExitCode != 0)
    {
        throw new InvalidOperationException($"benchmark child failed: {error.Result}");
    }

    string[] parts = text.Trim().Split(' ');
    return (double.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture),
        int.Parse(parts[3], CultureInfo.InvariantCulture), long.Parse(parts[4], CultureInfo.InvariantCulture));
}

// Child: exactly what `vmaf-saliency-materialize --input T --output O --root clips --jobs N [--resume]` runs, timed from
// the start of the run (model load included) to the written output.
static int Child(string table, string output, int jobs, bool resume)
{
    long start = Stopwatch.GetTimestamp();
    MaterializeResult result = SaliencyMaterializer.Run(new MaterializeRequest
    {
        Input = table,
        Output = output,
        Root = Path.Combine(Path.GetDirectoryName(table)!, "clips"),
        Jobs = jobs,
        Resume = resume,
    });
    double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds:F3} {result.Summary.Total} {result.Clips.Computed} {result.Clips.FromCache} {PeakRssKiB()}"));
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

static void Ffmpeg(string arguments)
{
    var start = new ProcessStartInfo("bash", ["-c", "ffmpeg -nostdin -v error -y " + arguments]) { RedirectStandardError = true };
    using Process process = Process.Start(start)!;
    string error = process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"ffmpeg {arguments} failed: {error}");
    }
}
