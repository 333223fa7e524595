using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;
using Xunit.Sdk;

namespace VmafRoi.TestShared;

/// <summary>One clip pair of <c>shared/vmaf/golden</c>: its <c>case.json</c>, decoded raw files and libvmaf outputs.</summary>
public sealed record GoldenCase
{
    private static readonly ConcurrentDictionary<string, object> DecodeLocks = new();

    public required string Id { get; init; }

    /// <summary>The case folder in the shared data.</summary>
    public required string Folder { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary>ffmpeg pixel format name.</summary>
    public required string PixFmt { get; init; }

    public required int BitDepth { get; init; }

    public required int Frames { get; init; }

    public required string ReferenceMd5 { get; init; }

    public required string DistortedMd5 { get; init; }

    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>The reference container file (FFV1 in Matroska).</summary>
    public string ReferenceMkv => Path.Combine(Folder, ReferenceFile);

    /// <summary>The distorted container file (equals the reference for the identical case).</summary>
    public string DistortedMkv => Path.Combine(Folder, DistortedFile);

    public FrameGeometry Geometry => new(Width, Height, YuvFormat.Parse(PixFmt));

    /// <summary>The reference decoded to raw planar YUV in the test cache; md5-checked against <c>case.json</c>.</summary>
    public string ReferenceRaw => Decode(ReferenceMkv, "ref", ReferenceMd5);

    /// <summary>The distorted clip decoded to raw planar YUV in the test cache; md5-checked against <c>case.json</c>.</summary>
    public string DistortedRaw => Decode(DistortedMkv, "dis", DistortedMd5);

    private string ReferenceFile { get; init; } = "ref.mkv";

    private string DistortedFile { get; init; } = "dis.mkv";

    /// <summary>Every case of the shared golden set, in manifest order.</summary>
    public static IReadOnlyList<GoldenCase> All()
    {
        string root = SharedData.File("vmaf", "golden");
        return Directory.GetDirectories(root)
            .Where(d => System.IO.File.Exists(Path.Combine(d, "case.json")))
            .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
            .Select(Load)
            .ToList();
    }

    /// <summary>One case by id (the folder name).</summary>
    public static GoldenCase Get(string id) => Load(SharedData.File("vmaf", "golden", id));

    /// <summary>Ids of every case, for xunit <c>MemberData</c>.</summary>
    public static IEnumerable<object[]> Ids() => All().Select(c => new object[] { c.Id });

    /// <summary>The path of a libvmaf output file of this case, e.g. <c>LibvmafOutput("3.0.0", "vmaf_v0.6.1", scalar: true)</c>.</summary>
    public string LibvmafOutput(string version, string model, bool scalar) =>
        Path.Combine(Folder, $"libvmaf-{version}{(scalar ? "-scalar" : string.Empty)}.{model}.json");

    private static GoldenCase Load(string folder)
    {
        using JsonDocument doc = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(folder, "case.json")));
        JsonElement r = doc.RootElement;
        return new GoldenCase
        {
            Id = r.GetProperty("id").GetString()!,
            Folder = folder,
            Width = r.GetProperty("width").GetInt32(),
            Height = r.GetProperty("height").GetInt32(),
            PixFmt = r.GetProperty("pix_fmt").GetString()!,
            BitDepth = r.GetProperty("bitdepth").GetInt32(),
            Frames = r.GetProperty("frames").GetInt32(),
            ReferenceMd5 = r.GetProperty("reference_raw_md5").GetString()!,
            DistortedMd5 = r.GetProperty("distorted_raw_md5").GetString()!,
            ReferenceFile = r.GetProperty("reference").GetString()!,
            DistortedFile = r.GetProperty("distorted").GetString()!,
            Models = r.GetProperty("models").EnumerateArray().Select(m => m.GetString()!).ToList(),
        };
    }

    private string Decode(string mkv, string role, string md5)
    {
        string folder = Path.Combine(SharedData.CacheDirectory, "golden", Id);
        string raw = Path.Combine(folder, $"{md5}.{role}.yuv");
        if (System.IO.File.Exists(raw))
        {
            return raw;
        }

        lock (DecodeLocks.GetOrAdd(raw, _ => new object()))
        {
            if (System.IO.File.Exists(raw))
            {
                return raw;
            }

            Directory.CreateDirectory(folder);
            string temp = raw + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            ProcessResult result = ExternalTool.Run(
                Ffmpeg.FfmpegPath(),
                ["-v", "error", "-nostdin", "-y", "-i", mkv, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", PixFmt, temp]);
            if (result.ExitCode != 0)
            {
                System.IO.File.Delete(temp);
                throw new XunitException($"ffmpeg could not decode {mkv}: {result.StderrTail}");
            }

            string actual = Md5Of(temp);
            if (!actual.Equals(md5, StringComparison.OrdinalIgnoreCase))
            {
                System.IO.File.Delete(temp);
                throw new XunitException($"decoded {mkv} has md5 {actual}, case.json says {md5}");
            }

            // Another test process may have won the race; both wrote identical bytes.
            System.IO.File.Move(temp, raw, overwrite: true);
            return raw;
        }
    }

    /// <summary>Hex md5 of a file.</summary>
    public static string Md5Of(string path)
    {
        using FileStream stream = System.IO.File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }
}
