using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.RoiScore;
using VmafRoi.VmafRunner;
using VmafRoi.Yuv;
using static VmafRoi.Cli.Tests.RoiScoreRuns;

namespace VmafRoi.Cli.Tests;

/// <summary>Parsing, validation messages and exit codes of vmaf-roi-score, run in-process.</summary>
public sealed class RoiScoreCommandTests : IDisposable
{
    private static readonly FrameGeometry Small = YuvFormat.Parse("yuv420p").WithSize(64, 48);
    private readonly TempFolder _temp = new();
    private readonly string _reference;
    private readonly string _distorted;

    public RoiScoreCommandTests()
    {
        _reference = _temp.RawClip("ref.yuv", Small, 2, seed: 1);
        _distorted = _temp.RawClip("dis.yuv", Small, 2, seed: 2);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_flag_has_the_seed_default()
    {
        ParseResultFor("--reference", "r", "--distorted", "d", "--synthetic-mask", "0.5", out var request);

        Assert.Equal(0.5, request.Weight);
        Assert.Equal(0.3, request.Threshold);
        Assert.Equal(0.1, request.Fade);
        Assert.Equal("vmaf_v0.6.1", request.Model);
        Assert.Equal("vmaf", request.Routes.VmafBinary);
        Assert.Equal(VmafEngineKind.Auto, request.Engine);
        Assert.Null(request.PixFmt);
        Assert.Null(request.SaliencyModel);
        Assert.Equal(0.5, request.SyntheticMask);
    }

    [Fact]
    public void Every_flag_parses_into_the_request()
    {
        ParseResultFor(
            out var request,
            "--reference", "r.yuv", "--distorted", "d.yuv", "--width", "1920", "--height", "1080", "--pix-fmt", "yuv420p10le",
            "--saliency-model", "m.onnx", "--weight", "0.7", "--threshold", "0.2", "--fade", "0", "--model", "vmaf_4k_v0.6.1",
            "--vmaf-bin", "/opt/vmaf", "--engine", "managed", "--threads", "2", "--output", "o.json");

        Assert.Equal(("r.yuv", "d.yuv", 1920, 1080, "yuv420p10le"), (request.Reference, request.Distorted, request.Width!.Value, request.Height!.Value, request.PixFmt!));
        Assert.Equal(("m.onnx", 0.7, 0.2, 0.0), (request.SaliencyModel!, request.Weight, request.Threshold, request.Fade));
        Assert.Equal(("vmaf_4k_v0.6.1", "/opt/vmaf", VmafEngineKind.Managed, 2), (request.Model, request.Routes.VmafBinary, request.Engine, request.Threads));
    }

    [Theory]
    [InlineData("--weight", "abc")]
    [InlineData("--engine", "gpu")]
    [InlineData("--width", "wide")]
    [InlineData("--no-such-flag", "1")]
    public void Bad_flag_syntax_is_a_usage_error(string flag, string value)
    {
        (int code, _, string stderr) = Run("--reference", _reference, "--distorted", _distorted, "--synthetic-mask", "0.5", flag, value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("vmaf-roi-score: ", stderr);
    }

    [Fact]
    public void Missing_required_flag_is_a_usage_error()
    {
        (int code, _, string stderr) = Run("--distorted", _distorted, "--synthetic-mask", "0.5");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--reference", stderr);
    }

    [Fact]
    public void Neither_saliency_model_nor_synthetic_mask_is_rejected()
    {
        AssertFails(ExitCodes.InvalidInput, "vmaf-roi-score: one of --saliency-model or --synthetic-mask is required", Args());
    }

    [Fact]
    public void Both_saliency_model_and_synthetic_mask_is_rejected()
    {
        string model = _temp.File("m.onnx");
        File.WriteAllBytes(model, [1]);
        AssertFails(ExitCodes.InvalidInput, "vmaf-roi-score: --saliency-model and --synthetic-mask are mutually exclusive", Args("--saliency-model", model, "--synthetic-mask", "0.5"));
    }

    [Theory]
    [InlineData("--weight", "1.5", "--weight must be in [0, 1], got 1.5")]
    [InlineData("--weight", "-0.1", "--weight must be in [0, 1], got -0.1")]
    [InlineData("--threshold", "2", "--threshold must be in [0, 1], got 2.0")]
    [InlineData("--fade", "-1", "--fade must be in [0, 1], got -1.0")]
    [InlineData("--synthetic-mask", "1.25", "--synthetic-mask must be in [0, 1], got 1.25")]
    public void Out_of_range_values_are_rejected_with_the_seed_message(string flag, string value, string message)
    {
        string[] args = flag == "--synthetic-mask" ? Args(flag, value) : Args("--synthetic-mask", "0.5", flag, value);

        AssertFails(ExitCodes.InvalidInput, $"vmaf-roi-score: {message}", args);
    }

    [Fact]
    public void Missing_files_are_named()
    {
        string missing = _temp.File("missing.yuv");
        AssertFails(ExitCodes.InvalidInput, $"vmaf-roi-score: reference not found: {missing}", ["--reference", missing, "--distorted", _distorted, "--width", "64", "--height", "48", "--synthetic-mask", "0.5"]);
        AssertFails(ExitCodes.InvalidInput, $"vmaf-roi-score: distorted not found: {missing}", ["--reference", _reference, "--distorted", missing, "--width", "64", "--height", "48", "--synthetic-mask", "0.5"]);
        AssertFails(ExitCodes.InvalidInput, $"vmaf-roi-score: saliency model not found: {missing}", Args("--saliency-model", missing));
    }

    [Fact]
    public void Reference_and_distorted_of_different_sizes_are_rejected()
    {
        string longer = _temp.RawClip("longer.yuv", Small, 3);

        AssertFails(
            ExitCodes.InvalidInput,
            $"vmaf-roi-score: reference and distorted must be the same size: reference {_reference} has 2 frames, distorted {longer} has 3",
            ["--reference", _reference, "--distorted", longer, "--width", "64", "--height", "48", "--synthetic-mask", "0.5"]);
    }

    [Fact]
    public void A_file_that_is_not_a_whole_number_of_frames_is_rejected_naming_it()
    {
        string partial = _temp.File("partial.yuv");
        File.WriteAllBytes(partial, new byte[Small.FrameBytes + 100]);

        (int code, _, string stderr) = Run("--reference", _reference, "--distorted", partial, "--width", "64", "--height", "48", "--synthetic-mask", "0.5");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"'{partial}' is {Small.FrameBytes + 100} bytes", stderr);
        Assert.Contains($"({Small.FrameBytes} bytes each", stderr);
    }

    [Theory]
    [InlineData("yuv420p10be", "big-endian pixel format 'yuv420p10be' is not supported")]
    [InlineData("yuv411x", "unknown pixel format 'yuv411x'")]
    public void Big_endian_or_unknown_pix_fmt_exits_64_without_the_saliency_mask_prefix(string pixFmt, string message)
    {
        (int code, _, string stderr) = Run(Args("--synthetic-mask", "0.5", "--pix-fmt", pixFmt));

        // Issue 8.12: no mask is involved in a pixel-format error, so the message must not say the mask failed.
        Assert.Equal(ExitCodes.MaskFailed, code);
        Assert.Contains($"vmaf-roi-score: {message}", stderr);
        Assert.DoesNotContain("saliency mask failed", stderr);
    }

    [Fact]
    public void A_vmaf_run_that_exits_non_zero_passes_its_code_through_with_the_stderr_tail()
    {
        string fake = _temp.Script("vmaf", "i=1; while [ $i -le 10 ]; do echo \"line$i\" >&2; i=$((i+1)); done; exit 7");

        (int code, string stdout, string stderr) = Run(Args("--synthetic-mask", "0.5", "--engine", "libvmaf", "--vmaf-bin", fake));

        Assert.Equal(7, code);
        Assert.Empty(stdout);
        Assert.Contains("vmaf-roi-score: full-frame vmaf run failed (exit=7); stderr tail:\nline3\n", stderr);
        Assert.Contains("line10", stderr);
        Assert.DoesNotContain("line2\n", stderr);
    }

    [Fact]
    public void A_vmaf_run_whose_json_has_no_pooled_score_exits_65()
    {
        string fake = _temp.Script("vmaf", "while [ $# -gt 0 ]; do if [ \"$1\" = \"--output\" ]; then out=\"$2\"; fi; shift; done; echo '{\"frames\": []}' > \"$out\"");

        (int code, _, string stderr) = Run(Args("--synthetic-mask", "0.5", "--engine", "libvmaf", "--vmaf-bin", fake));

        Assert.Equal(ExitCodes.InvalidPooledScore, code);
        Assert.Contains("vmaf-roi-score: invalid pooled score: no pooled_metrics.vmaf.mean and no \"VMAF score\"", stderr);
    }

    [Fact]
    public void The_libvmaf_cli_gets_the_seed_argv_without_a_shell()
    {
        string argv = _temp.File("argv.txt");
        string fake = _temp.Script("vmaf", $"for a in \"$@\"; do printf '%s\\n' \"$a\" >> '{argv}'; done; while [ $# -gt 0 ]; do if [ \"$1\" = \"--output\" ]; then out=\"$2\"; fi; shift; done; echo '{{\"VMAF score\": 80.0}}' > \"$out\"");

        (int code, string stdout, _) = Run(Args("--synthetic-mask", "0.5", "--engine", "libvmaf", "--vmaf-bin", fake, "--weight", "0.5"));

        Assert.Equal(ExitCodes.Success, code);
        string[] lines = File.ReadAllLines(argv);
        Assert.Equal(34, lines.Length); // two runs of 17 tokens: full-frame, then saliency-masked
        Assert.Equal(["--reference", _reference, "--distorted", _distorted, "--width", "64", "--height", "48", "--pixel_format", "420", "--bitdepth", "8", "--model", "version=vmaf_v0.6.1", "--json", "--output"], lines[..16]);
        Assert.EndsWith("/vmaf.json", lines[16]);
        Assert.Equal(_reference, lines[18]);
        Assert.EndsWith("/masked.yuv", lines[20]);
        Assert.Contains("\"vmaf_roi\": 80.0", stdout);
    }

    [Fact]
    public void Output_is_written_atomically_to_the_given_path()
    {
        string fake = _temp.Script("vmaf", "while [ $# -gt 0 ]; do if [ \"$1\" = \"--output\" ]; then out=\"$2\"; fi; shift; done; echo '{\"pooled_metrics\": {\"vmaf\": {\"min\": 1, \"max\": 2, \"mean\": 90.5, \"harmonic_mean\": 1}}}' > \"$out\"");
        string output = _temp.File("result.json");

        (int code, string stdout, _) = Run(Args("--synthetic-mask", "0.5", "--engine", "libvmaf", "--vmaf-bin", fake, "--output", output));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(stdout);
        Assert.StartsWith("{\n  \"schema_version\": 1,\n  \"vmaf_full\": 90.5,", File.ReadAllText(output));
        Assert.DoesNotContain(Directory.GetFiles(_temp.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void The_masked_clip_temp_folder_is_removed_even_when_the_run_fails()
    {
        // The fake passes the full-frame run and fails the masked one, after recording where the masked clip was.
        string log = _temp.File("masked-path.txt");
        string fake = _temp.Script("vmaf", $"while [ $# -gt 0 ]; do case \"$1\" in --distorted) dis=\"$2\";; --output) out=\"$2\";; esac; shift; done; "
            + $"case \"$dis\" in *masked.yuv) echo \"$dis\" > '{log}'; exit 3;; esac; echo '{{\"VMAF score\": 80.0}}' > \"$out\"");

        (int code, _, string stderr) = Run(Args("--synthetic-mask", "0.5", "--engine", "libvmaf", "--vmaf-bin", fake));

        Assert.Equal(3, code);
        Assert.Contains("saliency-masked vmaf run failed (exit=3)", stderr);
        string masked = File.ReadAllText(log).Trim();
        Assert.EndsWith("masked.yuv", masked);
        Assert.False(Directory.Exists(Path.GetDirectoryName(masked)), $"{Path.GetDirectoryName(masked)} was left behind");
    }

    [Fact]
    public void An_output_or_sidecar_that_names_an_input_is_refused_and_the_input_is_untouched()
    {
        byte[] reference = File.ReadAllBytes(_reference);
        byte[] distorted = File.ReadAllBytes(_distorted);

        (int sidecarCode, _, string sidecarError) = Run(Args("--saliency-model", "default", "--saliency-sidecar", _reference));
        (int outputCode, _, string outputError) = Run(Args("--synthetic-mask", "0.5", "--output", _distorted));

        Assert.Equal((ExitCodes.InvalidInput, ExitCodes.InvalidInput), (sidecarCode, outputCode));
        Assert.Contains($"--saliency-sidecar '{_reference}' is the input '{_reference}'; an output never replaces an input", sidecarError);
        Assert.Contains($"--output '{_distorted}' is the input '{_distorted}'", outputError);
        Assert.Equal(reference, File.ReadAllBytes(_reference));
        Assert.Equal(distorted, File.ReadAllBytes(_distorted));
    }

    [Fact]
    public void A_score_below_a_gate_bar_exits_80_after_writing_the_result()
    {
        string fake = _temp.Script("vmaf", "while [ $# -gt 0 ]; do if [ \"$1\" = \"--output\" ]; then out=\"$2\"; fi; shift; done; echo '{\"VMAF score\": 80.0}' > \"$out\"");
        string[] run = Args("--synthetic-mask", "0.5", "--engine", "libvmaf", "--vmaf-bin", fake);

        (int below, string json, string stderr) = Run([.. run, "--min-vmaf-roi", "90"]);
        (int pass, _, _) = Run([.. run, "--min-vmaf-roi", "80", "--min-vmaf", "79.5"]);
        (int badBar, _, string badBarError) = Run([.. run, "--min-vmaf", "101"]);

        Assert.Equal(ExitCodes.QualityGateFailed, below);
        Assert.Contains("\"vmaf_roi\": 80.0", json);
        Assert.Contains("vmaf-roi-score: vmaf_roi 80.0 is below the bar 90.0", stderr);
        Assert.Equal(ExitCodes.Success, pass);
        Assert.Equal(ExitCodes.InvalidInput, badBar);
        Assert.Contains("--min-vmaf must be in [0, 100], got 101.0", badBarError);
    }

    [Fact]
    public void An_output_in_a_missing_folder_fails_before_any_scoring()
    {
        string calls = _temp.File("calls.txt");
        string fake = _temp.Script("vmaf", $"echo called >> '{calls}'; exit 9");
        string output = _temp.File("no-such-folder/result.json");

        (int code, _, string stderr) = Run(Args("--synthetic-mask", "0.5", "--engine", "libvmaf", "--vmaf-bin", fake, "--output", output));

        Assert.Equal(ExitCodes.OutputFailed, code);
        Assert.Contains($"cannot write --output '{output}': folder", stderr);
        Assert.False(File.Exists(calls), "vmaf ran although the output could never be written");
    }

    private static void ParseResultFor(string a, string b, string c, string d, string e, string f, out VmafRoi.Roi.RoiScoreRequest request) =>
        ParseResultFor(out request, a, b, c, d, e, f);

    private static void ParseResultFor(out VmafRoi.Roi.RoiScoreRequest request, params string[] args)
    {
        System.CommandLine.ParseResult parse = RoiScoreCommand.Create().Parse(args);
        Assert.Empty(parse.Errors);
        request = RoiScoreCommand.ToRequest(parse);
    }

    private string[] Args(params string[] extra) =>
        ["--reference", _reference, "--distorted", _distorted, "--width", "64", "--height", "48", .. extra];


    private static void AssertFails(int expectedCode, string expectedStderrLine, string[] args)
    {
        (int code, string stdout, string stderr) = Run(args);
        Assert.Equal(expectedCode, code);
        Assert.Empty(stdout);
        Assert.Equal(expectedStderrLine, stderr.TrimEnd('\n'));
    }
}
