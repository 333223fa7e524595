using System.Globalization;
using System.Text.Json;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Output;

namespace VmafRoi.VmafRunner.Engine.Model;

/// <summary>Reads libvmaf JSON models (only <c>model_dict</c> is used; spec §5.1).</summary>
public static class VmafModelLoader
{
    /// <summary>The largest model JSON file accepted: 64 MiB (libvmaf's largest model is 0.4 MB).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>Loads a model file.</summary>
    /// <exception cref="VmafModelException">
    /// The file is missing, not a regular file (a FIFO, device or directory), over <see cref="MaxFileBytes"/>, or
    /// malformed; the message names the file and the field.
    /// </exception>
    public static VmafModel Load(string path, VmafModelOptions? options = null) => Parse(ModelFile.ReadText(path), path, options);

    /// <summary>Loads a model from a file or from the built-in models.</summary>
    /// <exception cref="VmafModelException">See <see cref="Load(string, VmafModelOptions?)"/>.</exception>
    public static VmafModel Load(ModelSource source, VmafModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.FilePath is { } file ? Load(file, options) : Parse(BuiltInModels.ReadText(source.BuiltInName!), source.Label, options);
    }

    /// <summary>Parses model JSON; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="VmafModelException">Malformed; the message names the source and the field.</exception>
    public static VmafModel Parse(string json, string source, VmafModelOptions? options = null)
    {
        options ??= VmafModelOptions.Default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new VmafModelException($"model '{source}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var reader = new Reader(source);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model_dict", out JsonElement dict) || dict.ValueKind != JsonValueKind.Object)
            {
                if (IsBootstrapCollection(root))
                {
                    throw Bootstrap(source, root.EnumerateObject().Count());
                }

                throw reader.Error("model_dict", "is missing (libvmaf reads only the top-level \"model_dict\" object)");
            }

            string modelType = reader.String(dict, "model_type");
            if (modelType.StartsWith("BOOTSTRAP_", StringComparison.Ordinal))
            {
                throw Bootstrap(source, 1);
            }

            if (modelType != "LIBSVMNUSVR")
            {
                throw reader.Error("model_dict.model_type", $"is '{modelType}'; only LIBSVMNUSVR models are supported");
            }

            JsonElement namesElement = reader.Required(dict, "feature_names", JsonValueKind.Array);
            var names = new List<string>();
            foreach (JsonElement n in namesElement.EnumerateArray())
            {
                names.Add(n.ValueKind == JsonValueKind.String ? n.GetString()! : throw reader.Error("model_dict.feature_names", "must hold strings"));
            }

            if (names.Count == 0)
            {
                throw reader.Error("model_dict.feature_names", "is empty");
            }

            // Fail at load, never after scoring: a feature becomes available by its extractor's entry in FeatureRegistry.
            string[] missing = [.. names.Where(n => !FeatureRegistry.Computes(n)).Distinct(StringComparer.Ordinal)];
            if (missing.Length > 0)
            {
                throw reader.Error(
                    "model_dict.feature_names",
                    $"needs {string.Join(", ", missing)}, not computed by this engine yet (it computes the integer VIF, ADM and motion features: VMAF_integer_feature_*)");
            }

            string normText = dict.TryGetProperty("norm_type", out JsonElement normElement) ? reader.String(dict, "norm_type") : "none";
            ModelNormalization norm = normText switch
            {
                "linear_rescale" => ModelNormalization.LinearRescale,
                "none" => ModelNormalization.None,
                _ => throw reader.Error("model_dict.norm_type", $"is '{normText}'; expected linear_rescale or none"),
            };

            double[] slopes = [], intercepts = [];
            if (norm == ModelNormalization.LinearRescale)
            {
                slopes = reader.Numbers(dict, "slopes", names.Count + 1);
                intercepts = reader.Numbers(dict, "intercepts", names.Count + 1);
                if (slopes[0] == 0)
                {
                    throw reader.Error("model_dict.slopes[0]", "is 0; every prediction is divided by it");
                }
            }

            (double, double)? clip = null;
            if (dict.TryGetProperty("score_clip", out JsonElement _))
            {
                double[] c = reader.Numbers(dict, "score_clip", 2);
                clip = options.DisableClip ? null : (c[0], c[1]);
            }

            ScoreTransform? transform = null;
            if (dict.TryGetProperty("score_transform", out JsonElement st))
            {
                ScoreTransform parsed = reader.Transform(st);
                if (parsed.Enabled || options.EnableTransform)
                {
                    transform = parsed with { Enabled = true };
                }
            }

            var featureOptions = new IReadOnlyDictionary<string, object>[names.Count];
            Array.Fill(featureOptions, new Dictionary<string, object>());
            if (dict.TryGetProperty("feature_opts_dicts", out JsonElement opts))
            {
                if (opts.ValueKind != JsonValueKind.Array || opts.GetArrayLength() != names.Count)
                {
                    throw reader.Error("model_dict.feature_opts_dicts", $"must be an array of {names.Count} objects, one per feature");
                }

                int i = 0;
                foreach (JsonElement o in opts.EnumerateArray())
                {
                    featureOptions[i] = reader.Options(o, i);
                    i++;
                }
            }

            string svmText = reader.String(dict, "model");
            SvmModel svm = SvmModel.Parse(svmText, names.Count, source);
            var features = names.Select((n, i) => new ModelFeature(n, featureOptions[i])).ToList();
            return new VmafModel(source, options.Name, features, norm, slopes, intercepts, clip, transform, svm);
        }
    }

    // libvmaf's bootstrap models are an object of numbered models ("0", "1", …) whose model_type is BOOTSTRAP_*.
    private static bool IsBootstrapCollection(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("0", out JsonElement first)
        && first.ValueKind == JsonValueKind.Object
        && first.TryGetProperty("model_dict", out JsonElement dict)
        && dict.ValueKind == JsonValueKind.Object
        && dict.TryGetProperty("model_type", out JsonElement type)
        && type.ValueKind == JsonValueKind.String
        && type.GetString()!.StartsWith("BOOTSTRAP_", StringComparison.Ordinal);

    private static VmafModelException Bootstrap(string source, int models) =>
        new($"model '{source}' is a bootstrap model (BOOTSTRAP_LIBSVMNUSVR, {models} SVR models with bagging and confidence intervals), not computed by this engine yet");

    private sealed class Reader(string source)
    {
        public VmafModelException Error(string field, string what) => new($"model '{source}': {field} {what}");

        public JsonElement Required(JsonElement obj, string key, JsonValueKind kind)
        {
            if (!obj.TryGetProperty(key, out JsonElement e))
            {
                throw Error($"model_dict.{key}", "is missing");
            }

            return e.ValueKind == kind ? e : throw Error($"model_dict.{key}", $"must be a JSON {kind.ToString().ToLowerInvariant()}");
        }

        public string String(JsonElement obj, string key) => Required(obj, key, JsonValueKind.String).GetString()!;

        public double[] Numbers(JsonElement obj, string key, int count)
        {
            JsonElement array = Required(obj, key, JsonValueKind.Array);
            if (array.GetArrayLength() != count)
            {
                throw Error($"model_dict.{key}", $"has {array.GetArrayLength()} values; expected {count}");
            }

            return array.EnumerateArray().Select((e, i) => Number(e, $"model_dict.{key}[{i}]")).ToArray();
        }

        public double Number(JsonElement e, string field)
        {
            if (e.ValueKind != JsonValueKind.Number || !double.TryParse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                throw Error(field, $"must be a number (got {e.ValueKind.ToString().ToLowerInvariant()})");
            }

            // JSON has no NaN or infinity, but a literal past double's range (1e309) parses to infinity.
            return double.IsFinite(v) ? v : throw Error(field, $"'{e.GetRawText()}' is not a finite number");
        }

        public ScoreTransform Transform(JsonElement st)
        {
            if (st.ValueKind != JsonValueKind.Object)
            {
                throw Error("model_dict.score_transform", "must be an object");
            }

            var t = new ScoreTransform();
            foreach (JsonProperty p in st.EnumerateObject())
            {
                string field = $"model_dict.score_transform.{p.Name}";
                t = p.Name switch
                {
                    "enabled" => t with { Enabled = Flag(p.Value, field) },
                    "p0" => t with { P0 = Number(p.Value, field) },
                    "p1" => t with { P1 = Number(p.Value, field) },
                    "p2" => t with { P2 = Number(p.Value, field) },
                    "out_lte_in" => t with { OutLteIn = Flag(p.Value, field) },
                    "out_gte_in" => t with { OutGteIn = Flag(p.Value, field) },
                    "knots" => t with { Knots = Knots(p.Value, field) },
                    _ => t,
                };
            }

            return t;
        }

        public Dictionary<string, object> Options(JsonElement o, int index)
        {
            string field = $"model_dict.feature_opts_dicts[{index}]";
            if (o.ValueKind != JsonValueKind.Object)
            {
                throw Error(field, "must be an object");
            }

            var options = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (JsonProperty p in o.EnumerateObject())
            {
                options[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,

                    JsonValueKind.Number => OptionNumber(p.Value, $"{field}.{p.Name}"),
                    JsonValueKind.String => p.Value.GetString()!,
                    _ => throw Error($"{field}.{p.Name}", "must be a number, bool or string"),
                };
            }

            return options;
        }

        // libvmaf passes model option numbers through strtof and %g before parsing them as doubles.
        private double OptionNumber(JsonElement e, string field)
        {
            float value = float.Parse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
            return float.IsFinite(value)
                ? double.Parse(CFormat.G(value), CultureInfo.InvariantCulture)
                : throw Error(field, $"'{e.GetRawText()}' is not a finite number (as the 32-bit float libvmaf reads options as)");
        }

        private bool Flag(JsonElement e, string field) => e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when e.GetString() is "true" or "false" => e.GetString() == "true",
            _ => throw Error(field, "must be true or false"),
        };

        private List<(double, double)> Knots(JsonElement e, string field)
        {
            if (e.ValueKind != JsonValueKind.Array)
            {
                throw Error(field, "must be an array of [x, y] pairs");
            }

            var knots = new List<(double, double)>();
            foreach (JsonElement k in e.EnumerateArray())
            {
                if (k.ValueKind != JsonValueKind.Array || k.GetArrayLength() != 2)
                {
                    throw Error(field, "must be an array of [x, y] pairs");
                }

                knots.Add((Number(k[0], field), Number(k[1], field)));
            }

            return knots;
        }
    }
}
