using System.Runtime.Intrinsics;

namespace VmafRoi.Saliency;

/// <summary>
/// Motion contrast between two consecutive frames on the map grid: the global translation (a pan or tilt) is found by
/// a coarse-to-fine search with sub-pixel refinement and removed, and what still differs is what moves against its
/// background. The residual is reduced by what a half-pixel misregistration of local texture explains and by the
/// frame's noise floor, blurred so moving objects fill in, and scaled to [0,1]. A frame that changes everywhere (a
/// zoom, a flash, a cut) is given little weight: <see cref="Reliability"/>.
/// </summary>
internal sealed class MotionContrast
{
    private readonly int _width;
    private readonly int _height;
    private readonly float[] _warped;
    private readonly float[] _residual;
    private readonly float[] _texture;
    private readonly float[] _scratch;
    private readonly float[] _coarseA;
    private readonly float[] _coarseB;
    private readonly float[] _padded;
    private readonly int[] _histogram = new int[Bins];

    // Residuals are binned over [0, 0.25] of the luma range (finer than 8-bit levels); above goes in the last bin.
    private const int Bins = 4096;
    private const float BinsPerUnit = Bins / 0.25f;

    public MotionContrast(int width, int height)
    {
        _width = width;
        _height = height;
        int n = width * height;
        _warped = new float[n];
        _residual = new float[n];
        _texture = new float[n];
        _scratch = new float[n];
        _coarseA = new float[PlaneResampling.Reduced(width, 2) * PlaneResampling.Reduced(height, 2)];
        _coarseB = new float[_coarseA.Length];
        _padded = new float[width + 64];
    }

    /// <summary>The global shift found by the last <see cref="Compute"/>, in map pixels (previous → current).</summary>
    public (float Dx, float Dy) Shift { get; private set; }

    /// <summary>How much the last map should count, in [0,1]: low when nothing moved above noise or everything did.</summary>
    public float Reliability { get; private set; }

    /// <summary>Writes the motion-contrast map of <paramref name="current"/> against <paramref name="previous"/> inside <paramref name="content"/>.</summary>
    public void Compute(ReadOnlySpan<float> previous, ReadOnlySpan<float> current, ContentRect content, Span<float> map)
    {
        int w = _width;
        int h = _height;
        map[..(w * h)].Clear();
        Reliability = 0;
        Shift = (0, 0);
        if (content.Width < 8 || content.Height < 8)
        {
            return;
        }

        (float dx, float dy) = GlobalShift(previous, current, content);
        Shift = (dx, dy);

        // Previous frame moved by the global shift; where it has no source, no residual.
        Span<bool> valid = w * h <= 65536 ? stackalloc bool[w * h] : new bool[w * h];
        for (int y = content.Y0; y < content.Y1; y++)
        {
            float sy = y - dy;
            for (int x = content.X0; x < content.X1; x++)
            {
                float sx = x - dx;
                int i = (y * w) + x;
                if (sx < content.X0 || sy < content.Y0 || sx > content.X1 - 1 || sy > content.Y1 - 1)
                {
                    _warped[i] = current[i];
                    valid[i] = false;
                    continue;
                }

                int x0 = (int)sx;
                int y0 = (int)sy;
                int x1 = Math.Min(x0 + 1, content.X1 - 1);
                int y1 = Math.Min(y0 + 1, content.Y1 - 1);
                float fx = sx - x0;
                float fy = sy - y0;
                float top = previous[(y0 * w) + x0] + ((previous[(y0 * w) + x1] - previous[(y0 * w) + x0]) * fx);
                float bottom = previous[(y1 * w) + x0] + ((previous[(y1 * w) + x1] - previous[(y1 * w) + x0]) * fx);
                _warped[i] = top + ((bottom - top) * fy);
                valid[i] = true;
            }
        }

        // Residual beyond what a half-pixel misregistration of the local texture would leave.
        for (int y = content.Y0; y < content.Y1; y++)
        {
            for (int x = content.X0; x < content.X1; x++)
            {
                int i = (y * w) + x;
                int xl = Math.Max(x - 1, content.X0), xr = Math.Min(x + 1, content.X1 - 1);
                int yu = Math.Max(y - 1, content.Y0), yd = Math.Min(y + 1, content.Y1 - 1);
                float gx = (current[(y * w) + xr] - current[(y * w) + xl]) / Math.Max(1, xr - xl);
                float gy = (current[(yd * w) + x] - current[(yu * w) + x]) / Math.Max(1, yd - yu);
                _texture[i] = MathF.Abs(gx) + MathF.Abs(gy);
                _residual[i] = valid[i] ? MathF.Abs(current[i] - _warped[i]) : 0;
            }
        }

        Blur(_texture, content, 1.0f);
        Blur(_residual, content, 1.0f);

        // Noise floor (median) and scale (99th percentile) of what is left, from a histogram of it.
        Span<int> histogram = _histogram;
        histogram.Clear();
        int count = 0;
        for (int y = content.Y0; y < content.Y1; y++)
        {
            for (int x = content.X0; x < content.X1; x++)
            {
                int i = (y * w) + x;
                float r = Math.Max(0, _residual[i] - (V2Design.MotionMisregistration * _texture[i]));
                _residual[i] = r;
                histogram[Math.Min(Bins - 1, (int)(r * BinsPerUnit))]++;
                count++;
            }
        }

        float floor = Percentile(histogram, count, 0.5f);
        float top99 = Percentile(histogram, count, 0.99f);
        float scale = Math.Max(top99 - floor, V2Design.MotionMinSignal);
        float signal = Math.Clamp((top99 - floor) / V2Design.MotionMinSignal, 0f, 1f);

        int moving = 0;
        for (int y = content.Y0; y < content.Y1; y++)
        {
            for (int x = content.X0; x < content.X1; x++)
            {
                int i = (y * w) + x;
                float m = Math.Clamp((_residual[i] - floor) / scale, 0f, 1f);
                map[i] = m;
                if (m > 0.25f)
                {
                    moving++;
                }
            }
        }

        // Objects fill in from their moving edges.
        Blur(map, content, V2Design.MotionBlur);
        float max = 0;
        for (int y = content.Y0; y < content.Y1; y++)
        {
            for (int x = content.X0; x < content.X1; x++)
            {
                max = Math.Max(max, map[(y * w) + x]);
            }
        }

        if (max > 0)
        {
            for (int y = content.Y0; y < content.Y1; y++)
            {
                for (int x = content.X0; x < content.X1; x++)
                {
                    map[(y * w) + x] /= max;
                }
            }
        }

        float spread = moving / (float)count;
        float concentrated = 1 - Math.Clamp((spread - V2Design.MotionSpreadStart) / (V2Design.MotionSpreadEnd - V2Design.MotionSpreadStart), 0f, 1f);
        Reliability = signal * concentrated;
    }

    // Coarse (half resolution, integer) then fine (±1) search for the shift that best aligns previous onto current,
    // by a clipped mean absolute difference over the content's interior; then a parabola through the fine costs.
    private (float Dx, float Dy) GlobalShift(ReadOnlySpan<float> previous, ReadOnlySpan<float> current, ContentRect content)
    {
        int w = _width;
        int cw = PlaneResampling.Reduced(w, 2);
        Span<float> accumulator = _scratch.AsSpan(0, Math.Max(w, 16));
        PlaneResampling.Downsample(previous, w, _height, 2, _coarseA, accumulator);
        PlaneResampling.Downsample(current, w, _height, 2, _coarseB, accumulator);
        var coarse = new ContentRect((content.X0 + 1) / 2, (content.Y0 + 1) / 2, content.X1 / 2, content.Y1 / 2);
        int radius = Math.Max(2, (int)MathF.Round(V2Design.MotionSearch * Math.Max(coarse.Width, coarse.Height)));
        int bestX = 0, bestY = 0;
        float best = float.MaxValue;
        for (int sy = -radius; sy <= radius; sy++)
        {
            for (int sx = -radius; sx <= radius; sx++)
            {
                float cost = Cost(_coarseA, _coarseB, cw, coarse, sx, sy, radius);
                if (cost < best || (cost == best && (Math.Abs(sx) + Math.Abs(sy)) < (Math.Abs(bestX) + Math.Abs(bestY))))
                {
                    best = cost;
                    bestX = sx;
                    bestY = sy;
                }
            }
        }

        int margin = (2 * radius) + 4;
        Span<float> costs = stackalloc float[9];
        int fx = 2 * bestX, fy = 2 * bestY;
        for (int round = 0; round < 3; round++)
        {
            for (int j = -1; j <= 1; j++)
            {
                for (int i = -1; i <= 1; i++)
                {
                    costs[((j + 1) * 3) + i + 1] = Cost(previous, current, w, content, fx + i, fy + j, margin);
                }
            }

            int arg = 4;
            for (int k = 0; k < 9; k++)
            {
                if (costs[k] < costs[arg])
                {
                    arg = k;
                }
            }

            if (arg == 4)
            {
                break;
            }

            fx += (arg % 3) - 1;
            fy += (arg / 3) - 1;
        }

        return (fx + Vertex(costs[3], costs[4], costs[5]), fy + Vertex(costs[1], costs[4], costs[7]));
    }

    // Mean of min(|current(x) − previous(x − shift)|, clip) over the content shrunk by the margin.
    private static float Cost(ReadOnlySpan<float> previous, ReadOnlySpan<float> current, int width, ContentRect content, int sx, int sy, int margin)
    {
        int x0 = content.X0 + margin, x1 = content.X1 - margin;
        int y0 = content.Y0 + margin, y1 = content.Y1 - margin;
        if (x1 - x0 < 4 || y1 - y0 < 4)
        {
            (x0, x1, y0, y1) = (content.X0 + Math.Max(0, sx), content.X1 + Math.Min(0, sx), content.Y0 + Math.Max(0, sy), content.Y1 + Math.Min(0, sy));
            if (x1 - x0 < 1 || y1 - y0 < 1)
            {
                return float.MaxValue;
            }
        }

        float sum = 0;
        var clip = Vector256.Create(V2Design.MotionClip);
        for (int y = y0; y < y1; y++)
        {
            ReadOnlySpan<float> cur = current.Slice((y * width) + x0, x1 - x0);
            ReadOnlySpan<float> prev = previous.Slice(((y - sy) * width) + x0 - sx, x1 - x0);
            int x = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> acc = Vector256<float>.Zero;
                for (; x + Vector256<float>.Count <= cur.Length; x += Vector256<float>.Count)
                {
                    acc += Vector256.Min(Vector256.Abs(Vector256.Create(cur.Slice(x, Vector256<float>.Count)) - Vector256.Create(prev.Slice(x, Vector256<float>.Count))), clip);
                }

                sum += Vector256.Sum(acc);
            }

            for (; x < cur.Length; x++)
            {
                sum += Math.Min(MathF.Abs(cur[x] - prev[x]), V2Design.MotionClip);
            }
        }

        return sum / ((x1 - x0) * (y1 - y0));
    }

    // The value below which a share of the histogram's samples lie, at the centre of its bin.
    private static float Percentile(ReadOnlySpan<int> histogram, int count, float share)
    {
        int rank = Math.Min(count - 1, (int)(count * share));
        int seen = 0;
        for (int bin = 0; bin < histogram.Length; bin++)
        {
            seen += histogram[bin];
            if (seen > rank)
            {
                return (bin + 0.5f) / BinsPerUnit;
            }
        }

        return (histogram.Length - 0.5f) / BinsPerUnit;
    }

    // Offset of a parabola's minimum through three equally spaced costs, within ±½.
    private static float Vertex(float left, float centre, float right)
    {
        float curvature = left - (2 * centre) + right;
        return curvature > 1e-9f ? Math.Clamp(0.5f * (left - right) / curvature, -0.5f, 0.5f) : 0;
    }

    // Separable Gaussian blur inside the content (edge-clamped): rows through an edge-padded copy, then columns as
    // weighted sums of whole rows.
    private void Blur(Span<float> plane, ContentRect content, float sigma)
    {
        int radius = Math.Max(1, (int)MathF.Ceiling(2.5f * sigma));
        Span<float> kernel = stackalloc float[(2 * radius) + 1];
        float total = 0;
        for (int k = -radius; k <= radius; k++)
        {
            kernel[k + radius] = MathF.Exp(-(k * k) / (2 * sigma * sigma));
            total += kernel[k + radius];
        }

        for (int k = 0; k < kernel.Length; k++)
        {
            kernel[k] /= total;
        }

        int w = _width;
        int cw = content.Width;
        Span<float> padded = _padded.AsSpan(0, cw + (2 * radius));
        Span<float> tmp = _scratch;
        for (int y = content.Y0; y < content.Y1; y++)
        {
            Span<float> row = plane.Slice((y * w) + content.X0, cw);
            padded[..radius].Fill(row[0]);
            row.CopyTo(padded[radius..]);
            padded[(radius + cw)..].Fill(row[cw - 1]);
            Span<float> output = tmp.Slice((y * w) + content.X0, cw);
            for (int x = 0; x < cw; x++)
            {
                float s = 0;
                ReadOnlySpan<float> window = padded.Slice(x, kernel.Length);
                for (int k = 0; k < kernel.Length; k++)
                {
                    s += kernel[k] * window[k];
                }

                output[x] = s;
            }
        }

        for (int y = content.Y0; y < content.Y1; y++)
        {
            Span<float> output = plane.Slice((y * w) + content.X0, cw);
            output.Clear();
            for (int k = -radius; k <= radius; k++)
            {
                int source = Math.Clamp(y + k, content.Y0, content.Y1 - 1);
                AddScaled(tmp.Slice((source * w) + content.X0, cw), kernel[k + radius], output);
            }
        }
    }

    // output += weight · input.
    private static void AddScaled(ReadOnlySpan<float> input, float weight, Span<float> output)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var factor = Vector256.Create(weight);
            for (; i + Vector256<float>.Count <= output.Length; i += Vector256<float>.Count)
            {
                Span<float> o = output.Slice(i, Vector256<float>.Count);
                (Vector256.Create((ReadOnlySpan<float>)o) + (Vector256.Create(input.Slice(i, Vector256<float>.Count)) * factor)).CopyTo(o);
            }
        }

        for (; i < output.Length; i++)
        {
            output[i] += weight * input[i];
        }
    }
}
