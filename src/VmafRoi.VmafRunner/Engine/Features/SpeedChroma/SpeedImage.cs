using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VmafRoi.VmafRunner.Engine.Features.FloatCommon;
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
    public static void Rescale(RescaleMethod method, ReadOnlySpan<float> src, int srcW, int srcH, Span<float> dst, int dstW, int dstH, int stride)
    {
        if (srcW == dstW && srcH == dstH)
        {
            src[..(stride * dstH)].CopyTo(dst);
            return;
        }

        FloatRescaler.Scale(method, src, srcW, srcH, stride, dst, dstW, dstH, stride);
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
}
