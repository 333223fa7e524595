using System.Text.RegularExpressions;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using static VmafRoi.Cli.Tests.VmafRuns;

namespace VmafRoi.Cli.Tests;

/// <summary><c>dotnet-vmaf -m</c> with libvmaf 3.2.0's models, whole files against the golden set and the reference CLI's own files.</summary>
public sealed partial class VmafCommandModelGoldenTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("s15_testsrc2_384x216_yuv420p12le_x265crf30", "vmaf_v1.0.16_3d0h")]
    [InlineData("s16_gradients_320x240_yuv420p16le_bicubic_half", "vmaf_v1.0.16_3d0h")]
    [InlineData("s07_foreman_352x288_x264crf32", "vmaf_v1.0.16_hfr_3d0h")]
    [InlineData("s12_gradients_720x480_yuv422p_x264crf32", "vmaf_v1.0.16_hfr_3d0h")]
    public void V1_0_16_models_write_libvmaf_3_2_0_s_golden_json_but_fps_without_asking_for_3_2(string caseId, string model)
    {
        // s16 exercises the chroma correction (SpEED-chroma exactly 0 on flat chroma), s07 and s12 the HFR motion options.
        GoldenCase golden = GoldenCase.Get(caseId);
        string output = _temp.File("out.json");

        (int code, string stderr) = Run("-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-m", "version=" + model, "--threads", "2", "--json", "-o", output);

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(WithoutFps(File.ReadAllText(golden.LibvmafOutput("3.2.0", model, scalar: true))), WithoutFps(File.ReadAllText(output)));
    }

    [Fact]
    public void V1_0_16_on_1080p_matches_the_golden_frames_it_scores()
    {
        GoldenCase golden = GoldenCase.Get("s09_smptehdbars_noise_1920x1080_x264crf32");
        string output = _temp.File("out.json");

        (int code, string stderr) = Run("-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-m", "version=vmaf_v1.0.16_3d0h", "--frame_cnt", "3", "--json", "-o", output);

        // Three frames scored, two compared: motion2/motion3 of the last frame scored depend on where the run ends.
        Assert.True(code == ExitCodes.Success, stderr);
        string expected = File.ReadAllText(golden.LibvmafOutput("3.2.0", "vmaf_v1.0.16_3d0h", scalar: true));
        Assert.Equal(FramesUpTo(expected, 2), FramesUpTo(File.ReadAllText(output), 2));
    }

    [Theory]
    [InlineData("vmaf_v1.0.16_3d0h", "xml", "")]
    [InlineData("vmaf_v1.0.16_3d0h", "csv", "")]
    [InlineData("vmaf_b_v0.6.3", "xml", "3.2")]
    [InlineData("vmaf_b_v0.6.3", "csv", "3.2")]
    [InlineData("vmaf_float_b_v0.6.3", "json", "")]
    [InlineData("vmaf_float_b_v0.6.3", "xml", "")]
    [InlineData("vmaf_float_b_v0.6.3", "csv", "")]
    public void Models_write_json_xml_and_csv_as_the_libvmaf_3_2_0_cli_does_bootstrap_ci_keys_included(string model, string format, string version)
    {
        GoldenCase golden = GoldenCase.Get("s15_testsrc2_384x216_yuv420p12le_x265crf30");
        string output = _temp.File("out." + format);
        string[] variant = version.Length > 0 ? ["--motion-variant", version] : [];

        (int code, string stderr) = Run(["-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-m", "version=" + model, .. variant, "--frame_cnt", "4", "--" + format, "-o", output]);

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(Scrub(File.ReadAllText(DataFile($"s15-{model}.{format}"))), Scrub(File.ReadAllText(output)));
    }

    [Fact]
    public void Vmaf_b_v0_6_3_keeps_libvmaf_3_0_0_output_unless_3_2_is_asked_for()
    {
        GoldenCase golden = GoldenCase.Get("s17_identical_testsrc2noise_576x324");
        string plain = _temp.File("plain.json"), v32 = _temp.File("v32.json");

        Assert.Equal(ExitCodes.Success, Run("-r", golden.ReferenceMkv, "-d", golden.ReferenceMkv, "-m", "version=vmaf_b_v0.6.3", "--frame_cnt", "3", "--json", "-o", plain).Code);
        Assert.Equal(ExitCodes.Success, Run("-r", golden.ReferenceMkv, "-d", golden.ReferenceMkv, "-m", "version=vmaf_b_v0.6.3", "--motion-variant", "3.2", "--json", "-o", v32).Code);

        string text = File.ReadAllText(plain);
        Assert.Contains("\"version\": \"3.0.0\"", text);
        Assert.Contains("\"vmaf_ci_p95_hi\"", text);
        Assert.DoesNotContain("integer_aim", text);
        Assert.Equal(WithoutFps(File.ReadAllText(golden.LibvmafOutput("3.2.0", "vmaf_b_v0.6.3", scalar: true))), WithoutFps(File.ReadAllText(v32)));
    }

    [Fact]
    public void A_v1_0_16_model_under_an_explicit_3_0_is_a_model_error_naming_why()
    {
        GoldenCase golden = GoldenCase.Get("s15_testsrc2_384x216_yuv420p12le_x265crf30");
        string output = _temp.File("out.json");

        (int code, string stderr) = Run("-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-m", "version=vmaf_v1.0.16_3d0h", "--motion-variant", "3.0", "--json", "-o", output);

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains("exists only in libvmaf 3.2.0", stderr);
        Assert.Contains("VMAF_integer_feature_adm3_score", stderr);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("vmaf_v1.0.16_3d0h")]
    [InlineData("vmaf_v1.0.16_hfr_3d0h")]
    public void V1_0_16_on_a_frame_libvmaf_s_cambi_refuses_exits_with_the_invalid_input_code_and_writes_nothing(string model)
    {
        // libvmaf 3.2.0 fails here too (exit 234, "problem reading pictures"): CAMBI needs 216 px in one dimension.
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        string output = _temp.File("out.json");

        (int code, string stderr) = Run("-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-m", "version=" + model, "--json", "-o", output);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("cambi: frame 64x48 is too small; libvmaf's CAMBI needs a processing width or height of at least 216", stderr);
        Assert.False(File.Exists(output));
    }

    // Raw JSON text of the first frames: numbers exactly as printed.
    private static string[] FramesUpTo(string json, int frames)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("frames").EnumerateArray().Take(frames).Select(f => f.GetRawText())];
    }

    private static string DataFile(string name) =>
        Path.Combine(SharedData.RepoRoot, "tests", "VmafRoi.VmafRunner.Tests", "Engine", "Features", "Data", name);

    private static string Scrub(string text) => XmlFps().Replace(WithoutFps(text), "<fyi fps=\"{scrubbed}\" />");

    [GeneratedRegex("<fyi fps=\"[^\"]*\" />")]
    private static partial Regex XmlFps();
}
