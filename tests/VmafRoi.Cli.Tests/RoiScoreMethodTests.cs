using VmafRoi.Contracts;
using VmafRoi.TestShared;
using static VmafRoi.Cli.Tests.RoiScoreRuns;

namespace VmafRoi.Cli.Tests;

/// <summary><c>--method pooled</c>, <c>--per-frame</c> and <c>--report</c>: the additive JSON keys and the report file.</summary>
public sealed class RoiScoreMethodTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string[] Clip()
    {
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        return ["--reference", golden.ReferenceRaw, "--distorted", golden.DistortedRaw, "--width", "64", "--height", "48"];
    }

    [Fact]
    public void Pooled_writes_schema_2_with_method_and_vmaf_pooled_in_place_of_vmaf_masked()
    {
        (int code, string stdout, string stderr) = Run([.. Clip(), "--synthetic-mask", "0.5", "--method", "pooled", "--engine", "managed"]);

        Assert.True(code == ExitCodes.Success, stderr);
        Snapshot.Verify(Scrub(stdout));
        RoiScoreResult result = ContractJson.Deserialize<RoiScoreResult>(stdout);
        Assert.Null(result.VmafMasked);

        // A uniform mask weighs every pixel alike: the pooled score is the full-frame one up to rounding (0.5 is weight 128 of 255).
        Assert.Equal(result.VmafFull, result.VmafPooled!.Value, 4);
    }

    [Fact]
    public void Per_frame_adds_every_frame_and_the_default_output_stays_schema_1()
    {
        (int code, string stdout, string stderr) = Run([.. Clip(), "--synthetic-mask", "1", "--engine", "managed", "--per-frame"]);

        Assert.True(code == ExitCodes.Success, stderr);
        Snapshot.Verify(Scrub(stdout));
        RoiScoreResult perFrame = ContractJson.Deserialize<RoiScoreResult>(stdout);
        Assert.Equal(10, perFrame.Frames!.Count);
        Assert.All(perFrame.Frames, f => Assert.Equal(f.VmafFull, f.VmafMasked));

        // Without the flags the document has the seed's nine keys only, in order.
        RoiScoreResult plain = Score([.. Clip(), "--synthetic-mask", "1", "--engine", "managed"]);
        string json = ContractJson.Serialize(plain);
        Assert.StartsWith("{\n  \"schema_version\": 1,\n  \"vmaf_full\": ", json, StringComparison.Ordinal);
        Assert.Equal(9, json.Split('\n').Count(line => line.StartsWith("  \"", StringComparison.Ordinal)));
        Assert.Equal(perFrame.VmafRoi, plain.VmafRoi);
    }

    [Theory]
    [InlineData("libvmaf")]
    [InlineData("ffmpeg")]
    public void Pooled_with_an_external_engine_is_a_usage_error(string engine)
    {
        (int code, _, string stderr) = Run([.. Clip(), "--synthetic-mask", "0.5", "--method", "pooled", "--engine", engine]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--method pooled needs --engine managed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_method_is_a_usage_error()
    {
        (int code, _, _) = Run([.. Clip(), "--synthetic-mask", "0.5", "--method", "weighted"]);
        Assert.Equal(ExitCodes.Usage, code);
    }

    [Fact]
    public void Report_is_written_beside_the_result_and_its_path_is_checked_before_any_work()
    {
        string report = _temp.File("report.html");
        (int code, _, string stderr) = Run([.. Clip(), "--synthetic-mask", "0.5", "--engine", "managed", "--report", report, "--output", _temp.File("r.json")]);

        Assert.True(code == ExitCodes.Success, stderr);
        string html = File.ReadAllText(report);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"worst-frames\"", html, StringComparison.Ordinal);

        (int missing, _, string missingError) = Run([.. Clip(), "--synthetic-mask", "0.5", "--engine", "managed", "--report", _temp.File("nowhere/report.html")]);
        Assert.Equal(ExitCodes.OutputFailed, missing);
        Assert.Contains("--report", missingError, StringComparison.Ordinal);

        string[] clip = Clip();
        (int input, _, _) = Run([.. clip, "--synthetic-mask", "0.5", "--engine", "managed", "--report", clip[1]]);
        Assert.Equal(ExitCodes.InvalidInput, input);
    }

    private static string Scrub(string json) =>
        json.Replace(GoldenCase.Get("s11_testsrc2_64x48_x264crf32").ReferenceRaw, "{reference}", StringComparison.Ordinal)
            .Replace(GoldenCase.Get("s11_testsrc2_64x48_x264crf32").DistortedRaw, "{distorted}", StringComparison.Ordinal);
}
