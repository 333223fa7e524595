using VmafRoi.Contracts;
using VmafRoi.TestShared;
using static VmafRoi.Cli.Tests.VmafRuns;

namespace VmafRoi.Cli.Tests;

/// <summary>Hostile VMAF models on both commands: exit 66 at load, naming the file and the problem, before any scoring.</summary>
public sealed class ModelInputCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly GoldenCase _golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Dotnet_vmaf_refuses_a_fifo_model_without_blocking()
    {
        string fifo = SpecialFiles.Fifo(_temp.File("model.json"));
        string output = _temp.File("out.json");

        (int code, string stderr) = SpecialFiles.WithinTime(fifo, TimeSpan.FromSeconds(30), () => Run("-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "-m", "path=" + fifo, "--json", "-o", output));

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains($"model '{fifo}' is a pipe (FIFO), not a regular file", stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Vmaf_roi_score_refuses_a_fifo_model_without_blocking()
    {
        string fifo = SpecialFiles.Fifo(_temp.File("model.json"));

        (int code, _, string stderr) = SpecialFiles.WithinTime(fifo, TimeSpan.FromSeconds(30), () => RoiScoreRuns.Run(
            "--reference", _golden.ReferenceMkv, "--distorted", _golden.DistortedMkv, "--synthetic-mask", "0.5", "--engine", "managed", "--model", "path=" + fifo));

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains($"model '{fifo}' is a pipe (FIFO), not a regular file", stderr);
    }

    [Fact]
    public void Dotnet_vmaf_refuses_a_device_as_model()
    {
        string device = SpecialFiles.ZeroDevice(_temp.File("zero.json"));

        (int code, string stderr) = Run("-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "-m", "path=" + device);

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains($"model '{device}' is a character device, not a regular file", stderr);
    }

    [Fact]
    public void A_slope_that_overflows_to_infinity_is_exit_66_not_a_score_of_zero()
    {
        string model = _temp.File("inf-slope.json");
        File.WriteAllText(model, File.ReadAllText(Path.Combine(SharedData.VmafModelDirectory, "vmaf_v0.6.1.json"))
            .Replace("\"slopes\": [\n            0.012020766332648465", "\"slopes\": [\n            1e309", StringComparison.Ordinal));
        Assert.Contains("1e309", File.ReadAllText(model));

        (int code, string stderr) = Run("-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "-m", "path=" + model);

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains($"model '{model}': model_dict.slopes[0] '1e309' is not a finite number", stderr);
    }

    [Fact]
    public void A_nan_svm_gamma_is_exit_66_at_load_not_65_after_the_run()
    {
        string model = _temp.File("nan-gamma.json");
        File.WriteAllText(model, File.ReadAllText(Path.Combine(SharedData.VmafModelDirectory, "vmaf_v0.6.1.json")).Replace("gamma 0.04\\n", "gamma nan\\n", StringComparison.Ordinal));
        string output = _temp.File("out.json");

        (int code, string stderr) = Run("-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "-m", "path=" + model, "--json", "-o", output);

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains($"model '{model}': model_dict.model (libsvm text): gamma 'nan' is not a finite number", stderr);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("version=../x")]
    [InlineData("version=../../shared/vmaf/model/vmaf_v0.6.1")]
    public void Dotnet_vmaf_refuses_a_version_that_is_a_path(string model)
    {
        (int code, string stderr) = Run("-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "-m", model);

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains($"'{model["version=".Length..]}' is not a bare model name", stderr);
    }

    [Fact]
    public void Vmaf_roi_score_refuses_a_version_that_is_a_path()
    {
        (int code, _, string stderr) = RoiScoreRuns.Run(
            "--reference", _golden.ReferenceMkv, "--distorted", _golden.DistortedMkv, "--synthetic-mask", "0.5", "--engine", "managed", "--model", "version=../x");

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains("'../x' is not a bare model name", stderr);
    }

    [Fact]
    public void Dotnet_vmaf_refuses_a_model_naming_a_feature_no_extractor_computes_before_scoring()
    {
        string model = _temp.File("unknown-feature.json");
        File.WriteAllText(model, File.ReadAllText(Path.Combine(SharedData.VmafModelDirectory, "vmaf_v0.6.1.json")).Replace("VMAF_integer_feature_adm2_score", "VMAF_integer_feature_made_up_score", StringComparison.Ordinal));
        string output = _temp.File("out.json");

        (int code, string stderr) = Run("-r", _golden.ReferenceMkv, "-d", _golden.DistortedMkv, "-m", "path=" + model, "--json", "-o", output);

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains("VMAF_integer_feature_made_up_score", stderr);
        Assert.Contains("not computed by this engine", stderr);
        Assert.False(File.Exists(output));
    }
}
