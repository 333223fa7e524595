using VmafRoi.VmafRunner.Engine.Features.Common;

namespace VmafRoi.VmafRunner.Engine.Features.PsnrHvs;

/// <summary>
/// One plane of PSNR-HVS-M: the masked, CSF-weighted DCT error of 8×8 blocks stepping by 7, normalised by the block
/// pixel count and the squared peak. Every float sum is binary32 in libvmaf's order; the DCT is Daala's exact integer
/// lifting (vertical pass first).
/// </summary>
internal static class PsnrHvsKernel
{
    private const int Step = 7;

    // 1/63·64 and 1/15·16, each step in binary32 (the unbiased variance factors of a block and a quadrant).
    private static readonly float K63 = 1 / 63.0f * 64;
    private static readonly float K15 = 1 / 15.0f * 16;

    private static readonly float[] LumaMask = Mask(PsnrHvsTables.Luma);
    private static readonly float[] CbMask = Mask(PsnrHvsTables.Cb);
    private static readonly float[] CrMask = Mask(PsnrHvsTables.Cr);

    /// <summary>The plane's error (before dB): <c>ret / pixels / peak²</c> in binary32; NaN when no block fits.</summary>
    public static double Plane(in PictureView reference, in PictureView distorted, int plane, float[] csf)
    {
        float[] mask = ReferenceEquals(csf, PsnrHvsTables.Luma) ? LumaMask : ReferenceEquals(csf, PsnrHvsTables.Cb) ? CbMask : CrMask;
        PictureGeometry g = reference.Geometry;
        int w = g.PlaneWidth(plane), h = g.PlaneHeight(plane);
        Span<int> s = stackalloc int[64];
        Span<int> d = stackalloc int[64];
        Span<int> scratch = stackalloc int[64];
        float ret = 0;
        int pixels = 0;
        for (int y = 0; y < h - 7; y += Step)
        {
            for (int x = 0; x < w - 7; x += Step)
            {
                Load(reference, plane, x, y, s);
                Load(distorted, plane, x, y, d);
                float sVariance = MaskVariance(s);
                float dVariance = MaskVariance(d);
                Dct.Forward8x8(s, scratch);
                Dct.Forward8x8(d, scratch);
                float sMask = 0, dMask = 0;
                for (int k = 1; k < 64; k++)
                {
                    sMask += unchecked(s[k] * s[k]) * mask[k];
                }

                for (int k = 1; k < 64; k++)
                {
                    dMask += unchecked(d[k] * d[k]) * mask[k];
                }

                sMask = (float)(Math.Sqrt(sMask * sVariance) / 32.0f);
                dMask = (float)(Math.Sqrt(dMask * dVariance) / 32.0f);
                if (dMask > sMask)
                {
                    sMask = dMask;
                }

                for (int k = 0; k < 64; k++)
                {
                    int diff = unchecked(s[k] - d[k]);
                    float err = diff < 0 ? unchecked(-diff) : diff;
                    if (k != 0)
                    {
                        err = err < sMask / mask[k] ? 0 : err - (sMask / mask[k]);
                    }

                    ret += (err * csf[k]) * (err * csf[k]);
                    pixels++;
                }
            }
        }

        ret /= pixels;
        int peak = (1 << g.BitDepth) - 1;
        ret /= peak * peak;
        return ret;
    }

    /// <summary>
    /// The block's masking variance: the sum of its four quadrant variances over its whole variance (both unbiased),
    /// left as the plain variance when that is not positive.
    /// </summary>
    private static float MaskVariance(ReadOnlySpan<int> b)
    {
        float mean = 0;
        Span<float> means = stackalloc float[4];
        Span<float> vars = stackalloc float[4];
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                int q = Quadrant(i, j);
                mean += b[(i * 8) + j];
                means[q] += b[(i * 8) + j];
            }
        }

        mean /= 64.0f;
        for (int q = 0; q < 4; q++)
        {
            means[q] /= 16.0f;
        }

        float variance = 0;
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                int q = Quadrant(i, j);
                float v = b[(i * 8) + j];
                variance += (v - mean) * (v - mean);
                vars[q] += (v - means[q]) * (v - means[q]);
            }
        }

        variance *= K63;
        for (int q = 0; q < 4; q++)
        {
            vars[q] *= K15;
        }

        if (variance > 0)
        {
            variance = (vars[0] + vars[1] + vars[2] + vars[3]) / variance;
        }

        return variance;
    }

    private static int Quadrant(int i, int j) => ((i & 12) >> 2) + ((j & 12) >> 1);

    private static void Load(in PictureView picture, int plane, int x, int y, Span<int> block)
    {
        if (picture.Geometry.BitDepth == 8)
        {
            for (int i = 0; i < 8; i++)
            {
                ReadOnlySpan<byte> row = picture.Row8(plane, y + i).Slice(x, 8);
                for (int j = 0; j < 8; j++)
                {
                    block[(i * 8) + j] = row[j];
                }
            }
        }
        else
        {
            for (int i = 0; i < 8; i++)
            {
                ReadOnlySpan<ushort> row = picture.Row16(plane, y + i).Slice(x, 8);
                for (int j = 0; j < 8; j++)
                {
                    block[(i * 8) + j] = row[j];
                }
            }
        }
    }

    /// <summary>mask = (csf·0.3885746225901003)² in binary64, stored as binary32 (PSNR-HVS-M's masking table).</summary>
    private static float[] Mask(float[] csf)
    {
        var mask = new float[64];
        for (int k = 0; k < 64; k++)
        {
            mask[k] = (float)((csf[k] * 0.3885746225901003) * (csf[k] * 0.3885746225901003));
        }

        return mask;
    }
}
