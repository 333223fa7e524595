using System.Diagnostics.CodeAnalysis;
using VmafRoi.Contracts;

namespace VmafRoi.Yuv;

/// <summary>How the chroma planes are subsampled.</summary>
public enum ChromaFormat
{
    /// <summary>Luma only.</summary>
    Gray,

    /// <summary>Chroma halved horizontally and vertically.</summary>
    Yuv420,

    /// <summary>Chroma halved horizontally.</summary>
    Yuv422,

    /// <summary>Full-resolution chroma.</summary>
    Yuv444,
}

/// <summary>
/// A planar, little-endian YUV pixel format named as ffmpeg names it (<c>yuv420p</c>, <c>yuv422p10le</c>, <c>gray</c>, …).
/// Samples above 8 bits are stored as 16-bit little-endian words with the value in the low bits.
/// </summary>
public sealed class YuvFormat : IEquatable<YuvFormat>
{
    private static readonly string[] KnownPacked =
    [
        "nv12", "nv21", "nv16", "nv24", "nv42", "p010le", "p010be", "p016le", "p016be", "p210le", "p216le", "p410le", "p416le",
        "yuyv422", "uyvy422", "yvyu422", "y210le", "y210be", "ayuv64le", "vuya", "vuyx", "xv30le", "xv36le",
        "rgb24", "bgr24", "rgba", "bgra", "argb", "abgr", "rgb0", "bgr0", "0rgb", "0bgr", "rgb48le", "rgb48be",
        "gbrp", "gbrp10le", "gbrp12le", "gbrp16le", "yuva420p", "yuva422p", "yuva444p", "yuv411p", "yuv410p", "yuv440p",
    ];

    private YuvFormat(string name, ChromaFormat chroma, int bitDepth, bool fullRange)
    {
        Name = name;
        Chroma = chroma;
        BitDepth = bitDepth;
        FullRange = fullRange;
    }

    public static YuvFormat Yuv420P { get; } = Parse("yuv420p");

    /// <summary>The ffmpeg name, e.g. <c>yuv420p10le</c>.</summary>
    public string Name { get; }

    public ChromaFormat Chroma { get; }

    /// <summary>Bits per sample: 8 to 16.</summary>
    public int BitDepth { get; }

    /// <summary>True for the JPEG-range <c>yuvj*</c> names; the layout is the same as the limited-range name.</summary>
    public bool FullRange { get; }

    /// <summary>1 for 8-bit formats, 2 for everything deeper.</summary>
    public int BytesPerSample => BitDepth > 8 ? 2 : 1;

    /// <summary>The largest sample value, <c>2^BitDepth − 1</c>.</summary>
    public int MaxValue => (1 << BitDepth) - 1;

    public int PlaneCount => Chroma == ChromaFormat.Gray ? 1 : 3;

    /// <summary>libvmaf's <c>--pixel_format</c> value: <c>420</c>, <c>422</c>, <c>444</c> or <c>400</c>.</summary>
    public string LibvmafPixelFormat => Chroma switch
    {
        ChromaFormat.Yuv420 => "420",
        ChromaFormat.Yuv422 => "422",
        ChromaFormat.Yuv444 => "444",
        _ => "400",
    };

    /// <summary>Parses an ffmpeg pixel-format name; throws <see cref="UnsupportedFormatException"/> naming the format.</summary>
    public static YuvFormat Parse(string name) =>
        TryParse(name, out YuvFormat? format, out string? error) ? format : throw new UnsupportedFormatException(error);

    /// <summary>Parses an ffmpeg pixel-format name; on failure <paramref name="error"/> says why, naming the format.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out YuvFormat? format, [NotNullWhen(false)] out string? error)
    {
        format = null;
        string text = (name ?? string.Empty).Trim().ToLowerInvariant();
        if (text.Length == 0)
        {
            error = "pixel format is empty";
            return false;
        }

        if (text.EndsWith("be", StringComparison.Ordinal) && (text.StartsWith("yuv", StringComparison.Ordinal) || text.StartsWith("gray", StringComparison.Ordinal)))
        {
            error = $"big-endian pixel format '{name}' is not supported; convert it to '{text[..^2]}le' (e.g. ffmpeg -pix_fmt {text[..^2]}le)";
            return false;
        }

        if (Array.IndexOf(KnownPacked, text) >= 0)
        {
            error = $"pixel format '{name}' is not planar 4:2:0/4:2:2/4:4:4 YUV; convert it (e.g. ffmpeg -pix_fmt yuv420p)";
            return false;
        }

        bool fullRange = false;
        string rest;
        ChromaFormat chroma;
        if (text.StartsWith("gray", StringComparison.Ordinal))
        {
            chroma = ChromaFormat.Gray;
            rest = text[4..];
        }
        else
        {
            string body = text;
            if (body.StartsWith("yuvj", StringComparison.Ordinal))
            {
                fullRange = true;
                body = "yuv" + body[4..];
            }

            if (body.Length < 7 || !body.StartsWith("yuv", StringComparison.Ordinal) || body[6] != 'p')
            {
                error = Unknown(name);
                return false;
            }

            chroma = body.Substring(3, 3) switch
            {
                "420" => ChromaFormat.Yuv420,
                "422" => ChromaFormat.Yuv422,
                "444" => ChromaFormat.Yuv444,
                _ => (ChromaFormat)(-1),
            };
            if ((int)chroma < 0)
            {
                error = Unknown(name);
                return false;
            }

            rest = body[7..];
        }

        int depth;
        if (rest.Length == 0)
        {
            depth = 8;
        }
        else if (rest.EndsWith("le", StringComparison.Ordinal) && int.TryParse(rest[..^2], out int bits) && bits is >= 9 and <= 16)
        {
            depth = bits;
        }
        else
        {
            error = Unknown(name);
            return false;
        }

        if (fullRange && depth != 8)
        {
            error = Unknown(name);
            return false;
        }

        format = new YuvFormat(text, chroma, depth, fullRange);
        error = null;
        return true;
    }

    /// <summary>The format with the same chroma layout and the given bit depth.</summary>
    public static YuvFormat From(ChromaFormat chroma, int bitDepth)
    {
        string baseName = chroma switch
        {
            ChromaFormat.Gray => "gray",
            ChromaFormat.Yuv420 => "yuv420p",
            ChromaFormat.Yuv422 => "yuv422p",
            ChromaFormat.Yuv444 => "yuv444p",
            _ => throw new ArgumentOutOfRangeException(nameof(chroma)),
        };
        return Parse(bitDepth == 8 ? baseName : $"{baseName}{bitDepth}le");
    }

    /// <summary>The geometry of a <paramref name="width"/>×<paramref name="height"/> frame in this format.</summary>
    public FrameGeometry WithSize(int width, int height) => new(width, height, this);

    public bool Equals(YuvFormat? other) =>
        other is not null && other.Chroma == Chroma && other.BitDepth == BitDepth && other.FullRange == FullRange;

    public override bool Equals(object? obj) => Equals(obj as YuvFormat);

    public override int GetHashCode() => HashCode.Combine(Chroma, BitDepth, FullRange);

    public override string ToString() => Name;

    private static string Unknown(string? name) =>
        $"unknown pixel format '{name}'; supported: yuv420p, yuv422p, yuv444p, gray and their 9..16-bit little-endian variants (e.g. yuv420p10le, yuv444p16le)";
}
