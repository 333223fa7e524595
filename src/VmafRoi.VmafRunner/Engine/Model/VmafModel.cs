using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Model;

/// <summary>How a model's input features are normalised.</summary>
public enum ModelNormalization
{
    None,
    LinearRescale,
}

/// <summary>One model input: the feature's collector name (default options) and the extractor options the model sets.</summary>
/// <param name="Name">e.g. <c>VMAF_integer_feature_adm2_score</c>.</param>
/// <param name="Options">Options for the extractor providing it (from <c>feature_opts_dicts</c>), possibly empty.</param>
public sealed record ModelFeature(string Name, IReadOnlyDictionary<string, object> Options);

/// <summary>libvmaf's prediction flags (<c>VmafModelFlags</c>): what one prediction skips.</summary>
[Flags]
public enum ModelPredictFlags
{
    None = 0,

    /// <summary>Skip <c>score_clip</c>.</summary>
    DisableClip = 1,

    /// <summary>Skip the score transform.</summary>
    DisableTransform = 2,
}

/// <summary>
/// The model layer's question to the engine's feature registry, asked at load for every model input: can this
/// engine compute the feature (a <c>feature_names</c> entry) with these extractor options
/// (<c>feature_opts_dicts</c>)? Null when it can, else the reason. The default is <c>FeatureRegistry.WhyNotComputable</c>.
/// </summary>
public interface IModelFeatureResolver
{
    string? WhyNotComputable(string feature, IReadOnlyDictionary<string, object> options);
}

/// <summary>A bootstrap collection's per-frame aggregates (libvmaf's <c>VmafModelCollectionScore</c>).</summary>
/// <param name="Bagging">The transformed, clipped mean of the members' raw predictions.</param>
/// <param name="StdDev">Population standard deviation of the raw predictions times the transform's slope at the mean.</param>
/// <param name="Low">The 2.5th percentile, transformed and clipped.</param>
/// <param name="High">The 97.5th percentile, transformed and clipped.</param>
public readonly record struct BootstrapScore(double Bagging, double StdDev, double Low, double High);

/// <summary>Load-time switches (libvmaf's <c>--model …:disable_clip:enable_transform:name=</c>).</summary>
public sealed record VmafModelOptions
{
    public static VmafModelOptions Default { get; } = new();

    /// <summary>The metric name predictions are stored under.</summary>
    public string Name { get; init; } = "vmaf";

    /// <summary>Apply the score transform even when the file does not enable it.</summary>
    public bool EnableTransform { get; init; }

    /// <summary>Do not clip scores to <c>score_clip</c>.</summary>
    public bool DisableClip { get; init; }

    /// <summary>Decides at load whether every model input can be computed; null asks the engine's feature registry.</summary>
    public IModelFeatureResolver? Features { get; init; }
}

/// <summary>
/// A libvmaf SVR model (<c>model_dict</c>), ready to predict per-frame scores; or a bootstrap collection
/// (<c>vmaf_b_v0.6.3</c>): this model is its primary (file key <c>"0"</c>) and <see cref="Members"/> the bootstrap models.
/// </summary>
public sealed class VmafModel
{
    internal VmafModel(
        string source,
        string name,
        IReadOnlyList<ModelFeature> features,
        ModelNormalization normalization,
        double[] slopes,
        double[] intercepts,
        (double Min, double Max)? clip,
        ScoreTransform? transform,
        SvmModel svm)
    {
        Source = source;
        Name = name;
        Features = features;
        Normalization = normalization;
        Slopes = slopes;
        Intercepts = intercepts;
        Clip = clip;
        Transform = transform;
        Svm = svm;
    }

    /// <summary>Where the model came from (file path), for messages.</summary>
    public string Source { get; }

    /// <summary>The metric name its predictions are stored under (normally <c>vmaf</c>).</summary>
    public string Name { get; }

    public IReadOnlyList<ModelFeature> Features { get; }

    public ModelNormalization Normalization { get; }

    /// <summary>Element 0 de-normalises the output; elements 1.. rescale the features.</summary>
    public IReadOnlyList<double> Slopes { get; }

    public IReadOnlyList<double> Intercepts { get; }

    /// <summary>The score clip, or null when disabled or absent.</summary>
    public (double Min, double Max)? Clip { get; }

    /// <summary>The score transform when it will be applied, else null.</summary>
    public ScoreTransform? Transform { get; }

    public SvmModel Svm { get; }

    /// <summary>libvmaf's <c>model_type</c>: <c>LIBSVMNUSVR</c>, <c>BOOTSTRAP_LIBSVMNUSVR</c> or <c>RESIDUEBOOTSTRAP_LIBSVMNUSVR</c>.</summary>
    public string ModelType { get; init; } = "LIBSVMNUSVR";

    /// <summary>
    /// <c>chroma_correction_parameter</c> P (v1.0.16: 120): when the SpEED-chroma input is exactly 0, it is replaced by
    /// P·(1 − adm3). Null when absent.
    /// </summary>
    public double? ChromaCorrection { get; init; }

    /// <summary>The bootstrap members (<c>NAME_0001</c> …) when this is a collection's primary model, else empty.</summary>
    public IReadOnlyList<VmafModel> Members { get; init; } = [];

    /// <summary>A copy stored under another metric name (members follow as <c>NAME_0001</c> …).</summary>
    public VmafModel WithName(string name) =>
        new(Source, name, Features, Normalization, [.. Slopes], [.. Intercepts], Clip, Transform, Svm)
        {
            ModelType = ModelType,
            ChromaCorrection = ChromaCorrection,
            Members = [.. Members.Select((m, k) => m.WithName($"{name}_{k + 1:0000}"))],
        };

    /// <summary>Predicts one frame from its raw feature values, in <see cref="Features"/> order (spec §5.3, §5.4; 3.2.0 08 §3).</summary>
    public double Predict(ReadOnlySpan<double> features) => Predict(features, ModelPredictFlags.None);

    /// <summary>As <see cref="Predict(ReadOnlySpan{double})"/>, skipping what <paramref name="flags"/> says.</summary>
    public double Predict(ReadOnlySpan<double> features, ModelPredictFlags flags)
    {
        if (features.Length != Features.Count)
        {
            throw new ArgumentException($"expected {Features.Count} feature values, got {features.Length}", nameof(features));
        }

        Span<double> x = stackalloc double[features.Length];
        for (int f = 0; f < x.Length; f++)
        {
            x[f] = Normalize(features[f], f);
        }

        if (ChromaCorrection is { } p)
        {
            CorrectChroma(x, p);
        }

        double score = Svm.Predict(x);
        if (Normalization == ModelNormalization.LinearRescale)
        {
            score = (score - Intercepts[0]) / Slopes[0];
        }

        return Finish(score, flags);
    }

    /// <summary>Transform (when enabled) then clip (when present), unless <paramref name="flags"/> skip them.</summary>
    public double Finish(double score, ModelPredictFlags flags = ModelPredictFlags.None)
    {
        if (Transform is not null && (flags & ModelPredictFlags.DisableTransform) == 0)
        {
            score = Transform.Apply(score);
        }

        if (Clip is { } clip && (flags & ModelPredictFlags.DisableClip) == 0)
        {
            score = score < clip.Min ? clip.Min : score;
            score = score > clip.Max ? clip.Max : score;
        }

        return score;
    }

    /// <summary>
    /// One frame of a bootstrap collection (libvmaf 3.2.0 08 §4): each member's raw prediction (no transform, no clip)
    /// feeds the mean, the population standard deviation and the 2.5/97.5 percentiles; member 1's transform and clip
    /// map them, and the standard deviation is scaled by that mapping's slope at the mean. <paramref name="memberScores"/>
    /// receives each member's normal (stored) prediction.
    /// </summary>
    public BootstrapScore PredictBootstrap(ReadOnlySpan<double> features, Span<double> memberScores)
    {
        int n = Members.Count;
        if (n == 0)
        {
            throw new InvalidOperationException($"model '{Name}' is not a bootstrap collection");
        }

        var raw = new double[n];
        for (int k = 0; k < n; k++)
        {
            raw[k] = Members[k].Predict(features, ModelPredictFlags.DisableClip | ModelPredictFlags.DisableTransform);
            memberScores[k] = Members[k].Predict(features);
        }

        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            sum += raw[k];
        }

        double mean = sum / n;
        double ssd = 0;
        for (int k = 0; k < n; k++)
        {
            double d = raw[k] - mean;
            ssd += d * d;
        }

        double sd = Math.Sqrt(ssd / n);
        Array.Sort(raw);
        VmafModel first = Members[0];
        const double delta = 0.01;
        double slope = (first.Finish(mean + delta) - first.Finish(mean - delta)) / (2.0 * delta);
        return new BootstrapScore(first.Finish(mean), sd * slope, first.Finish(Percentile(raw, 2.5)), first.Finish(Percentile(raw, 97.5)));
    }

    /// <summary>numpy's "linear" percentile of sorted scores, as libvmaf computes it.</summary>
    private static double Percentile(double[] sorted, double percent)
    {
        double p = percent * (sorted.Length - 1) / 100.0;
        int l = (int)Math.Floor(p), r = (int)Math.Ceiling(p);
        return l == r ? sorted[l] : (sorted[l] * (r - p)) + (sorted[r] * (p - l));
    }

    private double Normalize(double v, int f) =>
        Normalization == ModelNormalization.LinearRescale ? (Slopes[f + 1] * v) + Intercepts[f + 1] : v;

    private double Denormalize(double v, int f) =>
        Normalization == ModelNormalization.LinearRescale ? (v - Intercepts[f + 1]) / Slopes[f + 1] : v;

    /// <summary>
    /// libvmaf's chroma-from-luma correction: if the SpEED-chroma input is exactly 0 (flat or singular chroma), replace
    /// it by P·(1 − adm3), normalised. Any non-zero SpEED value leaves every input as it is.
    /// </summary>
    private void CorrectChroma(Span<double> x, double p)
    {
        double guiding = 0;
        int guided = -1;
        for (int f = 0; f < x.Length; f++)
        {
            string name = Features[f].Name;
            if (name.Contains("adm3", StringComparison.Ordinal))
            {
                guiding = Denormalize(x[f], f);
            }

            if (name.Contains("speed_chroma", StringComparison.Ordinal))
            {
                if (Denormalize(x[f], f) != 0.0)
                {
                    return;
                }

                guided = f;
            }
        }

        if (guided >= 0)
        {
            x[guided] = Normalize((-p * guiding) + p, guided);
        }
    }

    public override string ToString() => $"{Name} ({Source})";
}
