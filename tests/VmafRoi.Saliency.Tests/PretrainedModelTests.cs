using VmafRoi.TestShared;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.Saliency.Tests;

/// <summary>A real third-party model through the same path: DeepLabV3-MobileNetV2 objectness ([0,1] input, so <c>unit</c>).</summary>
public sealed class PretrainedModelTests(ITestOutputHelper output)
{
    internal static string DeepLabPath => SharedData.File("saliency", "models", "deeplabv3_mnv2_objectness.onnx");

    internal static SaliencyOptions DeepLabOptions { get; } = new() { Normalization = Normalization.Unit };

    [Fact]
    public void DeepLab_objectness_loads_with_its_contract_and_unit_normalisation_by_option()
    {
        using OnnxSaliencyModel model = SaliencyModels.Load(DeepLabPath, DeepLabOptions);
        output.WriteLine($"{model}; sha256 {model.Sha256}; output {model.Output.Name} {model.Output.Tensor}");
        Assert.Equal("deeplabv3_mnv2_objectness", model.Id);
        Assert.Equal("71c083e76d7d4ee84b1ae51d21545037e19e2067a5eb422ed280059cc68a42ea", model.Sha256);
        Assert.Equal("image", model.Input.Name);
        Assert.Equal(Normalization.Unit, model.Normalization);
        Assert.Equal(InputSizing.Native, model.Sizing);

        // Without the option the model has no metadata, so the seed's ImageNet default applies.
        using OnnxSaliencyModel imagenet = SaliencyModels.Load(DeepLabPath);
        Assert.Equal(Normalization.ImageNet, imagenet.Normalization);
    }

    [Fact]
    public void DeepLab_matches_its_golden_pattern_output()
    {
        using OnnxSaliencyModel model = SaliencyModels.Load(DeepLabPath, DeepLabOptions);
        float[] rgb = TestImages.GoldenPattern(out int width, out int height);
        float[] mask = new float[width * height];
        model.PredictRgb(rgb, width, height, mask);
        Golden golden = Golden.For("deeplabv3_mnv2_objectness", "pattern");
        double blockError = golden.MaxBlockError(mask, width, height);
        double meanError = Math.Abs(mask.Average() - golden.Mean);
        output.WriteLine($"pattern: mean {mask.Average():E3} (golden {golden.Mean:E3}), worst block error {blockError:E2}");
        Assert.True(meanError < 1e-5, $"{meanError:E2}");
        Assert.True(blockError < 1e-5, $"{blockError:E2}");
    }

    [Fact]
    public void DeepLab_marks_the_person_in_carphone_as_the_golden_says()
    {
        using OnnxSaliencyModel model = SaliencyModels.Load(DeepLabPath, DeepLabOptions with { ColorMatrix = ColorMatrixChoice.Bt601 });
        using FrameSource source = FrameReader.Open(SharedData.File("clips", "carphone_qcif_120f.mkv"));
        using YuvFrame frame = source.ReadNext()!;
        float[] mask = new float[176 * 144];
        model.Predict(frame, mask);
        Golden golden = Golden.For("deeplabv3_mnv2_objectness", "carphone_qcif_120f.mkv", "frame0");
        double blockError = golden.MaxBlockError(mask, 176, 144);
        output.WriteLine($"carphone frame 0: mean {mask.Average():F4} (golden {golden.Mean:F4}), worst block error {blockError:E2}");
        Assert.True(Math.Abs(mask.Average() - golden.Mean) < 0.02);
        Assert.True(blockError < 0.1, $"{blockError:E2}");
    }
}
