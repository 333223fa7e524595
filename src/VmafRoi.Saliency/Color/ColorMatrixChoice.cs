using VmafRoi.Yuv;

namespace VmafRoi.Saliency;

/// <summary>Which YUV→RGB matrix to use: the CLI's <c>--color-matrix auto|bt601|bt709</c>.</summary>
public enum ColorMatrixChoice
{
    /// <summary>The stream's tag when it has one, else BT.709 for height ≥ 720 and BT.601 below.</summary>
    Auto,
    Bt601,
    Bt709,
}

/// <summary>A resolved conversion: the matrix and whether samples use the full range.</summary>
/// <param name="Matrix">BT.601, BT.709 or BT.2020 (the last only from a stream tag under <see cref="ColorMatrixChoice.Auto"/>).</param>
/// <param name="FullRange">True for <c>yuvj*</c> formats and streams tagged full range.</param>
public readonly record struct YuvToRgbConversion(ColorMatrix Matrix, bool FullRange)
{
    /// <summary>
    /// The conversion for a stream: an explicit choice wins; <c>auto</c> takes the stream's matrix tag, else BT.709 for
    /// <paramref name="height"/> ≥ 720 and BT.601 below. Full range for <c>yuvj*</c> formats or streams tagged full.
    /// </summary>
    public static YuvToRgbConversion Resolve(ColorMatrixChoice choice, ColorTags tags, YuvFormat format, int height)
    {
        ArgumentNullException.ThrowIfNull(format);
        ColorMatrix matrix = choice switch
        {
            ColorMatrixChoice.Bt601 => ColorMatrix.Bt601,
            ColorMatrixChoice.Bt709 => ColorMatrix.Bt709,
            _ when tags.Matrix != ColorMatrix.Unknown => tags.Matrix,
            _ => height >= 720 ? ColorMatrix.Bt709 : ColorMatrix.Bt601,
        };
        return new YuvToRgbConversion(matrix, format.FullRange || tags.Range == ColorRange.Full);
    }

    public override string ToString() => $"{Matrix} {(FullRange ? "full" : "limited")} range";
}
