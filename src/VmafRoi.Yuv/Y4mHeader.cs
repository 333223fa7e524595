using System.Globalization;
using System.Text;
using VmafRoi.Contracts;

namespace VmafRoi.Yuv;

/// <summary>The stream header of a YUV4MPEG2 file: <c>YUV4MPEG2 W H F I A C X…</c>.</summary>
public sealed record Y4mHeader
{
    /// <summary>The magic word every Y4M stream starts with.</summary>
    public const string Magic = "YUV4MPEG2";

    public required FrameGeometry Geometry { get; init; }

    public FrameRate Rate { get; init; } = FrameRate.Default;

    /// <summary>The interlacing tag: <c>p</c> progressive, <c>t</c>/<c>b</c> field order, <c>m</c> mixed, <c>?</c> unknown.</summary>
    public char Interlacing { get; init; } = 'p';

    /// <summary>Pixel aspect ratio; 0:0 when unknown.</summary>
    public FrameRate PixelAspect { get; init; } = new(1, 1);

    /// <summary>The chroma siting word of 8-bit 4:2:0 streams (<c>420jpeg</c>, <c>420mpeg2</c>, <c>420paldv</c> or <c>420</c>).</summary>
    public string? ChromaSiting { get; init; }

    public ColorRange Range { get; init; } = ColorRange.Unknown;

    /// <summary>Parses a header line (without its newline). <paramref name="path"/> names the file in errors.</summary>
    public static Y4mHeader Parse(string line, string path)
    {
        string[] tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0 || tokens[0] != Magic)
        {
            throw new InvalidInputException($"'{path}' is not a Y4M file: it does not start with '{Magic}' (it starts with '{Printable(Encoding.Latin1.GetBytes(line))}')", path);
        }

        int width = 0, height = 0;
        FrameRate rate = FrameRate.Default;
        FrameRate aspect = new(1, 1);
        char interlacing = 'p';
        string colorspace = "420jpeg";
        ColorRange range = ColorRange.Unknown;
        foreach (string token in tokens.AsSpan(1))
        {
            string value = token[1..];
            switch (token[0])
            {
                case 'W':
                    width = ParseInt(value, "W", path);
                    break;
                case 'H':
                    height = ParseInt(value, "H", path);
                    break;
                case 'F':
                    rate = ParseRatio(value, "F", path);
                    break;
                case 'A':
                    aspect = ParseRatio(value, "A", path);
                    break;
                case 'I':
                    interlacing = value.Length == 1 && "ptbm?".Contains(value[0], StringComparison.Ordinal)
                        ? value[0]
                        : throw new InvalidInputException($"'{path}': Y4M interlacing tag 'I{Shown(value)}' is not one of Ip, It, Ib, Im", path);
                    break;
                case 'C':
                    colorspace = value;
                    break;
                case 'X':
                    if (value.StartsWith("COLORRANGE=", StringComparison.OrdinalIgnoreCase))
                    {
                        range = value[11..].ToUpperInvariant() switch
                        {
                            "FULL" => ColorRange.Full,
                            "LIMITED" => ColorRange.Limited,
                            _ => ColorRange.Unknown,
                        };
                    }

                    break;
                default:
                    // Unknown tags are allowed by the format; they carry nothing we use.
                    break;
            }
        }

        if (width <= 0 || height <= 0)
        {
            throw new InvalidInputException($"'{path}': Y4M header has no valid W and H tags: '{Printable(Encoding.Latin1.GetBytes(line))}'", path);
        }

        (YuvFormat format, string? siting) = ParseColorspace(colorspace, path);
        return new Y4mHeader
        {
            Geometry = new FrameGeometry(width, height, format, path),
            Rate = rate,
            PixelAspect = aspect,
            Interlacing = interlacing,
            ChromaSiting = siting,
            Range = range,
        };
    }

    /// <summary>
    /// Bytes from a file as safe message text: printable ASCII as is, anything else (control or binary bytes, which
    /// would garble a terminal) as <c>\xNN</c>; at most 40 bytes, then an ellipsis.
    /// </summary>
    public static string Printable(ReadOnlySpan<byte> bytes)
    {
        const int Limit = 40;
        var text = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, Limit)])
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
        }

        return bytes.Length > Limit ? text.Append("...").ToString() : text.ToString();
    }

    /// <summary>The Y4M <c>C</c> tag value for a format (<c>420jpeg</c>, <c>422p10</c>, <c>mono16</c>, …).</summary>
    public static string ColorspaceTag(YuvFormat format)
    {
        string layout = format.Chroma switch
        {
            ChromaFormat.Gray => "mono",
            ChromaFormat.Yuv420 => "420",
            ChromaFormat.Yuv422 => "422",
            _ => "444",
        };
        if (format.BitDepth == 8)
        {
            return format.Chroma == ChromaFormat.Yuv420 ? "420jpeg" : layout;
        }

        return format.Chroma == ChromaFormat.Gray ? $"mono{format.BitDepth}" : $"{layout}p{format.BitDepth}";
    }

    /// <summary>The header line, newline included, as our writer emits it.</summary>
    public string Format()
    {
        var text = new StringBuilder(Magic);
        text.Append(CultureInfo.InvariantCulture, $" W{Geometry.Width} H{Geometry.Height} F{Rate.Numerator}:{Rate.Denominator} I{Interlacing} A{PixelAspect.Numerator}:{PixelAspect.Denominator} C{ColorspaceTag(Geometry.Format)}");
        if (Range != ColorRange.Unknown)
        {
            text.Append(Range == ColorRange.Full ? " XCOLORRANGE=FULL" : " XCOLORRANGE=LIMITED");
        }

        return text.Append('\n').ToString();
    }

    private static (YuvFormat Format, string? Siting) ParseColorspace(string tag, string path)
    {
        switch (tag)
        {
            case "420jpeg" or "420mpeg2" or "420paldv" or "420":
                return (YuvFormat.Parse("yuv420p"), tag);
            case "422":
                return (YuvFormat.Parse("yuv422p"), null);
            case "444":
                return (YuvFormat.Parse("yuv444p"), null);
            case "mono":
                return (YuvFormat.Parse("gray"), null);
        }

        string layout = tag.StartsWith("mono", StringComparison.Ordinal) ? "gray" : tag.Length > 3 ? tag[..3] : string.Empty;
        string depthText = layout == "gray" ? tag[4..] : tag.Length > 4 && tag[3] == 'p' ? tag[4..] : string.Empty;
        if (layout is "420" or "422" or "444" or "gray" && int.TryParse(depthText, NumberStyles.None, CultureInfo.InvariantCulture, out int depth) && depth is >= 9 and <= 16)
        {
            string name = layout == "gray" ? $"gray{depth}le" : $"yuv{layout}p{depth}le";
            return (YuvFormat.Parse(name), null);
        }

        throw new UnsupportedFormatException($"'{path}': Y4M colourspace 'C{Shown(tag)}' is not supported; supported: C420jpeg, C420mpeg2, C420paldv, C420, C422, C444, Cmono and the p9..p16 variants (e.g. C420p10, C444p16)");
    }

    private static int ParseInt(string value, string tag, string path) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new InvalidInputException($"'{path}': Y4M tag {tag}{Shown(value)} is not a positive integer", path);

    private static FrameRate ParseRatio(string value, string tag, string path)
    {
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0
            && int.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int num)
            && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int den))
        {
            return new FrameRate(num, den);
        }

        throw new InvalidInputException($"'{path}': Y4M tag {tag}{Shown(value)} is not a ratio n:d", path);
    }

    // Header text is Latin-1 bytes from the file: shown escaped, never raw.
    private static string Shown(string latin1) => Printable(Encoding.Latin1.GetBytes(latin1));
}
