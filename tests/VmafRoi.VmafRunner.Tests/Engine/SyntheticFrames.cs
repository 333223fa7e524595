namespace VmafRoi.VmafRunner.Tests.Engine;

/// <summary>Deterministic luma planes for kernel tests: noise, gradients, extreme checkerboards, flat.</summary>
internal static class SyntheticFrames
{
    /// <summary>"patches": noise blocks in a flat field, so vector blocks are all flat, mixed or all textured (the VIF flat-block skip).</summary>
    public static readonly string[] Contents = ["noise", "smooth", "checker", "flat", "edges", "patches"];

    /// <summary>A luma plane as raw bytes (little-endian words above 8 bits).</summary>
    public static byte[] Luma(int width, int height, int bitDepth, string content, int seed)
    {
        var random = new Random(seed);
        int max = (1 << bitDepth) - 1;
        int bytesPerSample = bitDepth > 8 ? 2 : 1;
        var plane = new byte[width * height * bytesPerSample];
        for (int i = 0; i < height; i++)
        {
            for (int j = 0; j < width; j++)
            {
                int v = content switch
                {
                    "noise" => random.Next(max + 1),
                    "smooth" => Math.Clamp((int)(max * (0.5 + (0.4 * Math.Sin((i + seed) * 0.07) * Math.Cos(j * 0.05)))) + random.Next(-max / 40, (max / 40) + 1), 0, max),
                    "checker" => ((i / 2) + (j / 2) + seed) % 2 == 0 ? 0 : max,
                    "flat" => max / 3,
                    "patches" => ((i / 11) + (j / 13) + seed) % 3 == 0 ? random.Next(max + 1) : max / 3,
                    _ => (j + seed) % 7 < 3 ? random.Next(max / 8) : max - random.Next(max / 8),
                };
                if (bytesPerSample == 1)
                {
                    plane[(i * width) + j] = (byte)v;
                }
                else
                {
                    plane[2 * ((i * width) + j)] = (byte)v;
                    plane[(2 * ((i * width) + j)) + 1] = (byte)(v >> 8);
                }
            }
        }

        return plane;
    }
}
