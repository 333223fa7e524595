using System.Security.Cryptography;
using System.Text.RegularExpressions;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Model;

namespace VmafRoi.VmafRunner.Tests.Engine;

/// <summary>libvmaf's model files are compiled into the engine, so built-in names resolve with nothing installed.</summary>
public sealed partial class BuiltInModelTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> SharedModelNames() => [.. SharedNames()];

    [Fact]
    public void Every_shared_model_file_is_embedded_byte_for_byte_with_the_sha256_its_readme_lists()
    {
        string[] shared = SharedNames();
        Dictionary<string, string> listed = ReadmeHashes();

        Assert.Equal(17, shared.Length);
        Assert.Equal(shared, BuiltInModels.Names);
        foreach (string name in shared)
        {
            using Stream embedded = BuiltInModels.Open(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not embedded");
            string embeddedHash = Convert.ToHexStringLower(SHA256.HashData(embedded));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(SharedData.VmafModelDirectory, name + ".json")))), embeddedHash);
            Assert.Equal(listed[name + ".json"], embeddedHash);
        }
    }

    [Fact]
    public void The_licence_and_attribution_sit_beside_the_embedded_files()
    {
        string folder = Path.Combine(SharedData.RepoRoot, "src", "VmafRoi.VmafRunner", "Models");
        Assert.Equal(File.ReadAllBytes(Path.Combine(SharedData.VmafModelDirectory, "LICENSE")), File.ReadAllBytes(Path.Combine(folder, "LICENSE")));
        string notices = File.ReadAllText(Path.Combine(folder, "THIRD-PARTY-NOTICES.md"));
        Assert.Contains("https://github.com/Netflix/vmaf", notices);
        Assert.Contains("BSD-2-Clause-Patent", notices);
        Assert.Contains("17a67b238ce0539bdeafdc95961abac64fa16ea8", notices);
        Assert.Contains("3f9e02af258a5c0e30124fc585a3c3af90126dee", notices);
        Assert.All(BuiltInModels.Names, name => Assert.Contains($"`{name}.json`", notices));
    }

    [Theory]
    [InlineData("vmaf_v0.6.1", 211)]
    [InlineData("vmaf_v0.6.1neg", 211)]
    [InlineData("vmaf_4k_v0.6.1", 262)]
    [InlineData("vmaf_4k_v0.6.1neg", 262)]
    public void Built_in_names_load_with_no_model_folder_at_all(string name, int supportVectors)
    {
        var locator = new ModelLocator([]);

        VmafModel model = locator.Load(ModelSpec.Parse("version=" + name));

        Assert.Equal(supportVectors, model.Svm.SupportVectorCount);
        Assert.Equal($"built-in {name}", model.Source);
        Assert.Equal(model.Features.Select(f => f.Name), VmafModelLoader.Load(Path.Combine(SharedData.VmafModelDirectory, name + ".json")).Features.Select(f => f.Name));
    }

    [Fact]
    public void A_file_in_a_search_folder_wins_over_the_built_in_model_of_that_name()
    {
        string folder = Directory.CreateDirectory(_temp.File("override")).FullName;
        string file = Path.Combine(folder, "vmaf_v0.6.1.json");
        File.WriteAllText(file, ClippedAt(10));

        VmafModel model = new ModelLocator([folder]).Load(ModelSpec.Default);

        Assert.Equal(file, model.Source);
        Assert.Equal((0.0, 10.0), model.Clip);
    }

    [Fact]
    public void Installed_folders_never_shadow_a_built_in_name_but_serve_other_names()
    {
        string installed = Directory.CreateDirectory(_temp.File("installed")).FullName;
        File.WriteAllText(Path.Combine(installed, "vmaf_v0.6.1.json"), ClippedAt(10));
        File.WriteAllText(Path.Combine(installed, "my_model.json"), ClippedAt(20));
        var locator = new ModelLocator([], [installed]);

        Assert.Equal("built-in vmaf_v0.6.1", locator.Load(ModelSpec.Default).Source);
        Assert.Equal((0.0, 20.0), locator.Load(ModelSpec.Parse("version=my_model")).Clip);
    }

    [Fact]
    public void A_path_never_falls_back_to_the_built_in_model()
    {
        string missing = _temp.File("vmaf_v0.6.1.json");

        var ex = Assert.Throws<VmafModelException>(() => new ModelLocator([]).Load(ModelSpec.Parse("path=" + missing)));

        Assert.Contains(missing, ex.Message);
    }

    [Fact]
    public void Environment_roots_put_VMAF_MODEL_PATH_before_the_built_ins_and_install_folders_after()
    {
        var locator = new ModelLocator(ModelLocator.ModelPathRoots("/a:/b"), ModelLocator.InstallFolders(null));

        Assert.Equal(["/a", "/b"], locator.SearchRoots);
        Assert.Contains("/usr/local/share/vmaf/model", locator.InstalledRoots);
        var ex = Assert.Throws<VmafModelException>(() => locator.Resolve(ModelSpec.Parse("no_such_model")));
        string message = ex.Message;
        Assert.True(message.IndexOf("/a/no_such_model.json", StringComparison.Ordinal) < message.IndexOf("built-in", StringComparison.Ordinal), message);
        Assert.True(message.IndexOf("built-in", StringComparison.Ordinal) < message.IndexOf("/usr/local/share/vmaf/model", StringComparison.Ordinal), message);
        Assert.Contains("vmaf_v0.6.1", message);
    }

    [Theory]
    [MemberData(nameof(SharedModelNames))]
    public void Every_built_in_model_of_libvmaf_3_2_0_loads_with_every_input_computable(string name)
    {
        VmafModel model = new ModelLocator([]).Load(ModelSpec.Parse(name));

        Assert.All(model.Features, f => Assert.Null(FeatureRegistry.WhyNotComputable(f.Name, f.Options)));
    }

    [Theory]
    [InlineData("vmaf_float_v0.6.1")]
    [InlineData("vmaf_float_4k_v0.6.1")]
    public void Float_models_load_now_that_the_float_features_are_registered(string name)
    {
        VmafModel model = new ModelLocator([]).Load(ModelSpec.Parse(name));

        Assert.Contains(model.Features, f => f.Name == "VMAF_feature_adm2_score");
    }

    [Theory]
    [MemberData(nameof(SharedModelNames))]
    public void Every_built_in_name_resolves_to_its_embedded_file(string name)
    {
        ModelSource source = new ModelLocator([]).Resolve(ModelSpec.Parse(name));

        Assert.Equal(name, source.BuiltInName);
        Assert.Null(source.FilePath);
    }

    private static string[] SharedNames() =>
        [.. Directory.GetFiles(SharedData.VmafModelDirectory, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    private static string ClippedAt(double max)
    {
        string text = File.ReadAllText(Path.Combine(SharedData.VmafModelDirectory, "vmaf_v0.6.1.json"));
        int dict = text.IndexOf("\"model_dict\"", StringComparison.Ordinal);
        return text[..dict] + ScoreClip().Replace(text[dict..], $"\"score_clip\": [0.0, {max:R}]", 1);
    }

    private static Dictionary<string, string> ReadmeHashes() =>
        ReadmeRow().Matches(File.ReadAllText(Path.Combine(SharedData.VmafModelDirectory, "README.md")))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

    [GeneratedRegex(@"""score_clip"": \[[^\]]*\]")]
    private static partial Regex ScoreClip();

    [GeneratedRegex(@"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();
}
