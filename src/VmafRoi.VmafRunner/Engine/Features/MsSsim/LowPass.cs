using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VmafRoi.VmafRunner.Engine.Features.Ssim;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.MsSsim;

/// <summary>
/// MS-SSIM's 2× decimation: the 9×9 table of the 9/7 biorthogonal low-pass (the 2-D table, not an outer product of its
/// 1-D form), centred on even samples, IQA's symmetric border, binary32 products summed in binary64 (row outer, column
/// inner). Output size is the ceil half. The vector path splits each row into even and odd samples so that eight
/// neighbouring outputs read contiguous lanes; every output keeps the scalar order of products and sums.
/// </summary>
internal sealed unsafe class LowPass
{
    internal const int Length = 9;
    private const int Half = Length / 2;

    /// <summary>libvmaf's table, rows v = −4 … 4, columns u = −4 … 4 (binary32 literals).</summary>
    internal static readonly float[] Table =
    [
        0.000714f, -0.000450f, -0.002090f, 0.007132f, 0.016114f, 0.007132f, -0.002090f, -0.000450f, 0.000714f,
        -0.000450f, 0.000283f, 0.001316f, -0.004490f, -0.010146f, -0.004490f, 0.001316f, 0.000283f, -0.000450f,
        -0.002090f, 0.001316f, 0.006115f, -0.020867f, -0.047149f, -0.020867f, 0.006115f, 0.001316f, -0.002090f,
        0.007132f, -0.004490f, -0.020867f, 0.071207f, 0.160885f, 0.071207f, -0.020867f, -0.004490f, 0.007132f,
        0.016114f, -0.010146f, -0.047149f, 0.160885f, 0.363505f, 0.160885f, -0.047149f, -0.010146f, 0.016114f,
        0.007132f, -0.004490f, -0.020867f, 0.071207f, 0.160885f, 0.071207f, -0.020867f, -0.004490f, 0.007132f,
        -0.002090f, 0.001316f, 0.006115f, -0.020867f, -0.047149f, -0.020867f, 0.006115f, 0.001316f, -0.002090f,
        -0.000450f, 0.000283f, 0.001316f, -0.004490f, -0.010146f, -0.004490f, 0.001316f, 0.000283f, -0.000450f,
        0.000714f, -0.000450f, -0.002090f, 0.007132f, 0.016114f, 0.007132f, -0.002090f, -0.000450f, 0.000714f,
    ];

    // Each input row split into its even samples (ceil(w/2)) then its odd ones (floor(w/2)), for the vector path.
    private readonly PinnedBuffer<float> _split;

    public LowPass(int maxWidth, int maxHeight) => _split = new PinnedBuffer<float>(Math.Max(1, maxWidth * maxHeight));

    /// <summary>Decimates a <paramref name="w"/>×<paramref name="h"/> image into <paramref name="dst"/> (ceil-half size, packed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Decimate(float* src, int w, int h, float* dst, VectorWidth vw)
    {
        int sw = (w / 2) + (w & 1), sh = (h / 2) + (h & 1);

        // Interior columns: every tap 2x + u lies inside the row without mirroring.
        int firstInterior = 2, lastInterior = ((w - 1 - Half) / 2) + 1;
        bool vector = vw != VectorWidth.Scalar && lastInterior - firstInterior >= 8;
        int evens = (w + 1) / 2;
        if (vector)
        {
            for (int y = 0; y < h; y++)
            {
                float* row = src + ((long)y * w), even = _split.Pointer + ((long)y * w), odd = even + evens;
                for (int x = 0; x < evens; x++)
                {
                    even[x] = row[2 * x];
                }

                for (int x = 0; x < w / 2; x++)
                {
                    odd[x] = row[(2 * x) + 1];
                }
            }
        }

        int* rows = stackalloc int[Length];
        for (int y = 0; y < sh; y++)
        {
            int cy = 2 * y;
            for (int v = 0; v < Length; v++)
            {
                rows[v] = Decimation.Mirror(cy + v - Half, h);
            }

            float* o = dst + ((long)y * sw);
            if (!vector)
            {
                for (int x = 0; x < sw; x++)
                {
                    o[x] = Pixel(src, w, rows, 2 * x);
                }

                continue;
            }

            int x0 = 0;
            for (; x0 < firstInterior && x0 < sw; x0++)
            {
                o[x0] = Pixel(src, w, rows, 2 * x0);
            }

            if (vw is VectorWidth.V256 or VectorWidth.V512)
            {
                for (; x0 <= lastInterior - 8; x0 += 8)
                {
                    Vector256<double> lo = Vector256<double>.Zero, hi = Vector256<double>.Zero;
                    int t = 0;
                    for (int v = 0; v < Length; v++)
                    {
                        float* even = _split.Pointer + ((long)rows[v] * w), odd = even + evens;
                        for (int u = -Half; u <= Half; u++, t++)
                        {
                            (Vector256<double> a, Vector256<double> b) = Vector256.Widen(Vector256.Load(Lane(even, odd, x0, u)) * Vector256.Create(Table[t]));
                            lo += a;
                            hi += b;
                        }
                    }

                    Vector256.Narrow(lo, hi).Store(o + x0);
                }
            }

            for (; x0 <= lastInterior - 4; x0 += 4)
            {
                Vector128<double> lo = Vector128<double>.Zero, hi = Vector128<double>.Zero;
                int t = 0;
                for (int v = 0; v < Length; v++)
                {
                    float* even = _split.Pointer + ((long)rows[v] * w), odd = even + evens;
                    for (int u = -Half; u <= Half; u++, t++)
                    {
                        (Vector128<double> a, Vector128<double> b) = Vector128.Widen(Vector128.Load(Lane(even, odd, x0, u)) * Vector128.Create(Table[t]));
                        lo += a;
                        hi += b;
                    }
                }

                Vector128.Narrow(lo, hi).Store(o + x0);
            }

            for (; x0 < sw; x0++)
            {
                o[x0] = Pixel(src, w, rows, 2 * x0);
            }
        }
    }

    /// <summary>Where sample <c>2x + u</c> of a split row lies: even samples at <c>x + u/2</c>, odd ones at <c>x + (u − 1)/2</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Lane(float* even, float* odd, int x, int u) => (u & 1) == 0 ? even + x + (u >> 1) : odd + x + ((u - 1) >> 1);

    /// <summary>One output sample centred on column <paramref name="cx"/>, rows already mirrored (scalar reference).</summary>
    private static float Pixel(float* src, int w, int* rows, int cx)
    {
        bool inside = cx >= Half && cx < w - Half;
        double sum = 0.0;
        int t = 0;
        for (int v = 0; v < Length; v++)
        {
            float* row = src + ((long)rows[v] * w);
            for (int u = -Half; u <= Half; u++, t++)
            {
                float sample = inside ? row[cx + u] : row[Decimation.Mirror(cx + u, w)];
                sum += sample * Table[t];
            }
        }

        return (float)sum;
    }
}
