using VmafRoi.Aggregators;
using VmafRoi.Contracts;

namespace VmafRoi.Saliency.Sidecars;

/// <summary>Which frames a sidecar holds: every frame in order, or the <see cref="FrameSampling"/> rule's indices.</summary>
public sealed record SidecarSampling
{
    /// <summary>The rule name for every frame.</summary>
    public const string AllRule = "all";

    /// <summary>The rule name for <see cref="FrameSampling.Indices"/>.</summary>
    public const string UniformRule = "uniform";

    private SidecarSampling(string rule, int count, int total)
    {
        Rule = rule;
        Count = count;
        Total = total;
    }

    /// <summary>Every frame, 0, 1, 2, …; the count is only known from the footer.</summary>
    public static SidecarSampling All { get; } = new(AllRule, 0, 0);

    /// <summary><c>all</c> or <c>uniform</c>.</summary>
    public string Rule { get; }

    /// <summary>The requested number of samples <c>n</c> (0 for <c>all</c>).</summary>
    public int Count { get; }

    /// <summary>The frame count the rule was applied to (0 for <c>all</c>).</summary>
    public int Total { get; }

    /// <summary><see cref="FrameSampling.Indices"/>(<paramref name="total"/>, <paramref name="count"/>); both must be at least 1.</summary>
    public static SidecarSampling Uniform(int total, int count)
    {
        if (total < 1 || count < 1)
        {
            throw new InvalidInputException($"uniform sidecar sampling needs at least one frame and one sample, got total {total}, n {count}");
        }

        return new SidecarSampling(UniformRule, count, total);
    }

    /// <summary>The frame indices this sampling stores, or null for <c>all</c> (open-ended).</summary>
    public int[]? Indices() => Rule == UniformRule ? FrameSampling.Indices(Total, Count) : null;

    public override string ToString() => Rule == UniformRule ? $"{Rule}(total={Total}, n={Count})" : Rule;

    /// <summary>Reads the three header fields back; null when they do not form a valid sampling.</summary>
    internal static SidecarSampling? TryFrom(string rule, int count, int total) => rule switch
    {
        AllRule when count == 0 && total == 0 => All,
        UniformRule when count >= 1 && total >= 1 => new SidecarSampling(UniformRule, count, total),
        _ => null,
    };
}
