namespace VmafRoi.VmafRunner.Engine.Features.Ssim;

/// <summary>IQA's decimation (<c>_iqa_decimate</c> with <c>_iqa_filter_pixel</c>): a kernel centred on every f-th sample.</summary>
internal static unsafe class Decimation
{
    /// <summary>IQA's output size: <c>n / f + (n &amp; 1)</c> (the +1 follows the input's parity, whatever f is).</summary>
    public static int Size(int n, int factor) => (n / factor) + (n & 1);

    /// <summary>
    /// IQA's symmetric border: one reflection with the edge sample repeated (<c>−1 − i</c>, <c>2n − 1 − i</c>). A tap
    /// still outside after it (only pictures narrower than half a kernel) is clamped, where libvmaf would read past the
    /// buffer.
    /// </summary>
    public static int Mirror(int i, int n)
    {
        if (i < 0)
        {
            i = -1 - i;
        }
        else if (i >= n)
        {
            i = n - (i - n) - 1;
        }

        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }

    /// <summary>
    /// float_ssim's pre-scale, in place as libvmaf does: an f×f box of weight <c>1.0f / (f·f)</c> centred on
    /// <c>(x·f, y·f)</c> (taps <c>−f/2 … f/2 − (f even)</c>), binary32 products summed in binary64, v outer, u inner.
    /// </summary>
    public static void BoxInPlace(float* img, int w, int h, int factor)
    {
        int sw = Size(w, factor), sh = Size(h, factor);
        float weight = 1.0f / (factor * factor);
        int c = factor / 2, last = c - ((factor & 1) == 0 ? 1 : 0);
        for (int y = 0; y < sh; y++)
        {
            for (int x = 0; x < sw; x++)
            {
                int cx = x * factor, cy = y * factor;
                bool edge = cx < c || cy < c || cx >= w - c || cy >= h - c;
                double sum = 0.0;
                for (int v = -c; v <= last; v++)
                {
                    for (int u = -c; u <= last; u++)
                    {
                        float sample = edge ? img[(Mirror(cy + v, h) * w) + Mirror(cx + u, w)] : img[((cy + v) * w) + cx + u];
                        sum += sample * weight;
                    }
                }

                img[(y * sw) + x] = (float)sum;
            }
        }
    }
}
