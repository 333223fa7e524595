using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VmafRoi.Contracts;
using VmafRoi.Saliency;
using VmafRoi.Saliency.Evaluation;
using VmafRoi.Saliency.Previews;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.VmafRunner;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.Roi;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

// Usage: VmafRoi.Bench.SaliencyEval [--shared DIR] [--clips carphone,foreman,chaplin,bbb] [--no-separation]
//                                   [--normalization auto|imagenet|unit] [--previews DIR] [--threads T] [--cache DIR]
//                                   [--only MODEL] [--faces] [--cue faces|motion|objects] [model.onnx ...]
// (--cache keeps the damaged clips of the separation test between runs; --only runs one model; --faces reports the
// face detector against the boxes instead; --cue shows one of vmafroi_v2's cue maps instead of its mask.)
// For each shared natural clip and each model (vmafroi_v2, classic_v1, a centre Gaussian σ = 0.25 of the frame, and
// every ONNX file given, run with --normalization, default unit): the per-frame ROC AUC of the mask against the
// subject boxes of shared/saliency/eval (mean over frames with a box), the share of the mask's mass inside the boxes,
// and the ROI-score separation test of shared/saliency/eval/README.md: the subject damaged (x264 CRF 45 pasted into
// the box) against the background damaged (CRF bisected until full-frame VMAF matches within 0.5), vmaf_roi of both
// (threshold 0.3, fade 0.1, weight 0.5, our managed engine), and each mask's gap as a share of the gap the box itself
// gives as the mask. Masks go through the sidecar's 8-bit quantisation first, as in every ROI run.
string? shared = Environment.GetEnvironmentVariable("VMAFROI_SHARED");
string[] clipNames = ["carphone", "foreman", "chaplin", "bbb"];
bool separation = true;
bool faces = false;
string? cue = null;
string? cache = null;
string? only = null;
string? previews = null;
int threads = 1;
Normalization? normalization = Normalization.Unit;
var extraModels = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--shared":
            shared = args[++i];
            break;
        case "--clips":
            clipNames = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries);
            break;
        case "--no-separation":
            separation = false;
            break;
        case "--cache":
            cache = args[++i];
            break;
        case "--only":
            only = args[++i];
            break;
        case "--cue":
            cue = args[++i];
            break;
        case "--faces":
            faces = true;
            break;
        case "--previews":
            previews = args[++i];
            break;
        case "--threads":
            threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--normalization":
            normalization = SaliencyOptions.ParseNormalization(args[++i]);
            break;
        default:
            extraModels.Add(args[i]);
            break;
    }
}

shared ??= Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared"));
if (!Directory.Exists(shared))
{
    Console.Error.WriteLine($"the shared data folder was not found at '{shared}'; set VMAFROI_SHARED or pass --shared DIR");
    return ExitCodes.InvalidInput;
}

var clips = new Dictionary<string, (string Clip, string Boxes)>
{
    ["carphone"] = ("clips/carphone_qcif_120f.mkv", "saliency/eval/carphone.boxes.json"),
    ["foreman"] = ("vmaf/golden/s07_foreman_352x288_x264crf32/ref.mkv", "saliency/eval/foreman.boxes.json"),
    ["chaplin"] = ("clips/chaplin_360p_120f.mkv", "saliency/eval/chaplin.boxes.json"),
    ["bbb"] = ("clips/bigbuckbunny_720p_132f.mp4", "saliency/eval/bbb.boxes.json"),
};

var models = new List<(string Name, Func<ISaliencyModel> Open)>
{
    (VmafRoiV2Model.ModelId, () =>
    {
        VmafRoiV2Model v2 = SaliencyModels.LoadDefault(new SaliencyOptions { IntraOpThreads = threads });
        v2.OutputCue = cue;
        return v2;
    }),
    (SaliencyModels.ClassicName, () => SaliencyModels.Load(SaliencyModels.ClassicName, new SaliencyOptions { IntraOpThreads = threads })),
    ("centre_gaussian", () => new CentreGaussian(0.25)),
};
foreach (string path in extraModels)
{
    models.Add((Path.GetFileNameWithoutExtension(path), () => SaliencyModels.Load(path, new SaliencyOptions { IntraOpThreads = threads, Normalization = normalization })));
}

if (only is not null)
{
    models.RemoveAll(m => m.Name != only);
}

Console.WriteLine($"VmafRoi.Bench.SaliencyEval: {models.Count} models x {clipNames.Length} clips, shared data {shared}, load average {LoadAverage()}");
var table = new List<string>();
string work = Directory.CreateTempSubdirectory("vmafroi-saliency-eval-").FullName;
try
{
    foreach (string name in clipNames)
    {
        if (!clips.TryGetValue(name, out (string Clip, string Boxes) spec))
        {
            Console.Error.WriteLine($"unknown clip '{name}' (known: {string.Join(", ", clips.Keys)})");
            return ExitCodes.InvalidInput;
        }

        string clipPath = Path.Combine(shared, spec.Clip);
        SubjectBoxes boxes = SubjectBoxes.Load(Path.Combine(shared, spec.Boxes));
        if (faces)
        {
            FaceReport(name, clipPath, boxes);
            continue;
        }

        string folder = Path.Combine(work, name);
        Directory.CreateDirectory(folder);
        ClipRun run = EvaluateClip(name, clipPath, boxes, models, folder, previews);
        foreach (ModelResult r in run.Models)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-9} {r.Name,-34} AUC {r.Auc:F3}  mass in box {r.Mass:P1}  (box area {run.BoxArea:P1}, {r.Frames} frames with a box)  ROI alpha in/out of the box {r.AlphaIn:F2}/{r.AlphaOut:F2}  {r.MsPerFrame,6:F1} ms/frame"));
        }

        var shares = new Dictionary<string, double>();
        string sepNote = string.Empty;
        if (separation)
        {
            (shares, sepNote) = Separation(run, boxes, models.Select(m => m.Name).ToList(), folder, cache);
        }

        foreach (ModelResult r in run.Models)
        {
            string share = shares.TryGetValue(r.Name, out double s) ? s.ToString("P0", CultureInfo.InvariantCulture) : "-";
            table.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.Name} | {r.Auc:F3} | {r.Mass:P1} | {share} |"));
        }

        if (sepNote.Length > 0)
        {
            table.Add($"| {name} | (separation) | | | {sepNote} |");
        }

        Directory.Delete(folder, recursive: true);
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

Console.WriteLine();
Console.WriteLine($"load average at the end: {LoadAverage()}");
Console.WriteLine("| clip | model | AUC | mass in box | separation share |");
Console.WriteLine("|---|---|---|---|---|");
foreach (string row in table)
{
    Console.WriteLine(row);
}

return ExitCodes.Success;

// Runs every model over the clip in frame order (vmafroi_v2 is stateful per clip): AUC and mass on frames with a
// box, each quantised mask kept in an 8-bit file for the separation test, the reference kept as raw YUV.
static ClipRun EvaluateClip(string name, string clipPath, SubjectBoxes boxes, List<(string Name, Func<ISaliencyModel> Open)> models, string folder, string? previews)
{
    using FrameSource source = FrameReader.Open(clipPath);
    FrameGeometry g = source.Geometry;
    var opened = models.Select(m => m.Open()).ToList();
    var writers = models.Select(m => File.Create(Path.Combine(folder, Safe(m.Name) + ".mask8"))).ToList();
    string reference = Path.Combine(folder, "ref.yuv");
    var sums = new double[models.Count, 4];
    var ms = new double[models.Count];
    int withBox = 0;
    double area = 0;
    int frames = 0;
    try
    {
        using (FrameWriter refWriter = FrameWriter.CreateRaw(reference, g))
        {
            float[] mask = new float[g.Width * g.Height];
            byte[] levels = new byte[mask.Length];
            bool[] inside = new bool[mask.Length];
            while (source.ReadNext() is { } frame)
            {
                using (frame)
                {
                    refWriter.Write(frame);
                    IReadOnlyList<SubjectBox>? frameBoxes = boxes[frame.Index];
                    bool scored = frameBoxes is { Count: > 0 };
                    if (scored)
                    {
                        SubjectBoxes.Rasterise(frameBoxes!, g.Width, g.Height, inside);
                        withBox++;
                        area += inside.Count(b => b) / (double)inside.Length;
                    }

                    for (int m = 0; m < opened.Count; m++)
                    {
                        long start = Stopwatch.GetTimestamp();
                        opened[m].Predict(frame, mask);
                        ms[m] += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                        MaskQuantisation.RoundTrip(mask, 8);
                        MaskQuantisation.Quantise(mask, levels);
                        writers[m].Write(levels);
                        if (scored)
                        {
                            sums[m, 0] += MaskScores.Auc(mask, inside);
                            sums[m, 1] += MaskScores.MassInside(mask, inside);
                            (double alphaIn, double alphaOut) = AlphaInOut(mask, inside);
                            sums[m, 2] += alphaIn;
                            sums[m, 3] += alphaOut;
                        }

                        if (previews is not null && m == 0 && frame.Index % 15 == 0)
                        {
                            Directory.CreateDirectory(previews);
                            byte[] rgb = Heatmap.RenderOverlay(frame, mask);
                            if (scored)
                            {
                                Outline(rgb, inside, g.Width, g.Height);
                            }

                            PngWriter.Write(Path.Combine(previews, $"{name}_{frame.Index:D4}.png"), g.Width, g.Height, rgb);
                        }
                    }

                    frames++;
                }
            }

            refWriter.Complete();
        }
    }
    finally
    {
        foreach (FileStream w in writers)
        {
            w.Dispose();
        }

        foreach (ISaliencyModel m in opened)
        {
            m.Dispose();
        }
    }

    var results = new List<ModelResult>();
    for (int m = 0; m < models.Count; m++)
    {
        results.Add(new ModelResult(models[m].Name, sums[m, 0] / withBox, sums[m, 1] / withBox, withBox, ms[m] / frames, sums[m, 2] / withBox, sums[m, 3] / withBox));
    }

    return new ClipRun(name, g, reference, folder, results, area / withBox, frames);
}

// The face detector against the subject boxes: how often the best face's centre lies in the box, and its size relative to it.
static void FaceReport(string name, string clipPath, SubjectBoxes boxes)
{
    using FaceDetector detector = FaceDetector.Load(new SaliencyOptions { IntraOpThreads = 1 });
    using FrameSource source = FrameReader.Open(clipPath);
    int withBox = 0, hit = 0, falsePositive = 0;
    double w = 0, h = 0, dx = 0, dy = 0;
    while (source.ReadNext() is { } frame)
    {
        using (frame)
        {
            IReadOnlyList<FaceDetection> found = detector.Detect(frame);
            if (boxes[frame.Index] is not { Count: > 0 } b)
            {
                falsePositive += found.Count;
                continue;
            }

            withBox++;
            SubjectBox box = b[0];
            if (found.Count > 0 && box.Contains((int)found[0].CenterX, (int)found[0].CenterY))
            {
                FaceDetection f = found[0];
                hit++;
                w += f.Width / (box.X1 - box.X0);
                h += f.Height / (box.Y1 - box.Y0);
                dx += (f.CenterX - ((box.X0 + box.X1) / 2)) / (box.X1 - box.X0);
                dy += (f.CenterY - ((box.Y0 + box.Y1) / 2)) / (box.Y1 - box.Y0);
            }

            falsePositive += Math.Max(0, found.Count - 1);
        }
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-9} faces: best face centre in the box on {hit}/{withBox} frames; face/box width {w / hit:F2}, height {h / hit:F2}, centre offset ({dx / hit:F2}, {dy / hit:F2}) of the box; {falsePositive} other detections"));
}

// The separation test of shared/saliency/eval/README.md on one clip; returns each mask's share of the box's gap.
static (Dictionary<string, double> Shares, string Note) Separation(ClipRun run, SubjectBoxes boxes, List<string> modelNames, string folder, string? cache)
{
    FrameGeometry g = run.Geometry;
    string inside45 = Path.Combine(folder, "subject_damaged.yuv");
    string outside = Path.Combine(folder, "background_damaged.yuv");
    double target, best, bestCrf;

    // The two damaged clips depend only on the clip and its boxes: a cache folder keeps them between runs.
    string? cached = cache is null ? null : Path.Combine(cache, run.Name);
    if (cached is not null && File.Exists(Path.Combine(cached, "match.txt")))
    {
        string[] parts = File.ReadAllText(Path.Combine(cached, "match.txt")).Split(' ');
        (target, best, bestCrf) = (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
        File.Copy(Path.Combine(cached, "subject_damaged.yuv"), inside45, overwrite: true);
        File.Copy(Path.Combine(cached, "background_damaged.yuv"), outside, overwrite: true);
    }
    else
    {
        Paste(run.Reference, EncodeDecode(run.Reference, g, 45, folder), boxes, g, inside45, damageInside: true);
        target = Vmaf(run.Reference, inside45, g);

        // Full-frame VMAF falls as the outside CRF rises: bisect the CRF of the background damage to match.
        double lo = 0, hi = 51, last = hi;
        Func<double, double> at = crf =>
        {
            last = crf;
            Paste(run.Reference, EncodeDecode(run.Reference, g, crf, folder), boxes, g, outside, damageInside: false);
            return Vmaf(run.Reference, outside, g);
        };
        best = at(hi);
        bestCrf = hi;
        if (best <= target + 0.5)
        {
            for (int step = 0; step < 12 && Math.Abs(best - target) > 0.25; step++)
            {
                double mid = (lo + hi) / 2;
                double v = at(mid);
                if (Math.Abs(v - target) < Math.Abs(best - target))
                {
                    (best, bestCrf) = (v, mid);
                }

                if (v > target)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }
        }

        if (last != bestCrf)
        {
            // Leave the best match on disk for the masked runs.
            best = at(bestCrf);
        }

        if (cached is not null)
        {
            Directory.CreateDirectory(cached);
            File.Copy(inside45, Path.Combine(cached, "subject_damaged.yuv"), overwrite: true);
            File.Copy(outside, Path.Combine(cached, "background_damaged.yuv"), overwrite: true);
            File.WriteAllText(Path.Combine(cached, "match.txt"), string.Create(CultureInfo.InvariantCulture, $"{target:R} {best:R} {bestCrf:R}"));
        }
    }

    string note = string.Create(CultureInfo.InvariantCulture, $"VMAF subject-damaged {target:F2}, background-damaged {best:F2} at CRF {bestCrf:F1}{(Math.Abs(best - target) > 0.5 ? " (NOT matched within 0.5)" : string.Empty)}");
    Console.WriteLine($"{run.Name,-9} separation: {note}");

    double GapOf(Func<IMaskProvider> masks)
    {
        double roiA = Roi(run.Reference, inside45, g, target, masks(), folder);
        double roiB = Roi(run.Reference, outside, g, best, masks(), folder);
        return roiB - roiA;
    }

    double oracle = GapOf(() => new BoxMasks(boxes, g));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Name,-9} separation: box as mask gives a vmaf_roi gap of {oracle:F2}"));
    var shares = new Dictionary<string, double>();
    foreach (string name in modelNames)
    {
        double gap = GapOf(() => new FileMasks(Path.Combine(run.Folder, Safe(name) + ".mask8"), g));
        shares[name] = gap / oracle;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Name,-9} separation: {name,-34} gap {gap:F2}  share {gap / oracle:P0}"));
    }

    return (shares, note);
}

// vmaf_roi = 0.5·full + 0.5·masked, with the masked clip made as vmaf-roi-score makes it.
static double Roi(string reference, string distorted, FrameGeometry g, double full, IMaskProvider masks, string folder)
{
    string masked = Path.Combine(folder, "masked.yuv");
    using (masks)
    using (FrameSource r = FrameReader.Open(reference, g))
    using (FrameSource d = FrameReader.Open(distorted, g))
    using (FrameWriter w = FrameWriter.CreateRaw(masked, g))
    {
        MaskedClip.Write(r, d, masks, 0.3f, 0.1f, w);
        w.Complete();
    }

    return RoiScorer.Combine(full, Vmaf(reference, masked, g), 0.5);
}

static double Vmaf(string reference, string distorted, FrameGeometry g) =>
    new ManagedVmafRoute().Score(new VmafRequest { Reference = VmafInput.Raw(reference, g), Distorted = VmafInput.Raw(distorted, g), Threads = 2 }).PooledVmaf();

// x264 at the given CRF through ffmpeg, decoded back to raw yuv420p.
static string EncodeDecode(string reference, FrameGeometry g, double crf, string folder)
{
    string encoded = Path.Combine(folder, "enc.mkv");
    string decoded = Path.Combine(folder, "dec.yuv");
    string ffmpeg = Ffmpeg.FfmpegPath();
    string size = $"{g.Width}x{g.Height}";
    Run(ffmpeg, ["-v", "error", "-nostdin", "-y", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", size, "-r", "25", "-i", reference, "-c:v", "libx264", "-preset", "medium", "-threads", "2", "-crf", crf.ToString("F2", CultureInfo.InvariantCulture), encoded]);
    Run(ffmpeg, ["-v", "error", "-nostdin", "-y", "-i", encoded, "-f", "rawvideo", "-pix_fmt", "yuv420p", decoded]);
    return decoded;
}

static void Run(string tool, string[] arguments)
{
    ProcessResult result = ExternalTool.Run(tool, arguments);
    if (result.ExitCode != 0)
    {
        throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed: {result.StderrTail}");
    }
}

// The reference with the damaged clip's pixels inside (or outside) each frame's boxes; frames without a box stay reference.
static void Paste(string reference, string damaged, SubjectBoxes boxes, FrameGeometry g, string output, bool damageInside)
{
    using FrameSource r = FrameReader.Open(reference, g);
    using FrameSource d = FrameReader.Open(damaged, g);
    using FrameWriter w = FrameWriter.CreateRaw(output, g, atomic: false);
    bool[] inside = new bool[g.Width * g.Height];
    while (r.ReadNext() is { } rf)
    {
        using (rf)
        using (YuvFrame df = d.ReadNext() ?? throw new InvalidOperationException("the damaged clip is shorter"))
        {
            if (boxes[rf.Index] is { Count: > 0 } b)
            {
                SubjectBoxes.Rasterise(b, g.Width, g.Height, inside);
                for (int plane = 0; plane < 3; plane++)
                {
                    int shift = plane == 0 ? 0 : 1;
                    int pw = g.Plane(plane).Width;
                    int ph = g.Plane(plane).Height;
                    Span<byte> rp = rf.Plane8(plane);
                    Span<byte> dp = df.Plane8(plane);
                    for (int y = 0; y < ph; y++)
                    {
                        for (int x = 0; x < pw; x++)
                        {
                            int ly = Math.Min(g.Height - 1, y << shift);
                            int lx = Math.Min(g.Width - 1, x << shift);
                            if (inside[(ly * g.Width) + lx] == damageInside)
                            {
                                rp[(y * pw) + x] = dp[(y * pw) + x];
                            }
                        }
                    }
                }
            }

            w.Write(rf);
        }
    }

    w.Complete();
}

// Mean ROI alpha (threshold 0.3, fade 0.1) inside and outside the box.
static (double Inside, double Outside) AlphaInOut(float[] mask, bool[] inside)
{
    double a = 0, b = 0;
    int na = 0, nb = 0;
    for (int i = 0; i < mask.Length; i++)
    {
        double alpha = Math.Clamp((mask[i] - 0.3) / 0.1, 0, 1);
        if (inside[i])
        {
            a += alpha;
            na++;
        }
        else
        {
            b += alpha;
            nb++;
        }
    }

    return (a / Math.Max(1, na), b / Math.Max(1, nb));
}

// White where a box pixel borders a pixel outside the box.
static void Outline(byte[] rgb, bool[] inside, int width, int height)
{
    for (int y = 0; y < height; y++)
    {
        for (int x = 0; x < width; x++)
        {
            int i = (y * width) + x;
            bool edge = inside[i] && (x == 0 || y == 0 || x == width - 1 || y == height - 1 || !inside[i - 1] || !inside[i + 1] || !inside[i - width] || !inside[i + width]);
            if (edge)
            {
                rgb[3 * i] = rgb[(3 * i) + 1] = rgb[(3 * i) + 2] = 255;
            }
        }
    }
}

static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' ? c : '_'));

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

internal sealed record ModelResult(string Name, double Auc, double Mass, int Frames, double MsPerFrame, double AlphaIn, double AlphaOut);

internal sealed record ClipRun(string Name, FrameGeometry Geometry, string Reference, string Folder, List<ModelResult> Models, double BoxArea, int Frames);

/// <summary>A fixed Gaussian around the frame centre, σ a share of the width and of the height.</summary>
internal sealed class CentreGaussian(double sigma) : ISaliencyModel
{
    public string Id => "centre_gaussian";

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"centre_gaussian sigma={sigma}")));

    public Normalization Normalization => Normalization.Unit;

    public void Predict(YuvFrame frame, Span<float> mask)
    {
        int w = frame.Geometry.Width;
        int h = frame.Geometry.Height;
        for (int y = 0; y < h; y++)
        {
            double v = ((y + 0.5) / h) - 0.5;
            for (int x = 0; x < w; x++)
            {
                double u = ((x + 0.5) / w) - 0.5;
                mask[(y * w) + x] = (float)Math.Exp(-((u * u) + (v * v)) / (2 * sigma * sigma));
            }
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>The subject box itself as the mask: 1 inside, 0 outside (the oracle of the separation test).</summary>
internal sealed class BoxMasks(SubjectBoxes boxes, FrameGeometry g) : IMaskProvider
{
    private readonly bool[] _inside = new bool[g.Width * g.Height];

    public string Name => "box";

    public void MaskFor(YuvFrame reference, Span<float> mask)
    {
        if (boxes[reference.Index] is { Count: > 0 } b)
        {
            SubjectBoxes.Rasterise(b, g.Width, g.Height, _inside);
        }
        else
        {
            Array.Clear(_inside);
        }

        for (int i = 0; i < _inside.Length; i++)
        {
            mask[i] = _inside[i] ? 1f : 0f;
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>Masks stored as 8-bit levels, one frame after another, as the evaluation pass wrote them.</summary>
internal sealed class FileMasks(string path, FrameGeometry g) : IMaskProvider
{
    private readonly FileStream _file = File.OpenRead(path);
    private readonly byte[] _levels = new byte[g.Width * g.Height];

    public string Name => path;

    public void MaskFor(YuvFrame reference, Span<float> mask)
    {
        _file.ReadExactly(_levels);
        for (int i = 0; i < _levels.Length; i++)
        {
            mask[i] = _levels[i] / 255f;
        }
    }

    public void Dispose() => _file.Dispose();
}
