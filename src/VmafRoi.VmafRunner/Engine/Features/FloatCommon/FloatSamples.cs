namespace VmafRoi.VmafRunner.Engine.Features.FloatCommon;

/// <summary>
/// libvmaf's conversion of samples to the 8-bit-scaled floats every float feature reads (3.2.0 notes, 00-common §2):
/// <c>v + offset</c> at 8 bits, <c>v / 4, 16, 256 + offset</c> at 10, 12, 16 bits, each step a float operation.
/// </summary>
public static class FloatSamples
{
    /// <summary>The offset libvmaf's VIF, ADM and motion use.</summary>
    public const float LumaOffset = -128f;

    /// <summary>Converts the top-left <paramref name="width"/>×<paramref name="height"/> samples of <paramref name="plane"/>.</summary>
    public static void Convert(in SamplePlane plane, int width, int height, Span<float> destination, int destinationStride, float offset)
    {
        if (width > plane.Width || height > plane.Height)
        {
            throw new ArgumentException($"cannot read {width}x{height} from a {plane.Width}x{plane.Height} plane");
        }

        if (plane.BitDepth == 8)
        {
            ReadOnlySpan<byte> src = plane.Bytes;
            for (int i = 0; i < height; i++)
            {
                ReadOnlySpan<byte> row = src.Slice(i * plane.Stride, width);
                Span<float> dst = destination.Slice(i * destinationStride, width);
                for (int j = 0; j < row.Length; j++)
                {
                    dst[j] = row[j] + offset;
                }
            }

            return;
        }

        float scaler = Scaler(plane.BitDepth);
        ReadOnlySpan<ushort> words = plane.Words;
        for (int i = 0; i < height; i++)
        {
            ReadOnlySpan<ushort> row = words.Slice(i * plane.Stride, width);
            Span<float> dst = destination.Slice(i * destinationStride, width);
            for (int j = 0; j < row.Length; j++)
            {
                dst[j] = (row[j] / scaler) + offset;
            }
        }
    }

    private static float Scaler(int bitDepth) => bitDepth switch
    {
        10 => 4f,
        12 => 16f,
        16 => 256f,
        _ => throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "libvmaf's float conversion takes 8, 10, 12 or 16 bits"),
    };
}
