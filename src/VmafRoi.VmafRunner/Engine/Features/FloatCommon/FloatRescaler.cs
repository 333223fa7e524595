namespace VmafRoi.VmafRunner.Engine.Features.FloatCommon;

/// <summary>libvmaf's frame rescalers for the float features (<c>vif_scale_frame_s</c>; notes 06 "Rescalers").</summary>
public enum RescaleMethod
{
    Nearest,
    Bilinear,
    Bicubic,
    Lanczos4,
}

/// <summary>
/// Resamples a float image with libvmaf's arithmetic: the source-to-destination ratio is a float, sample positions
/// are computed in double and stored as float, borders mirror about the edge sample, and weights and sums are float.
/// </summary>
public static class FloatRescaler
{
    /// <summary>The option texts libvmaf accepts, in its order.</summary>
    public static IReadOnlyList<string> MethodNames { get; } = ["nearest", "bilinear", "bicubic", "lanczos4"];

    public static RescaleMethod Parse(string name) => name switch
    {
        "nearest" => RescaleMethod.Nearest,
        "bilinear" => RescaleMethod.Bilinear,
        "bicubic" => RescaleMethod.Bicubic,
        "lanczos4" => RescaleMethod.Lanczos4,
        _ => throw new ArgumentException($"unknown scaling method '{name}'", nameof(name)),
    };

    /// <summary>Writes the <paramref name="dstW"/>×<paramref name="dstH"/> image; equal sizes copy.</summary>
    public static void Scale(RescaleMethod method, ReadOnlySpan<float> src, int srcW, int srcH, int srcStride, Span<float> dst, int dstW, int dstH, int dstStride)
    {
        if (srcW == dstW && srcH == dstH)
        {
            for (int i = 0; i < dstH; i++)
            {
                src.Slice(i * srcStride, dstW).CopyTo(dst.Slice(i * dstStride, dstW));
            }

            return;
        }

        float ratioX = (float)srcW / dstW;
        float ratioY = (float)srcH / dstH;
        for (int y = 0; y < dstH; y++)
        {
            if (method == RescaleMethod.Nearest)
            {
                int sy = (int)(y * ratioY);
                for (int x = 0; x < dstW; x++)
                {
                    dst[(y * dstStride) + x] = src[(sy * srcStride) + (int)(x * ratioX)];
                }

                continue;
            }

            float yy = (float)(((y + 0.5) * ratioY) - 0.5);
            for (int x = 0; x < dstW; x++)
            {
                float xx = (float)(((x + 0.5) * ratioX) - 0.5);
                dst[(y * dstStride) + x] = method switch
                {
                    RescaleMethod.Bilinear => Bilinear(src, srcW, srcH, srcStride, xx, yy),
                    RescaleMethod.Bicubic => Bicubic(src, srcW, srcH, srcStride, xx, yy),
                    _ => Lanczos4(src, srcW, srcH, srcStride, xx, yy),
                };
            }
        }
    }

    /// <summary>libvmaf's float mirror: reflection about 0 and about <paramref name="right"/>.</summary>
    private static float MirrorF(float i, float right) => i < 0 ? -i : i > right ? (2 * right) - i : i;

    private static float Bilinear(ReadOnlySpan<float> src, int width, int height, int stride, float x, float y)
    {
        int x1 = (int)MirrorF((float)Math.Floor(x), width - 1);
        int x2 = (int)MirrorF((float)Math.Ceiling(x), width - 1);
        int y1 = (int)MirrorF((float)Math.Floor(y), height - 1);
        int y2 = (int)MirrorF((float)Math.Ceiling(y), height - 1);
        float dx = x - x1;
        float dy = y - y1;
        float a = (1 - dy) * (1 - dx) * src[(y1 * stride) + x1];
        float b = (1 - dy) * dx * src[(y1 * stride) + x2];
        float c = dy * (1 - dx) * src[(y2 * stride) + x1];
        float d = dy * dx * src[(y2 * stride) + x2];
        return a + b + c + d;
    }

    private static float CubicWeight(float t)
    {
        const float a = -0.75f;
        if (t < 0)
        {
            t = -t;
        }

        if (t < 1)
        {
            return ((((a + 2) * t) - (a + 3)) * t * t) + 1;
        }

        return t < 2 ? ((((((t - 5) * t) + 8) * t) - 4) * a) : 0;
    }

    private static float Bicubic(ReadOnlySpan<float> src, int width, int height, int stride, float x, float y)
    {
        int x0 = (int)Math.Floor(x);
        int y0 = (int)Math.Floor(y);
        float dx = x - x0;
        float dy = y - y0;
        Span<float> wx = stackalloc float[4];
        Span<float> wy = stackalloc float[4];
        for (int i = -1; i <= 2; i++)
        {
            wx[i + 1] = CubicWeight(i - dx);
            wy[i + 1] = CubicWeight(i - dy);
        }

        float value = 0;
        for (int j = -1; j <= 2; j++)
        {
            int yi = (int)MirrorF(y0 + j, height - 1);
            for (int i = -1; i <= 2; i++)
            {
                int xi = (int)MirrorF(x0 + i, width - 1);
                float weight = wx[i + 1] * wy[j + 1];
                value += src[(yi * stride) + xi] * weight;
            }
        }

        return value;
    }

    private static float LanczosWeight(float x)
    {
        const float a = 4f;
        if (x == 0.0)
        {
            return 1.0f;
        }

        if (x > -a && x < a)
        {
            return (float)(a * Math.Sin(Math.PI * x) * Math.Sin(Math.PI * x / a) / (Math.PI * Math.PI * x * x));
        }

        return 0.0f;
    }

    private static float Lanczos4(ReadOnlySpan<float> src, int width, int height, int stride, float x, float y)
    {
        const int a = 4;
        int x0 = (int)Math.Floor(x);
        int y0 = (int)Math.Floor(y);
        float dx = x - x0;
        float dy = y - y0;
        Span<float> wx = stackalloc float[9];
        Span<float> wy = stackalloc float[9];
        for (int i = -a; i <= a; i++)
        {
            wx[i + a] = LanczosWeight(i - dx);
            wy[i + a] = LanczosWeight(i - dy);
        }

        float value = 0, weightSum = 0;
        for (int iy = -a; iy <= a; iy++)
        {
            int yi = (int)MirrorF(y0 + iy, height - 1);
            for (int ix = -a; ix <= a; ix++)
            {
                float weight = wx[ix + a] * wy[iy + a];
                weightSum += weight;
                int xi = (int)MirrorF(x0 + ix, width - 1);
                value += src[(yi * stride) + xi] * weight;
            }
        }

        return value / weightSum;
    }
}
