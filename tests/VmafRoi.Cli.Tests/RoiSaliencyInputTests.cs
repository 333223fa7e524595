using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.Roi;
using VmafRoi.Yuv;

namespace VmafRoi.Cli.Tests;

/// <summary>vmaf-roi saliency with a model path or sidecar path that is not what it should be.</summary>
public sealed class RoiSaliencyInputTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _clip;

    public RoiSaliencyInputTests() => _clip = _temp.RawClip("clip.yuv", YuvFormat.Parse("yuv420p").WithSize(32, 16), 2);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_fifo_as_saliency_model_exits_64_naming_it_without_blocking()
    {
        string fifo = _temp.File("model.onnx");
        SpecialFiles.Fifo(fifo);

        (int code, _, string stderr) = await Task.Run(() => Run("--saliency-model", fifo)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ExitCodes.MaskFailed, code);
        Assert.Equal($"vmaf-roi: saliency model '{fifo}' is a pipe (FIFO), not a regular file; give the path of an .onnx file\n", stderr);
    }

    [Fact]
    public void A_directory_as_saliency_model_exits_64_naming_it()
    {
        (int code, _, string stderr) = Run("--saliency-model", _temp.Path);
        Assert.Equal(ExitCodes.MaskFailed, code);
        Assert.Contains($"saliency model '{_temp.Path}' is a directory", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100000")]
    [InlineData("lots")]
    public void An_absurd_size_multiple_in_model_metadata_exits_64_naming_the_key(string value)
    {
        string model = TestModels.Write(_temp, "multiple", TestModels.ChannelMean(new KeyValuePair<string, string>("vmafroi.size_multiple", value)));
        (int code, _, string stderr) = Run("--saliency-model", model);
        Assert.Equal(ExitCodes.MaskFailed, code);
        Assert.Equal($"vmaf-roi: saliency model '{model}': metadata vmafroi.size_multiple='{value}' is not an integer from 1 to 1024\n", stderr);
    }

    [Fact]
    public void A_zero_byte_file_at_the_sidecar_path_is_recomputed_in_auto_mode()
    {
        string sidecar = _temp.File("clip.msgpack");
        File.WriteAllBytes(sidecar, []);

        (int code, string stdout, string stderr) = Run("--sidecar", sidecar);

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains($"sidecar: {sidecar} (replaced, 2 frames", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_other_content_at_the_sidecar_path_is_still_refused()
    {
        string sidecar = _temp.File("notes.txt");
        File.WriteAllText(sidecar, "my notes\n");

        (int code, _, string stderr) = Run("--sidecar", sidecar);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"'{sidecar}' exists and is not a saliency sidecar; refusing to overwrite it", stderr, StringComparison.Ordinal);
        Assert.Equal("my notes\n", File.ReadAllText(sidecar));
    }

    private (int Code, string Stdout, string Stderr) Run(params string[] extra)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = ["saliency", "--input", _clip, "--width", "32", "--height", "16", .. extra];
        if (!extra.Contains("--sidecar"))
        {
            args = [.. args, "--sidecar", _temp.File("out.msgpack")];
        }

        int code = RoiCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
