using VmafRoi.Contracts;
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

        var error = Assert.Throws<OnnxModelException>(() => SaliencyModels.Load(path));
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
        var error = Assert.Throws<OnnxModelException>(() => SaliencyModels.Load(path));
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
    public void A_directory_as_the_model_is_a_mask_failure_naming_it()
    {
        var error = Assert.Throws<MaskException>(() => SaliencyModels.Load(_folder.Path));
        Assert.Equal($"saliency model '{_folder.Path}' is a directory, not a regular file; give the path of an .onnx file", error.Message);
        Assert.Equal(ExitCodes.MaskFailed, ExitCodeMapper.From(error));
    }

    [Fact]
    public async Task A_fifo_as_the_model_is_refused_before_anything_opens_it()
    {
        string fifo = _folder.File("model.onnx");
        SpecialFiles.Fifo(fifo);

        // A read of the FIFO would block with no writer: the refusal must come first, so this returns at once.
        MaskException error = await Task.Run(() => Assert.Throws<MaskException>(() => SaliencyModels.Load(fifo))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal($"saliency model '{fifo}' is a pipe (FIFO), not a regular file; give the path of an .onnx file", error.Message);
        Assert.Equal(ExitCodes.MaskFailed, ExitCodeMapper.From(error));
    }

    [Fact]
    public async Task A_character_device_as_the_model_is_refused_before_it_is_read()
    {
        string device = SpecialFiles.ZeroDevice(_folder.File("zero.onnx"));

        MaskException error = await Task.Run(() => Assert.Throws<MaskException>(() => SaliencyModels.Load(device))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains($"saliency model '{device}' is a character device, not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_over_one_gibibyte_is_refused_with_the_limit()
    {
        string huge = _folder.File("huge.onnx");
        using (FileStream file = File.Create(huge))
        {
            file.SetLength((1L << 30) + 1); // sparse: nothing is written
        }

        var error = Assert.Throws<MaskException>(() => SaliencyModels.Load(huge));
        Assert.Equal($"saliency model '{huge}' is 1073741825 bytes; saliency models may be at most 1073741824 bytes (1 GiB)", error.Message);
    }

    [Theory]
    [InlineData("100000")]
    [InlineData("1025")]
    [InlineData("0")]
    [InlineData("-8")]
    [InlineData("eight")]
    [InlineData("99999999999999999999")]
    [InlineData("8.0")]
    public void An_absurd_or_unparsable_size_multiple_is_a_mask_failure_naming_the_key(string value)
    {
        string path = TestModels.Write(_folder, "bad_multiple", TestModels.ChannelMean(new KeyValuePair<string, string>("vmafroi.size_multiple", value)));
        var error = Assert.Throws<MaskException>(() => SaliencyModels.Load(path));
        Assert.Equal($"saliency model '{path}': metadata vmafroi.size_multiple='{value}' is not an integer from 1 to 1024", error.Message);
        Assert.Equal(ExitCodes.MaskFailed, ExitCodeMapper.From(error));
    }

    [Fact]
    public void The_largest_size_multiple_still_pads_and_crops()
    {
        string path = TestModels.Write(_folder, "multiple_1024", TestModels.ChannelMean(new KeyValuePair<string, string>("vmafroi.size_multiple", "1024")));
        using OnnxSaliencyModel model = SaliencyModels.Load(path);
        using YuvFrame frame = TestImages.RandomFrame(new FrameGeometry(40, 24, YuvFormat.Yuv420P), 4);
        float[] mask = new float[40 * 24];
        model.Predict(frame, mask);
        Assert.Equal((InputSizing.PadToMultiple, 1024), (model.Sizing, model.SizeMultiple));
        Assert.All(mask, v => Assert.InRange(v, 0f, 1f));
    }
}
