using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Model;

namespace VmafRoi.VmafRunner.Engine.Pipeline;

/// <summary>
/// The extractor configurations a run needs, in libvmaf's registration order (each model's features in order, then
/// extra requests), with identical configurations shared, plus each model's input collector names.
/// </summary>
internal sealed class FeaturePlan
{
    private FeaturePlan(IReadOnlyList<FeatureSettings> settings, IReadOnlyList<string[]> modelInputs)
    {
        Settings = settings;
        ModelInputs = modelInputs;
    }

    public IReadOnlyList<FeatureSettings> Settings { get; }

    /// <summary>Per model, the collector name of each input feature in the model's order.</summary>
    public IReadOnlyList<string[]> ModelInputs { get; }

    public static FeaturePlan Build(IReadOnlyList<VmafModel> models, IReadOnlyList<FeatureRequest> requests, MotionVariant motion)
    {
        var settings = new List<FeatureSettings>();
        var inputs = new List<string[]>();
        foreach (VmafModel model in models)
        {
            var names = new string[model.Features.Count];
            for (int f = 0; f < names.Length; f++)
            {
                ModelFeature feature = model.Features[f];
                IFeatureExtractor extractor;
                try
                {
                    extractor = FeatureRegistry.ByFeature(feature.Name, motion);
                }
                catch (Contracts.InvalidInputException ex)
                {
                    throw new Contracts.VmafModelException($"model '{model.Source}': feature_names[{f}] '{feature.Name}' is not computed by this engine: {ex.Message}", ex);
                }

                FeatureSettings s;
                try
                {
                    s = Register(settings, FeatureSettings.Create(extractor, feature.Options));
                }
                catch (Contracts.InvalidInputException ex)
                {
                    // The options come from the model file, so a bad one is the model's fault (66), not an argument's (1).
                    throw new Contracts.VmafModelException($"model '{model.Source}': feature_opts_dicts[{f}]: {ex.Message}", ex);
                }

                names[f] = s.FeatureName(feature.Name);
            }

            inputs.Add(names);
        }

        foreach (FeatureRequest request in requests)
        {
            Register(settings, FeatureSettings.Create(FeatureRegistry.ByName(request.Extractor, motion), request.Options));
        }

        return new FeaturePlan(settings, inputs);
    }

    private static FeatureSettings Register(List<FeatureSettings> all, FeatureSettings candidate)
    {
        FeatureSettings? existing = all.Find(s => s.Equals(candidate));
        if (existing is not null)
        {
            return existing;
        }

        all.Add(candidate);
        return candidate;
    }
}
