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

    /// <summary>
    /// libvmaf's piecewise-linear mapping, literally: later segments overwrite earlier ones, the first and last extend
    /// beyond the knots, and a segment that is not increasing in x (or decreasing in y) ends the walk with what it has.
    /// </summary>
    private static double PiecewiseLinear(double x, IReadOnlyList<(double X, double Y)> knots)
    {
        double y = 0.0;
        int segments = knots.Count - 1;
        for (int s = 0; s < segments; s++)
        {
            (double x0, double y0) = knots[s];
            (double x1, double y1) = knots[s + 1];
            if (!(x0 < x1 && y0 <= y1))
            {
                return y;
            }

            bool inside = x0 <= x && x <= x1;
            bool below = s == 0 && x < x0;
            bool above = s == segments - 1 && x > x1;
            if (y0 == y1)
            {
                if (inside || below || above)
                {
                    y = y0;
                }

                continue;
            }

            double slope, offset;
            if (x0 == 0)
            {
                offset = y0;
                slope = (y1 - offset) / x1;
            }
            else
            {
                slope = (y1 - y0) / (x1 - x0);
                offset = y0 - (x0 * slope);
            }

            if (inside || below || above)
            {
                y = (slope * x) + offset;
            }
        }

        return y;
    }
}
