namespace VmafRoi.Saliency;

/// <summary>How 8-bit RGB becomes model input: <c>x = (rgb/255 − mean)/std</c> per channel.</summary>
/// <param name="Mean">Per-channel mean, R, G, B.</param>
/// <param name="Std">Per-channel standard deviation, R, G, B.</param>
public readonly record struct RgbNormalization((float R, float G, float B) Mean, (float R, float G, float B) Std)
{
    /// <summary>Plain [0,1]: <c>rgb/255</c>.</summary>
    public static RgbNormalization Unit { get; } = new((0f, 0f, 0f), (1f, 1f, 1f));

    /// <summary>ImageNet mean [0.485, 0.456, 0.406] and std [0.229, 0.224, 0.225] (the seed contract's default).</summary>
    public static RgbNormalization ImageNet { get; } = new((0.485f, 0.456f, 0.406f), (0.229f, 0.224f, 0.225f));

    /// <summary>The normalisation the enum names.</summary>
    public static RgbNormalization For(Normalization normalization) => normalization switch
    {
        Normalization.Unit => Unit,
        Normalization.ImageNet => ImageNet,
        _ => throw new ArgumentOutOfRangeException(nameof(normalization), normalization, null),
    };

    internal float MeanOf(int channel) => channel switch { 0 => Mean.R, 1 => Mean.G, _ => Mean.B };

    internal float StdOf(int channel) => channel switch { 0 => Std.R, 1 => Std.G, _ => Std.B };
}

/// <summary>The model-input normalisations the SDK knows: the CLI's <c>--saliency-normalization imagenet|unit</c>.</summary>
public enum Normalization
{
    /// <summary><c>(rgb/255 − mean)/std</c> with ImageNet statistics.</summary>
    ImageNet,

    /// <summary><c>rgb/255</c> in [0,1], no mean or std.</summary>
    Unit,
}
