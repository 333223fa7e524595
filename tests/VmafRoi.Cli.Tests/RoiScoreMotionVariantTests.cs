using System.Globalization;
using System.Text.Json;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.RoiScore;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.Roi;
using static VmafRoi.Cli.Tests.RoiScoreRuns;

namespace VmafRoi.Cli.Tests;

/// <summary>vmaf-roi-score's --motion-variant: parsed into the route options, honoured by managed, refused by external routes.</summary>
public sealed class RoiScoreMotionVariantTests
{
    private readonly GoldenCase _golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");

    [Fact]
    public void Motion_variant_defaults_to_3_0_and_3_2_reaches_the_route_options()
    {
        RoiScoreRequest plain = Request("--reference", "r.mkv", "--distorted", "d.mkv");
        RoiScoreRequest newer = Request("--reference", "r.mkv", "--distorted", "d.mkv", "--motion-variant", "3.2", "--engine", "managed");

        Assert.Equal(MotionVariant.V3_0, plain.Routes.MotionVariant);
        Assert.Equal(MotionVariant.V3_2, newer.Routes.MotionVariant);
    }

    [Theory]
    [InlineData("libvmaf")]
    [InlineData("ffmpeg")]
    public void Motion_variant_3_2_with_an_external_engine_is_a_usage_error(string engine)
    {
        var stderr = new StringWriter();

        int code = RoiScoreCommand.Run(["--reference", "r.mkv", "--distorted", "d.mkv", "--synthetic-mask", "1", "--engine", engine, "--motion-variant", "3.2"], new StringWriter(), stderr);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"--motion-variant 3.2 needs --engine managed (or auto): the {engine} route", stderr.ToString());
    }

    [Fact]
    public void An_unknown_motion_variant_is_a_usage_error()
    {
        var stderr = new StringWriter();

        int code = RoiScoreCommand.Run(["--reference", "r.mkv", "--distorted", "d.mkv", "--motion-variant", "3.1"], new StringWriter(), stderr);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("3.1", stderr.ToString());
    }

    [Theory]
    [InlineData("3.0", "3.0.0")]
    [InlineData("3.2", "3.2.0")]
    public void Managed_and_auto_engines_score_like_the_libvmaf_release_the_variant_names(string variant, string release)
    {
        string[] args = ["--reference", _golden.ReferenceMkv, "--distorted", _golden.DistortedMkv, "--synthetic-mask", "1", "--motion-variant", variant];

        RoiScoreResult managed = Score([.. args, "--engine", "managed"]);

        Assert.Equal(LibvmafPooledMean(release), managed.VmafFull.ToString("F6", CultureInfo.InvariantCulture));
        if (variant == "3.2")
        {
            Assert.Equal(managed.VmafFull, Score([.. args, "--engine", "auto"]).VmafFull);
        }
    }

    private string LibvmafPooledMean(string release)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(_golden.LibvmafOutput(release, "vmaf_v0.6.1", scalar: true)));
        return doc.RootElement.GetProperty("pooled_metrics").GetProperty("vmaf").GetProperty("mean").GetRawText();
    }

    private static RoiScoreRequest Request(params string[] args)
    {
        System.CommandLine.ParseResult parse = RoiScoreCommand.Create().Parse(args);
        Assert.Empty(parse.Errors);
        return RoiScoreCommand.ToRequest(parse);
    }
}
