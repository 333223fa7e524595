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
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("model_dict", out JsonElement dict) && dict.ValueKind == JsonValueKind.Object)
            {
                return ParseModel(dict, new Reader(source), source, options.Name, options);
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("0", out _))
            {
                return ParseCollection(root, source, options);
            }

            throw new Reader(source).Error("model_dict", "is missing (libvmaf reads only the top-level \"model_dict\" object, or a bootstrap collection \"0\", \"1\", …)");
        }
    }

    /// <summary>The model types libvmaf 3.2.0 accepts; the two bootstrap types behave identically.</summary>
    private static readonly string[] ModelTypes = ["LIBSVMNUSVR", "BOOTSTRAP_LIBSVMNUSVR", "RESIDUEBOOTSTRAP_LIBSVMNUSVR"];

    /// <summary>
    /// A bootstrap collection: keys "0", "1", … matched strictly in sequence (others skipped); "0" is the primary model named
    /// <see cref="VmafModelOptions.Name"/>, the rest are members <c>NAME_0001</c> ….
    /// </summary>
    private static VmafModel ParseCollection(JsonElement root, string source, VmafModelOptions options)
    {
        var models = new List<VmafModel>();
        foreach (JsonProperty p in root.EnumerateObject())
        {
            string key = models.Count.ToString(CultureInfo.InvariantCulture);
            if (p.Name != key)
            {
                continue;
            }

            var reader = new Reader(source, $" (collection entry \"{key}\")");
            if (p.Value.ValueKind != JsonValueKind.Object || !p.Value.TryGetProperty("model_dict", out JsonElement dict) || dict.ValueKind != JsonValueKind.Object)
            {
                throw reader.Error("model_dict", "is missing");
            }

            string name = models.Count == 0 ? options.Name : $"{options.Name}_{models.Count:0000}";
            models.Add(ParseModel(dict, reader, source, name, options));
        }

        if (models.Count < 2)
        {
            throw new VmafModelException($"model '{source}' has no model_dict and is not a bootstrap collection with members (\"0\", \"1\", …)");
        }

        VmafModel primary = models[0];
        VmafModel[] members = [.. models.Skip(1)];
        if (!members[0].ModelType.EndsWith("BOOTSTRAP_LIBSVMNUSVR", StringComparison.Ordinal) || members.Any(m => m.ModelType != members[0].ModelType))
        {
            throw new VmafModelException($"model '{source}': a collection's members must all be BOOTSTRAP_LIBSVMNUSVR or all RESIDUEBOOTSTRAP_LIBSVMNUSVR");
        }

        // The engine registers the primary's extractors once; members must read the same inputs (true of libvmaf's collections).
        foreach (VmafModel m in members)
        {
            if (!SameInputs(primary, m))
            {
                throw new VmafModelException($"model '{source}': member {m.Name} reads other features than the primary model; this engine needs them equal");
            }
        }

        return new VmafModel(primary.Source, primary.Name, primary.Features, primary.Normalization, [.. primary.Slopes], [.. primary.Intercepts], primary.Clip, primary.Transform, primary.Svm)
        {
            ModelType = primary.ModelType,
            ChromaCorrection = primary.ChromaCorrection,
            Members = members,
        };
    }

    private static bool SameInputs(VmafModel a, VmafModel b) =>
        a.Features.Count == b.Features.Count
        && a.Features.Zip(b.Features).All(p => p.First.Name == p.Second.Name
            && p.First.Options.Count == p.Second.Options.Count
            && p.First.Options.All(o => p.Second.Options.TryGetValue(o.Key, out object? v) && Equals(v, o.Value)));

    private static VmafModel ParseModel(JsonElement dict, Reader reader, string source, string name, VmafModelOptions options)
    {
        string modelType = reader.String(dict, "model_type");
        if (!ModelTypes.Contains(modelType, StringComparer.Ordinal))
        {
            throw reader.Error("model_dict.model_type", $"is '{modelType}'; libvmaf accepts {string.Join(", ", ModelTypes)}");
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

        // Fail at load, never after scoring: ask the feature registry (or the caller's resolver) about every input.
        IModelFeatureResolver resolver = options.Features ?? RegistryResolver.Instance;
        var missing = new List<string>();
        var refused = new List<string>();
        for (int i = 0; i < names.Count; i++)
        {
            if (resolver.WhyNotComputable(names[i], featureOptions[i]) is { } why)
            {
                (FeatureRegistry.Computes(names[i]) ? refused : missing).Add(FeatureRegistry.Computes(names[i]) ? $"feature_opts_dicts[{i}] ({names[i]}): {why}" : names[i]);
            }
        }

        if (missing.Count > 0)
        {
            throw reader.Error(
                "model_dict.feature_names",
                $"needs {string.Join(", ", missing.Distinct(StringComparer.Ordinal))}, not computed by this engine (no registered extractor provides it; known extractors: {string.Join(", ", FeatureRegistry.All.Select(e => e.Name))})");
        }

        if (refused.Count > 0)
        {
            throw reader.Error("model_dict", $"asks for features the engine cannot compute with those options: {string.Join("; ", refused)}");
        }

        string normText = dict.TryGetProperty("norm_type", out JsonElement _) ? reader.String(dict, "norm_type") : "none";
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

        double? chroma = null;
        if (dict.TryGetProperty("chroma_correction_parameter", out JsonElement cc))
        {
            chroma = reader.Number(cc, "model_dict.chroma_correction_parameter");
            if (chroma == 0)
            {
                // libvmaf then writes no prediction at all; refuse rather than fail after scoring.
                throw reader.Error("model_dict.chroma_correction_parameter", "is 0; libvmaf predicts nothing with it");
            }

            if (names.Count(n => n.Contains("adm3", StringComparison.Ordinal)) != 1 || names.Count(n => n.Contains("speed_chroma", StringComparison.Ordinal)) != 1)
            {
                throw reader.Error("model_dict.chroma_correction_parameter", "needs exactly one adm3 feature and one speed_chroma feature in feature_names");
            }
        }

        string svmText = reader.String(dict, "model");
        SvmModel svm = SvmModel.Parse(svmText, names.Count, source);
        var features = names.Select((n, i) => new ModelFeature(n, featureOptions[i])).ToList();
        return new VmafModel(source, name, features, norm, slopes, intercepts, clip, transform, svm)
        {
            ModelType = modelType,
            ChromaCorrection = chroma,
        };
    }

    /// <summary>The default resolver: the engine's feature registry, in libvmaf 3.2.0 mode (which computes the most).</summary>
    private sealed class RegistryResolver : IModelFeatureResolver
    {
        public static RegistryResolver Instance { get; } = new();

        public string? WhyNotComputable(string feature, IReadOnlyDictionary<string, object> options) =>
            FeatureRegistry.WhyNotComputable(feature, options, MotionVariant.V3_2);
    }

    private sealed class Reader(string source, string where = "")
    {
        public VmafModelException Error(string field, string what) => new($"model '{source}'{where}: {field} {what}");

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
