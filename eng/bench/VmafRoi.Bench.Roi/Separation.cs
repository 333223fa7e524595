using System.Globalization;
using System.Text.Json;
using VmafRoi.Roi;
using VmafRoi.VmafRunner;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

/// <summary>
/// The ROI separation experiment of shared/saliency/eval/README.md: a clip damaged only inside the subject box (an x264
/// CRF 45 encode pasted into the box) and one damaged only outside it (the outside encode's CRF bisected until full-frame
/// VMAF matches within 0.5); a good ROI score ranks the face-damaged clip clearly lower. Both methods, the default saliency
/// model, and the box itself as the mask (the oracle).
/// </summary>
internal static class Separation
{
    public static void Run(string shared, string temp, string name, string clip, string boxes)
    {
        string dir = Path.Combine(temp, "separation-" + name);
        Directory.CreateDirectory(dir);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(shared, "saliency", "eval", boxes)));
        int width = doc.RootElement.GetProperty("width").GetInt32(), height = doc.RootElement.GetProperty("height").GetInt32();
        var box = doc.RootElement.GetProperty("boxes").EnumerateArray().Select(b => b.ValueKind == JsonValueKind.Null ? ((int, int, int, int)?)null : Box(b[0])).ToList();
        var geometry = new FrameGeometry(width, height, YuvFormat.Yuv420P);
        string reference = Path.Combine(dir, "ref.yuv");
        Ffmpeg(["-i", Path.Combine(shared, clip), "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "yuv420p", reference]);
        int frames = (int)(new FileInfo(reference).Length / geometry.FrameBytes);

        string face = Paste(dir, "face", reference, Encode(dir, reference, geometry, 45), geometry, box, inside: true);
        double faceFull = Full(reference, face, geometry);

        // Bisect the outside encode's CRF (x264 takes fractional CRF) until full-frame VMAF matches the face clip's.
        double lo = 0, hi = 51, crf = 45;
        string background = string.Empty;
        double backgroundFull = double.NaN;
        for (int step = 0; step < 14; step++)
        {
            crf = (lo + hi) / 2;
            background = Paste(dir, "background", reference, Encode(dir, reference, geometry, crf), geometry, box, inside: false);
            backgroundFull = Full(reference, background, geometry);
            if (Math.Abs(backgroundFull - faceFull) <= 0.25)
            {
                break;
            }

            if (backgroundFull > faceFull)
            {
                lo = crf;
            }
            else
            {
                hi = crf;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} ({width}x{height}, {frames} frames): face damaged (CRF 45 in the box) full-frame VMAF {faceFull:F3}; background damaged (CRF {crf:F2} outside) {backgroundFull:F3}"));
        Console.WriteLine("| mask | method | vmaf_roi face-damaged | vmaf_roi background-damaged | gap (background − face) | method score face / background |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach ((string mask, Func<IMaskProvider>? source) in new (string, Func<IMaskProvider>?)[] { ("default model", null), ("subject box (oracle)", () => new BoxMasks(box)) })
        {
            foreach (RoiMethod method in new[] { RoiMethod.Substitution, RoiMethod.Pooled })
            {
                RoiScoreRequest request = new()
                {
                    Reference = reference,
                    Distorted = face,
                    Width = width,
                    Height = height,
                    SaliencyModel = source is null ? "default" : null,
                    MaskSource = source,
                    Method = method,
                    Engine = VmafEngineKind.Managed,
                };
                var f = RoiScorer.Score(request);
                var b = RoiScorer.Score(request with { Distorted = background });
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {mask} | {RoiMethods.Name(method)} | {f.VmafRoi:F3} | {b.VmafRoi:F3} | {b.VmafRoi - f.VmafRoi:F3} | {f.MethodScore:F3} / {b.MethodScore:F3} |"));
            }
        }

        Console.WriteLine();
    }

    private static (int, int, int, int) Box(JsonElement b) =>
        ((int)Math.Floor(b[0].GetDouble()), (int)Math.Floor(b[1].GetDouble()), (int)Math.Ceiling(b[2].GetDouble()), (int)Math.Ceiling(b[3].GetDouble()));

    private static string Encode(string dir, string reference, FrameGeometry g, double crf)
    {
        string c = crf.ToString("F4", CultureInfo.InvariantCulture);
        string encoded = Path.Combine(dir, $"crf{c}.mkv"), decoded = Path.Combine(dir, $"crf{c}.yuv");
        Ffmpeg(["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", $"{g.Width}x{g.Height}", "-r", "25", "-i", reference, "-c:v", "libx264", "-preset", "medium", "-crf", c, encoded]);
        Ffmpeg(["-i", encoded, "-f", "rawvideo", "-pix_fmt", "yuv420p", decoded]);
        File.Delete(encoded);
        return decoded;
    }

    /// <summary>The reference with the encode's pixels inside (or outside) each frame's box, in every plane.</summary>
    private static string Paste(string dir, string name, string reference, string encoded, FrameGeometry g, List<(int X0, int Y0, int X1, int Y1)?> boxes, bool inside)
    {
        string output = Path.Combine(dir, name + ".yuv");
        using FrameSource r = FrameReader.Open(reference, g);
        using FrameSource e = FrameReader.Open(encoded, g);
        using FrameWriter writer = FrameWriter.CreateRaw(output, g);
        for (int i = 0; ; i++)
        {
            using YuvFrame? rf = r.ReadNext();
            using YuvFrame? ef = e.ReadNext();
            if (rf is null || ef is null)
            {
                break;
            }

            (int x0, int y0, int x1, int y1) = boxes[Math.Min(i, boxes.Count - 1)] ?? (0, 0, 0, 0);
            for (int plane = 0; plane < 3; plane++)
            {
                int s = plane == 0 ? 1 : 2;
                PlaneSize size = g.Plane(plane);
                Span<byte> rp = rf.Plane8(plane), ep = ef.Plane8(plane);
                for (int y = 0; y < size.Height; y++)
                {
                    for (int x = 0; x < size.Width; x++)
                    {
                        bool inBox = x * s >= x0 && x * s < x1 && y * s >= y0 && y * s < y1;
                        if (inBox == inside)
                        {
                            rp[(y * size.Width) + x] = ep[(y * size.Width) + x];
                        }
                    }
                }
            }

            writer.Write(rf);
        }

        writer.Complete();
        return output;
    }

    private static double Full(string reference, string distorted, FrameGeometry g) =>
        new ManagedVmafRoute().Score(new VmafRequest { Reference = VmafInput.Raw(reference, g), Distorted = VmafInput.Raw(distorted, g) }).PooledVmaf();

    private static void Ffmpeg(string[] args)
    {
        ProcessResult result = ExternalTool.Run(VmafRoi.Yuv.Tools.Ffmpeg.FfmpegPath(), ["-v", "error", "-nostdin", "-y", .. args]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed: {result.StderrTail}");
        }
    }

    /// <summary>1 inside the frame's subject box, 0 outside.</summary>
    private sealed class BoxMasks(List<(int X0, int Y0, int X1, int Y1)?> boxes) : IMaskProvider
    {
        public string Name => "subject box";

        public void MaskFor(YuvFrame reference, Span<float> mask)
        {
            (int x0, int y0, int x1, int y1) = boxes[Math.Min(reference.Index, boxes.Count - 1)] ?? (0, 0, 0, 0);
            int w = reference.Geometry.Width;
            for (int p = 0; p < mask.Length; p++)
            {
                int x = p % w, y = p / w;
                mask[p] = x >= x0 && x < x1 && y >= y0 && y < y1 ? 1f : 0f;
            }
        }

        public void Dispose()
        {
        }
    }
}
