using System.Numerics;

namespace VmafRoi.Saliency.Tests;

/// <summary>The three suites of shared/saliency/README.md §2.2.</summary>
internal enum SceneSuite
{
    /// <summary>One blob of 2–18 % of the area.</summary>
    Large,

    /// <summary>One blob of 0.3–2 % of the area.</summary>
    Small,

    /// <summary>A large-suite scene squeezed between 18-px black bars at top and bottom.</summary>
    Letterbox,
}

/// <summary>An RGB image (planar, [0,1]) with the pixels that belong to the object.</summary>
internal sealed record Scene(float[] Rgb, bool[] Object, int Width, int Height);

/// <summary>
/// Synthetic scenes with a known object, following §2.2 of the saliency README. The generator is stated here because
/// the textures decide which method wins:
/// <list type="bullet">
/// <item>Background: per channel, a mean in [0.2, 0.8] plus 1/f^β noise (β uniform in [1.6, 2.4], power spectrum
/// ∝ 1/f^β: amplitude f^(−β/2) with random phase on a 256×256 (or larger power-of-two) grid, inverse FFT, cropped; 70 % shared across channels, so it is coloured but
/// not rainbow), with clutter amplitude (std) 0.04 or 0.12.</item>
/// <item>Object: one smooth blob, r(θ) = R·(1 + Σ_{k=2..4} a_k cos(kθ + φ_k)), a_k in [0, 0.15], with a 1.5-px
/// soft edge. Its colour is the background mean plus a random offset of per-channel RMS 0.07, 0.14 or 0.28, and it
/// carries its own texture at half the clutter amplitude.</item>
/// <item>Position: uniform, or centre-biased (normal around the centre, σ = 0.12·W and 0.12·H), half each; the
/// whole blob always stays inside the frame.</item>
/// </list>
/// </summary>
internal static class SyntheticScenes
{
    public const int Width = 256;
    public const int Height = 144;
    public const int Bar = 18;

    // Inverse-FFT grid sizes in use and the log-frequency table of each.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, double[]> LogFrequencies = new();

    public static Scene Make(Random rng, SceneSuite suite)
    {
        if (suite != SceneSuite.Letterbox)
        {
            return Content(rng, Width, Height, suite == SceneSuite.Large ? (0.02, 0.18) : (0.003, 0.02));
        }

        Scene inner = Content(rng, Width, Height - (2 * Bar), (0.02, 0.18));
        int plane = Width * Height;
        int innerPlane = Width * inner.Height;
        float[] rgb = new float[3 * plane];
        bool[] mask = new bool[plane];
        for (int c = 0; c < 3; c++)
        {
            inner.Rgb.AsSpan(c * innerPlane, innerPlane).CopyTo(rgb.AsSpan((c * plane) + (Bar * Width), innerPlane));
        }

        inner.Object.AsSpan().CopyTo(mask.AsSpan(Bar * Width));
        return new Scene(rgb, mask, Width, Height);
    }

    /// <summary>One scene of any size (at most 1024 on a side): background, one blob of the given area share.</summary>
    public static Scene Content(Random rng, int width, int height, (double Min, double Max) areaShare)
    {
        int plane = width * height;
        double beta = Uniform(rng, 1.6, 2.4);
        double clutter = rng.Next(2) == 0 ? 0.04 : 0.12;
        double level = new[] { 0.07, 0.14, 0.28 }[rng.Next(3)];

        // Seven fields from four transforms: shared, three own, three textures (the eighth is unused).
        var fields = new List<double[]>(8);
        for (int k = 0; k < 4; k++)
        {
            (double[] a, double[] b) = NoisePair(rng, beta, width, height);
            fields.Add(a);
            fields.Add(b);
        }

        double[] shared = fields[0];
        var background = new double[3][];
        var texture = new double[3][];
        double[] mean = new double[3];
        double[] offset = Gaussian3(rng);
        double rms = Math.Sqrt(offset.Sum(o => o * o) / 3);
        for (int c = 0; c < 3; c++)
        {
            mean[c] = Uniform(rng, 0.2, 0.8);
            offset[c] *= level / rms;
            double[] own = fields[1 + c];
            background[c] = new double[plane];
            for (int i = 0; i < plane; i++)
            {
                background[c][i] = mean[c] + (clutter * ((0.7 * shared[i]) + (Math.Sqrt(1 - (0.7 * 0.7)) * own[i])));
            }

            texture[c] = fields[4 + c];
        }

        // Blob geometry: radius from the area share, a smooth random outline, fully inside the frame.
        double area = Uniform(rng, areaShare.Min, areaShare.Max) * plane;
        double radius = Math.Sqrt(area / Math.PI);
        double[] amplitude = [Uniform(rng, 0, 0.15), Uniform(rng, 0, 0.15), Uniform(rng, 0, 0.15)];
        double[] phase = [Uniform(rng, 0, 2 * Math.PI), Uniform(rng, 0, 2 * Math.PI), Uniform(rng, 0, 2 * Math.PI)];
        double[] phaseCos = [.. phase.Select(Math.Cos)];
        double[] phaseSin = [.. phase.Select(Math.Sin)];
        double reach = (radius * (1 + amplitude.Sum())) + 2;
        double cx;
        double cy;
        if (rng.Next(2) == 0)
        {
            cx = Uniform(rng, reach, width - reach);
            cy = Uniform(rng, reach, height - reach);
        }
        else
        {
            cx = Math.Clamp((width / 2.0) + (Normal(rng) * 0.12 * width), reach, width - reach);
            cy = Math.Clamp((height / 2.0) + (Normal(rng) * 0.12 * height), reach, height - reach);
        }

        float[] rgb = new float[3 * plane];
        bool[] mask = new bool[plane];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double distance = Math.Sqrt((dx * dx) + (dy * dy));

                // cos(kθ + φ_k) from cos θ and sin θ by angle addition, without trigonometric calls per pixel.
                double c1 = distance > 0 ? dx / distance : 1;
                double s1 = distance > 0 ? dy / distance : 0;
                double ck = c1;
                double sk = s1;
                double outline = radius;
                for (int k = 0; k < 3; k++)
                {
                    (ck, sk) = ((ck * c1) - (sk * s1), (sk * c1) + (ck * s1));
                    outline += radius * amplitude[k] * ((ck * phaseCos[k]) - (sk * phaseSin[k]));
                }

                double alpha = Math.Clamp(((outline - distance) / 1.5) + 0.5, 0, 1);
                int i = (y * width) + x;
                mask[i] = distance < outline;
                for (int c = 0; c < 3; c++)
                {
                    double objectValue = mean[c] + offset[c] + (0.5 * clutter * texture[c][i]);
                    double value = (background[c][i] * (1 - alpha)) + (objectValue * alpha);
                    rgb[(c * plane) + i] = (float)Math.Clamp(value, 0, 1);
                }
            }
        }

        return new Scene(rgb, mask, width, height);
    }

    // Two independent zero-mean, unit-std 1/f^β fields: amplitude f^(−β/2) with uniformly random phase, inverse
    // transformed on a square power-of-two grid; the spectrum is not Hermitian, so the real and imaginary parts are two fields.
    private static (double[] First, double[] Second) NoisePair(Random rng, double beta, int width, int height)
    {
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(256, Math.Max(width, height)));
        double[] logFrequency = LogFrequencies.GetOrAdd(size, MakeLogFrequency);
        var grid = new Complex[size * size];
        for (int i = 1; i < grid.Length; i++)
        {
            double amplitude = Math.Exp(-beta / 2 * logFrequency[i]);
            (double sin, double cos) = Math.SinCos(2 * Math.PI * rng.NextDouble());
            grid[i] = new Complex(amplitude * cos, amplitude * sin);
        }

        Fft2(grid, size, inverse: true);
        double[] first = new double[width * height];
        double[] second = new double[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                Complex value = grid[(y * size) + x];
                first[(y * width) + x] = value.Real;
                second[(y * width) + x] = value.Imaginary;
            }
        }

        return (Standardize(first), Standardize(second));
    }

    // Natural log of the radial frequency of each grid bin (0 at DC).
    private static double[] MakeLogFrequency(int size)
    {
        double[] table = new double[size * size];
        for (int v = 0; v < size; v++)
        {
            double fy = Math.Min(v, size - v);
            for (int u = 0; u < size; u++)
            {
                double fx = Math.Min(u, size - u);
                double f = Math.Sqrt((fx * fx) + (fy * fy));
                table[(v * size) + u] = f == 0 ? 0 : Math.Log(f);
            }
        }

        return table;
    }

    private static double[] Standardize(double[] field)
    {
        double m = field.Average();
        double s = Math.Sqrt(field.Sum(v => (v - m) * (v - m)) / field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            field[i] = (field[i] - m) / s;
        }

        return field;
    }

    // Rows, transpose, rows, transpose: column passes over a power-of-two stride would thrash the cache.
    private static void Fft2(Complex[] grid, int size, bool inverse)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            for (int row = 0; row < size; row++)
            {
                Fft(grid.AsSpan(row * size, size), inverse);
            }

            Transpose(grid, size);
        }
    }

    private static void Transpose(Complex[] grid, int size)
    {
        const int block = 16;
        for (int by = 0; by < size; by += block)
        {
            for (int bx = by; bx < size; bx += block)
            {
                for (int y = by; y < by + block; y++)
                {
                    for (int x = bx == by ? y + 1 : bx; x < bx + block; x++)
                    {
                        (grid[(y * size) + x], grid[(x * size) + y]) = (grid[(x * size) + y], grid[(y * size) + x]);
                    }
                }
            }
        }
    }

    // In-place iterative radix-2 FFT; the inverse is unscaled (the noise is renormalised anyway).
    private static void Fft(Span<Complex> a, bool inverse)
    {
        int n = a.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (a[i], a[j]) = (a[j], a[i]);
            }
        }

        for (int len = 2; len <= n; len <<= 1)
        {
            double angle = 2 * Math.PI / len * (inverse ? 1 : -1);
            var step = new Complex(Math.Cos(angle), Math.Sin(angle));
            for (int i = 0; i < n; i += len)
            {
                Complex w = Complex.One;
                for (int k = 0; k < len / 2; k++)
                {
                    Complex even = a[i + k];
                    Complex odd = a[i + k + (len / 2)] * w;
                    a[i + k] = even + odd;
                    a[i + k + (len / 2)] = even - odd;
                    w *= step;
                }
            }
        }
    }

    private static double Uniform(Random rng, double min, double max) => min + ((max - min) * rng.NextDouble());

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static double[] Gaussian3(Random rng)
    {
        double[] v;
        do
        {
            v = [Normal(rng), Normal(rng), Normal(rng)];
        }
        while (v.Sum(x => x * x) < 1e-6);

        return v;
    }
}
