using System.Text.RegularExpressions;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.Vmaf;
using VmafRoi.VmafRunner;
using VmafRoi.Yuv;

namespace VmafRoi.Cli.Tests;

/// <summary>dotnet-vmaf takes libvmaf's flags and writes libvmaf's files, run in-process.</summary>
public sealed partial class VmafCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();


    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Libvmaf_short_flags_parse_with_h_meaning_height()
    {
        System.CommandLine.ParseResult parse = VmafCommand.Create(false).Parse(
            ["-r", "ref.yuv", "-d", "dis.yuv", "-w", "576", "-h", "324", "-p", "420", "-b", "10", "-m", "version=vmaf_v0.6.1neg:name=neg", "-m", "path=/m.json:disable_clip", "--json", "-o", "out.json",
             "--threads", "2", "--frame_cnt", "5", "--frame_skip_ref", "1", "--frame_skip_dist", "2", "--subsample", "3", "-q"]);

        Assert.Empty(parse.Errors);
        VmafRunRequest request = VmafCommand.ToRequest(parse);
        Assert.Equal(("ref.yuv", "dis.yuv"), (request.Reference.Path, request.Distorted.Path));
        Assert.Equal((576, 324, "yuv420p10le", InputKind.Raw), (request.Reference.Options.Width!.Value, request.Reference.Options.Height!.Value, request.Reference.Options.Format!.Name, request.Reference.Options.Kind));
        Assert.Equal(("neg", "vmaf_v0.6.1neg"), (request.Models[0].Options.Name, request.Models[0].Spec.Version!));
        Assert.True(request.Models[1].Options.DisableClip);
        Assert.Equal((2, 5, 1, 2, 3), (request.Threads, request.FrameCount!.Value, request.SkipReferenceFrames, request.SkipDistortedFrames, request.Subsample));
    }

    [Fact]
    public void Json_output_of_a_raw_golden_pair_equals_libvmaf_byte_for_byte_but_fps()
    {
        GoldenCase golden = GoldenCase.Get("s14_mandelbrot_576x324_yuv420p10le_x265crf32");
        string output = _temp.File("out.json");

        (int code, _, string stderr) = Run("-r", golden.ReferenceRaw, "-d", golden.DistortedRaw, "-w", "576", "-h", "324", "-p", "420", "-b", "10", "-m", "version=vmaf_v0.6.1", "--json", "-o", output, "-q");

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(WithoutFps(File.ReadAllText(golden.LibvmafOutput("3.0.0", "vmaf_v0.6.1", scalar: true))), WithoutFps(File.ReadAllText(output)));
    }

    [Fact]
    public void Libvmaf_compatible_json_snapshot()
    {
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        var stdout = new StringWriter();

        int code = VmafCommand.Run(["-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "--frame_cnt", "3", "--json", "-o", "-"], stdout, new StringWriter());

        Assert.Equal(ExitCodes.Success, code);
        Snapshot.Verify(WithoutFps(stdout.ToString()));
    }

    [Fact]
    public void Xml_is_the_default_output_format()
    {
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        var stdout = new StringWriter();

        Assert.Equal(ExitCodes.Success, VmafCommand.Run(["-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-o", "-"], stdout, new StringWriter()));

        string xml = stdout.ToString();
        Assert.StartsWith("<VMAF version=\"3.0.0\">\n  <params qualityWidth=\"64\" qualityHeight=\"48\" />\n", xml);
        Assert.Contains("<frame frameNum=\"9\" integer_adm2=", xml);
        Assert.Contains("<metric name=\"vmaf\" min=", xml);
        Assert.EndsWith("</VMAF>\n", xml);
    }

    [Fact]
    public void Summary_goes_to_stderr_only_on_a_terminal()
    {
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        var quiet = new StringWriter();
        var terminal = new StringWriter();

        VmafCommand.Run(["-r", golden.ReferenceMkv, "-d", golden.DistortedMkv], new StringWriter(), quiet, stderrIsTerminal: false);
        VmafCommand.Run(["-r", golden.ReferenceMkv, "-d", golden.DistortedMkv], new StringWriter(), terminal, stderrIsTerminal: true);

        Assert.Empty(quiet.ToString());
        Assert.Matches(@"10 frames [0-9.]+ FPS\nvmaf_v0\.6\.1: 80\.105117\n", terminal.ToString());
    }

    [Fact]
    public void Missing_model_lists_every_place_searched()
    {
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");

        (int code, _, string stderr) = Run("-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "-m", "version=no_such_model");

        Assert.Equal(ExitCodes.ModelInvalid, code);
        Assert.Contains("no_such_model", stderr);
        Assert.Contains("built-in models: vmaf_4k_v0.6.1, ", stderr);
        Assert.Contains("/usr/share/vmaf/model", stderr);
    }

    [Fact]
    public void Incomplete_raw_geometry_is_an_invalid_input()
    {
        (int code, _, string stderr) = Run("-r", "a.yuv", "-d", "b.yuv", "-w", "64", "-h", "48");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("needs all of --width, --height, --pixel_format and --bitdepth", stderr);
    }

    [Fact]
    public void Unsupported_bit_depth_is_named()
    {
        (int code, _, string stderr) = Run("-r", "a.yuv", "-d", "b.yuv", "-w", "64", "-h", "48", "-p", "420", "-b", "9");

        Assert.Equal(ExitCodes.MaskFailed, code);
        Assert.Contains("--bitdepth 9 is not supported", stderr);
    }

    [Fact]
    public void An_output_in_a_missing_folder_fails_before_scoring_and_negative_threads_are_refused()
    {
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        string output = _temp.File("missing/out.json");

        (int code, _, string stderr) = Run("-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "--json", "-o", output);
        (int threads, _, string threadsError) = Run("-r", golden.ReferenceMkv, "-d", golden.DistortedMkv, "--threads", "-3");

        Assert.Equal(ExitCodes.OutputFailed, code);
        Assert.Contains($"cannot write --output '{output}'", stderr);
        Assert.Equal(ExitCodes.InvalidInput, threads);
        Assert.Contains("--threads must be 0 or more, got -3", threadsError);
    }

    [Fact]
    public void Version_flag_prints_the_libvmaf_release_emulated_3_2_0_or_3_0_0_when_asked()
    {
        (int code, string stdout, _) = Run("-v");

        Assert.Equal(ExitCodes.Success, code);
        Assert.StartsWith("VMAF version 3.2.0 (VmafRoi.Sdk managed engine", stdout);
        Assert.StartsWith("VMAF version 3.0.0 (VmafRoi.Sdk managed engine", Run("-v", "--motion-variant", "3.0").Stdout);
    }

    private static string WithoutFps(string json) => FpsLine().Replace(json, "  \"fps\": {scrubbed},");

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = VmafCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [GeneratedRegex("  \"fps\": [^\n]*,")]
    private static partial Regex FpsLine();
}
