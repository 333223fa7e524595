using System.Text.Json;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.Vmaf;
using VmafRoi.VmafRunner;
using VmafRoi.VmafRunner.Engine.Model;
using VmafRoi.Yuv;
using static VmafRoi.Cli.Tests.VmafRuns;

namespace VmafRoi.Cli.Tests;

/// <summary>dotnet-vmaf runs on golden cases compared with libvmaf's own files: motion variant, Y4M input, model forms.</summary>
public sealed partial class VmafCommandGoldenTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("s11_testsrc2_64x48_x264crf32", "vmaf_v0.6.1")]
    [InlineData("s05_movingbox_cellauto_576x324_x264crf42", "vmaf_v0.6.1")]
    [InlineData("s07_foreman_352x288_x264crf32", "vmaf_v0.6.1neg")]
    [InlineData("s01_testsrc2_576x324_x264crf32", "vmaf_b_v0.6.3")]
    [InlineData("s17_identical_testsrc2noise_576x324", "vmaf_b_v0.6.3")]
    public void Motion_variant_3_2_json_equals_libvmaf_3_2_0_but_fps(string caseId, string model)
    {
        GoldenCase golden = GoldenCase.Get(caseId);
        string output = _temp.File("out.json");

        (int code, string stderr) = Run("--motion-variant", "3.2", "-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-m", $"version={model}", "--json", "-o", output);

        Assert.True(code == ExitCodes.Success, stderr);
        string expected = File.ReadAllText(golden.LibvmafOutput("3.2.0", model, scalar: true));
        Assert.Equal(WithoutFps(expected), WithoutFps(File.ReadAllText(output)));
    }

    [Fact]
    public void Y4m_inputs_score_every_frame_like_libvmaf_3_0_0()
    {
        GoldenCase golden = GoldenCase.Get("s14_mandelbrot_576x324_yuv420p10le_x265crf32");
        string reference = ToY4m(golden.ReferenceRaw, golden.Geometry, "ref.y4m");
        string distorted = ToY4m(golden.DistortedRaw, golden.Geometry, "dis.y4m");
        string output = _temp.File("out.json");

        (int code, string stderr) = Run("-r", reference, "-d", distorted, "--json", "-o", output);

        Assert.True(code == ExitCodes.Success, stderr);
        string expected = File.ReadAllText(golden.LibvmafOutput("3.0.0", "vmaf_v0.6.1", scalar: true));
        Assert.Equal(golden.Frames, FrameVmafTexts(expected).Count);
        Assert.Equal(FrameVmafTexts(expected), FrameVmafTexts(File.ReadAllText(output)));
        Assert.Equal(WithoutFps(expected), WithoutFps(File.ReadAllText(output)));
    }

    [Fact]
    public void A_plain_model_name_means_version_and_scores_like_libvmaf()
    {
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        string output = _temp.File("out.json");

        (int code, string stderr) = Run("-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-m", "vmaf_v0.6.1", "--json", "-o", output);

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(WithoutFps(File.ReadAllText(golden.LibvmafOutput("3.0.0", "vmaf_v0.6.1", scalar: true))), WithoutFps(File.ReadAllText(output)));
    }

    [Fact]
    public void A_json_file_given_bare_means_path_and_scores_like_libvmaf()
    {
        GoldenCase golden = GoldenCase.Get("s14_mandelbrot_576x324_yuv420p10le_x265crf32");
        string model = Path.Combine(SharedData.VmafModelDirectory, "vmaf_v0.6.1neg.json");
        string output = _temp.File("out.json");

        (int code, string stderr) = Run("-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-m", model, "--json", "-o", output);

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(WithoutFps(File.ReadAllText(golden.LibvmafOutput("3.0.0", "vmaf_v0.6.1neg", scalar: true))), WithoutFps(File.ReadAllText(output)));
    }

    [Fact]
    public void Bare_model_forms_parse_like_their_key_value_forms_and_keep_trailing_options()
    {
        ModelRequest name = ModelRequest.Parse("vmaf_v0.6.1neg:name=neg:disable_clip");
        ModelRequest json = ModelRequest.Parse("models/custom.json:enable_transform");
        ModelRequest keyed = ModelRequest.Parse("version=vmaf_v0.6.1:name=v");

        Assert.Equal(("vmaf_v0.6.1neg", "neg", true), (name.Spec.Version!, name.Options.Name, name.Options.DisableClip));
        Assert.Equal(("models/custom.json", true), (json.Spec.FilePath!, json.Options.EnableTransform));
        Assert.Equal(("vmaf_v0.6.1", "v"), (keyed.Spec.Version!, keyed.Options.Name));
        Assert.Throws<VmafModelException>(() => ModelRequest.Parse("name=x:vmaf_v0.6.1"));
    }

    [Fact]
    public void An_unknown_plain_model_name_lists_every_place_searched()
    {
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");

        (int code, string stderr) = Run("-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-m", "no_such_model");

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains("VMAF model 'no_such_model' was not found", stderr);
        ModelLocator locator = ModelLocator.FromEnvironment();
        Assert.All([.. locator.SearchRoots, .. locator.InstalledRoots], root => Assert.Contains(root, stderr));
    }

    [Fact]
    public void A_missing_json_file_given_bare_is_named_as_a_model_file()
    {
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        string missing = _temp.File("missing.json");

        (int code, string stderr) = Run("-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-m", missing);

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains(missing, stderr);
        Assert.DoesNotContain("not supported", stderr);
    }

    private string ToY4m(string raw, FrameGeometry geometry, string name)
    {
        string path = _temp.File(name);
        using FrameSource source = FrameReader.Open(raw, geometry);
        using FrameWriter writer = FrameWriter.CreateY4m(path, geometry);
        using var frame = new YuvFrame(geometry);
        while (source.ReadFrame(frame))
        {
            writer.Write(frame);
        }

        writer.Complete();
        return path;
    }

    // The per-frame "vmaf" number as printed, for each frame in order.
    private static List<string> FrameVmafTexts(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("metrics").GetProperty("vmaf").GetRawText()).ToList();
    }

}
