using System.Runtime.Intrinsics;

namespace VmafRoi.Saliency;

/// <summary>
/// Integer-factor box averaging of one plane (a block of f×f samples becomes one; blocks cut by the right or bottom
/// edge average what they hold) and a bilinear upsample of a float plane. The hot parts are a row accumulation and a
/// row blend, each with a Vector256 path and a scalar twin doing the same float operations in the same order.
/// </summary>
internal static class PlaneResampling
{
    /// <summary>The output size of a plane of <paramref name="length"/> samples box-averaged by <paramref name="factor"/>.</summary>
    public static int Reduced(int length, int factor) => (length + factor - 1) / factor;

    /// <summary>Box-averages 8-bit samples by <paramref name="factor"/>; <paramref name="accumulator"/> holds at least one source row.</summary>
    public static void Downsample(ReadOnlySpan<byte> source, int width, int height, int factor, Span<float> destination, Span<float> accumulator, VectorPath path = VectorPath.Auto) =>
        Reduce(source, width, height, factor, destination, accumulator, path);

    /// <summary>Box-averages 9- to 16-bit samples by <paramref name="factor"/>.</summary>
    public static void Downsample(ReadOnlySpan<ushort> source, int width, int height, int factor, Span<float> destination, Span<float> accumulator, VectorPath path = VectorPath.Auto) =>
        Reduce(source, width, height, factor, destination, accumulator, path);

    /// <summary>Box-averages a float plane by <paramref name="factor"/>.</summary>
    public static void Downsample(ReadOnlySpan<float> source, int width, int height, int factor, Span<float> destination, Span<float> accumulator, VectorPath path = VectorPath.Auto)
    {
        if (factor == 1)
        {
            source[..(width * height)].CopyTo(destination);
            return;
        }

        Reduce(source, width, height, factor, destination, accumulator, path);
    }

    /// <summary>
    /// Bilinear upsample of a mask with half-pixel centres and edge clamping (the mapping of ONNX <c>Resize</c> linear
    /// half_pixel): a horizontal pass over every source row, then one blend of two of those rows per output row, clipped
    /// to [0,1]. <paramref name="rows"/> holds at least <c>sourceHeight·width</c> floats.
    /// </summary>
    public static void Upsample(ReadOnlySpan<float> source, int sourceWidth, int sourceHeight, Span<float> destination, int width, int height, Span<float> rows, VectorPath path = VectorPath.Auto)
    {
        Span<int> x0 = width <= 8192 ? stackalloc int[width] : new int[width];
        Span<float> fx = width <= 8192 ? stackalloc float[width] : new float[width];
        for (int x = 0; x < width; x++)
        {
            (x0[x], fx[x]) = Tap(sourceWidth, width, x);
        }

        for (int sy = 0; sy < sourceHeight; sy++)
        {
            ReadOnlySpan<float> src = source.Slice(sy * sourceWidth, sourceWidth);
            Span<float> row = rows.Slice(sy * width, width);
            for (int x = 0; x < width; x++)
            {
                int a = x0[x];
                int b = Math.Min(a + 1, sourceWidth - 1);
                row[x] = src[a] + ((src[b] - src[a]) * fx[x]);
            }
        }

        for (int y = 0; y < height; y++)
        {
            (int a, float fy) = Tap(sourceHeight, height, y);
            int b = Math.Min(a + 1, sourceHeight - 1);
            Blend(rows.Slice(a * width, width), rows.Slice(b * width, width), fy, destination.Slice(y * width, width), path);
        }
    }

    /// <summary>destination[i] = clip(top[i] + (bottom[i] − top[i])·t, 0, 1); Max before Min in both paths.</summary>
    internal static void Blend(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, float t, Span<float> destination, VectorPath path)
    {
        int i = 0;
        int n = destination.Length;
        if (path != VectorPath.Scalar && Vector256.IsHardwareAccelerated)
        {
            var weight = Vector256.Create(t);
            var one = Vector256.Create(1f);
            for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
            {
                Vector256<float> a = Vector256.Create(top.Slice(i, Vector256<float>.Count));
                Vector256<float> b = Vector256.Create(bottom.Slice(i, Vector256<float>.Count));
                Vector256.Min(Vector256.Max(a + ((b - a) * weight), Vector256<float>.Zero), one).CopyTo(destination.Slice(i, Vector256<float>.Count));
            }
        }

        for (; i < n; i++)
        {
            destination[i] = Math.Min(Math.Max(top[i] + ((bottom[i] - top[i]) * t), 0f), 1f);
        }
    }

    internal static void Accumulate(ReadOnlySpan<byte> row, Span<float> sum, VectorPath path)
    {
        int i = 0;
        int n = row.Length;
        if (path != VectorPath.Scalar && Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
            {
                (Vector128<ushort> low, Vector128<ushort> high) = Vector128.Widen(Vector128.Create(row.Slice(i, Vector128<byte>.Count)));
                (Vector256<uint> first, Vector256<uint> second) = Vector256.Widen(Vector256.Create(low, high));
                Span<float> a = sum.Slice(i, Vector256<float>.Count);
                Span<float> b = sum.Slice(i + Vector256<float>.Count, Vector256<float>.Count);
                (Vector256.Create((ReadOnlySpan<float>)a) + Vector256.ConvertToSingle(first.AsInt32())).CopyTo(a);
                (Vector256.Create((ReadOnlySpan<float>)b) + Vector256.ConvertToSingle(second.AsInt32())).CopyTo(b);
            }
        }

        for (; i < n; i++)
        {
            sum[i] += row[i];
        }
    }

    internal static void Accumulate(ReadOnlySpan<ushort> row, Span<float> sum, VectorPath path)
    {
        int i = 0;
        int n = row.Length;
        if (path != VectorPath.Scalar && Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<ushort>.Count <= n; i += Vector256<ushort>.Count)
            {
                (Vector256<uint> first, Vector256<uint> second) = Vector256.Widen(Vector256.Create(row.Slice(i, Vector256<ushort>.Count)));
                Span<float> a = sum.Slice(i, Vector256<float>.Count);
                Span<float> b = sum.Slice(i + Vector256<float>.Count, Vector256<float>.Count);
                (Vector256.Create((ReadOnlySpan<float>)a) + Vector256.ConvertToSingle(first.AsInt32())).CopyTo(a);
                (Vector256.Create((ReadOnlySpan<float>)b) + Vector256.ConvertToSingle(second.AsInt32())).CopyTo(b);
            }
        }

        for (; i < n; i++)
        {
            sum[i] += row[i];
        }
    }

    internal static void Accumulate(ReadOnlySpan<float> row, Span<float> sum, VectorPath path)
    {
        int i = 0;
        int n = row.Length;
        if (path != VectorPath.Scalar && Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
            {
                Span<float> a = sum.Slice(i, Vector256<float>.Count);
                (Vector256.Create((ReadOnlySpan<float>)a) + Vector256.Create(row.Slice(i, Vector256<float>.Count))).CopyTo(a);
            }
        }

        for (; i < n; i++)
        {
            sum[i] += row[i];
        }
    }

    // Sums each block's rows into the accumulator, then each run of its columns.
    private static void Reduce<T>(ReadOnlySpan<T> source, int width, int height, int factor, Span<float> destination, Span<float> accumulator, VectorPath path)
        where T : unmanaged
    {
        int outWidth = Reduced(width, factor);
        int outHeight = Reduced(height, factor);
        Span<float> sum = accumulator[..width];
        for (int oy = 0; oy < outHeight; oy++)
        {
            int y0 = oy * factor;
            int y1 = Math.Min(height, y0 + factor);
            sum.Clear();
            for (int y = y0; y < y1; y++)
            {
                ReadOnlySpan<T> row = source.Slice(y * width, width);

                // One branch survives per T: the JIT compiles each instantiation on its own.
                if (typeof(T) == typeof(byte))
                {
                    Accumulate(System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(row), sum, path);
                }
                else if (typeof(T) == typeof(ushort))
                {
                    Accumulate(System.Runtime.InteropServices.MemoryMarshal.Cast<T, ushort>(row), sum, path);
                }
                else
                {
                    Accumulate(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(row), sum, path);
                }
            }

            ReduceRow(sum, factor, y1 - y0, destination.Slice(oy * outWidth, outWidth));
        }
    }

    // Sums each run of `factor` column sums and divides by the samples the block holds.
    private static void ReduceRow(ReadOnlySpan<float> sum, int factor, int rows, Span<float> destination)
    {
        int width = sum.Length;
        for (int ox = 0; ox < destination.Length; ox++)
        {
            int x0 = ox * factor;
            int x1 = Math.Min(width, x0 + factor);
            float total = 0;
            for (int x = x0; x < x1; x++)
            {
                total += sum[x];
            }

            destination[ox] = total / ((x1 - x0) * rows);
        }
    }

    private static (int Low, float Fraction) Tap(int sourceLength, int length, int i)
    {
        double position = ((i + 0.5) * sourceLength / length) - 0.5;
        position = Math.Clamp(position, 0, sourceLength - 1);
        int low = (int)position;
        return (low, (float)(position - low));
    }
}
