using System.Diagnostics;
using System.Globalization;
using VmafRoi.Saliency;
using VmafRoi.Saliency.OnnxRuntime;
using VmafRoi.Yuv;

// Usage: VmafRoi.Bench.Saliency [--frames N] [--threads T] [--normalization auto|imagenet|unit] [model.onnx ...]
// Prints saliency ms per frame at 576x324 and 1920x1080 for the default model and each model given, then peak RSS
// (VmHWM) after N and after 3N frames of the default model at 1080p, to show memory does not grow with clip length.
// Also times the YUV->RGB converter alone on its scalar and Vector256 paths.
int frames = 20;
int threads = 0;
Normalization? normalization = null;
var models = new List<string> { SaliencyModels.DefaultName };
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

Console.WriteLine($"VmafRoi.Bench.Saliency: ONNX Runtime {OrtApi.Instance.RuntimeVersion} from {OnnxRuntimeLibrary.Path}");
Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, intra-op threads {(threads == 0 ? "ORT default" : threads.ToString(CultureInfo.InvariantCulture))}, {frames} timed frames per row after 2 warm-up frames");
Console.WriteLine();
Console.WriteLine($"{"model",-34} {"size",-10} {"ms/frame mean",14} {"median",8} {"min",8}");

(int Width, int Height)[] sizes = [(576, 324), (1920, 1080)];
foreach (string path in models)
{
    var options = new SaliencyOptions { IntraOpThreads = threads, Normalization = path == SaliencyModels.DefaultName ? null : normalization };
    using OnnxSaliencyModel model = SaliencyModels.Load(path, options);
    foreach ((int width, int height) in sizes)
    {
        YuvFrame[] clip = Clip(width, height);
        float[] mask = new float[width * height];
        for (int i = 0; i < 2; i++)
        {
            model.Predict(clip[i % clip.Length], mask);
        }

        var times = new double[frames];
        for (int i = 0; i < frames; i++)
        {
            long start = Stopwatch.GetTimestamp();
            model.Predict(clip[i % clip.Length], mask);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        Console.WriteLine($"{model.Id,-34} {$"{width}x{height}",-10} {times.Average(),14:F1} {times[times.Length / 2],8:F1} {times[0],8:F1}");
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

// Memory: the same model, frame size and buffers for N then 2N more frames; the peak must not move.
Console.WriteLine();
using (OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.DefaultName, new SaliencyOptions { IntraOpThreads = threads }))
{
    YuvFrame[] clip = Clip(1920, 1080);
    float[] mask = new float[1920 * 1080];
    for (int i = 0; i < frames; i++)
    {
        model.Predict(clip[i % clip.Length], mask);
    }

    long afterN = PeakRssKiB();
    for (int i = 0; i < 2 * frames; i++)
    {
        model.Predict(clip[i % clip.Length], mask);
    }

    long after3N = PeakRssKiB();
    Console.WriteLine($"peak RSS (VmHWM), default model at 1920x1080: after {frames} frames {afterN / 1024.0:F1} MiB, after {3 * frames} frames {after3N / 1024.0:F1} MiB, ratio {(double)after3N / afterN:F3}");
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
