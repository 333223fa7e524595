namespace VmafRoi.VmafRunner.Engine.Model;

/// <summary>
/// A model's optional score transform (spec §5.4): polynomial, then piecewise-linear knots, then the
/// out-≤-in / out-≥-in rules. libvmaf applies it only when the file says <c>"enabled": true</c> or the caller asks.
/// </summary>
public sealed record ScoreTransform
{
    public bool Enabled { get; init; }

    public double? P0 { get; init; }

    public double? P1 { get; init; }

    public double? P2 { get; init; }

    /// <summary>Piecewise-linear mapping points (x, y), when present.</summary>
    public IReadOnlyList<(double X, double Y)>? Knots { get; init; }

    public bool OutLteIn { get; init; }

    public bool OutGteIn { get; init; }

    /// <summary>Applies the transform to a de-normalised prediction.</summary>
    public double Apply(double x)
    {
        double y = x;
        if (P0 is not null || P1 is not null || P2 is not null)
        {
            y = 0.0;
            if (P0 is { } p0)
            {
                y += p0;
            }

            if (P1 is { } p1)
            {
                y += p1 * x;
            }

            if (P2 is { } p2)
            {
                y += p2 * x * x;
            }
        }

        if (Knots is { Count: > 1 } knots)
        {
            y = PiecewiseLinear(y, knots);
        }

        if (OutLteIn && y > x)
        {
            y = x;
        }

        if (OutGteIn && y < x)
        {
            y = x;
        }

        return y;
    }

    private static double PiecewiseLinear(double x, IReadOnlyList<(double X, double Y)> knots)
    {
        // Extrapolate with the first/last segment outside the knots, interpolate inside.
        int segment = knots.Count - 2;
        for (int i = 0; i < knots.Count - 1; i++)
        {
            if (x <= knots[i + 1].X)
            {
                segment = i;
                break;
            }
        }

        (double x0, double y0) = knots[segment];
        (double x1, double y1) = knots[segment + 1];
        double slope = (y1 - y0) / (x1 - x0);
        double offset = y0 - (slope * x0);
        return (x * slope) + offset;
    }
}
