using System.Text.Json;

namespace VmafRoi.VmafRunner.Tests.Engine;

/// <summary>A libvmaf <c>--json</c> file read with its number texts kept verbatim (so 6- or 16-decimal prints compare exactly).</summary>
internal sealed class LibvmafJson
{
    private LibvmafJson(string path, string version, List<(int Frame, List<(string Name, string Text)> Metrics)> frames, List<(string Name, List<(string Method, string Text)> Methods)> pooled)
    {
        Path = path;
        Version = version;
        Frames = frames;
        Pooled = pooled;
    }

    public string Path { get; }

    public string Version { get; }

    public List<(int Frame, List<(string Name, string Text)> Metrics)> Frames { get; }

    public List<(string Name, List<(string Method, string Text)> Methods)> Pooled { get; }

    public static LibvmafJson Load(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement root = doc.RootElement;
        var frames = new List<(int, List<(string, string)>)>();
        foreach (JsonElement f in root.GetProperty("frames").EnumerateArray())
        {
            var metrics = f.GetProperty("metrics").EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())).ToList();
            frames.Add((f.GetProperty("frameNum").GetInt32(), metrics));
        }

        var pooled = new List<(string, List<(string, string)>)>();
        foreach (JsonProperty p in root.GetProperty("pooled_metrics").EnumerateObject())
        {
            pooled.Add((p.Name, p.Value.EnumerateObject().Select(m => (m.Name, m.Value.GetRawText())).ToList()));
        }

        return new LibvmafJson(path, root.GetProperty("version").GetString()!, frames, pooled);
    }
}
