using System.Numerics;
using System.Runtime.CompilerServices;

namespace VmafRoi.VmafRunner.Engine.Features.Cambi;

/// <summary>
/// CAMBI's per-frame steps (05-cambi.md A–D) on 10-bit working images stored row-major with a fixed stride. Every step
/// works in place on the same full-size buffers as libvmaf, so what a small scale reads beyond its own width (libvmaf's
/// sliding window does, when the half-window is wider than the scale) is the same stale data libvmaf reads.
/// </summary>
internal static class CambiKernels
{
    /// <summary>Side of the spatial mask's zero-derivative box.</summary>
    public const int MaskFilterSize = 7;

    /// <summary>The 7x7 zero-derivative count a pixel's box must exceed to be in the mask, from the processing size.</summary>
    public static int MaskIndex(int width, int height)
    {
        uint shifted = (uint)(width >> 6) * (uint)(height >> 6);
        int ceilLog2 = shifted == 0 ? 0 : 32 - BitOperations.LeadingZeroCount(shifted - 1);
        return ((MaskFilterSize * MaskFilterSize) + (3 * (ceilLog2 - 11)) - 1) >> 1;
    }

    /// <summary>The highest sample value of <paramref name="bitDepth"/>-bit input, or -1 when libvmaf does not check it (8 and 16 bits).</summary>
    public static int ValidationLimit(int bitDepth) => bitDepth is 8 or 16 ? -1 : (1 << bitDepth) - 1;

    /// <summary>Index of the first sample above <paramref name="limit"/> in the plane, or -1.</summary>
    public static int FindAbove(ReadOnlySpan<byte> plane, int stride, int width, int height, int limit)
    {
        for (int i = 0; i < height; i++)
        {
            ReadOnlySpan<byte> row = plane.Slice(i * stride, width);
            int j = row.IndexOfAnyExceptInRange((byte)0, (byte)limit);
            if (j >= 0)
            {
                return (i * stride) + j;
            }
        }

        return -1;
    }

    /// <inheritdoc cref="FindAbove(ReadOnlySpan{byte}, int, int, int, int)"/>
    public static int FindAbove(ReadOnlySpan<ushort> plane, int stride, int width, int height, int limit)
    {
        for (int i = 0; i < height; i++)
        {
            ReadOnlySpan<ushort> row = plane.Slice(i * stride, width);
            int j = row.IndexOfAnyExceptInRange((ushort)0, (ushort)limit);
            if (j >= 0)
            {
                return (i * stride) + j;
            }
        }

        return -1;
    }

    /// <summary>8-bit (or lower) input to 10 bits, nearest-neighbour resampled to (outW, outH) as libvmaf steps it.</summary>
    public static void ToTenBits(ReadOnlySpan<byte> src, int srcStride, int inW, int inH, int bitDepth, Span<ushort> dst, int dstStride, int outW, int outH)
    {
        int shift = 10 - bitDepth;
        if (inW == outW && inH == outH)
        {
            for (int i = 0; i < outH; i++)
            {
                ReadOnlySpan<byte> s = src.Slice(i * srcStride, outW);
                Span<ushort> d = dst.Slice(i * dstStride, outW);
                for (int j = 0; j < s.Length; j++)
                {
                    d[j] = (ushort)(s[j] << shift);
                }
            }

            return;
        }

        Resampler r = new(inW, inH, outW, outH);
        float y = r.StartY;
        for (int i = 0; i < outH; i++)
        {
            int row = (int)(y + 0.5) * srcStride;
            Span<ushort> d = dst.Slice(i * dstStride, outW);
            float x = r.StartX;
            for (int j = 0; j < outW; j++)
            {
                d[j] = (ushort)(src[row + (int)(x + 0.5)] << shift);
                x += r.RatioX;
            }

            y += r.RatioY;
        }
    }

    /// <summary>9- to 16-bit input to 10 bits (9 bits doubled, above 10 rounded down by shifting), resampled as above.</summary>
    public static void ToTenBits(ReadOnlySpan<ushort> src, int srcStride, int inW, int inH, int bitDepth, Span<ushort> dst, int dstStride, int outW, int outH)
    {
        // libvmaf shifts 9-bit samples up by one and rounds the others down to 10 bits.
        int up = bitDepth == 9 ? 1 : 0;
        int down = bitDepth >= 10 ? bitDepth - 10 : 0;
        int round = down == 0 ? 0 : 1 << (down - 1);
        if (inW == outW && inH == outH)
        {
            for (int i = 0; i < outH; i++)
            {
                ReadOnlySpan<ushort> s = src.Slice(i * srcStride, outW);
                Span<ushort> d = dst.Slice(i * dstStride, outW);
                if (up == 0 && down == 0)
                {
                    s.CopyTo(d);
                    continue;
                }

                for (int j = 0; j < s.Length; j++)
                {
                    d[j] = (ushort)(((s[j] + round) >> down) << up);
                }
            }

            return;
        }

        Resampler r = new(inW, inH, outW, outH);
        float y = r.StartY;
        for (int i = 0; i < outH; i++)
        {
            int row = (int)(y + 0.5) * srcStride;
            Span<ushort> d = dst.Slice(i * dstStride, outW);
            float x = r.StartX;
            for (int j = 0; j < outW; j++)
            {
                d[j] = (ushort)(((src[row + (int)(x + 0.5)] + round) >> down) << up);
                x += r.RatioX;
            }

            y += r.RatioY;
        }
    }

    /// <summary>
    /// libvmaf's anti-dithering for sub-10-bit encodes: each sample becomes the mean of its 2x2 block (right and lower
    /// neighbours), in place in raster order; the last column and row average two samples, the corner stays.
    /// </summary>
    public static void AntiDither(Span<ushort> img, int stride, int width, int height)
    {
        for (int i = 0; i < height - 1; i++)
        {
            Span<ushort> row = img.Slice(i * stride, width);
            ReadOnlySpan<ushort> below = img.Slice((i + 1) * stride, width);
            for (int j = 0; j < width - 1; j++)
            {
                row[j] = (ushort)((row[j] + row[j + 1] + below[j] + below[j + 1]) >> 2);
            }

            row[width - 1] = (ushort)((row[width - 1] + below[width - 1]) >> 1);
        }

        Span<ushort> last = img.Slice((height - 1) * stride, width);
        for (int j = 0; j < width - 1; j++)
        {
            last[j] = (ushort)((last[j] + last[j + 1]) >> 1);
        }
    }

    /// <summary>
    /// The spatial mask: 1 where more than <paramref name="maskIndex"/> of the 7x7 box around a pixel (zero outside the
    /// frame) have a zero right and lower derivative (the last column and row count as zero).
    /// </summary>
    /// <param name="img">The 10-bit image before any filtering.</param>
    /// <param name="stride">Row stride of <paramref name="img"/> and <paramref name="mask"/>.</param>
    /// <param name="mask">Receives 0/1 per pixel.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="maskIndex">See <see cref="MaskIndex"/>.</param>
    /// <param name="ring">Scratch: <see cref="MaskFilterSize"/> rows of <paramref name="width"/> zero-derivative flags.</param>
    /// <param name="columnSums">Scratch: <paramref name="width"/> ints.</param>
    public static void SpatialMask(ReadOnlySpan<ushort> img, int stride, Span<byte> mask, int width, int height, int maskIndex, Span<byte> ring, Span<int> columnSums)
    {
        const int pad = MaskFilterSize / 2;
        columnSums = columnSums[..width];
        columnSums.Clear();

        // Rows 0..pad-1 enter before the first output row; row i+pad enters and row i-pad-1 leaves at output row i.
        for (int r = 0; r < Math.Min(pad, height); r++)
        {
            AddDerivativeRow(img, stride, width, height, r, ring.Slice((r % MaskFilterSize) * width, width), columnSums);
        }

        for (int i = 0; i < height; i++)
        {
            // The leaving row's ring slot is the entering row's: subtract it first.
            int leaving = i - pad - 1;
            if (leaving >= 0)
            {
                ReadOnlySpan<byte> old = ring.Slice((leaving % MaskFilterSize) * width, width);
                for (int j = 0; j < width; j++)
                {
                    columnSums[j] -= old[j];
                }
            }

            int entering = i + pad;
            if (entering < height)
            {
                AddDerivativeRow(img, stride, width, height, entering, ring.Slice((entering % MaskFilterSize) * width, width), columnSums);
            }

            Span<byte> maskRow = mask.Slice(i * stride, width);
            int sum = 0;
            for (int j = 0; j < Math.Min(pad, width); j++)
            {
                sum += columnSums[j];
            }

            for (int j = 0; j < width; j++)
            {
                if (j + pad < width)
                {
                    sum += columnSums[j + pad];
                }

                if (j - pad - 1 >= 0)
                {
                    sum -= columnSums[j - pad - 1];
                }

                maskRow[j] = sum > maskIndex ? (byte)1 : (byte)0;
            }
        }
    }

    /// <summary>Halves an image in place: (i, j) takes (2i, 2j) for the new width and height.</summary>
    public static void Decimate<T>(Span<T> data, int stride, int width, int height)
    {
        for (int i = 0; i < height; i++)
        {
            int to = i * stride;
            int from = 2 * i * stride;
            for (int j = 0; j < width; j++)
            {
                data[to + j] = data[from + (2 * j)];
            }
        }
    }

    /// <summary>
    /// 3x3 separable mode filter in place: horizontally on every row (end columns kept), then vertically on rows
    /// 1..h-2 from the horizontal results of the original rows; the first and last row stay untouched.
    /// </summary>
    /// <param name="img">The image.</param>
    /// <param name="stride">Row stride.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <param name="lines">Scratch: three rows of <paramref name="width"/>.</param>
    public static void ModeFilter(Span<ushort> img, int stride, int width, int height, Span<ushort> lines)
    {
        for (int i = 0; i < height; i++)
        {
            Span<ushort> line = lines.Slice((i % 3) * width, width);
            ReadOnlySpan<ushort> row = img.Slice(i * stride, width);
            line[0] = row[0];
            for (int j = 1; j < width - 1; j++)
            {
                line[j] = Mode3(row[j - 1], row[j], row[j + 1]);
            }

            line[width - 1] = row[width - 1];
            if (i > 1)
            {
                Span<ushort> target = img.Slice((i - 1) * stride, width);
                ReadOnlySpan<ushort> a = lines.Slice(((i - 2) % 3) * width, width);
                ReadOnlySpan<ushort> b = lines.Slice(((i - 1) % 3) * width, width);
                for (int j = 0; j < width; j++)
                {
                    target[j] = Mode3(a[j], b[j], line[j]);
                }
            }
        }
    }

    /// <summary>
    /// Quick-selects the k = clamp(trunc(topk · n), 1, n) largest values into the front (exactly libvmaf's Hoare-style loop, whose
    /// element order decides the rounding of the sum that follows) and returns their f64 mean in index order.
    /// </summary>
    public static double TopKMean(Span<float> values, double topk)
    {
        int n = values.Length;
        int k = Math.Clamp((int)(topk * n), 1, n);
        if (n != k)
        {
            int left = 0;
            int right = n - 1;
            while (left < right)
            {
                float pivot = values[k];
                int i = left;
                int j = right;
                do
                {
                    while (values[i] > pivot)
                    {
                        i++;
                    }

                    while (values[j] < pivot)
                    {
                        j--;
                    }

                    if (i <= j)
                    {
                        (values[i], values[j]) = (values[j], values[i]);
                        i++;
                        j--;
                    }
                }
                while (i <= j);

                if (j < k)
                {
                    left = i;
                }

                if (k < i)
                {
                    right = j;
                }
            }
        }

        double sum = 0;
        for (int t = 0; t < k; t++)
        {
            sum += values[t];
        }

        return sum / k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort Mode3(ushort a, ushort b, ushort c)
    {
        if (a == b || a == c)
        {
            return a;
        }

        if (b == c)
        {
            return b;
        }

        return Math.Min(a, Math.Min(b, c));
    }

    private static void AddDerivativeRow(ReadOnlySpan<ushort> img, int stride, int width, int height, int r, Span<byte> flags, Span<int> columnSums)
    {
        ReadOnlySpan<ushort> row = img.Slice(r * stride, width);
        bool lastRow = r == height - 1;
        ReadOnlySpan<ushort> below = lastRow ? row : img.Slice((r + 1) * stride, width);
        for (int j = 0; j < width; j++)
        {
            bool flat = (j == width - 1 || row[j] == row[j + 1]) && (lastRow || row[j] == below[j]);
            flags[j] = flat ? (byte)1 : (byte)0;
            columnSums[j] += flags[j];
        }
    }

    /// <summary>libvmaf's nearest-neighbour stepping: f32 ratios and positions, rounded in f64.</summary>
    private readonly struct Resampler
    {
        public Resampler(int inW, int inH, int outW, int outH)
        {
            RatioX = (float)inW / outW;
            RatioY = (float)inH / outH;
            StartX = (float)((RatioX / 2) - 0.5);
            StartY = (float)((RatioY / 2) - 0.5);
        }

        public float RatioX { get; }

        public float RatioY { get; }

        public float StartX { get; }

        public float StartY { get; }
    }
}
