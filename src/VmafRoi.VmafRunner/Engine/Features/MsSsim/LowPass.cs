using VmafRoi.VmafRunner.Engine.Features.Ssim;
using VmafRoi.VmafRunner.Engine.Simd;

namespace VmafRoi.VmafRunner.Engine.Features.MsSsim;

/// <summary>
/// MS-SSIM's 2× decimation: the 9×9 table of the 9/7 biorthogonal low-pass (the 2-D table, not an outer product of its
/// 1-D form), centred on even samples, IQA's symmetric border, binary32 products summed in binary64 (row outer, column
/// inner). Output size is the ceil half.
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

    public LowPass(int maxWidth) => _ = maxWidth;

    /// <summary>Decimates a <paramref name="w"/>×<paramref name="h"/> image into <paramref name="dst"/> (ceil-half size, packed).</summary>
    public void Decimate(float* src, int w, int h, float* dst, VectorWidth vw)
    {
        _ = vw;
        int sw = (w / 2) + (w & 1), sh = (h / 2) + (h & 1);
        for (int y = 0; y < sh; y++)
        {
            for (int x = 0; x < sw; x++)
            {
                int cx = 2 * x, cy = 2 * y;
                bool edge = cx < Half || cy < Half || cx >= w - Half || cy >= h - Half;
                double sum = 0.0;
                int t = 0;
                for (int v = -Half; v <= Half; v++)
                {
                    for (int u = -Half; u <= Half; u++, t++)
                    {
                        float sample = edge ? src[(Decimation.Mirror(cy + v, h) * w) + Decimation.Mirror(cx + u, w)] : src[((cy + v) * w) + cx + u];
                        sum += sample * Table[t];
                    }
                }

                dst[(y * sw) + x] = (float)sum;
            }
        }
    }
}
