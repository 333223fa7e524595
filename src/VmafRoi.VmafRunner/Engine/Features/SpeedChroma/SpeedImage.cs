using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.SpeedChroma;

/// <summary>
/// SpEED's picture steps on f32 planes (row-major, given stride): sample conversion, libvmaf's four resizers, the
/// separable filter with R101 borders, 16x decimation and mean subtraction. Same operations in the same order as
/// libvmaf's scalar C (no FMA, f32 accumulation from 0), so every value has the same bits.
/// </summary>
internal static class SpeedImage
{
    /// <summary>8-bit samples to f32 with the −128 chroma offset.</summary>
    public static void ToFloat(ReadOnlySpan<byte> plane, int stride, int width, int height, Span<float> dst, int dstStride)
    {
        for (int i = 0; i < height; i++)
        {
            ReadOnlySpan<byte> s = plane.Slice(i * stride, width);
            Span<float> d = dst.Slice(i * dstStride, width);
            int j = 0;

            // Exact in any width: a byte minus 128 is an integer f32 holds exactly.
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<int> offset = Vector256.Create(128);
                for (; j <= width - 8; j += 8)
                {
                    Vector128<ushort> w = Vector128.WidenLower(Vector128.CreateScalarUnsafe(MemoryMarshal.Read<ulong>(s[j..])).AsByte());
                    Vector256<int> v = Vector256.WidenLower(w.ToVector256Unsafe()).AsInt32();
                    Vector256.ConvertToSingle(v - offset).CopyTo(d[j..]);
                }
            }

            for (; j < width; j++)
            {
                d[j] = s[j] + -128f;
            }
        }
    }

    /// <summary>10/12/16-bit samples to 8-bit-scaled f32 (divided by 4, 16 or 256) with the −128 offset.</summary>
    public static void ToFloat(ReadOnlySpan<ushort> plane, int stride, int width, int height, int bitDepth, Span<float> dst, int dstStride)
    {
        float scaler = bitDepth switch
        {
            10 => 4.0f,
            12 => 16.0f,
            _ => 256.0f,
        };
        for (int i = 0; i < height; i++)
        {
            ReadOnlySpan<ushort> s = plane.Slice(i * stride, width);
            Span<float> d = dst.Slice(i * dstStride, width);
            for (int j = 0; j < width; j++)
            {
                d[j] = (s[j] / scaler) + -128f;
            }
        }
    }

    /// <summary>libvmaf's <c>vif_scale_frame_s</c>: resizes src (srcW x srcH) into dst (dstW x dstH), both at <paramref name="stride"/>.</summary>
    public static void Rescale(SpeedScaleMethod method, ReadOnlySpan<float> src, int srcW, int srcH, Span<float> dst, int dstW, int dstH, int stride)
    {
        if (srcW == dstW && srcH == dstH)
        {
            src[..(stride * dstH)].CopyTo(dst);
            return;
        }

        float ratioX = (float)srcW / dstW;
        float ratioY = (float)srcH / dstH;
        for (int y = 0; y < dstH; y++)
        {
            Span<float> row = dst.Slice(y * stride, dstW);
            if (method == SpeedScaleMethod.Nearest)
            {
                int sy = (int)(y * ratioY);
                for (int x = 0; x < dstW; x++)
                {
                    row[x] = src[(sy * stride) + (int)(x * ratioX)];
                }

                continue;
            }

            float yy = (float)(((y + 0.5) * ratioY) - 0.5);
            for (int x = 0; x < dstW; x++)
            {
                float xx = (float)(((x + 0.5) * ratioX) - 0.5);
                row[x] = method switch
                {
                    SpeedScaleMethod.Bilinear => Bilinear(src, srcW, srcH, stride, xx, yy),
                    SpeedScaleMethod.Bicubic => Bicubic(src, srcW, srcH, stride, xx, yy),
                    _ => Lanczos4(src, srcW, srcH, stride, xx, yy),
                };
            }
        }
    }

    /// <summary>
    /// The anti-alias filter followed by the 16x decimation: out[i][j] = filter(src)[16i][16j]. Only the rows and
    /// columns kept are filtered; each kept value is computed exactly as the full filter computes it.
    /// </summary>
    /// <param name="filter">The taps.</param>
    /// <param name="src">Input plane (<paramref name="width"/> x <paramref name="height"/>, <paramref name="stride"/>).</param>
    /// <param name="width">Input width.</param>
    /// <param name="height">Input height.</param>
    /// <param name="stride">Row stride of src.</param>
    /// <param name="dst">Receives (width/16) x (height/16) values, rows of width/16.</param>
    /// <param name="column">Scratch: one row of <paramref name="width"/>.</param>
    /// <param name="vw">Vector width of the vertical pass (every width gives the scalar bits).</param>
    public static void FilterAndDecimate16(ReadOnlySpan<float> filter, ReadOnlySpan<float> src, int width, int height, int stride, Span<float> dst, Span<float> column, VectorWidth vw = VectorWidth.Scalar)
    {
        int outW = width / 16;
        int outH = height / 16;
        for (int i = 0; i < outH; i++)
        {
            VerticalPass(filter, src, width, height, stride, 16 * i, column, vw);
            Span<float> row = dst.Slice(i * outW, outW);
            for (int j = 0; j < outW; j++)
            {
                row[j] = HorizontalTap(filter, column, width, 16 * j);
            }
        }
    }

    /// <summary>libvmaf's <c>vif_filter1d_s</c>: vertical then horizontal pass per row, R101 borders, f32 sums from 0.</summary>
    public static void Filter(ReadOnlySpan<float> filter, ReadOnlySpan<float> src, int width, int height, int stride, Span<float> dst, Span<float> column)
    {
        for (int i = 0; i < height; i++)
        {
            VerticalPass(filter, src, width, height, stride, i, column, VectorWidth.Scalar);
            Span<float> row = dst.Slice(i * stride, width);
            for (int j = 0; j < width; j++)
            {
                row[j] = HorizontalTap(filter, column, width, j);
            }
        }
    }

    /// <summary>a −= b over width x height.</summary>
    public static void Subtract(Span<float> a, ReadOnlySpan<float> b, int width, int height, int stride)
    {
        for (int i = 0; i < height; i++)
        {
            Span<float> ra = a.Slice(i * stride, width);
            ReadOnlySpan<float> rb = b.Slice(i * stride, width);
            for (int j = 0; j < width; j++)
            {
                ra[j] -= rb[j];
            }
        }
    }

    /// <summary>column[j] = Σk tap_k·row_k[j], f32 from 0 in tap order.</summary>
    private static void VerticalPass(ReadOnlySpan<float> filter, ReadOnlySpan<float> src, int width, int height, int stride, int i, Span<float> column, VectorWidth vw)
    {
        int half = filter.Length / 2;
        column = column[..width];
        column.Clear();
        for (int k = 0; k < filter.Length; k++)
        {
            AddScaled(column, filter[k], src.Slice(Reflect(i - half + k, height) * stride, width), vw);
        }
    }

    /// <summary>
    /// dst[j] += tap·src[j]: a separate f32 multiply and add per element (no FMA), lanes are elements, so every vector
    /// width gives the scalar bits.
    /// </summary>
    internal static void AddScaled(Span<float> dst, float tap, ReadOnlySpan<float> src, VectorWidth vw)
    {
        int n = dst.Length;
        if (src.Length < n)
        {
            throw new ArgumentException("source shorter than destination", nameof(src));
        }

        ref float c = ref MemoryMarshal.GetReference(dst);
        ref float r = ref MemoryMarshal.GetReference(src);
        int j = 0;
        if (vw == VectorWidth.V512 && Vector512.IsHardwareAccelerated)
        {
            Vector512<float> t = Vector512.Create(tap);
            for (; j <= n - 16; j += 16)
            {
                Vector512.StoreUnsafe(Vector512.LoadUnsafe(ref c, (nuint)j) + (t * Vector512.LoadUnsafe(ref r, (nuint)j)), ref c, (nuint)j);
            }
        }

        if (vw >= VectorWidth.V256 && Vector256.IsHardwareAccelerated)
        {
            Vector256<float> t = Vector256.Create(tap);
            for (; j <= n - 8; j += 8)
            {
                Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref c, (nuint)j) + (t * Vector256.LoadUnsafe(ref r, (nuint)j)), ref c, (nuint)j);
            }
        }

        if (vw >= VectorWidth.V128 && Vector128.IsHardwareAccelerated)
        {
            Vector128<float> t = Vector128.Create(tap);
            for (; j <= n - 4; j += 4)
            {
                Vector128.StoreUnsafe(Vector128.LoadUnsafe(ref c, (nuint)j) + (t * Vector128.LoadUnsafe(ref r, (nuint)j)), ref c, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            Unsafe.Add(ref c, j) += tap * Unsafe.Add(ref r, j);
        }
    }

    private static float HorizontalTap(ReadOnlySpan<float> filter, ReadOnlySpan<float> column, int width, int j)
    {
        int half = filter.Length / 2;
        float accum = 0;
        for (int k = 0; k < filter.Length; k++)
        {
            accum += filter[k] * column[Reflect(j - half + k, width)];
        }

        return accum;
    }

    /// <summary>R101 mirror: −x before the start, 2n−2−x past the end.</summary>
    private static int Reflect(int x, int n) => x < 0 ? -x : x >= n ? (2 * n) - x - 2 : x;

    private static float Mirror(float i, float left, float right) => i < left ? -i : i > right ? (2 * right) - i : i;

    private static float Bilinear(ReadOnlySpan<float> src, int width, int height, int stride, float x, float y)
    {
        int x1 = (int)Mirror(MathF.Floor(x), 0, width - 1);
        int x2 = (int)Mirror(MathF.Ceiling(x), 0, width - 1);
        int y1 = (int)Mirror(MathF.Floor(y), 0, height - 1);
        int y2 = (int)Mirror(MathF.Ceiling(y), 0, height - 1);
        float dx = x - x1;
        float dy = y - y1;
        return ((1 - dy) * (1 - dx) * src[(y1 * stride) + x1])
            + ((1 - dy) * dx * src[(y1 * stride) + x2])
            + (dy * (1 - dx) * src[(y2 * stride) + x1])
            + (dy * dx * src[(y2 * stride) + x2]);
    }

    private static float BicubicKernel(float t)
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

        if (t < 2)
        {
            return ((((((t - 5) * t) + 8) * t) - 4) * a);
        }

        return 0;
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
            wx[i + 1] = BicubicKernel(i - dx);
            wy[i + 1] = BicubicKernel(i - dy);
        }

        float value = 0.0f;
        for (int j = -1; j <= 2; j++)
        {
            for (int i = -1; i <= 2; i++)
            {
                int xi = (int)Mirror(x0 + i, 0, width - 1);
                int yi = (int)Mirror(y0 + j, 0, height - 1);
                float weight = wx[i + 1] * wy[j + 1];
                value += src[(yi * stride) + xi] * weight;
            }
        }

        return value;
    }

    private static float LanczosKernel(float x, float a)
    {
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
        Span<float> wx = stackalloc float[(2 * a) + 1];
        Span<float> wy = stackalloc float[(2 * a) + 1];
        for (int i = -a; i <= a; i++)
        {
            wx[i + a] = LanczosKernel(i - dx, a);
            wy[i + a] = LanczosKernel(i - dy, a);
        }

        float value = 0.0f;
        float weightSum = 0.0f;
        for (int iy = -a; iy <= a; iy++)
        {
            for (int ix = -a; ix <= a; ix++)
            {
                float weight = wx[ix + a] * wy[iy + a];
                weightSum += weight;
                int xi = (int)Mirror(x0 + ix, 0, width - 1);
                int yi = (int)Mirror(y0 + iy, 0, height - 1);
                value += src[(yi * stride) + xi] * weight;
            }
        }

        return value / weightSum;
    }
}
