using System.Globalization;
using VmafRoi.Contracts;

namespace VmafRoi.Yuv;

/// <summary>
/// A cap on a run's estimated working set, checked once the frame size is known and before any frame is processed, so
/// a huge frame is refused with a message instead of the process being killed by the kernel's OOM killer. The cap is
/// <c>--memory-limit SIZE</c>, else <c>$VMAFROI_MEMORY_LIMIT</c>, else 80 % of the memory this process may use (physical
/// memory, or the container's limit).
/// </summary>
public static class MemoryLimit
{
    /// <summary>The environment variable that sets the default cap (<c>8G</c>, <c>512M</c>, bytes, or <c>none</c>).</summary>
    public const string Variable = "VMAFROI_MEMORY_LIMIT";

    /// <summary>The flag that sets the cap for one run.</summary>
    public const string Flag = "--memory-limit";

    /// <summary>The cap in bytes when neither the flag nor the variable gives one.</summary>
    public static long SystemDefault => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 10 * 8;

    /// <summary>The cap of a run: <paramref name="given"/>, else <see cref="Variable"/>, else <see cref="SystemDefault"/>.</summary>
    /// <exception cref="InvalidInputException">The variable holds no size.</exception>
    public static long Resolve(long? given)
    {
        if (given is { } bytes)
        {
            return bytes;
        }

        string? text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return SystemDefault;
        }

        return TryParse(text, out long fromEnvironment)
            ? fromEnvironment
            : throw new InvalidInputException($"${Variable}='{text}' is not a size: give bytes, or a number with K, M, G or T (e.g. 8G), or 'none'");
    }

    /// <summary>Parses <c>123</c> (bytes), <c>512K</c>, <c>64M</c>, <c>8G</c>, <c>1T</c> (powers of 1024; <c>1.5G</c> allowed) or <c>none</c> (no cap).</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            bytes = long.MaxValue;
            return true;
        }

        int unitShift = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            'T' => 40,
            _ => 0,
        };
        string number = unitShift == 0 ? text : text[..^1];
        if (number.Length == 0 || !number.All(c => char.IsAsciiDigit(c) || c == '.')
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
        {
            return false;
        }

        double total = value * Math.Pow(2, unitShift);
        if (total < 1 || total >= long.MaxValue)
        {
            return false;
        }

        bytes = (long)total;
        return true;
    }

    /// <summary>Sizes for messages: <c>6.1 GiB</c>.</summary>
    public static string Format(long bytes) => bytes == long.MaxValue
        ? "no limit"
        : bytes >= 1L << 30 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB");

    /// <summary>Refuses a run whose estimated working set exceeds the cap, naming the file, the frame size, both figures and how to raise the cap.</summary>
    /// <param name="estimate">Estimated peak bytes of the run.</param>
    /// <param name="limit">The cap (see <see cref="Resolve"/>).</param>
    /// <param name="path">The clip whose frame size drives the estimate.</param>
    /// <param name="geometry">Its frame size.</param>
    /// <param name="threads">Worker threads counted in the estimate, named when more than one.</param>
    /// <exception cref="InvalidInputException">The estimate is above the cap.</exception>
    public static void Check(long estimate, long limit, string path, FrameGeometry geometry, int threads = 1)
    {
        if (estimate <= limit)
        {
            return;
        }

        long suggestion = ((estimate >> 30) + 1) << 30;
        string withThreads = threads > 1 ? string.Create(CultureInfo.InvariantCulture, $" with {threads} threads") : string.Empty;
        throw new InvalidInputException(
            $"'{path}': {geometry.Width}x{geometry.Height} frames{withThreads} need an estimated {Format(estimate)} of memory, above the limit of {Format(limit)}; "
            + $"raise it with {Flag} {suggestion >> 30}G (or {Variable}={suggestion >> 30}G){(threads > 1 ? ", or use fewer --threads" : string.Empty)}",
            path);
    }
}
