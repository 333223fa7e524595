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
}

/// <summary>A libvmaf SVR model (<c>model_dict</c> with <c>LIBSVMNUSVR</c>), ready to predict per-frame scores.</summary>
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

    /// <summary>A copy stored under another metric name.</summary>
    public VmafModel WithName(string name) => new(Source, name, Features, Normalization, [.. Slopes], [.. Intercepts], Clip, Transform, Svm);

    /// <summary>Predicts one frame from its raw feature values, in <see cref="Features"/> order (spec §5.3, §5.4).</summary>
    public double Predict(ReadOnlySpan<double> features)
    {
        if (features.Length != Features.Count)
        {
            throw new ArgumentException($"expected {Features.Count} feature values, got {features.Length}", nameof(features));
        }

        Span<double> x = stackalloc double[features.Length];
        for (int f = 0; f < x.Length; f++)
        {
            x[f] = Normalization == ModelNormalization.LinearRescale ? (Slopes[f + 1] * features[f]) + Intercepts[f + 1] : features[f];
        }

        double score = Svm.Predict(x);
        if (Normalization == ModelNormalization.LinearRescale)
        {
            score = (score - Intercepts[0]) / Slopes[0];
        }

        if (Transform is not null)
        {
            score = Transform.Apply(score);
        }

        if (Clip is { } clip)
        {
            score = score < clip.Min ? clip.Min : score > clip.Max ? clip.Max : score;
        }

        return score;
    }

    public override string ToString() => $"{Name} ({Source})";
}
