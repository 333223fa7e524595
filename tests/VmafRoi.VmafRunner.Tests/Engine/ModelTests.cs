using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Model;

namespace VmafRoi.VmafRunner.Tests.Engine;

public sealed class ModelTests
{
    private static string ModelFile(string name) => Path.Combine(SharedData.VmafModelDirectory, name + ".json");

    [Fact]
    public void Vmaf_v0_6_1_loads_with_its_documented_parameters()
    {
        VmafModel m = VmafModelLoader.Load(ModelFile("vmaf_v0.6.1"));
        Assert.Equal(
            ["VMAF_integer_feature_adm2_score", "VMAF_integer_feature_motion2_score", "VMAF_integer_feature_vif_scale0_score",
             "VMAF_integer_feature_vif_scale1_score", "VMAF_integer_feature_vif_scale2_score", "VMAF_integer_feature_vif_scale3_score"],
            m.Features.Select(f => f.Name));
        Assert.Equal(ModelNormalization.LinearRescale, m.Normalization);
        Assert.Equal(0.012020766332648465, m.Slopes[0]);
        Assert.Equal(-1.083428597549764, m.Intercepts[6]);
        Assert.Equal((0.0, 100.0), m.Clip);
        Assert.Null(m.Transform);
        Assert.Equal(211, m.Svm.SupportVectorCount);
        Assert.Equal(0.04, m.Svm.Gamma);
        Assert.Equal(-1.33133, m.Svm.Rho);
        Assert.All(m.Features, f => Assert.Empty(f.Options));
    }

    [Fact]
    public void Neg_model_carries_the_gain_limits_and_4k_model_its_own_svm()
    {
        VmafModel neg = VmafModelLoader.Load(ModelFile("vmaf_v0.6.1neg"));
        Assert.Equal(1.0, neg.Features[0].Options["adm_enhn_gain_limit"]);
        Assert.Empty(neg.Features[1].Options);
        Assert.Equal(1.0, neg.Features[5].Options["vif_enhn_gain_limit"]);
        VmafModel k4 = VmafModelLoader.Load(ModelFile("vmaf_4k_v0.6.1"));
        Assert.Equal(262, k4.Svm.SupportVectorCount);
        Assert.Equal(-2.30449, k4.Svm.Rho);
    }

    [Fact]
    public void Score_transform_applies_only_when_enabled_and_clip_can_be_disabled()
    {
        VmafModel plain = VmafModelLoader.Load(ModelFile("vmaf_v0.6.1"));
        VmafModel transformed = VmafModelLoader.Load(ModelFile("vmaf_v0.6.1"), new VmafModelOptions { EnableTransform = true });
        VmafModel unclipped = VmafModelLoader.Load(ModelFile("vmaf_v0.6.1"), new VmafModelOptions { DisableClip = true });
        Assert.NotNull(transformed.Transform);
        double[] enhanced = [1.3, 20.0, 1.2, 1.2, 1.2, 1.2];
        double[] poor = [0.5, 10.0, 0.1, 0.3, 0.4, 0.5];
        Assert.True(unclipped.Predict(enhanced) > 100.0, $"{unclipped.Predict(enhanced)}");
        Assert.Equal(100.0, plain.Predict(enhanced));
        Assert.Equal(Math.Clamp(unclipped.Predict(poor), 0, 100), plain.Predict(poor));
        double x = unclipped.Predict(poor);
        double expected = Math.Clamp(Math.Max(1.70674692 + (1.72643844 * x) + (-0.00705305 * x * x), x), 0, 100);
        Assert.Equal(expected, transformed.Predict(poor));
    }

    [Fact]
    public void Svr_prediction_follows_the_dense_libsvm_loop()
    {
        VmafModel m = VmafModelLoader.Load(ModelFile("vmaf_v0.6.1"));
        double[] f = [0.96208391490299072, 0.0, 0.50571197271347046, 0.87906116247177124, 0.9378732442855835, 0.96430087089538574];

        // §9.2 frame 0: the spec's full-precision value for these features.
        Assert.Equal(83.856284000421454, m.Predict(f));
    }

    [Fact]
    public void Install_folders_are_beside_the_vmaf_binary_then_system_folders()
    {
        string temp = Path.Combine(Path.GetTempPath(), $"vmaf-locator-{Guid.NewGuid():N}");
        string bin = Path.Combine(temp, "bin");
        Directory.CreateDirectory(bin);
        try
        {
            File.WriteAllText(Path.Combine(bin, "vmaf"), string.Empty);
            Assert.Equal(["/a", "/b"], ModelLocator.ModelPathRoots($"/a:/b{Path.PathSeparator}"));
            IReadOnlyList<string> roots = ModelLocator.InstallFolders($"/nowhere{Path.PathSeparator}{bin}");
            Assert.Equal(bin, roots[0]);
            Assert.Equal(Path.Combine(bin, "model"), roots[1]);
            Assert.Equal(Path.GetFullPath(Path.Combine(temp, "share", "vmaf", "model")), roots[2]);
            Assert.Equal("/usr/local/share/vmaf/model", roots[3]);
            Assert.Equal("/usr/share/vmaf/model", roots[4]);
            Assert.EndsWith(Path.Combine(".local", "share", "vmaf", "model"), roots[5]);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public void Locator_resolves_names_and_paths()
    {
        var locator = new ModelLocator(["/does/not/exist", SharedData.VmafModelDirectory]);
        Assert.Equal(ModelFile("vmaf_4k_v0.6.1"), locator.Resolve(VmafRoi.VmafRunner.ModelSpec.Parse("version=vmaf_4k_v0.6.1")).FilePath);
        Assert.Equal(ModelFile("vmaf_v0.6.1neg"), locator.Resolve(VmafRoi.VmafRunner.ModelSpec.Parse(ModelFile("vmaf_v0.6.1neg"))).FilePath);
        Assert.Equal("vmaf_x", locator.Load(VmafRoi.VmafRunner.ModelSpec.Default, new VmafModelOptions { Name = "vmaf_x" }).Name);
    }
}
