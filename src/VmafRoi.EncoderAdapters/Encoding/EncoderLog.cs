using System.Text.RegularExpressions;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.EncoderAdapters.Encoding;

/// <summary>
/// Reads an encode's stderr line by line: every line that says an ROI plan (or an option carrying one) was skipped or
/// rejected, the encoder's own version line, and the last lines for error messages. Every one of these paths exits 0,
/// so these lines are the only evidence (docs/encoding.md lists each with the case that prints it).
/// </summary>
public sealed partial class EncoderLog
{
    /// <summary>Substrings that mean the encoder left the ROI, or an option, out.</summary>
    public static readonly IReadOnlyList<string> RoiWarnings =
    [
        "skipping ROI",                                // x264/x265: AQ off; libvpx-vp9: not realtime, cpu-used < 5 or aq-mode != 0
        "ROI only supports",                           // libvpx-vp9: more than 7 distinct non-zero offsets
        "Error parsing option",                        // -x264-params / -svtav1-params key it does not know (qpfile, roi-map-file)
        "Unknown option",                              // -x265-params key it does not know (qpfile)
        "Invalid value for",                           // -x265-params value it rejects
        "Timeline ('enable' option) not supported",    // addroi with enable=
    ];

    private readonly List<string> _warnings = [];
    private readonly StderrTail _tail = new(12);
    private readonly object _gate = new();

    /// <summary>Lines that match <see cref="RoiWarnings"/>, in order (each distinct line once).</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_gate)
            {
                return [.. _warnings];
            }
        }
    }

    /// <summary>The encoder's version as it printed it (<c>x264 core 164 r3095 baee400</c>), or null.</summary>
    public string? EncoderVersion { get; private set; }

    /// <summary>The last lines of stderr.</summary>
    public string Tail => _tail.ToString();

    /// <summary>Takes one line of stderr.</summary>
    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        _tail.Add(line);
        lock (_gate)
        {
            if (RoiWarnings.Any(w => line.Contains(w, StringComparison.Ordinal)) && !_warnings.Contains(line))
            {
                _warnings.Add(line);
            }

            EncoderVersion ??= Version(line);
        }
    }

    /// <summary>The version an encoder's banner line states, or null for any other line.</summary>
    public static string? Version(string line)
    {
        if (X264().Match(line) is { Success: true } x264)
        {
            return "x264 core " + x264.Groups[1].Value;
        }

        if (X265().Match(line) is { Success: true } x265)
        {
            return "x265 " + x265.Groups[1].Value;
        }

        if (Svt().Match(line) is { Success: true } svt)
        {
            return "SVT-AV1 " + svt.Groups[1].Value;
        }

        if (Wrapper().Match(line) is { Success: true } wrapped)
        {
            return wrapped.Groups[1].Value switch
            {
                "libvpx-vp9" or "libvpx" => "libvpx " + wrapped.Groups[2].Value,
                "libaom-av1" => "libaom " + wrapped.Groups[2].Value,
                _ => null,
            };
        }

        return null;
    }

    [GeneratedRegex(@"\] 264 - core (\d+ r\d+ \w+)")]
    private static partial Regex X264();

    [GeneratedRegex(@"HEVC encoder version (\S+)")]
    private static partial Regex X265();

    [GeneratedRegex(@"SVT-AV1 Encoder Lib v(\S+)")]
    private static partial Regex Svt();

    [GeneratedRegex(@"^\[(libvpx-vp9|libvpx|libaom-av1) @ [^\]]+\] v?(\d+\.\d+[\w.+\-]*)\s*$")]
    private static partial Regex Wrapper();
}
