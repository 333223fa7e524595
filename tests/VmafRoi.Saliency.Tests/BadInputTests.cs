using VmafRoi.Contracts;
using VmafRoi.Saliency.OnnxRuntime;
using VmafRoi.TestShared;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.Saliency.Tests;

/// <summary>Every way a model can be unusable ends in a typed error that names the file and maps to the seed's exit code.</summary>
public sealed class BadInputTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Missing_model_file_is_invalid_input_saying_saliency_model_not_found()
    {
        string path = Path.Combine(_folder.Path, "absent.onnx");
        var error = Assert.Throws<InvalidInputException>(() => SaliencyModels.Load(path));
        Assert.Equal($"saliency model not found: {path}", error.Message);
        Assert.Equal(ExitCodes.InvalidInput, ExitCodeMapper.From(error));
    }

    [Fact]
    public void Garbage_bytes_are_an_onnx_runtime_error_carrying_orts_message()
    {
        byte[] garbage = new byte[4096];
        new Random(5).NextBytes(garbage);
        string path = TestModels.Write(_folder, "garbage", garbage);

        var error = Assert.Throws<OnnxRuntimeException>(() => SaliencyModels.Load(path));
        output.WriteLine(error.Message);
        Assert.IsAssignableFrom<MaskException>(error);
        Assert.NotEqual(OrtErrorCode.Ok, error.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(error.OrtMessage));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(error.OrtMessage, error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.MaskFailed, ExitCodeMapper.From(error));
    }

    [Fact]
    public void Empty_file_is_an_onnx_runtime_error()
    {
        string path = TestModels.Write(_folder, "empty", []);
        var error = Assert.Throws<OnnxRuntimeException>(() => SaliencyModels.Load(path));
        output.WriteLine(error.Message);
        Assert.Equal(ExitCodes.MaskFailed, ExitCodeMapper.From(error));
    }

    [Fact]
    public void Wrong_output_shape_fails_the_mask_naming_the_model_file()
    {
        string path = TestModels.Write(_folder, "half_size", TestModels.HalfSizeOutput());
        using OnnxSaliencyModel model = SaliencyModels.Load(path);
        using YuvFrame frame = TestImages.RandomFrame(new FrameGeometry(64, 48, YuvFormat.Yuv420P), 1);

        var error = Assert.Throws<MaskException>(() => model.Predict(frame, new float[64 * 48]));
        output.WriteLine(error.Message);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("[1,1,24,32]", error.Message, StringComparison.Ordinal);
        Assert.Contains("48x64", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.MaskFailed, ExitCodeMapper.From(error));
    }

    [Fact]
    public void NaN_output_fails_the_mask_naming_the_model_file()
    {
        string path = TestModels.Write(_folder, "nan_output", TestModels.NaNOutput());
        using OnnxSaliencyModel model = SaliencyModels.Load(path);
        using YuvFrame frame = TestImages.RandomFrame(new FrameGeometry(32, 16, YuvFormat.Yuv420P), 2);

        var error = Assert.Throws<MaskException>(() => model.Predict(frame, new float[32 * 16]));
        output.WriteLine(error.Message);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.MaskFailed, ExitCodeMapper.From(error));
    }

    [Fact]
    public void First_input_that_is_not_three_channel_rgb_is_rejected_at_load()
    {
        string path = TestModels.Write(_folder, "one_channel", TestModels.OneChannelInput());
        var error = Assert.Throws<MaskException>(() => SaliencyModels.Load(path));
        output.WriteLine(error.Message);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("[1,3,H,W]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_normalization_metadata_is_rejected_naming_the_key()
    {
        string path = TestModels.Write(_folder, "bad_metadata", TestModels.ChannelMean(new KeyValuePair<string, string>("vmafroi.normalization", "zscore")));
        var error = Assert.Throws<MaskException>(() => SaliencyModels.Load(path));
        Assert.Contains("vmafroi.normalization='zscore'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_shorter_than_the_frame_is_an_argument_error()
    {
        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.DefaultName);
        using YuvFrame frame = TestImages.RandomFrame(new FrameGeometry(16, 16, YuvFormat.Yuv420P), 3);
        Assert.Throws<ArgumentException>(() => model.Predict(frame, new float[100]));
    }

    [Fact]
    public void Missing_onnx_runtime_library_is_a_mask_failure_that_says_how_to_fetch_it()
    {
        string absent = Path.Combine(_folder.Path, "libonnxruntime.so.1");
        var error = Assert.Throws<OnnxRuntimeNotFoundException>(() => OnnxRuntimeLibrary.Load([absent], explicitSetting: absent, trySystemLoader: false));
        output.WriteLine(error.Message);
        Assert.Contains(absent, error.Message, StringComparison.Ordinal);
        Assert.Contains("eng/natives/fetch-onnxruntime.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("VMAFROI_ONNXRUNTIME", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.MaskFailed, ExitCodeMapper.From(error));
    }

    [Fact]
    public void A_file_that_is_not_a_shared_library_is_reported_with_the_loader_error()
    {
        string fake = Path.Combine(_folder.Path, "libonnxruntime.so.1");
        File.WriteAllText(fake, "not a library");
        var error = Assert.Throws<OnnxRuntimeNotFoundException>(() => OnnxRuntimeLibrary.Load([fake], explicitSetting: null, trySystemLoader: false));
        output.WriteLine(error.Message);
        Assert.Contains("could not be loaded", error.Message, StringComparison.Ordinal);
        Assert.Contains(fake, error.Message, StringComparison.Ordinal);
    }
}
