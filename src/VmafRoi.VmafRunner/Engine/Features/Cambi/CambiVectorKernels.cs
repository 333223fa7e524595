using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafRoi.VmafRunner.Engine.Features.Cambi;

/// <summary>
/// 256-bit (AVX2) twins of <see cref="CambiKernels"/>' integer steps. All of it is integer arithmetic on the same
/// values (or an f32 multiply per lane equal to the scalar one), so the results are identical; tests run both paths on
/// golden frames and compare every bit. Tails run the scalar code.
/// </summary>
internal static unsafe class CambiVectorKernels
{
    /// <summary>True where the AVX2 path can run.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>8-bit input to 10 bits at the same size (the resampling path stays scalar).</summary>
    public static void ToTenBits(ReadOnlySpan<byte> src, int srcStride, int width, int height, int bitDepth, Span<ushort> dst, int dstStride)
    {
        int shift = 10 - bitDepth;
        fixed (byte* ps = src)
        fixed (ushort* pd = dst)
        {
            for (int i = 0; i < height; i++)
            {
                byte* s = ps + ((long)i * srcStride);
                ushort* d = pd + ((long)i * dstStride);
                int j = 0;
                for (; j <= width - 16; j += 16)
                {
                    Vector256<ushort> wide = Avx2.ConvertToVector256Int16(Vector128.Load(s + j)).AsUInt16();
                    Vector256.Store(Vector256.ShiftLeft(wide, shift), d + j);
                }

                for (; j < width; j++)
                {
                    d[j] = (ushort)(s[j] << shift);
                }
            }
        }
    }

    /// <summary>In-place 2x2 mean in raster order; a chunk reads its right neighbours before any of them is written.</summary>
    public static void AntiDither(Span<ushort> img, int stride, int width, int height)
    {
        fixed (ushort* p = img)
        {
            for (int i = 0; i < height - 1; i++)
            {
                ushort* row = p + ((long)i * stride);
                ushort* below = row + stride;
                int j = 0;
                for (; j <= width - 17; j += 16)
                {
                    Vector256<ushort> sum = Vector256.Load(row + j) + Vector256.Load(row + j + 1) + Vector256.Load(below + j) + Vector256.Load(below + j + 1);
                    Vector256.Store(Vector256.ShiftRightLogical(sum, 2), row + j);
                }

                for (; j < width - 1; j++)
                {
                    row[j] = (ushort)((row[j] + row[j + 1] + below[j] + below[j + 1]) >> 2);
                }

                row[width - 1] = (ushort)((row[width - 1] + below[width - 1]) >> 1);
            }

            ushort* last = p + ((long)(height - 1) * stride);
            int k = 0;
            for (; k <= width - 17; k += 16)
            {
                Vector256<ushort> sum = Vector256.Load(last + k) + Vector256.Load(last + k + 1);
                Vector256.Store(Vector256.ShiftRightLogical(sum, 1), last + k);
            }

            for (; k < width - 1; k++)
            {
                last[k] = (ushort)((last[k] + last[k + 1]) >> 1);
            }
        }
    }

    /// <summary>
    /// The spatial mask with vector row flags, column sums and 7-wide box sums.
    /// <paramref name="ring"/> holds 7 rows of <paramref name="width"/> flags; <paramref name="columnSums"/> needs
    /// width + 6 + 16 entries (three zeros each side, slack for the last vector).
    /// </summary>
    public static void SpatialMask(ReadOnlySpan<ushort> img, int stride, Span<byte> mask, int width, int height, int maskIndex, Span<ushort> ring, Span<ushort> columnSums)
    {
        const int pad = CambiKernels.MaskFilterSize / 2;
        columnSums.Clear();
        fixed (ushort* pImg = img)
        fixed (byte* pMask = mask)
        fixed (ushort* pRing = ring)
        fixed (ushort* pSums = columnSums)
        {
            ushort* sums = pSums + pad;
            for (int r = 0; r < Math.Min(pad, height); r++)
            {
                FlagRow(pImg, stride, width, height, r, pRing + ((r % CambiKernels.MaskFilterSize) * width), sums, add: true);
            }

            Vector256<ushort> threshold = Vector256.Create((ushort)maskIndex);
            for (int i = 0; i < height; i++)
            {
                int leaving = i - pad - 1;
                if (leaving >= 0)
                {
                    Accumulate(sums, pRing + ((leaving % CambiKernels.MaskFilterSize) * width), width, add: false);
                }

                int entering = i + pad;
                if (entering < height)
                {
                    FlagRow(pImg, stride, width, height, entering, pRing + ((entering % CambiKernels.MaskFilterSize) * width), sums, add: true);
                }

                byte* maskRow = pMask + ((long)i * stride);
                int j = 0;
                for (; j <= width - 32; j += 32)
                {
                    Vector256<ushort> lo = BoxSum(sums + j - pad);
                    Vector256<ushort> hi = BoxSum(sums + j + 16 - pad);
                    Vector256<ushort> loBit = Vector256.GreaterThan(lo, threshold) & Vector256<ushort>.One;
                    Vector256<ushort> hiBit = Vector256.GreaterThan(hi, threshold) & Vector256<ushort>.One;
                    Vector256.Store(Vector256.Narrow(loBit, hiBit), maskRow + j);
                }

                for (; j < width; j++)
                {
                    int sum = 0;
                    for (int k = -pad; k <= pad; k++)
                    {
                        sum += sums[j + k];
                    }

                    maskRow[j] = sum > maskIndex ? (byte)1 : (byte)0;
                }
            }
        }
    }

    /// <summary>3x3 mode filter: horizontal pass into three rotating lines, vertical pass back into the image.</summary>
    public static void ModeFilter(Span<ushort> img, int stride, int width, int height, Span<ushort> lines)
    {
        fixed (ushort* pImg = img)
        fixed (ushort* pLines = lines)
        {
            for (int i = 0; i < height; i++)
            {
                ushort* line = pLines + ((i % 3) * width);
                ushort* row = pImg + ((long)i * stride);
                line[0] = row[0];
                int j = 1;
                for (; j <= width - 17; j += 16)
                {
                    Vector256.Store(Mode3(Vector256.Load(row + j - 1), Vector256.Load(row + j), Vector256.Load(row + j + 1)), line + j);
                }

                for (; j < width - 1; j++)
                {
                    line[j] = Mode3(row[j - 1], row[j], row[j + 1]);
                }

                line[width - 1] = row[width - 1];
                if (i > 1)
                {
                    ushort* target = pImg + ((long)(i - 1) * stride);
                    ushort* a = pLines + (((i - 2) % 3) * width);
                    ushort* b = pLines + (((i - 1) % 3) * width);
                    int k = 0;
                    for (; k <= width - 16; k += 16)
                    {
                        Vector256.Store(Mode3(Vector256.Load(a + k), Vector256.Load(b + k), Vector256.Load(line + k)), target + k);
                    }

                    for (; k < width; k++)
                    {
                        target[k] = Mode3(a[k], b[k], line[k]);
                    }
                }
            }
        }
    }

    /// <summary>In-place halving of a 10-bit image: even lanes of two vectors narrowed into one.</summary>
    public static void Decimate(Span<ushort> data, int stride, int width, int height)
    {
        fixed (ushort* p = data)
        {
            long end = data.Length;
            for (int i = 0; i < height; i++)
            {
                ushort* to = p + ((long)i * stride);
                long fromOffset = 2L * i * stride;
                ushort* from = p + fromOffset;
                int j = 0;
                for (; j <= width - 16 && fromOffset + (2 * j) + 32 <= end; j += 16)
                {
                    Vector256<uint> a = Vector256.Load(from + (2 * j)).AsUInt32();
                    Vector256<uint> b = Vector256.Load(from + (2 * j) + 16).AsUInt32();
                    Vector256.Store(Vector256.Narrow(a, b), to + j);
                }

                for (; j < width; j++)
                {
                    to[j] = from[2 * j];
                }
            }
        }
    }

    /// <summary>In-place halving of the mask.</summary>
    public static void Decimate(Span<byte> data, int stride, int width, int height)
    {
        fixed (byte* p = data)
        {
            long end = data.Length;
            for (int i = 0; i < height; i++)
            {
                byte* to = p + ((long)i * stride);
                long fromOffset = 2L * i * stride;
                byte* from = p + fromOffset;
                int j = 0;
                for (; j <= width - 32 && fromOffset + (2 * j) + 64 <= end; j += 32)
                {
                    Vector256<ushort> a = Vector256.Load(from + (2 * j)).AsUInt16();
                    Vector256<ushort> b = Vector256.Load(from + (2 * j) + 32).AsUInt16();
                    Vector256.Store(Vector256.Narrow(a, b), to + j);
                }

                for (; j < width; j++)
                {
                    to[j] = from[2 * j];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Mode3(Vector256<ushort> a, Vector256<ushort> b, Vector256<ushort> c)
    {
        Vector256<ushort> result = Vector256.Min(a, Vector256.Min(b, c));
        result = Vector256.ConditionalSelect(Vector256.Equals(b, c), b, result);
        return Vector256.ConditionalSelect(Vector256.Equals(a, b) | Vector256.Equals(a, c), a, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort Mode3(ushort a, ushort b, ushort c) =>
        a == b || a == c ? a : b == c ? b : Math.Min(a, Math.Min(b, c));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> BoxSum(ushort* start) =>
        Vector256.Load(start) + Vector256.Load(start + 1) + Vector256.Load(start + 2) + Vector256.Load(start + 3)
        + Vector256.Load(start + 4) + Vector256.Load(start + 5) + Vector256.Load(start + 6);

    /// <summary>Zero-derivative flags of row r into <paramref name="flags"/>, added to the column sums.</summary>
    private static void FlagRow(ushort* img, int stride, int width, int height, int r, ushort* flags, ushort* sums, bool add)
    {
        ushort* row = img + ((long)r * stride);
        bool lastRow = r == height - 1;
        ushort* below = lastRow ? row : row + stride;
        int j = 0;
        for (; j <= width - 17; j += 16)
        {
            Vector256<ushort> v = Vector256.Load(row + j);
            Vector256<ushort> flat = Vector256.Equals(v, Vector256.Load(row + j + 1)) & Vector256.Equals(v, Vector256.Load(below + j));
            Vector256.Store(flat & Vector256<ushort>.One, flags + j);
        }

        for (; j < width; j++)
        {
            bool flat = (j == width - 1 || row[j] == row[j + 1]) && (lastRow || row[j] == below[j]);
            flags[j] = flat ? (ushort)1 : (ushort)0;
        }

        Accumulate(sums, flags, width, add);
    }

    private static void Accumulate(ushort* sums, ushort* flags, int width, bool add)
    {
        int j = 0;
        for (; j <= width - 16; j += 16)
        {
            Vector256<ushort> s = Vector256.Load(sums + j);
            Vector256<ushort> f = Vector256.Load(flags + j);
            Vector256.Store(add ? s + f : s - f, sums + j);
        }

        for (; j < width; j++)
        {
            sums[j] = (ushort)(add ? sums[j] + flags[j] : sums[j] - flags[j]);
        }
    }
}
