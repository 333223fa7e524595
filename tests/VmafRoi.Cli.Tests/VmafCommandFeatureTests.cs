using System.Text.RegularExpressions;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.Vmaf;
using VmafRoi.VmafRunner.Engine;
using static VmafRoi.Cli.Tests.VmafRuns;

namespace VmafRoi.Cli.Tests;

/// <summary><c>dotnet-vmaf --feature</c> with libvmaf 3.2.0's extra extractors, against files libvmaf's own CLI wrote.</summary>
public sealed partial class VmafCommandFeatureTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("--json", "json")]
    [InlineData("--xml", "xml")]
    [InlineData("--csv", "csv")]
    public void Feature_flags_write_what_libvmaf_3_2_0_writes_but_fps(string flag, string extension)
    {
        GoldenCase golden = GoldenCase.Get("s15_testsrc2_384x216_yuv420p12le_x265crf30");
        string output = _temp.File("out." + extension);

        (int code, string stderr) = Run(
            "-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "--feature", "psnr=enable_apsnr=true", "--feature", "float_ssim", "--feature", "cambi",
            "-n", "--frame_cnt", "6", flag, "-o", output);

        Assert.True(code == ExitCodes.Success, stderr);
        string expected = File.ReadAllText(DataFile("s15-psnr-ssim-cambi." + extension));
        Assert.Equal(Scrub(expected), Scrub(File.ReadAllText(output)));
    }

    [Fact]
    public void The_float_model_and_suffixed_features_write_libvmaf_3_2_0_json_but_fps()
    {
        GoldenCase golden = GoldenCase.Get("s15_testsrc2_384x216_yuv420p12le_x265crf30");
        string output = _temp.File("out.json");

        (int code, string stderr) = Run(
            "-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-m", "version=vmaf_float_v0.6.1", "--feature", "float_adm=adm_enhn_gain_limit=1.2",
            "--feature", "cambi=cambi_max_val=17:cambi_vis_lum_threshold=0.06", "--frame_cnt", "6", "--threads", "2", "--json", "-o", output);

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(WithoutFps(File.ReadAllText(DataFile("s15-float-model.json"))), WithoutFps(File.ReadAllText(output)));
    }

    [Fact]
    public void A_feature_libvmaf_refuses_exits_with_the_invalid_input_code_and_writes_nothing()
    {
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        string output = _temp.File("out.json");

        (int code, string stderr) = Run("-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "--feature", "float_ms_ssim", "-n", "--json", "-o", output);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("float_ms_ssim", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Feature_option_numbers_reach_the_extractor_as_libvmaf_rewrites_them()
    {
        FeatureRequest request = VmafCommand.ParseFeature("float_vif=vif_sigma_nsq=0.1234567:vif_enhn_gain_limit=17.0:debug=true");

        Assert.Equal("float_vif", request.Extractor);
        Assert.Equal(0.123457, (double)request.Options!["vif_sigma_nsq"]);
        Assert.Equal(17.0, (double)request.Options["vif_enhn_gain_limit"]);
        Assert.Equal(true, request.Options["debug"]);
    }

    private static string DataFile(string name) =>
        Path.Combine(SharedData.RepoRoot, "tests", "VmafRoi.VmafRunner.Tests", "Engine", "Features", "Data", name);

    private static string Scrub(string text) => XmlFps().Replace(WithoutFps(text), "<fyi fps=\"{scrubbed}\" />");

    [GeneratedRegex("<fyi fps=\"[^\"]*\" />")]
    private static partial Regex XmlFps();
}
