namespace VmafRoi.VmafRunner.Engine.Features.FloatCommon;

/// <summary>
/// libvmaf's separable float filtering (<c>vif_filter1d_s</c>, <c>convolution_f32_c_s</c>): a vertical pass then a
/// horizontal pass, each output accumulated in float from 0 in tap order, borders mirrored about the edge sample (R101).
/// Computing one output row (or every other column) at a time gives the same values as filtering the whole image.
/// </summary>
internal static class FloatFilter
{
    /// <summary>The vertical pass of a plain filter for one output row (taps in order from 0, R101 rows).</summary>
    public static void Vertical(ReadOnlySpan<float> filter, ReadOnlySpan<float> img, int width, int height, int stride, int row, Span<float> output, int pad)
    {
        int radius = filter.Length / 2;
        Span<float> o = output.Slice(pad, width);
        o.Clear();
        for (int k = 0; k < filter.Length; k++)
        {
            float g = filter[k];
            ReadOnlySpan<float> r = img.Slice(Mirror.R101(row - radius + k, height) * stride, width);
            for (int j = 0; j < width; j++)
            {
                o[j] += g * r[j];
            }
        }
    }

    /// <summary>
    /// The horizontal pass over a row padded by R101 mirrors (<paramref name="padded"/>[pad + j] is column j):
    /// output column <c>j·step</c> goes to <paramref name="output"/>[j].
    /// </summary>
    public static void Horizontal(ReadOnlySpan<float> filter, Span<float> padded, int width, int pad, Span<float> output, int count, int step)
    {
        Mirror.PadR101(padded, width, pad);
        int radius = filter.Length / 2;
        int start = pad - radius;
        for (int j = 0; j < count; j++)
        {
            int at = start + (j * step);
            float acc = 0;
            for (int k = 0; k < filter.Length; k++)
            {
                acc += filter[k] * padded[at + k];
            }

            output[j] = acc;
        }
    }

}
