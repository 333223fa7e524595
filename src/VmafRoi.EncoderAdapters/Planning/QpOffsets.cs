using System.Globalization;
using VmafRoi.Contracts;

namespace VmafRoi.EncoderAdapters.Planning;

/// <summary>
/// The seeds' saliency → QP-offset rule: <c>off = clamp(round((2s − 1)·offset), −12, 12)</c>, where <c>offset</c> is the
/// offset of a fully salient block (negative: better quality). s = 1 gives <c>offset</c>, s = 0 gives <c>−offset</c>,
/// s = 0.5 gives 0. Seed 000's <c>--strength S</c> is <c>offset = −S</c>.
/// </summary>
public static class QpOffsets
{
    /// <summary>The largest offset either seed writes.</summary>
    public const int Limit = 12;

    /// <summary>The seed tool's salient offset (its code; one place in its docs says −3).</summary>
    public const double DefaultSalientOffset = -4;

    /// <summary>The offset of a block whose mean saliency is <paramref name="saliency"/>; rounds half away from zero, as C's <c>round</c>.</summary>
    public static int Offset(double saliency, double salientOffset)
    {
        double raw = ((2 * saliency) - 1) * salientOffset;
        return Math.Clamp((int)Math.Round(raw, MidpointRounding.AwayFromZero), -Limit, Limit);
    }

    /// <summary>Offsets of every block of <paramref name="grid"/>.</summary>
    public static int[] Offsets(BlockGrid grid, double salientOffset)
    {
        int[] offsets = new int[grid.Values.Length];
        for (int i = 0; i < offsets.Length; i++)
        {
            offsets[i] = Offset(grid.Values[i], salientOffset);
        }

        return offsets;
    }

    /// <summary>Checks a salient offset: finite and within ±12.</summary>
    public static void CheckSalientOffset(double salientOffset, string flag = "--saliency-offset")
    {
        if (!double.IsFinite(salientOffset) || Math.Abs(salientOffset) > Limit)
        {
            throw new InvalidInputException($"{flag} must be in [-{Limit}, {Limit}], got {salientOffset.ToString("R", CultureInfo.InvariantCulture)}");
        }
    }
}

/// <summary>
/// A few offset levels, symmetric around 0, that every block's offset snaps to: so the encoder gets few distinct
/// values (VP9 takes at most 7 non-zero, an SVT-AV1 map 8 per line) and equal neighbours merge into large rectangles.
/// </summary>
public sealed class OffsetLevels
{
    private readonly int[] _values;

    private OffsetLevels(int[] values)
    {
        _values = values;
        Values = values;
    }

    /// <summary>The levels, ascending, always including 0.</summary>
    public IReadOnlyList<int> Values { get; }

    /// <summary>
    /// <paramref name="count"/> levels (3, 5 or 7) spread evenly over <c>[−|offset|, |offset|]</c> and rounded to whole QP
    /// steps (duplicates dropped): offset −4 with 5 levels is −4, −2, 0, 2, 4.
    /// </summary>
    public static OffsetLevels Create(double salientOffset, int count)
    {
        if (count is not (3 or 5 or 7))
        {
            throw new InvalidInputException($"--levels must be 3, 5 or 7 (odd, so that 0 is a level), got {count}");
        }

        int max = Math.Min(QpOffsets.Limit, (int)Math.Round(Math.Abs(salientOffset), MidpointRounding.AwayFromZero));
        int half = count / 2;
        var values = new SortedSet<int>();
        for (int k = -half; k <= half; k++)
        {
            values.Add((int)Math.Round((double)k * max / half, MidpointRounding.AwayFromZero));
        }

        return new OffsetLevels([.. values]);
    }

    /// <summary>The level nearest to <paramref name="offset"/>; a tie goes to the level nearer 0.</summary>
    public int Snap(int offset)
    {
        int best = 0;
        int bestDistance = int.MaxValue;
        foreach (int level in _values)
        {
            int distance = Math.Abs(level - offset);
            if (distance < bestDistance || (distance == bestDistance && Math.Abs(level) < Math.Abs(best)))
            {
                best = level;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Snaps every offset in place.</summary>
    public void SnapAll(Span<int> offsets)
    {
        for (int i = 0; i < offsets.Length; i++)
        {
            offsets[i] = Snap(offsets[i]);
        }
    }
}
