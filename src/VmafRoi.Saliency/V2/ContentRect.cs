namespace VmafRoi.Saliency;

/// <summary>The picture inside letterbox and pillarbox bars, in some grid's pixels: <c>[X0, X1) × [Y0, Y1)</c>.</summary>
internal readonly record struct ContentRect(int X0, int Y0, int X1, int Y1)
{
    public int Width => X1 - X0;

    public int Height => Y1 - Y0;

    public static ContentRect Whole(int width, int height) => new(0, 0, width, height);

    /// <summary>The same rectangle on a grid <paramref name="factor"/> times coarser, keeping partly covered cells inside only when mostly covered.</summary>
    public ContentRect Reduce(int factor, int width, int height) => new(
        Math.Clamp((X0 + (factor / 2)) / factor, 0, width - 1),
        Math.Clamp((Y0 + (factor / 2)) / factor, 0, height - 1),
        Math.Clamp((X1 + (factor / 2)) / factor, 1, width),
        Math.Clamp((Y1 + (factor / 2)) / factor, 1, height));

    public bool Contains(int x, int y) => x >= X0 && x < X1 && y >= Y0 && y < Y1;
}

/// <summary>
/// Finds letterbox (top, bottom) and pillarbox (left, right) bars: runs of edge rows or columns that are dark and flat,
/// at least <see cref="V2Design.BarMinShare"/> of the side thick and at most <see cref="V2Design.BarMaxShare"/>, and
/// matched by the opposite side (bars are centred: a dark flat sky at the top alone is picture, not a bar).
/// </summary>
internal static class Letterbox
{
    public static ContentRect Find(ReadOnlySpan<float> luma, int width, int height)
    {
        (int top, int bottom) = Pair(Run(luma, width, height, horizontal: true, fromStart: true), Run(luma, width, height, horizontal: true, fromStart: false));
        (int left, int right) = Pair(Run(luma, width, height, horizontal: false, fromStart: true), Run(luma, width, height, horizontal: false, fromStart: false));
        return new ContentRect(left, top, width - right, height - bottom);
    }

    // Opposite bars of about the same thickness (within 2 lines or 30 %) are bars; anything else is picture.
    private static (int, int) Pair(int a, int b) =>
        a > 0 && b > 0 && Math.Abs(a - b) <= Math.Max(2, 0.3 * Math.Max(a, b)) ? (a, b) : (0, 0);

    // How many edge lines from one side are bar; 0 when the run is thinner than the minimum.
    private static int Run(ReadOnlySpan<float> luma, int width, int height, bool horizontal, bool fromStart)
    {
        int lines = horizontal ? height : width;
        int length = horizontal ? width : height;
        int max = (int)(lines * V2Design.BarMaxShare);
        int count = 0;
        while (count < max)
        {
            int line = fromStart ? count : lines - 1 - count;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < length; i++)
            {
                float v = horizontal ? luma[(line * width) + i] : luma[(i * width) + line];
                sum += v;
                squares += v * v;
            }

            double mean = sum / length;
            double std = Math.Sqrt(Math.Max(0, (squares / length) - (mean * mean)));
            if (mean > V2Design.BarMaxMean || std > V2Design.BarMaxStd)
            {
                break;
            }

            count++;
        }

        return count >= Math.Max(1, (int)Math.Ceiling(lines * V2Design.BarMinShare)) ? count : 0;
    }
}
