using System.Buffers;
using VmafRoi.Contracts;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency;

/// <summary>
/// The one YUV→RGB converter of the SDK. Chroma is upsampled nearest-neighbour; BT.601, BT.709 (and BT.2020 from a
/// stream tag) in limited or full range, any bit depth, scaled to 8-bit RGB as in the seed contract
/// (<c>s = 2^(bd−8)</c>, BT.601 limited <c>R = (1.164383c + 1.596027e)/s</c>, …), rounded and clipped to 0..255,
/// then written as normalised float32 planes <c>(rgb/255 − mean)/std</c>.
/// </summary>
public static class YuvToRgb
{
    /// <summary>Converts a frame into planar float RGB of the frame's size: R plane, then G, then B.</summary>
    public static void Convert(YuvFrame frame, YuvToRgbConversion conversion, RgbNormalization normalization, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int plane = frame.Geometry.Width * frame.Geometry.Height;
        Convert(frame, conversion, normalization, destination, frame.Geometry.Width, plane);
    }

    /// <summary>
    /// Converts a frame into planar float RGB inside a larger buffer: pixel (x, y) of channel c goes to
    /// <c>destination[c·planeStride + y·rowStride + x]</c>. Samples outside the frame are left untouched.
    /// </summary>
    public static void Convert(YuvFrame frame, YuvToRgbConversion conversion, RgbNormalization normalization, Span<float> destination, int rowStride, int planeStride) =>
        Convert(frame, conversion, normalization, destination, rowStride, planeStride, VectorPath.Auto);

    /// <summary>The constants for <paramref name="conversion"/> at <paramref name="bitDepth"/>.</summary>
    internal static YuvToRgbCoefficients Coefficients(YuvToRgbConversion conversion, int bitDepth, RgbNormalization normalization)
    {
        if (bitDepth is < 8 or > 16)
        {
            throw new UnsupportedFormatException($"bit depth {bitDepth} is not supported for YUV→RGB (8..16)");
        }

        double s = 1 << (bitDepth - 8);
        double chromaOffset = 128 * s;

        // Per-matrix unit coefficients (R from V, G from U and V, B from U) for Y', U', V' in [0,1] / [−½,½].
        (double rv, double gu, double gv, double bu) = conversion.Matrix switch
        {
            ColorMatrix.Bt601 => (1.402, 0.344136, 0.714136, 1.772),
            ColorMatrix.Bt709 => (1.5748, 0.1873, 0.4681, 1.8556),
            ColorMatrix.Bt2020 => (1.4746, 0.164553, 0.571353, 1.8814),
            _ => throw new UnsupportedFormatException($"colour matrix {conversion.Matrix} is not supported for YUV→RGB"),
        };

        if (conversion.FullRange)
        {
            // Full range: 0..2^bd−1 maps onto 0..255.
            double divisor = ((1 << bitDepth) - 1) / 255.0;
            return new YuvToRgbCoefficients(0f, (float)chromaOffset, 1f, (float)rv, (float)gu, (float)gv, (float)bu, (float)divisor, normalization);
        }

        if (conversion.Matrix == ColorMatrix.Bt601)
        {
            // The seed contract's literal BT.601 limited-range constants.
            return new YuvToRgbCoefficients((float)(16 * s), (float)chromaOffset, 1.164383f, 1.596027f, 0.391762f, 0.812968f, 2.017232f, (float)s, normalization);
        }

        // Limited range: Y' = (Y−16)/219, U' = (U−128)/224, V' = (V−128)/224, times 255.
        const double luma = 255.0 / 219.0;
        const double chroma = 255.0 / 224.0;
        return new YuvToRgbCoefficients(
            (float)(16 * s),
            (float)chromaOffset,
            (float)luma,
            (float)(rv * chroma),
            (float)(gu * chroma),
            (float)(gv * chroma),
            (float)(bu * chroma),
            (float)s,
            normalization);
    }

    internal static void Convert(YuvFrame frame, YuvToRgbConversion conversion, RgbNormalization normalization, Span<float> destination, int rowStride, int planeStride, VectorPath path)
    {
        ArgumentNullException.ThrowIfNull(frame);
        FrameGeometry geometry = frame.Geometry;
        int width = geometry.Width;
        int height = geometry.Height;
        if (rowStride < width || planeStride < (long)rowStride * (height - 1) + width)
        {
            throw new ArgumentException($"strides {rowStride}/{planeStride} are too small for {width}x{height}");
        }

        long needed = (2L * planeStride) + ((long)rowStride * (height - 1)) + width;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats; {width}x{height} RGB with these strides needs {needed}", nameof(destination));
        }

        YuvFormat format = geometry.Format;
        YuvToRgbCoefficients k = Coefficients(conversion, format.BitDepth, normalization);
        int shiftX = format.Chroma is ChromaFormat.Yuv420 or ChromaFormat.Yuv422 ? 1 : 0;
        int shiftY = format.Chroma == ChromaFormat.Yuv420 ? 1 : 0;
        int chromaWidth = geometry.ChromaPlane.Width;

        float[] rented = ArrayPool<float>.Shared.Rent(3 * width);
        try
        {
            Span<float> yRow = rented.AsSpan(0, width);
            Span<float> uRow = rented.AsSpan(width, width);
            Span<float> vRow = rented.AsSpan(2 * width, width);
            if (format.Chroma == ChromaFormat.Gray)
            {
                // No chroma: neutral U and V make R = G = B = luma.
                uRow.Fill(k.ChromaOffset);
                vRow.Fill(k.ChromaOffset);
            }

            for (int row = 0; row < height; row++)
            {
                int chromaRow = row >> shiftY;
                if (format.BytesPerSample == 1)
                {
                    SampleWidening.Widen(frame.Plane8(0).Slice(row * width, width), yRow, 0, path);
                    if (format.Chroma != ChromaFormat.Gray)
                    {
                        SampleWidening.Widen(frame.Plane8(1).Slice(chromaRow * chromaWidth, chromaWidth), uRow, shiftX, path);
                        SampleWidening.Widen(frame.Plane8(2).Slice(chromaRow * chromaWidth, chromaWidth), vRow, shiftX, path);
                    }
                }
                else
                {
                    SampleWidening.Widen(frame.Plane16(0).Slice(row * width, width), yRow, 0, path);
                    if (format.Chroma != ChromaFormat.Gray)
                    {
                        SampleWidening.Widen(frame.Plane16(1).Slice(chromaRow * chromaWidth, chromaWidth), uRow, shiftX, path);
                        SampleWidening.Widen(frame.Plane16(2).Slice(chromaRow * chromaWidth, chromaWidth), vRow, shiftX, path);
                    }
                }

                int offset = row * rowStride;
                YuvToRgbKernel.Row(
                    yRow,
                    uRow,
                    vRow,
                    destination.Slice(offset, width),
                    destination.Slice(planeStride + offset, width),
                    destination.Slice((2 * planeStride) + offset, width),
                    k,
                    path);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
