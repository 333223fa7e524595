namespace VmafRoi.Saliency;

/// <summary>
/// Bilinear resize of one float plane with half-pixel centres and edge clamping, the same mapping as ONNX
/// <c>Resize(mode=linear, coordinate_transformation_mode=half_pixel)</c>.
/// </summary>
internal static class Bilinear
{
    public static void Resize(ReadOnlySpan<float> source, int sourceWidth, int sourceHeight, Span<float> destination, int width, int height)
    {
        if (source.Length < sourceWidth * sourceHeight || destination.Length < width * height)
        {
            throw new ArgumentException("a plane is shorter than its size");
        }

        if (sourceWidth == width && sourceHeight == height)
        {
            source[..(width * height)].CopyTo(destination);
            return;
        }

        Span<int> x0 = width <= 4096 ? stackalloc int[width] : new int[width];
        Span<float> fx = width <= 4096 ? stackalloc float[width] : new float[width];
        Axis(sourceWidth, width, x0, fx);
        for (int y = 0; y < height; y++)
        {
            (int y0, int y1, float fy) = Tap(sourceHeight, height, y);
            ReadOnlySpan<float> top = source.Slice(y0 * sourceWidth, sourceWidth);
            ReadOnlySpan<float> bottom = source.Slice(y1 * sourceWidth, sourceWidth);
            Span<float> row = destination.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                int a = x0[x];
                int b = Math.Min(a + 1, sourceWidth - 1);
                float t = top[a] + ((top[b] - top[a]) * fx[x]);
                float u = bottom[a] + ((bottom[b] - bottom[a]) * fx[x]);
                row[x] = t + ((u - t) * fy);
            }
        }
    }

    private static void Axis(int sourceLength, int length, Span<int> index, Span<float> fraction)
    {
        for (int i = 0; i < length; i++)
        {
            (int a, _, float f) = Tap(sourceLength, length, i);
            index[i] = a;
            fraction[i] = f;
        }
    }

    private static (int Low, int High, float Fraction) Tap(int sourceLength, int length, int i)
    {
        double position = ((i + 0.5) * sourceLength / length) - 0.5;
        position = Math.Clamp(position, 0, sourceLength - 1);
        int low = (int)position;
        int high = Math.Min(low + 1, sourceLength - 1);
        return (low, high, (float)(position - low));
    }
}
