using VmafRoi.Yuv;

namespace VmafRoi.Saliency.Tests;

/// <summary>Images and frames the tests feed to models, plus the statistics they are judged by.</summary>
internal static class TestImages
{
    /// <summary>The golden "pattern" input of golden_outputs.json: 90×160 planar RGB in [0,1].</summary>
    public static float[] GoldenPattern(out int width, out int height)
    {
        width = 160;
        height = 90;
        int plane = width * height;
        float[] rgb = new float[3 * plane];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double r = (double)x / (width - 1);
                double g = (double)y / (height - 1);
                double b = 0.5 + (0.5 * Math.Sin(2 * Math.PI * x / width) * Math.Cos(2 * Math.PI * y / height));
                double dx = x - (0.7 * width);
                double dy = y - (0.4 * height);
                if ((dx * dx) + (dy * dy) < (0.15 * height) * (0.15 * height))
                {
                    (r, g, b) = (0.9, 0.1, 0.2);
                }

                int i = (y * width) + x;
                rgb[i] = (float)r;
                rgb[plane + i] = (float)g;
                rgb[(2 * plane) + i] = (float)b;
            }
        }

        return rgb;
    }

    /// <summary>A constant RGB image.</summary>
    public static float[] Constant(int width, int height, float r, float g, float b)
    {
        int plane = width * height;
        float[] rgb = new float[3 * plane];
        rgb.AsSpan(0, plane).Fill(r);
        rgb.AsSpan(plane, plane).Fill(g);
        rgb.AsSpan(2 * plane, plane).Fill(b);
        return rgb;
    }

    /// <summary>A centred Gaussian, σ a share of the width and of the height: the centre-prior baseline.</summary>
    public static float[] CentreGaussian(int width, int height, double sigma)
    {
        float[] map = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            double v = ((y + 0.5) / height) - 0.5;
            for (int x = 0; x < width; x++)
            {
                double u = ((x + 0.5) / width) - 0.5;
                map[(y * width) + x] = (float)Math.Exp(-((u * u) + (v * v)) / (2 * sigma * sigma));
            }
        }

        return map;
    }

    /// <summary>A frame with random samples in the legal range of its format.</summary>
    public static YuvFrame RandomFrame(FrameGeometry geometry, int seed)
    {
        var frame = new YuvFrame(geometry);
        var rng = new Random(seed);
        int max = geometry.Format.MaxValue;
        for (int p = 0; p < geometry.PlaneCount; p++)
        {
            if (geometry.Format.BytesPerSample == 1)
            {
                Span<byte> plane = frame.Plane8(p);
                for (int i = 0; i < plane.Length; i++)
                {
                    plane[i] = (byte)rng.Next(max + 1);
                }
            }
            else
            {
                Span<ushort> plane = frame.Plane16(p);
                for (int i = 0; i < plane.Length; i++)
                {
                    plane[i] = (ushort)rng.Next(max + 1);
                }
            }
        }

        return frame;
    }

    /// <summary>A frame of one colour per plane.</summary>
    public static YuvFrame ConstantFrame(FrameGeometry geometry, int y, int u, int v)
    {
        var frame = new YuvFrame(geometry);
        for (int p = 0; p < geometry.PlaneCount; p++)
        {
            int value = p switch { 0 => y, 1 => u, _ => v };
            if (geometry.Format.BytesPerSample == 1)
            {
                frame.Plane8(p).Fill((byte)value);
            }
            else
            {
                frame.Plane16(p).Fill((ushort)value);
            }
        }

        return frame;
    }

    /// <summary>Mean over the 8×8 grid of golden_outputs.json: block (i,j) = rows [i·H/8,(i+1)·H/8), cols [j·W/8,(j+1)·W/8).</summary>
    public static double[,] Blocks8(ReadOnlySpan<float> map, int width, int height)
    {
        var blocks = new double[8, 8];
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                double sum = 0;
                int count = 0;
                for (int y = i * height / 8; y < (i + 1) * height / 8; y++)
                {
                    for (int x = j * width / 8; x < (j + 1) * width / 8; x++)
                    {
                        sum += map[(y * width) + x];
                        count++;
                    }
                }

                blocks[i, j] = sum / count;
            }
        }

        return blocks;
    }

    /// <summary>(y, x) of the first maximum, row-major.</summary>
    public static (int Y, int X) ArgMax(ReadOnlySpan<float> map, int width)
    {
        int best = 0;
        for (int i = 1; i < map.Length; i++)
        {
            if (map[i] > map[best])
            {
                best = i;
            }
        }

        return (best / width, best % width);
    }

    /// <summary>Pearson correlation.</summary>
    public static double Pearson(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= a.Length;
        mb /= b.Length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double da = a[i] - ma;
            double db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }

        return saa == 0 || sbb == 0 ? double.NaN : sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>
    /// ROC AUC of <paramref name="scores"/> for positives versus negatives by the Mann–Whitney U statistic, ties
    /// counted as half. NaN when either class is empty.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive)
    {
        int n = scores.Length;
        int[] order = new int[n];
        float[] keys = scores.ToArray();
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        double rankSum = 0;
        long positives = 0;
        int start = 0;
        while (start < n)
        {
            int end = start;
            while (end + 1 < n && keys[end + 1] == keys[start])
            {
                end++;
            }

            // Tied scores share the average of their 1-based ranks.
            double averageRank = ((start + end) / 2.0) + 1;
            for (int k = start; k <= end; k++)
            {
                if (positive[order[k]])
                {
                    rankSum += averageRank;
                    positives++;
                }
            }

            start = end + 1;
        }

        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (rankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }
}
