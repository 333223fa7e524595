using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using VmafRoi.Yuv.Tools;
using Xunit.Sdk;

namespace VmafRoi.TestShared;

/// <summary>
/// Short Y4M cuts of the shared natural clips (decoded once into the test cache), and their subject boxes from
/// <c>saliency/eval</c>: the salient region where exact masks matter.
/// </summary>
public static class NaturalClips
{
    private static readonly ConcurrentDictionary<string, object> Locks = new();

    /// <summary>carphone, 176x144, a talking head (face box in <c>carphone.boxes.json</c>).</summary>
    public static string Carphone(int frames) => Cut("clips/carphone_qcif_120f.mkv", frames);

    /// <summary>foreman, 352x288, from the golden case's reference (face box in <c>foreman.boxes.json</c>).</summary>
    public static string Foreman(int frames) => Cut("vmaf/golden/s07_foreman_352x288_x264crf32/ref.mkv", frames);

    /// <summary>
    /// The first <paramref name="frames"/> frames of a shared clip as Y4M, through an optional ffmpeg filter
    /// (<paramref name="filter"/>); cached by content of the request.
    /// </summary>
    public static string Cut(string sharedPath, int frames, string? filter = null, string? secondClip = null)
    {
        string source = SharedData.File(sharedPath.Split('/'));
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{sharedPath}|{frames}|{filter}|{secondClip}")))[..16];
        string folder = Path.Combine(SharedData.CacheDirectory, "natural");
        string path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(sharedPath)}-{frames}-{key}.y4m");
        if (File.Exists(path))
        {
            return path;
        }

        lock (Locks.GetOrAdd(path, _ => new object()))
        {
            if (File.Exists(path))
            {
                return path;
            }

            Directory.CreateDirectory(folder);
            string temp = path + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            var arguments = new List<string> { "-v", "error", "-nostdin", "-y", "-i", source };
            if (secondClip is not null)
            {
                arguments.AddRange(["-i", SharedData.File(secondClip.Split('/'))]);
            }

            if (filter is not null)
            {
                arguments.AddRange([secondClip is null ? "-vf" : "-filter_complex", filter]);
            }

            arguments.AddRange(["-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", temp]);
            ProcessResult result = ExternalTool.Run(Ffmpeg.FfmpegPath(), arguments);
            if (result.ExitCode != 0)
            {
                File.Delete(temp);
                throw new XunitException($"ffmpeg could not cut {source}: {result.StderrTail}");
            }

            File.Move(temp, path, overwrite: true);
            return path;
        }
    }

    /// <summary>Per-frame subject boxes (<c>[x0, y0, x1, y1]</c>, corners, x1/y1 exclusive) of <c>saliency/eval/NAME.boxes.json</c>; null where a frame has none.</summary>
    public static IReadOnlyList<double[]?> Boxes(string name)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(SharedData.File("saliency", "eval", name + ".boxes.json")));
        var boxes = new List<double[]?>();
        foreach (JsonElement frame in document.RootElement.GetProperty("boxes").EnumerateArray())
        {
            boxes.Add(frame.ValueKind == JsonValueKind.Null ? null : frame[0].EnumerateArray().Select(v => v.GetDouble()).ToArray());
        }

        return boxes;
    }

    /// <summary>The mean box over the first <paramref name="frames"/> frames with one, rounded to whole pixels.</summary>
    public static (int X0, int Y0, int X1, int Y1) MeanBox(string name, int frames)
    {
        double[][] boxes = [.. Boxes(name).Take(frames).Where(b => b is not null).Select(b => b!)];
        return ((int)Math.Round(boxes.Average(b => b[0])), (int)Math.Round(boxes.Average(b => b[1])), (int)Math.Round(boxes.Average(b => b[2])), (int)Math.Round(boxes.Average(b => b[3])));
    }
}
