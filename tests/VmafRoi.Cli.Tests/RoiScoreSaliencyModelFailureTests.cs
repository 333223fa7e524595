using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Yuv;
using static VmafRoi.Cli.Tests.RoiScoreRuns;

namespace VmafRoi.Cli.Tests;

/// <summary>
/// vmaf-roi-score with a saliency model that cannot make a mask, run in-process: exit 64 (MaskFailed) with the seed's
/// "saliency mask failed:" prefix and the model file named. The models are real ONNX graphs from our own writer.
/// </summary>
public sealed class RoiScoreSaliencyModelFailureTests : IDisposable
{
    private const string Prefix = "vmaf-roi-score: saliency mask failed: ";
    private static readonly FrameGeometry Small = YuvFormat.Parse("yuv420p").WithSize(64, 48);
    private readonly TempFolder _temp = new();
    private readonly string _reference;
    private readonly string _distorted;

    public RoiScoreSaliencyModelFailureTests()
    {
        _reference = _temp.RawClip("ref.yuv", Small, 2, seed: 1);
        _distorted = _temp.RawClip("dis.yuv", Small, 2, seed: 2);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_model_whose_output_is_half_the_frame_size_exits_64_naming_the_model_and_both_shapes()
    {
        string model = TestModels.Write(_temp, "half_size", TestModels.HalfSizeOutput());

        string error = AssertMaskFailed(model);

        Assert.Contains("[1,1,24,32]", error, StringComparison.Ordinal);
        Assert.Contains("48x64", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_outputs_NaN_exits_64_naming_the_model_and_the_value()
    {
        string model = TestModels.Write(_temp, "nan_output", TestModels.NaNOutput());

        string error = AssertMaskFailed(model);

        Assert.Contains("produced a non-finite value (NaN)", error, StringComparison.Ordinal);
        Assert.Contains("frame 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_random_bytes_as_the_model_exits_64_with_onnx_runtimes_message_naming_the_file()
    {
        byte[] garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        string model = TestModels.Write(_temp, "garbage", garbage);

        AssertMaskFailed(model);
    }

    [Fact]
    public void An_empty_model_file_exits_64_naming_the_file()
    {
        string model = TestModels.Write(_temp, "empty", []);

        AssertMaskFailed(model);
    }

    // Runs the command with the model; returns the one stderr line after asserting exit 64, the prefix and the path.
    private string AssertMaskFailed(string model)
    {
        (int code, string stdout, string stderr) = Run(Args(model));

        Assert.True(code == ExitCodes.MaskFailed, $"exit {code}, stderr: {stderr}");
        Assert.Equal(64, code);
        Assert.Empty(stdout);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(Prefix, line, StringComparison.Ordinal);
        Assert.Contains(model, line, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", line, StringComparison.Ordinal);
        return line;
    }

    // The managed engine needs no external vmaf binary; the mask fails before any VMAF run.
    private string[] Args(string model) =>
        ["--reference", _reference, "--distorted", _distorted, "--width", "64", "--height", "48", "--saliency-model", model, "--engine", "managed"];
}
