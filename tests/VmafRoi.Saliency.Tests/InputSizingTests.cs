using VmafRoi.TestShared;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency.Tests;

/// <summary>Beyond the seed: fixed-size models are fed by resizing, size-multiple models by zero padding; normalisation from metadata or option.</summary>
public sealed class InputSizingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Fixed_size_model_is_fed_by_bilinear_resize_and_its_output_resized_back()
    {
        string path = TestModels.Write(_folder, "fixed_40x56", TestModels.FixedSize(40, 56));
        using OnnxSaliencyModel model = SaliencyModels.Load(path);
        Assert.Equal(InputSizing.Resize, model.Sizing);
        Assert.Equal((40, 56), (model.FixedHeight, model.FixedWidth));

        // A horizontal luma ramp: the channel-mean model must give back the same ramp after two resizes.
        int width = 120;
        int height = 30;
        var rgb = new float[3 * width * height];
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    rgb[(c * width * height) + (y * width) + x] = (x + 0.5f) / width;
                }
            }
        }

        float[] mask = new float[width * height];
        model.PredictRgb(rgb, width, height, mask);
        for (int x = 4; x < width - 4; x++)
        {
            Assert.InRange(mask[(15 * width) + x], ((x + 0.5f) / width) - 0.01f, ((x + 0.5f) / width) + 0.01f);
        }
    }

    [Fact]
    public void Size_multiple_from_metadata_zero_pads_and_crops_back()
    {
        string path = TestModels.Write(_folder, "blocks32_meta", TestModels.BlocksOf32(new KeyValuePair<string, string>("vmafroi.size_multiple", "32"), new KeyValuePair<string, string>("vmafroi.normalization", "unit")));
        using OnnxSaliencyModel model = SaliencyModels.Load(path);
        Assert.Equal(InputSizing.PadToMultiple, model.Sizing);
        Assert.Equal(32, model.SizeMultiple);
        AssertBlocksOf32(model, 70, 50);
    }

    [Fact]
    public void Size_multiple_is_inferred_when_metadata_is_silent()
    {
        string path = TestModels.Write(_folder, "blocks32", TestModels.BlocksOf32(new KeyValuePair<string, string>("vmafroi.normalization", "unit")));
        using OnnxSaliencyModel model = SaliencyModels.Load(path);
        Assert.Null(model.SizeMultiple);
        AssertBlocksOf32(model, 70, 50);
        Assert.Equal(InputSizing.PadToMultiple, model.Sizing);
        Assert.Equal(32, model.SizeMultiple);

        // Later frames of another size use the inferred multiple directly.
        AssertBlocksOf32(model, 33, 97);
    }

    [Fact]
    public void A_frame_size_that_fits_every_multiple_leaves_the_multiple_open_until_a_frame_decides()
    {
        string path = TestModels.Write(_folder, "blocks32_open", TestModels.BlocksOf32(new KeyValuePair<string, string>("vmafroi.normalization", "unit")));
        using OnnxSaliencyModel model = SaliencyModels.Load(path);
        AssertBlocksOf32(model, 128, 64);
        Assert.Null(model.SizeMultiple);
        AssertBlocksOf32(model, 70, 50);
        Assert.Equal(32, model.SizeMultiple);
    }

    [Theory]
    [InlineData(null, null, Normalization.ImageNet)]
    [InlineData("imagenet", null, Normalization.ImageNet)]
    [InlineData("unit", null, Normalization.Unit)]
    [InlineData("unit", Normalization.ImageNet, Normalization.ImageNet)]
    [InlineData(null, Normalization.Unit, Normalization.Unit)]
    public void Normalization_is_the_option_else_the_metadata_else_imagenet(string? metadata, Normalization? option, Normalization expected)
    {
        byte[] bytes = metadata is null ? TestModels.ChannelMean() : TestModels.ChannelMean(new KeyValuePair<string, string>("vmafroi.normalization", metadata));
        string path = TestModels.Write(_folder, $"mean_{metadata ?? "none"}", bytes);
        using OnnxSaliencyModel model = SaliencyModels.Load(path, new SaliencyOptions { Normalization = option });
        Assert.Equal(expected, model.Normalization);

        // Grey Y=126 (BT.601 limited) is RGB 128; the channel-mean model shows the normalisation applied.
        using YuvFrame frame = TestImages.ConstantFrame(new FrameGeometry(8, 8, YuvFormat.Yuv420P), 126, 128, 128);
        float[] mask = new float[64];
        model.Predict(frame, mask);
        float gray = 128 / 255f;
        float want = expected == Normalization.Unit
            ? gray
            : (((gray - 0.485f) / 0.229f) + ((gray - 0.456f) / 0.224f) + ((gray - 0.406f) / 0.225f)) / 3;
        Assert.All(mask, m => Assert.Equal(want, m, 5));
    }

    private static void AssertBlocksOf32(OnnxSaliencyModel model, int width, int height)
    {
        using YuvFrame frame = TestImages.RandomFrame(new FrameGeometry(width, height, YuvFormat.Yuv420P), width + height);
        float[] mask = new float[width * height];
        model.Predict(frame, mask);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float value = mask[(y * width) + x];
                Assert.InRange(value, 0f, 1f);

                // Every pixel of a 32×32 block carries the block's value.
                Assert.Equal(mask[(y / 32 * 32 * width) + (x / 32 * 32)], value);
            }
        }
    }
}
