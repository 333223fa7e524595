using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner;
using VmafRoi.Roi;
using VmafRoi.VmafRunner.Routes;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

// Scores REFERENCE against DISTORTED (any clip kind the library reads; raw YUV needs WIDTH HEIGHT [PIX_FMT]) with the
// managed VMAF engine: first plain VMAF frame by frame, then the region-of-interest score with the built-in saliency
// model. With no arguments it makes a pair first: ffmpeg's test pattern and a real libx264 encode of it.
// The VMAF model is built into the engine (vmaf_v0.6.1); a vmaf_v0.6.1.json on VMAF_MODEL_PATH would override it.
if (args.Length is 1 or > 5)
{
    Console.Error.WriteLine("usage: ScoreApi [REFERENCE DISTORTED [WIDTH HEIGHT [PIX_FMT]]]");
    return ExitCodes.Usage;
}

DirectoryInfo? madeClips = null;
try
{
    string reference;
    string distorted;
    if (args.Length == 0)
    {
        madeClips = Directory.CreateTempSubdirectory("vmafroi-scoreapi-");
        (reference, distorted) = MakePair(madeClips.FullName);
    }
    else
    {
        (reference, distorted) = (args[0], args[1]);
    }

    int? width = args.Length >= 4 ? int.Parse(args[2], CultureInfo.InvariantCulture) : null;
    int? height = args.Length >= 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : null;
    string? pixFmt = args.Length == 5 ? args[4] : null;

    // 1. Plain VMAF through a route: every frame's score plus the pooled mean.
    var options = new FrameReaderOptions { Width = width, Height = height, Format = pixFmt is null ? null : YuvFormat.Parse(pixFmt) };
    IVmafRoute route = VmafRoutes.Resolve(VmafEngineKind.Managed);
    VmafResult vmaf = route.Score(new VmafRequest
    {
        Reference = new VmafInput(reference, Opened(reference, options)),
        Distorted = new VmafInput(distorted, Opened(distorted, options)),
    });
    Console.WriteLine($"per-frame VMAF ({vmaf.Route} engine):");
    foreach (FrameMetrics frame in vmaf.Frames)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  frame {frame.FrameNumber,4}: {frame.Metrics[vmaf.ModelKey],8:F3}"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pooled VMAF: {vmaf.PooledVmaf():F3}"));

    // 2. The region-of-interest score: (1 - w) * vmaf_full + w * vmaf_masked, masks from the built-in saliency model,
    //    full and masked VMAF in one pass on the managed engine.
    var request = new RoiScoreRequest
    {
        Reference = reference,
        Distorted = distorted,
        Width = width,
        Height = height,
        PixFmt = pixFmt,
        SaliencyModel = "default",
        Engine = VmafEngineKind.Managed,
    };
    RoiScoreResult roi = RoiScorer.Score(request);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ROI score: vmaf_roi {roi.VmafRoi:F3} = (1 - {roi.Weight}) * vmaf_full {roi.VmafFull:F3} + {roi.Weight} * vmaf_masked {roi.VmafMasked:F3}"));

    // 3. The same with saliency pooling inside the features (docs/roi.md).
    RoiScoreResult pooled = RoiScorer.Score(request with { Method = RoiMethod.Pooled });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pooled ROI score: vmaf_roi {pooled.VmafRoi:F3} (vmaf_pooled {pooled.VmafPooled:F3})"));
    return ExitCodes.Success;
}
catch (VmafRoiException e)
{
    Console.Error.WriteLine($"ScoreApi: {e.Message}");
    return ExitCodeMapper.From(e);
}
finally
{
    madeClips?.Delete(recursive: true);
}

// Raw input gets the default pixel format, as the command-line tools do.
static FrameReaderOptions Opened(string path, FrameReaderOptions options) =>
    FrameReader.DetectKind(path, options) == InputKind.Raw ? options with { Kind = InputKind.Raw, Format = options.Format ?? YuvFormat.Yuv420P } : options;

static (string Reference, string Distorted) MakePair(string folder)
{
    string ffmpeg = Ffmpeg.FfmpegPath();
    string reference = Path.Combine(folder, "ref.y4m");
    string encoded = Path.Combine(folder, "enc.mp4");
    Run(ffmpeg, ["-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24", "-frames:v", "24", "-pix_fmt", "yuv420p", reference]);
    Run(ffmpeg, ["-v", "error", "-nostdin", "-y", "-i", reference, "-c:v", "libx264", "-preset", "veryfast", "-crf", "32", "-pix_fmt", "yuv420p", encoded]);
    Console.WriteLine($"made a clip pair in {folder}: testsrc2 and its libx264 encode (crf 32)");
    return (reference, encoded);
}

static void Run(string program, string[] arguments)
{
    ProcessResult result = ExternalTool.Run(program, arguments);
    if (result.ExitCode != 0)
    {
        throw new DependencyMissingException($"ffmpeg failed (exit {result.ExitCode}): {result.StderrTail}");
    }
}
