using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.RoiScore;
using static VmafRoi.Cli.Tests.RoiScoreRuns;

namespace VmafRoi.Cli.Tests;

/// <summary>vmaf-roi-score on golden clips with the managed engine, compared with libvmaf's own numbers.</summary>
public sealed partial class RoiScoreEndToEndTests : IDisposable
{
    private readonly TempFolder _temp = new();


    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Synthetic_mask_of_one_keeps_every_distorted_pixel_so_both_runs_equal_libvmaf()
    {
        GoldenCase golden = GoldenCase.Get("s01_testsrc2_576x324_x264crf32");

        RoiScoreResult result = Score("--reference", golden.ReferenceMkv, "--distorted", golden.DistortedMkv, "--synthetic-mask", "1", "--engine", "managed");

        double libvmaf = LibvmafPooledMean(golden);
        Assert.Equal(libvmaf.ToString("F6", CultureInfo.InvariantCulture), result.VmafFull.ToString("F6", CultureInfo.InvariantCulture));
        Assert.Equal(result.VmafFull, result.VmafMasked);
        Assert.Equal(result.VmafFull, result.VmafRoi);
    }

    [Fact]
    public void Raw_input_with_geometry_flags_scores_like_the_container()
    {
        GoldenCase golden = GoldenCase.Get("s15_testsrc2_384x216_yuv420p12le_x265crf30");

        RoiScoreResult raw = Score(
            "--reference", golden.ReferenceRaw, "--distorted", golden.DistortedRaw, "--width", "384", "--height", "216", "--pix-fmt", "yuv420p12le",
            "--synthetic-mask", "0.5", "--threshold", "0", "--fade", "1", "--engine", "managed");
        RoiScoreResult container = Score("--reference", golden.ReferenceMkv, "--distorted", golden.DistortedMkv, "--synthetic-mask", "0.5", "--threshold", "0", "--fade", "1", "--engine", "managed");

        Assert.Equal(LibvmafPooledMean(golden).ToString("F6", CultureInfo.InvariantCulture), raw.VmafFull.ToString("F6", CultureInfo.InvariantCulture));
        Assert.Equal(raw.VmafFull, container.VmafFull);
        Assert.Equal(raw.VmafMasked, container.VmafMasked);
        Assert.True(raw.VmafMasked > raw.VmafFull, "blending halfway to the reference must raise VMAF");
    }

    [Fact]
    public void Default_saliency_model_on_a_golden_case_writes_schema_1_json()
    {
        GoldenCase golden = GoldenCase.Get("s07_foreman_352x288_x264crf32");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = RoiScoreCommand.Run(["--reference", golden.ReferenceMkv, "--distorted", golden.DistortedMkv, "--saliency-model", "default", "--engine", "managed"], stdout, stderr);

        Assert.True(code == ExitCodes.Success, stderr.ToString());
        RoiScoreResult result = ContractJson.Deserialize<RoiScoreResult>(stdout.ToString());
        Assert.Equal(LibvmafPooledMean(golden).ToString("F6", CultureInfo.InvariantCulture), result.VmafFull.ToString("F6", CultureInfo.InvariantCulture));
        Assert.InRange(result.VmafMasked!.Value, result.VmafFull, 100.0);
        Assert.Equal((result.VmafFull + result.VmafMasked.Value) / 2, result.VmafRoi, 9);

        // The masked score comes from ONNX Runtime floats, which may differ in the last bits between CPUs: scrub it.
        string scrubbed = stdout.ToString()
            .Replace(golden.Folder, "{golden}", StringComparison.Ordinal);
        scrubbed = MaskedNumbers().Replace(scrubbed, m => $"\"{m.Groups[1].Value}\": {{number}}");
        Snapshot.Verify(scrubbed);
    }

    [Fact]
    public void A_cached_sidecar_scores_exactly_like_a_fresh_run()
    {
        GoldenCase golden = GoldenCase.Get("s11_testsrc2_64x48_x264crf32");
        string sidecar = _temp.File("masks.msgpack");
        string[] args = ["--reference", golden.ReferenceMkv, "--distorted", golden.DistortedMkv, "--saliency-model", "default", "--engine", "managed"];

        RoiScoreResult fresh = Score(args);
        RoiScoreResult written = Score([.. args, "--saliency-sidecar", sidecar]);
        RoiScoreResult reused = Score([.. args, "--saliency-sidecar", sidecar, "--sidecar-mode", "read-only"]);

        Assert.Equal(fresh, written);
        Assert.Equal(fresh, reused);
    }

    private static double LibvmafPooledMean(GoldenCase golden)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(golden.LibvmafOutput("3.0.0", "vmaf_v0.6.1", scalar: true)));
        return doc.RootElement.GetProperty("pooled_metrics").GetProperty("vmaf").GetProperty("mean").GetDouble();
    }


    [GeneratedRegex("\"(vmaf_masked|vmaf_roi)\": [0-9.e+-]+")]
    private static partial Regex MaskedNumbers();
}
