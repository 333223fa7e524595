using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.VmafRunner.Engine.Model;

namespace VmafRoi.VmafRunner.Tests.Engine;

/// <summary>Model files a hostile or careless user might give: special files, huge files, non-finite numbers, paths as versions.</summary>
public sealed class HostileModelTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_fifo_as_model_is_refused_naming_it_without_blocking()
    {
        string fifo = SpecialFiles.Fifo(_temp.File("model.json"));

        var ex = SpecialFiles.WithinTime(fifo, TimeSpan.FromSeconds(20), () => Assert.Throws<VmafModelException>(() => VmafModelLoader.Load(fifo)));

        Assert.Contains(fifo, ex.Message);
        Assert.Contains("is a pipe (FIFO), not a regular file", ex.Message);
    }

    [Fact]
    public void A_character_device_as_model_is_refused_before_reading_it()
    {
        string device = SpecialFiles.ZeroDevice(_temp.File("zero.json"));

        var ex = Assert.Throws<VmafModelException>(() => VmafModelLoader.Load(device));

        Assert.Contains(device, ex.Message);
        Assert.Contains("is a character device, not a regular file", ex.Message);
    }

    [Fact]
    public void A_directory_as_model_is_refused_naming_it()
    {
        string folder = Directory.CreateDirectory(_temp.File("model.json")).FullName;

        var ex = Assert.Throws<VmafModelException>(() => new ModelLocator([]).Load(ModelSpec.Parse("path=" + folder)));

        Assert.Contains(folder, ex.Message);
        Assert.Contains("is a directory, not a regular file", ex.Message);
    }

    [Fact]
    public void A_model_over_the_64_MiB_cap_is_refused_before_reading_it()
    {
        string path = _temp.File("huge.json");
        using (var file = new FileStream(path, FileMode.CreateNew))
        {
            file.SetLength((64L * 1024 * 1024) + 1); // sparse: no disk used
        }

        var ex = Assert.Throws<VmafModelException>(() => VmafModelLoader.Load(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("67108865 bytes", ex.Message);
        Assert.Contains("64 MiB", ex.Message);
    }

    [Theory]
    [InlineData("slope", "model_dict.slopes[0]", "1e309")]
    [InlineData("intercept", "model_dict.intercepts[0]", "-1e309")]
    [InlineData("clip", "model_dict.score_clip[0]", "1e400")]
    [InlineData("transform", "model_dict.score_transform.p0", "1e309")]
    [InlineData("gamma", "gamma", "nan")]
    [InlineData("rho", "rho", "inf")]
    [InlineData("coefficient", "support vector 1 coefficient", "NaN")]
    [InlineData("vector", "support vector 1 value", "1e999")]
    [InlineData("option", "model_dict.feature_opts_dicts[0].adm_enhn_gain_limit", "1e309")]
    public void Every_number_in_a_model_must_be_finite_at_load(string where, string field, string value)
    {
        string path = _temp.File($"{where}.json");
        File.WriteAllText(path, ModelText.Mutate(where, value));

        var ex = Assert.Throws<VmafModelException>(() => VmafModelLoader.Load(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains(field, ex.Message);
        Assert.Contains("not a finite number", ex.Message);
    }

    [Fact]
    public void A_zero_output_slope_is_refused_as_it_divides_every_score_by_zero()
    {
        string path = _temp.File("zero-slope.json");
        File.WriteAllText(path, ModelText.Mutate("slope", "0.0"));

        var ex = Assert.Throws<VmafModelException>(() => VmafModelLoader.Load(path));

        Assert.Contains("model_dict.slopes[0] is 0", ex.Message);
    }

    [Theory]
    [InlineData("\"adm_bogus\": 1.0", "has no option 'adm_bogus'")]
    [InlineData("\"adm_enhn_gain_limit\": 0.5", "adm_enhn_gain_limit")]
    public void A_bad_extractor_option_in_a_model_is_a_model_error_at_load(string option, string expected)
    {
        string path = _temp.File("bad-option.json");
        string text = File.ReadAllText(Path.Combine(SharedData.VmafModelDirectory, "vmaf_v0.6.1neg.json"));
        File.WriteAllText(path, text.Replace("\"adm_enhn_gain_limit\": 1.0", option, StringComparison.Ordinal));

        var ex = Assert.Throws<VmafModelException>(() => VmafModelLoader.Load(path));

        Assert.Contains($"model '{path}'", ex.Message);
        Assert.Contains("feature_opts_dicts[0]", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("version=../x")]
    [InlineData("version=../../etc/passwd")]
    [InlineData("version=models/vmaf_v0.6.1")]
    [InlineData("version=/tmp/vmaf_v0.6.1")]
    [InlineData("version=..")]
    [InlineData("version=a\\b")]
    [InlineData("..")]
    public void A_version_is_a_bare_name_never_a_path(string text)
    {
        var ex = Assert.Throws<VmafModelException>(() => ModelSpec.Parse(text));

        Assert.Contains("is not a bare model name", ex.Message);
        Assert.Contains("path=", ex.Message);
    }

    [Fact]
    public void A_version_cannot_reach_a_file_outside_the_search_folders()
    {
        string root = Directory.CreateDirectory(_temp.File("models")).FullName;
        File.Copy(Path.Combine(SharedData.VmafModelDirectory, "vmaf_v0.6.1.json"), _temp.File("outside.json"));

        Assert.Throws<VmafModelException>(() => new ModelLocator([root]).Load(ModelRequest.Parse("version=../outside").Spec));
    }
}

/// <summary>libvmaf's default model text with one value replaced.</summary>
internal static class ModelText
{
    public static string Mutate(string where, string value)
    {
        string text = File.ReadAllText(Path.Combine(SharedData.VmafModelDirectory, where == "option" ? "vmaf_v0.6.1neg.json" : "vmaf_v0.6.1.json"));
        return where switch
        {
            "slope" => InModelDict(text, "\"slopes\": [", value),
            "intercept" => InModelDict(text, "\"intercepts\": [", value),
            "clip" => InModelDict(text, "\"score_clip\": [", value),
            "transform" => InModelDict(text, "\"p0\": ", value),
            "gamma" => Swap(text, "gamma 0.04\\n", $"gamma {value}\\n"),
            "rho" => Swap(text, "rho -1.33133\\n", $"rho {value}\\n"),
            "coefficient" => Swap(text, "SV\\n-4 1:", $"SV\\n{value} 1:"),
            "vector" => Swap(text, "SV\\n-4 1:0.65734273", $"SV\\n-4 1:{value}"),
            "option" => Swap(text, "\"adm_enhn_gain_limit\": 1.0", $"\"adm_enhn_gain_limit\": {value}"),
            _ => throw new ArgumentOutOfRangeException(nameof(where)),
        };
    }

    // Replaces the first number after `key` inside model_dict (param_dict repeats some keys; libvmaf reads only model_dict).
    private static string InModelDict(string text, string key, string value)
    {
        int dict = text.IndexOf("\"model_dict\"", StringComparison.Ordinal);
        int at = text.IndexOf(key, dict, StringComparison.Ordinal) + key.Length;
        while (char.IsWhiteSpace(text[at]))
        {
            at++;
        }

        int end = text.IndexOfAny([',', ']', '\n', '}'], at);
        return text[..at] + value + text[end..];
    }

    private static string Swap(string text, string from, string to)
    {
        Assert.Contains(from, text);
        return text.Replace(from, to, StringComparison.Ordinal);
    }
}
