using System.Globalization;
using System.Text.Json;
using VmafRoi.Aggregators;
using VmafRoi.Contracts;

namespace VmafRoi.Materializer.Batch;

/// <summary>One table of a manifest, its paths resolved and its settings merged over the defaults.</summary>
public sealed record BatchTable(string Id, MaterializeRequest Request);

/// <summary>
/// A batch manifest: <c>{"defaults": {...}, "tables": [{"id", "input", "output", "audit_json"?, ...overrides}]}</c>.
/// Paths are relative to the manifest's folder (or the base folder). Keys starting with <c>_</c> are comments; any other
/// unknown key, a wrong type or a missing id/input/output is a <see cref="UsageException"/>
/// (<c>saliency batch manifest error: …</c>, exit 2).
/// </summary>
public static class BatchManifest
{
    /// <summary>The prefix of every manifest error.</summary>
    public const string ErrorPrefix = "saliency batch manifest error: ";

    private static readonly string[] TableOnlyKeys = ["id", "input", "output", "audit_json"];

    private static readonly string[] SettingKeys =
    [
        "root", "path_column", "width_column", "height_column", "default_width", "default_height", "model_id", "model_path",
        "temporal_aggregator", "ema_alpha", "max_frames", "frame_samples", "overwrite",
        "status_column", "model_id_column", "aggregator_column", "ema_alpha_column",
    ];

    /// <summary>Reads <paramref name="manifestPath"/>; <paramref name="template"/> carries the run-wide settings (jobs, resume, progress).</summary>
    public static IReadOnlyList<BatchTable> Load(string manifestPath, string? baseDir, MaterializeRequest template)
    {
        string text;
        try
        {
            text = File.ReadAllText(manifestPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read batch manifest '{manifestPath}': {e.Message}", manifestPath, e);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw Error($"'{manifestPath}' is not JSON: {e.Message}");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error("the manifest must be a JSON object with \"tables\"");
            }

            CheckKeys(root, ["defaults", "tables"], "the manifest");
            string folder = Path.GetFullPath(baseDir ?? Path.GetDirectoryName(Path.GetFullPath(manifestPath)) ?? ".");
            JsonElement defaults = root.TryGetProperty("defaults", out JsonElement d) ? d : default;
            if (defaults.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
            {
                throw Error("\"defaults\" must be an object");
            }

            if (defaults.ValueKind == JsonValueKind.Object)
            {
                CheckKeys(defaults, SettingKeys, "\"defaults\"");
            }

            if (!root.TryGetProperty("tables", out JsonElement tables) || tables.ValueKind != JsonValueKind.Array)
            {
                throw Error("\"tables\" must be an array of tables");
            }

            var result = new List<BatchTable>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            int index = 0;
            foreach (JsonElement table in tables.EnumerateArray())
            {
                string where = string.Create(CultureInfo.InvariantCulture, $"tables[{index++}]");
                if (table.ValueKind != JsonValueKind.Object)
                {
                    throw Error($"{where} must be an object");
                }

                CheckKeys(table, [.. TableOnlyKeys, .. SettingKeys], where);
                string id = RequiredText(table, "id", where);
                if (!ids.Add(id))
                {
                    throw Error($"{where}: id '{id}' is used by two tables");
                }

                where = $"table '{id}'";
                MaterializeRequest request = template with
                {
                    Input = Resolve(folder, RequiredText(table, "input", where))!,
                    Output = Resolve(folder, RequiredText(table, "output", where))!,
                    AuditJson = Resolve(folder, OptionalText(table, "audit_json", where)),
                };
                request = Apply(request, defaults, "\"defaults\"", folder);
                request = Apply(request, table, where, folder);
                result.Add(new BatchTable(id, request));
            }

            if (result.Count == 0)
            {
                throw Error("\"tables\" is empty");
            }

            return result;
        }
    }

    private static MaterializeRequest Apply(MaterializeRequest request, JsonElement settings, string where, string folder)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            return request;
        }

        string aggregator = request.Aggregator.Name;
        double alpha = request.Aggregator.Alpha;
        foreach (JsonProperty p in settings.EnumerateObject())
        {
            string at = $"{where} \"{p.Name}\"";
            request = p.Name switch
            {
                "root" => request with { Root = Resolve(folder, NullableText(p.Value, at)) },
                "path_column" => request with { PathColumn = Text(p.Value, at) },
                "width_column" => request with { WidthColumn = Text(p.Value, at) },
                "height_column" => request with { HeightColumn = Text(p.Value, at) },
                "default_width" => request with { DefaultWidth = Integer(p.Value, at) },
                "default_height" => request with { DefaultHeight = Integer(p.Value, at) },
                "model_id" => request with { ModelId = NullableText(p.Value, at) },
                "model_path" => request with { ModelPath = Resolve(folder, NullableText(p.Value, at)) },
                "max_frames" => request with { MaxFrames = Integer(p.Value, at) },
                "frame_samples" => request with { FrameSamples = Integer(p.Value, at) },
                "overwrite" => request with { Overwrite = Boolean(p.Value, at) },
                "status_column" => request with { StatusColumn = Text(p.Value, at) },
                "model_id_column" => request with { ModelIdColumn = Text(p.Value, at) },
                "aggregator_column" => request with { AggregatorColumn = Text(p.Value, at) },
                "ema_alpha_column" => request with { EmaAlphaColumn = Text(p.Value, at) },
                _ => request,
            };
            if (p.Name == "temporal_aggregator")
            {
                aggregator = Text(p.Value, at);
            }
            else if (p.Name == "ema_alpha")
            {
                alpha = Number(p.Value, at);
            }
        }

        try
        {
            return request with { Aggregator = AggregatorSpec.Create(aggregator, alpha) };
        }
        catch (InvalidInputException e)
        {
            throw Error($"{where}: {e.Message}");
        }
    }

    private static void CheckKeys(JsonElement element, string[] allowed, string where)
    {
        foreach (JsonProperty p in element.EnumerateObject())
        {
            if (!p.Name.StartsWith('_') && !allowed.Contains(p.Name, StringComparer.Ordinal))
            {
                throw Error($"unknown key \"{p.Name}\" in {where} (allowed: {string.Join(", ", allowed)}; keys starting with _ are comments)");
            }
        }
    }

    private static string? Resolve(string folder, string? path) => path is null ? null : Path.GetFullPath(path, folder);

    private static string RequiredText(JsonElement table, string key, string where) =>
        table.TryGetProperty(key, out JsonElement value) ? Text(value, $"{where} \"{key}\"") : throw Error($"{where} has no \"{key}\"");

    private static string? OptionalText(JsonElement table, string key, string where) =>
        table.TryGetProperty(key, out JsonElement value) ? NullableText(value, $"{where} \"{key}\"") : null;

    private static string Text(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Error($"{at} must be a string");

    private static string? NullableText(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.Null ? null : Text(value, at);

    private static int Integer(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : throw Error($"{at} must be an integer");

    private static double Number(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Error($"{at} must be a number");

    private static bool Boolean(JsonElement value, string at) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Error($"{at} must be true or false");

    private static UsageException Error(string message) => new(ErrorPrefix + message);
}
