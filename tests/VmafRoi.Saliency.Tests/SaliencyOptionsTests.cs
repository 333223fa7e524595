using VmafRoi.Contracts;

namespace VmafRoi.Saliency.Tests;

public sealed class SaliencyOptionsTests
{
    [Theory]
    [InlineData("auto", null)]
    [InlineData("imagenet", Normalization.ImageNet)]
    [InlineData("UNIT", Normalization.Unit)]
    public void Normalization_flag_values_parse_with_auto_meaning_model_metadata(string text, Normalization? expected) =>
        Assert.Equal(expected, SaliencyOptions.ParseNormalization(text));

    [Theory]
    [InlineData("auto", ColorMatrixChoice.Auto)]
    [InlineData("bt601", ColorMatrixChoice.Bt601)]
    [InlineData("BT709", ColorMatrixChoice.Bt709)]
    public void Color_matrix_flag_values_parse(string text, ColorMatrixChoice expected) =>
        Assert.Equal(expected, SaliencyOptions.ParseColorMatrix(text));

    [Fact]
    public void Unknown_flag_values_are_invalid_input_naming_the_choices()
    {
        Assert.Contains("auto, imagenet or unit", Assert.Throws<InvalidInputException>(() => SaliencyOptions.ParseNormalization("zscore")).Message, StringComparison.Ordinal);
        Assert.Contains("auto, bt601 or bt709", Assert.Throws<InvalidInputException>(() => SaliencyOptions.ParseColorMatrix("bt2020")).Message, StringComparison.Ordinal);
    }
}
