using VmafRoi.Yuv;

namespace VmafRoi.Saliency.Tests;

public sealed class YuvToRgbTests
{
    public static TheoryData<string, int, int> Formats => new()
    {
        { "yuv420p", 37, 23 },
        { "yuv420p", 64, 2 },
        { "yuv422p", 61, 5 },
        { "yuv444p", 19, 7 },
        { "gray", 33, 3 },
        { "yuvj420p", 41, 9 },
        { "yuv420p10le", 37, 11 },
        { "yuv422p12le", 29, 4 },
        { "yuv444p16le", 17, 6 },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Vector256_and_scalar_paths_give_bit_identical_rgb(string pixFmt, int width, int height)
    {
        var geometry = new FrameGeometry(width, height, YuvFormat.Parse(pixFmt));
        using YuvFrame frame = TestImages.RandomFrame(geometry, seed: width * height);
        foreach (ColorMatrix matrix in new[] { ColorMatrix.Bt601, ColorMatrix.Bt709, ColorMatrix.Bt2020 })
        {
            foreach (bool fullRange in new[] { false, true })
            {
                foreach (RgbNormalization normalization in new[] { RgbNormalization.Unit, RgbNormalization.ImageNet })
                {
                    var conversion = new YuvToRgbConversion(matrix, fullRange);
                    float[] scalar = Convert(frame, conversion, normalization, VectorPath.Scalar);
                    float[] vector = Convert(frame, conversion, normalization, VectorPath.Vector256);
                    for (int i = 0; i < scalar.Length; i++)
                    {
                        Assert.True(
                            BitConverter.SingleToInt32Bits(scalar[i]) == BitConverter.SingleToInt32Bits(vector[i]),
                            $"{pixFmt} {conversion} {normalization}: element {i} scalar {scalar[i]:R} vector {vector[i]:R}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Sample_widening_vector_path_equals_source_index_x_shifted(int shift)
    {
        var rng = new Random(shift);
        for (int width = 1; width < 150; width++)
        {
            int sourceLength = ((width - 1) >> shift) + 1;
            byte[] bytes = new byte[sourceLength];
            ushort[] words = new ushort[sourceLength];
            rng.NextBytes(bytes);
            for (int i = 0; i < words.Length; i++)
            {
                words[i] = (ushort)rng.Next(65536);
            }

            float[] fromBytes = new float[width];
            float[] fromWords = new float[width];
            SampleWidening.Widen(bytes, fromBytes, shift, VectorPath.Vector256);
            SampleWidening.Widen(words, fromWords, shift, VectorPath.Vector256);
            for (int x = 0; x < width; x++)
            {
                Assert.Equal(bytes[x >> shift], fromBytes[x]);
                Assert.Equal(words[x >> shift], fromWords[x]);
            }
        }
    }

    [Theory]
    [InlineData(8, 81, 90, 240, 254, 0, 0)]
    [InlineData(8, 41, 240, 110, 0, 0, 255)]
    [InlineData(8, 100, 150, 90, 37, 120, 142)]
    [InlineData(8, 235, 128, 128, 255, 255, 255)]
    [InlineData(8, 16, 128, 128, 0, 0, 0)]
    [InlineData(10, 324, 360, 960, 254, 0, 0)]
    [InlineData(10, 400, 600, 360, 37, 120, 142)]
    [InlineData(10, 940, 512, 512, 255, 255, 255)]
    [InlineData(10, 64, 512, 512, 0, 0, 0)]
    public void Bt601_limited_range_gives_the_seed_formula_values(int bitDepth, int y, int u, int v, int r, int g, int b) =>
        AssertPixel(ColorMatrix.Bt601, bitDepth, y, u, v, r, g, b);

    [Theory]
    [InlineData(8, 63, 102, 240, 255, 1, 0)]
    [InlineData(8, 32, 240, 118, 1, 0, 255)]
    [InlineData(8, 100, 150, 90, 30, 113, 144)]
    [InlineData(8, 235, 128, 128, 255, 255, 255)]
    [InlineData(10, 252, 408, 960, 255, 1, 0)]
    [InlineData(10, 400, 600, 360, 30, 113, 144)]
    [InlineData(10, 64, 512, 512, 0, 0, 0)]
    public void Bt709_limited_range_gives_the_seed_formula_values(int bitDepth, int y, int u, int v, int r, int g, int b) =>
        AssertPixel(ColorMatrix.Bt709, bitDepth, y, u, v, r, g, b);

    [Theory]
    [InlineData(ColorMatrix.Bt601, 8)]
    [InlineData(ColorMatrix.Bt601, 10)]
    [InlineData(ColorMatrix.Bt709, 8)]
    [InlineData(ColorMatrix.Bt709, 10)]
    public void Every_sampled_colour_matches_the_seed_formula_in_double_precision(ColorMatrix matrix, int bitDepth)
    {
        int s = 1 << (bitDepth - 8);
        int max = (1 << bitDepth) - 1;
        int step = 5 * s;
        var samples = new List<(int Y, int U, int V)>();
        for (int y = 0; y <= max; y += step)
        {
            for (int u = 0; u <= max; u += step)
            {
                for (int v = 0; v <= max; v += step)
                {
                    samples.Add((y, u, v));
                }
            }
        }

        // One 4:4:4 row holds every sample, so the whole grid converts in one call.
        var geometry = new FrameGeometry(samples.Count, 1, YuvFormat.From(ChromaFormat.Yuv444, bitDepth));
        using var frame = new YuvFrame(geometry);
        for (int i = 0; i < samples.Count; i++)
        {
            if (bitDepth == 8)
            {
                (frame.Plane8(0)[i], frame.Plane8(1)[i], frame.Plane8(2)[i]) = ((byte)samples[i].Y, (byte)samples[i].U, (byte)samples[i].V);
            }
            else
            {
                (frame.Plane16(0)[i], frame.Plane16(1)[i], frame.Plane16(2)[i]) = ((ushort)samples[i].Y, (ushort)samples[i].U, (ushort)samples[i].V);
            }
        }

        float[] rgb = Convert(frame, new YuvToRgbConversion(matrix, false), RgbNormalization.Unit, VectorPath.Auto);
        int n = samples.Count;
        int checkedCount = 0;
        for (int i = 0; i < n; i++)
        {
            (double r, double g, double b) = SeedFormula(matrix, s, samples[i].Y, samples[i].U, samples[i].V);
            foreach ((double exact, float actual) in new[] { (r, rgb[i]), (g, rgb[n + i]), (b, rgb[(2 * n) + i]) })
            {
                // float32 and float64 may round an exact tie differently; those few are not judged.
                if (Math.Abs(exact - Math.Floor(exact) - 0.5) < 1e-3)
                {
                    continue;
                }

                Assert.Equal(Math.Clamp(Math.Round(exact), 0, 255), Math.Round(actual * 255.0));
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 10000);
    }

    [Fact]
    public void Full_range_maps_0_and_max_to_black_and_white()
    {
        var geometry = new FrameGeometry(2, 2, YuvFormat.Parse("yuvj420p"));
        YuvToRgbConversion conversion = YuvToRgbConversion.Resolve(ColorMatrixChoice.Auto, ColorTags.None, geometry.Format, 2);
        Assert.True(conversion.FullRange);
        using YuvFrame white = TestImages.ConstantFrame(geometry, 255, 128, 128);
        using YuvFrame black = TestImages.ConstantFrame(geometry, 0, 128, 128);
        Assert.All(Convert(white, conversion, RgbNormalization.Unit, VectorPath.Auto), x => Assert.Equal(1f, x));
        Assert.All(Convert(black, conversion, RgbNormalization.Unit, VectorPath.Auto), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Gray_frames_give_equal_r_g_and_b()
    {
        var geometry = new FrameGeometry(9, 3, YuvFormat.Parse("gray10le"));
        using YuvFrame frame = TestImages.RandomFrame(geometry, 3);
        float[] rgb = Convert(frame, new YuvToRgbConversion(ColorMatrix.Bt709, false), RgbNormalization.Unit, VectorPath.Auto);
        int plane = 27;
        for (int i = 0; i < plane; i++)
        {
            Assert.Equal(rgb[i], rgb[plane + i]);
            Assert.Equal(rgb[i], rgb[(2 * plane) + i]);
        }
    }

    [Fact]
    public void Chroma_is_upsampled_nearest_neighbour()
    {
        // 3x2 yuv420p: chroma 2x1; luma columns 0,1 take chroma column 0 and column 2 takes column 1.
        var geometry = new FrameGeometry(3, 2, YuvFormat.Yuv420P);
        using var frame = new YuvFrame(geometry);
        frame.Plane8(0).Fill(128);
        frame.Plane8(1)[0] = 128;
        frame.Plane8(1)[1] = 128;
        frame.Plane8(2)[0] = 128;
        frame.Plane8(2)[1] = 240;
        float[] rgb = Convert(frame, new YuvToRgbConversion(ColorMatrix.Bt601, false), RgbNormalization.Unit, VectorPath.Auto);
        float[] red = rgb[..6];
        Assert.Equal(red[0], red[1]);
        Assert.True(red[2] > red[1]);
        Assert.Equal(red[0], red[3]);
        Assert.Equal(red[2], red[5]);
    }

    [Fact]
    public void ImageNet_normalisation_is_rgb_over_255_minus_mean_over_std()
    {
        var geometry = new FrameGeometry(1, 1, YuvFormat.Parse("yuv444p"));
        using YuvFrame frame = TestImages.ConstantFrame(geometry, 100, 150, 90);
        float[] rgb = Convert(frame, new YuvToRgbConversion(ColorMatrix.Bt601, false), RgbNormalization.ImageNet, VectorPath.Auto);
        Assert.Equal(((37 / 255f) - 0.485f) / 0.229f, rgb[0]);
        Assert.Equal(((120 / 255f) - 0.456f) / 0.224f, rgb[1]);
        Assert.Equal(((142 / 255f) - 0.406f) / 0.225f, rgb[2]);
    }

    [Fact]
    public void Strided_output_leaves_the_padding_untouched()
    {
        var geometry = new FrameGeometry(5, 3, YuvFormat.Yuv420P);
        using YuvFrame frame = TestImages.RandomFrame(geometry, 11);
        float[] padded = new float[3 * 8 * 4];
        padded.AsSpan().Fill(-7f);
        YuvToRgb.Convert(frame, new YuvToRgbConversion(ColorMatrix.Bt601, false), RgbNormalization.Unit, padded, rowStride: 8, planeStride: 32);
        float[] tight = Convert(frame, new YuvToRgbConversion(ColorMatrix.Bt601, false), RgbNormalization.Unit, VectorPath.Auto);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < 4; y++)
            {
                for (int x = 0; x < 8; x++)
                {
                    float value = padded[(c * 32) + (y * 8) + x];
                    Assert.Equal(x < 5 && y < 3 ? tight[(c * 15) + (y * 5) + x] : -7f, value);
                }
            }
        }
    }

    [Theory]
    [InlineData(ColorMatrixChoice.Auto, ColorMatrix.Unknown, 720, ColorMatrix.Bt709)]
    [InlineData(ColorMatrixChoice.Auto, ColorMatrix.Unknown, 1080, ColorMatrix.Bt709)]
    [InlineData(ColorMatrixChoice.Auto, ColorMatrix.Unknown, 719, ColorMatrix.Bt601)]
    [InlineData(ColorMatrixChoice.Auto, ColorMatrix.Unknown, 144, ColorMatrix.Bt601)]
    [InlineData(ColorMatrixChoice.Auto, ColorMatrix.Bt709, 360, ColorMatrix.Bt709)]
    [InlineData(ColorMatrixChoice.Auto, ColorMatrix.Bt601, 1080, ColorMatrix.Bt601)]
    [InlineData(ColorMatrixChoice.Auto, ColorMatrix.Bt2020, 2160, ColorMatrix.Bt2020)]
    [InlineData(ColorMatrixChoice.Bt601, ColorMatrix.Bt709, 1080, ColorMatrix.Bt601)]
    [InlineData(ColorMatrixChoice.Bt709, ColorMatrix.Unknown, 144, ColorMatrix.Bt709)]
    public void Auto_uses_the_stream_tag_else_bt709_from_720_lines_and_an_explicit_choice_wins(ColorMatrixChoice choice, ColorMatrix tag, int height, ColorMatrix expected)
    {
        YuvToRgbConversion conversion = YuvToRgbConversion.Resolve(choice, new ColorTags(tag, ColorRange.Unknown), YuvFormat.Yuv420P, height);
        Assert.Equal(expected, conversion.Matrix);
        Assert.False(conversion.FullRange);
    }

    [Fact]
    public void Full_range_comes_from_yuvj_formats_or_a_full_range_tag()
    {
        Assert.True(YuvToRgbConversion.Resolve(ColorMatrixChoice.Auto, ColorTags.None, YuvFormat.Parse("yuvj444p"), 100).FullRange);
        Assert.True(YuvToRgbConversion.Resolve(ColorMatrixChoice.Bt709, new ColorTags(ColorMatrix.Unknown, ColorRange.Full), YuvFormat.Parse("yuv420p10le"), 100).FullRange);
        Assert.False(YuvToRgbConversion.Resolve(ColorMatrixChoice.Auto, new ColorTags(ColorMatrix.Bt709, ColorRange.Limited), YuvFormat.Yuv420P, 100).FullRange);
    }

    private static void AssertPixel(ColorMatrix matrix, int bitDepth, int y, int u, int v, int r, int g, int b)
    {
        var geometry = new FrameGeometry(2, 2, YuvFormat.From(ChromaFormat.Yuv420, bitDepth));
        using YuvFrame frame = TestImages.ConstantFrame(geometry, y, u, v);
        foreach (VectorPath path in new[] { VectorPath.Scalar, VectorPath.Vector256 })
        {
            float[] rgb = Convert(frame, new YuvToRgbConversion(matrix, false), RgbNormalization.Unit, path);
            Assert.Equal(new[] { r / 255f, g / 255f, b / 255f }, new[] { rgb[0], rgb[4], rgb[8] });
        }
    }

    private static (double R, double G, double B) SeedFormula(ColorMatrix matrix, int s, int y, int u, int v)
    {
        double c = y - (16.0 * s);
        double d = u - (128.0 * s);
        double e = v - (128.0 * s);
        if (matrix == ColorMatrix.Bt601)
        {
            return (((1.164383 * c) + (1.596027 * e)) / s, ((1.164383 * c) - (0.391762 * d) - (0.812968 * e)) / s, ((1.164383 * c) + (2.017232 * d)) / s);
        }

        // vmaf-tune's BT.709: Y' = (Y−16)/219, U' = (U−128)/224, V' = (V−128)/224, scaled to 0..255.
        double yp = c / s / 219 * 255;
        double up = d / s / 224 * 255;
        double vp = e / s / 224 * 255;
        return (yp + (1.5748 * vp), yp - (0.1873 * up) - (0.4681 * vp), yp + (1.8556 * up));
    }

    private static float[] Convert(YuvFrame frame, YuvToRgbConversion conversion, RgbNormalization normalization, VectorPath path)
    {
        int plane = frame.Geometry.Width * frame.Geometry.Height;
        float[] rgb = new float[3 * plane];
        YuvToRgb.Convert(frame, conversion, normalization, rgb, frame.Geometry.Width, plane, path);
        return rgb;
    }
}
