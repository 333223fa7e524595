using System.Text.RegularExpressions;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.Tune;

namespace VmafRoi.Cli.Tests;

/// <summary>vmaf-tune end to end, in process, on a short cut of a shared natural clip.</summary>
public sealed partial class TuneCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Clip => NaturalClips.Carphone(12);

    private string BoxModel()
    {
        (int x0, int y0, int x1, int y1) = NaturalClips.MeanBox("carphone", 12);
        return TestModels.Write(_temp, "carphone_box", TestModels.BoxMask(176, 144, x0, y0, x1, y1));
    }

    [Theory]
    [InlineData("libvvenc")]
    [InlineData("mpeg4")]
    public void An_encoder_without_a_saliency_route_exits_2_with_the_seeds_three_lines(string encoder)
    {
        (int code, string stdout, string stderr) = Run("recommend-saliency", "--src", Clip, "--encoder", encoder, "--output", _temp.File("out.mp4"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(
            $"vmaf-tune: saliency ROI is not implemented for encoder '{encoder}'.\n"
            + "Supported encoders: libx264, libx265, libvpx-vp9, libsvtav1, libaom-av1\n"
            + "To accept a plain encode without ROI bias, pass --saliency-fallback-plain or set VMAFTUNE_SALIENCY_FALLBACK_OK=1.\n",
            stderr.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(_temp.File("out.mp4")));
    }

    [Fact]
    public void The_fallback_flag_or_variable_logs_an_error_line_and_encodes_plainly()
    {
        (int code, string stdout, string stderr) = Run("recommend-saliency", "--src", Clip, "--encoder", "mpeg4", "--output", _temp.File("flag.mkv"), "--saliency-fallback-plain");

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.StartsWith("vmaf-tune: ERROR: saliency ROI is not implemented for encoder 'mpeg4'", stderr, StringComparison.Ordinal);
        SaliencyEncodeReport report = ContractJson.Deserialize<SaliencyEncodeReport>(stdout);
        Assert.Equal((false, false, "none"), (report.SaliencyAware, report.RoiApplied, report.RoiMechanism));
        Assert.Equal(new FileInfo(_temp.File("flag.mkv")).Length, report.EncodeSizeBytes);

        Environment.SetEnvironmentVariable("VMAFTUNE_SALIENCY_FALLBACK_OK", "1");
        try
        {
            (int viaVariable, _, string variableStderr) = Run("recommend-saliency", "--src", Clip, "--encoder", "mpeg4", "--output", _temp.File("env.mkv"));
            Assert.True(viaVariable == ExitCodes.Success, variableStderr);
            Assert.Contains("ERROR: saliency ROI is not implemented", variableStderr);
        }
        finally
        {
            Environment.SetEnvironmentVariable("VMAFTUNE_SALIENCY_FALLBACK_OK", null);
        }
    }

    [Fact]
    public void A_skipped_plan_exits_81_keeps_no_encode_and_reports_roi_applied_false()
    {
        string output = _temp.File("skipped.mp4");
        string reportFile = _temp.File("report.json");

        (int code, string stdout, string stderr) = Run("recommend-saliency", "--src", Clip, "--encoder", "libx264", "--preset", "ultrafast", "--no-force-aq", "--output", output, "--report", reportFile);

        Assert.Equal(ExitCodes.RoiNotApplied, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("Adaptive quantization must be enabled to use ROI encoding, skipping ROI.", stderr);
        Assert.Contains("--saliency-fallback-plain", stderr);
        Assert.False(File.Exists(output));
        SaliencyEncodeReport report = ContractJson.Deserialize<SaliencyEncodeReport>(File.ReadAllText(reportFile));
        Assert.Equal((true, false, (string?)null), (report.SaliencyAware, report.RoiApplied, report.Output));
        Assert.Empty(Directory.GetFiles(_temp.Path, ".*.tmp"));
    }

    [Fact]
    public void The_report_of_a_verified_encode_matches_its_snapshot()
    {
        string model = BoxModel();
        string output = _temp.File("roi.mp4");

        (int code, string stdout, string stderr) = Run("recommend-saliency", "--src", Clip, "--encoder", "libx264", "--crf", "28", "--saliency-offset", "-6", "--saliency-model", model, "--output", output, "--verify");

        Assert.True(code == ExitCodes.Success, stderr);
        SaliencyEncodeReport report = ContractJson.Deserialize<SaliencyEncodeReport>(stdout);
        Assert.Equal(new FileInfo(output).Length, report.EncodeSizeBytes);
        Assert.True(report.Verify!.Delta.PsnrInside > 0);
        Snapshot.Verify(Normalize(stdout, model, output));
    }

    [Fact]
    public void Crf_search_takes_exactly_one_target()
    {
        (int neither, _, string stderr) = Run("crf-search", "--src", Clip);
        (int both, _, _) = Run("crf-search", "--src", Clip, "--target-vmaf", "90", "--target-vmaf-roi", "90");

        Assert.Equal(ExitCodes.Usage, neither);
        Assert.Equal(ExitCodes.Usage, both);
        Assert.Contains("give exactly one of --target-vmaf-roi and --target-vmaf", stderr);
    }

    [Fact]
    public void Crf_search_for_plain_vmaf_reports_a_bracketed_crf_and_its_trace()
    {
        string reportFile = _temp.File("search.json");

        (int code, _, string stderr) = Run("crf-search", "--src", Clip, "--encoder", "libx264", "--preset", "veryfast", "--no-saliency", "--target-vmaf", "90", "--output", reportFile);

        Assert.True(code == ExitCodes.Success, stderr);
        CrfSearchReport report = ContractJson.Deserialize<CrfSearchReport>(File.ReadAllText(reportFile));
        Assert.Equal(("none", false, "vmaf"), (report.RoiMechanism, report.SaliencyAware, report.TargetKind));
        Assert.True(report.Result.TargetMet);
        Assert.InRange(report.Result.PredictedScore, 90, 91);
        Assert.All(report.Result.Trace, p => Assert.Null(p.VmafRoi));
        Assert.Null(report.Plain);
    }

    // Encoder output and timing vary by machine and version: pin the shape and the deterministic parts only.
    private static string Normalize(string json, string model, string output)
    {
        json = json.Replace(model, "<box-model>", StringComparison.Ordinal).Replace(output, "<output>", StringComparison.Ordinal);
        json = NumberAfter().Replace(json, m => $"\"{m.Groups[1].Value}\": \"<{m.Groups[1].Value}>\"");
        return StringAfter().Replace(json, m => $"\"{m.Groups[1].Value}\": \"<{m.Groups[1].Value}>\"");
    }

    [GeneratedRegex("\"(encode_size_bytes|encode_time_ms|plain_crf|plain_size_bytes|size_ratio|psnr_inside|psnr_outside|vmaf|vmaf_masked|vmaf_roi)\": -?[0-9][0-9.e+-]*")]
    private static partial Regex NumberAfter();

    [GeneratedRegex("\"(encoder_version|ffmpeg_version|matched_by)\": \"[^\"]*\"")]
    private static partial Regex StringAfter();

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = TuneCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
