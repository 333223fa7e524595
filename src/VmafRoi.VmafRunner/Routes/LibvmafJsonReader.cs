using System.Text.Json;
using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Routes;

/// <summary>Reads the JSON that libvmaf's CLI (<c>--json</c>) and ffmpeg's libvmaf filter (<c>log_fmt=json</c>) write.</summary>
public static class LibvmafJsonReader
{
    /// <summary>Reads a libvmaf JSON log file.</summary>
    /// <exception cref="InvalidScoreException">The file is missing or is not JSON.</exception>
    public static VmafResult ReadFile(string path, string route, string modelKey = "vmaf")
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidScoreException($"the vmaf run wrote no readable JSON to {path}: {e.Message}", e);
        }

        return Parse(text, route, modelKey, path);
    }

    /// <summary>Parses libvmaf JSON text: per-frame metrics, pooled metrics and the legacy top-level <c>VMAF score</c>.</summary>
    public static VmafResult Parse(string json, string route, string modelKey = "vmaf", string? source = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidScoreException($"{source ?? "the vmaf output"} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidScoreException($"{source ?? "the vmaf output"} is not a JSON object");
            }

            var frames = new List<FrameMetrics>();
            if (root.TryGetProperty("frames", out JsonElement frameArray) && frameArray.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement frame in frameArray.EnumerateArray())
                {
                    int number = frame.TryGetProperty("frameNum", out JsonElement n) && n.TryGetInt32(out int value) ? value : frames.Count;
                    var metrics = new OrderedDictionary<string, double>(StringComparer.Ordinal);
                    if (frame.TryGetProperty("metrics", out JsonElement m) && m.ValueKind == JsonValueKind.Object)
                    {
                        foreach (JsonProperty metric in m.EnumerateObject())
                        {
                            metrics[metric.Name] = ReadNumber(metric.Value);
                        }
                    }

                    frames.Add(new FrameMetrics(number, metrics));
                }
            }

            var pooled = new OrderedDictionary<string, PooledMetric>(StringComparer.Ordinal);
            if (root.TryGetProperty("pooled_metrics", out JsonElement pooledObject) && pooledObject.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty metric in pooledObject.EnumerateObject())
                {
                    if (metric.Value.ValueKind == JsonValueKind.Object)
                    {
                        pooled[metric.Name] = new PooledMetric(
                            Field(metric.Value, "min"),
                            Field(metric.Value, "max"),
                            Field(metric.Value, "mean"),
                            Field(metric.Value, "harmonic_mean"));
                    }
                }
            }

            double? legacy = root.TryGetProperty("VMAF score", out JsonElement score) ? ReadNumber(score) : null;
            string? version = root.TryGetProperty("version", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new VmafResult
            {
                Route = route,
                ModelKey = modelKey,
                Version = version,
                Frames = frames,
                Pooled = pooled,
                LegacyScore = legacy,
                Source = source,
            };
        }
    }

    private static double Field(JsonElement metric, string name) =>
        metric.TryGetProperty(name, out JsonElement value) ? ReadNumber(value) : double.NaN;

    // libvmaf writes null for NaN/Inf; keep that as NaN so pooling checks can reject it.
    private static double ReadNumber(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) ? d : double.NaN;
}
