using System.Text.Json;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Features.FloatAdm;
using VmafRoi.VmafRunner.Engine.Features.FloatMotion;
using VmafRoi.VmafRunner.Engine.Features.FloatVif;
using VmafRoi.VmafRunner.Engine.Model;
using Xunit.Abstractions;

namespace VmafRoi.VmafRunner.Tests.Engine.Features;

/// <summary>The three float extractors together feed the existing SVM code the <c>vmaf_float_v0.6.1</c> inputs.</summary>
public sealed class FloatModelTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(FloatGolden.CaseIds), MemberType = typeof(FloatGolden))]
    public void Vmaf_float_v0_6_1_predicted_from_the_float_features_matches_libvmaf_3_2_0_scalar(string caseId)
    {
        GoldenCase c = GoldenCase.Get(caseId);
        int frames = FloatGolden.FramesFor(c);
        FeatureCollector collector = Extract(c, FloatGolden.RunFramesFor(c));
        VmafModel model = FloatModel();
        var inputs = new double[model.Features.Count];
        for (int frame = 0; frame < frames; frame++)
        {
            for (int f = 0; f < inputs.Length; f++)
            {
                inputs[f] = collector.Get(model.Features[f].Name, frame);
            }

            collector.Append("vmaf", frame, model.Predict(inputs));
        }

        var aliases = new Dictionary<string, string> { ["vmaf"] = "vmaf" };
        (List<string> mismatches, int compared, double maxDiff) = FloatGolden.Compare(FloatGolden.Golden(c), collector, aliases, frames);
        output.WriteLine($"{caseId}: {compared - mismatches.Count}/{compared} vmaf values match (frames 0..{frames - 1}); max |diff| to the printed value {maxDiff:E2}");
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(20)));
    }

    /// <summary>
    /// vmaf_float_v0.6.1 built with the engine's model types directly: the loader refuses it until the float extractors
    /// are registered (issue 15 integration).
    /// </summary>
    internal static VmafModel FloatModel()
    {
        using JsonDocument doc = JsonDocument.Parse(BuiltInModels.ReadText(FloatGolden.Model));
        JsonElement dict = doc.RootElement.GetProperty("model_dict");
        Assert.Equal("linear_rescale", dict.GetProperty("norm_type").GetString());
        string[] names = [.. dict.GetProperty("feature_names").EnumerateArray().Select(e => e.GetString()!)];
        double[] slopes = [.. dict.GetProperty("slopes").EnumerateArray().Select(e => e.GetDouble())];
        double[] intercepts = [.. dict.GetProperty("intercepts").EnumerateArray().Select(e => e.GetDouble())];
        double[] clip = [.. dict.GetProperty("score_clip").EnumerateArray().Select(e => e.GetDouble())];
        SvmModel svm = SvmModel.Parse(dict.GetProperty("model").GetString()!, names.Length, FloatGolden.Model);
        var features = names.Select(n => new ModelFeature(n, new Dictionary<string, object>())).ToList();
        return new VmafModel(FloatGolden.Model, "vmaf", features, ModelNormalization.LinearRescale, slopes, intercepts, (clip[0], clip[1]), null, svm);
    }

    /// <summary>Runs float_adm, float_motion and float_vif as the model registers them (model feature order).</summary>
    internal static FeatureCollector Extract(GoldenCase c, int frames)
    {
        var adm = new FloatAdm(FloatAdmExtractor.ParseOptions(), c.Width, c.Height, c.BitDepth);
        var motion = new FloatMotion(FloatMotionExtractor.ParseOptions(), c.Width, c.Height, c.BitDepth, c.Geometry.Format.Chroma);
        var vif = new FloatVif(FloatVifExtractor.ParseOptions(), c.Width, c.Height, c.BitDepth);
        var collector = new FeatureCollector();
        int index = 0;
        foreach ((byte[] r, byte[] d) in FloatGolden.Frames(c, frames))
        {
            adm.Extract(index, FloatGolden.Plane(c, r, 0), FloatGolden.Plane(c, d, 0), collector);
            motion.Extract(index, FloatGolden.Plane(c, r, 0), collector);
            vif.Extract(index, FloatGolden.Plane(c, r, 0), FloatGolden.Plane(c, d, 0), collector);
            index++;
        }

        motion.Flush(collector);
        return collector;
    }
}
