using System.Text.Json;
using System.Text.RegularExpressions;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using static VmafRoi.Cli.Tests.VmafRuns;

namespace VmafRoi.Cli.Tests;

/// <summary>Tests that change the process-wide VMAF_MODEL_PATH run alone, after every parallel collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ModelEnvironmentCollection
{
    public const string Name = "VMAF_MODEL_PATH";
}

/// <summary>Built-in models need nothing installed; a folder on VMAF_MODEL_PATH still wins over them.</summary>
[Collection(ModelEnvironmentCollection.Name)]
public sealed partial class ModelEnvironmentTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string? _saved = Environment.GetEnvironmentVariable("VMAF_MODEL_PATH");
    private readonly GoldenCase _golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");

    public ModelEnvironmentTests()
    {
        Environment.SetEnvironmentVariable("VMAF_MODEL_PATH", null);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("VMAF_MODEL_PATH", _saved);
        _temp.Dispose();
    }

    [Theory]
    [InlineData()]
    [InlineData("-m", "version=vmaf_v0.6.1")]
    [InlineData("-m", "vmaf_v0.6.1")]
    public void Dotnet_vmaf_scores_with_the_built_in_model_when_nothing_is_installed(params string[] model)
    {
        string output = _temp.File("out.json");

        (int code, string stderr) = Run(["-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, .. model, "--json", "-o", output]);

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(WithoutFps(File.ReadAllText(_golden.LibvmafOutput("3.0.0", "vmaf_v0.6.1", scalar: true))), WithoutFps(File.ReadAllText(output)));
    }

    [Fact]
    public void Vmaf_roi_score_on_the_managed_engine_needs_no_model_folder()
    {
        RoiScoreResult result = RoiScoreRuns.Score("--reference", _golden.ReferenceMkv, "--distorted", _golden.DistortedMkv, "--synthetic-mask", "1", "--engine", "managed");

        Assert.Equal(LibvmafPooledMean(), result.VmafFull, 6);
        Assert.Equal("vmaf_v0.6.1", result.Model);
    }

    [Fact]
    public void A_model_file_on_VMAF_MODEL_PATH_wins_over_the_built_in_model_of_that_name()
    {
        string folder = Directory.CreateDirectory(_temp.File("models")).FullName;
        string text = File.ReadAllText(Path.Combine(SharedData.VmafModelDirectory, "vmaf_v0.6.1.json"));
        int dict = text.IndexOf("\"model_dict\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "vmaf_v0.6.1.json"), text[..dict] + ScoreClip().Replace(text[dict..], "\"score_clip\": [0.0, 10.0]", 1));
        Environment.SetEnvironmentVariable("VMAF_MODEL_PATH", folder);
        string output = _temp.File("out.json");

        (int code, string stderr) = Run("-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "--json", "-o", output);
        RoiScoreResult roi = RoiScoreRuns.Score("--reference", _golden.ReferenceMkv, "--distorted", _golden.DistortedMkv, "--synthetic-mask", "1", "--engine", "managed");

        Assert.True(code == ExitCodes.Success, stderr);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(10.0, doc.RootElement.GetProperty("pooled_metrics").GetProperty("vmaf").GetProperty("max").GetDouble());
        Assert.Equal(10.0, roi.VmafFull);
    }

    [Fact]
    public void An_unknown_name_lists_VMAF_MODEL_PATH_then_the_built_in_names_then_the_install_folders()
    {
        string folder = _temp.File("models");
        Environment.SetEnvironmentVariable("VMAF_MODEL_PATH", folder);

        (int code, string stderr) = Run("-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "-m", "version=no_such_model");

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains(Path.Combine(folder, "no_such_model.json"), stderr);
        Assert.Contains("built-in models: vmaf_4k_v0.6.1, ", stderr);
        Assert.Contains("/usr/share/vmaf/model/no_such_model.json", stderr);
    }

    private double LibvmafPooledMean()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(_golden.LibvmafOutput("3.0.0", "vmaf_v0.6.1", scalar: true)));
        return doc.RootElement.GetProperty("pooled_metrics").GetProperty("vmaf").GetProperty("mean").GetDouble();
    }

    [GeneratedRegex(@"""score_clip"": \[[^\]]*\]")]
    private static partial Regex ScoreClip();
}
