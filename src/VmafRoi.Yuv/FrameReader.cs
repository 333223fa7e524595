using VmafRoi.Contracts;

namespace VmafRoi.Yuv;

/// <summary>What kind of file a path holds.</summary>
public enum InputKind
{
    /// <summary>Decide from the file's first bytes and extension.</summary>
    Auto,

    /// <summary>Headerless planar YUV; needs width, height and pixel format.</summary>
    Raw,

    /// <summary>YUV4MPEG2.</summary>
    Y4m,

    /// <summary>Anything else, decoded by ffmpeg.</summary>
    Container,
}

/// <summary>How to open an input. Width, height and format are needed for raw input only; elsewhere, when given, they must match the file.</summary>
public sealed record FrameReaderOptions
{
    public int? Width { get; init; }

    public int? Height { get; init; }

    public YuvFormat? Format { get; init; }

    public InputKind Kind { get; init; } = InputKind.Auto;

    /// <summary>ffmpeg to decode containers with; null means <c>$VMAFROI_FFMPEG</c> or PATH.</summary>
    public string? FfmpegPath { get; init; }
}

/// <summary>Opens raw YUV, Y4M or any container as a <see cref="FrameSource"/>.</summary>
public static class FrameReader
{
    private static readonly HashSet<string> RawExtensions = new(StringComparer.OrdinalIgnoreCase) { ".yuv", ".raw", ".i420", ".iyuv" };

    /// <summary>Opens a raw planar file of the given geometry.</summary>
    public static FrameSource Open(string path, FrameGeometry geometry) => new RawFrameSource(path, geometry);

    /// <summary>Opens a raw planar file: <c>FrameReader.Open("clip.yuv", YuvFormat.Parse("yuv420p10le"), 1920, 1080)</c>.</summary>
    public static FrameSource Open(string path, YuvFormat format, int width, int height) => Open(path, new FrameGeometry(width, height, format));

    /// <summary>Opens any supported input; see <see cref="DetectKind"/> for how the kind is chosen.</summary>
    public static FrameSource Open(string path, FrameReaderOptions? options = null)
    {
        options ??= new FrameReaderOptions();
        EnsureFileExists(path);
        InputKind kind = options.Kind == InputKind.Auto ? DetectKind(path, options) : options.Kind;
        FrameSource source = kind switch
        {
            InputKind.Raw => OpenRaw(path, options),
            InputKind.Y4m => Y4mFrameSource.Open(path),
            _ => FfmpegFrameSource.Open(path, options.FfmpegPath),
        };
        if (kind != InputKind.Raw)
        {
            CheckGivenGeometry(source, options);
        }

        return source;
    }

    /// <summary>
    /// Y4M when the file starts with <c>YUV4MPEG2</c>; raw for <c>.yuv</c>-like extensions, or for any other non-media
    /// extension when width and height are given; otherwise a container for ffmpeg.
    /// </summary>
    public static InputKind DetectKind(string path, FrameReaderOptions? options = null)
    {
        EnsureFileExists(path);
        Span<byte> head = stackalloc byte[9];
        using (var file = File.OpenRead(path))
        {
            if (file.Read(head) == head.Length && head.SequenceEqual("YUV4MPEG2"u8))
            {
                return InputKind.Y4m;
            }
        }

        string extension = Path.GetExtension(path);
        if (RawExtensions.Contains(extension))
        {
            return InputKind.Raw;
        }

        return options is { Width: not null, Height: not null } && !IsMediaExtension(extension) ? InputKind.Raw : InputKind.Container;
    }

    /// <summary>Throws the standard "not found" error for a missing input file.</summary>
    public static void EnsureFileExists(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException(Directory.Exists(path) ? $"input is a directory, not a file: {path}" : $"input not found: {path}", path);
        }
    }

    private static FrameSource OpenRaw(string path, FrameReaderOptions options)
    {
        if (options.Width is not { } width || options.Height is not { } height)
        {
            throw new InvalidInputException($"'{path}' is raw YUV, which has no header: give its --width, --height and --pix-fmt", path);
        }

        return new RawFrameSource(path, new FrameGeometry(width, height, options.Format ?? YuvFormat.Yuv420P));
    }

    private static void CheckGivenGeometry(FrameSource source, FrameReaderOptions options)
    {
        FrameGeometry g = source.Geometry;
        if ((options.Width is { } w && w != g.Width) || (options.Height is { } h && h != g.Height) || (options.Format is { } f && !f.Equals(g.Format)))
        {
            source.Dispose();
            string given = string.Join(", ", new[]
            {
                options.Width is { } gw ? $"--width {gw}" : null,
                options.Height is { } gh ? $"--height {gh}" : null,
                options.Format is { } gf ? $"--pix-fmt {gf.Name}" : null,
            }.Where(part => part is not null));
            throw new InvalidInputException($"'{source.Path}' is {g}, but {given} was given; drop --width/--height/--pix-fmt for Y4M and container inputs", source.Path);
        }
    }

    private static bool IsMediaExtension(string extension) => extension.ToLowerInvariant() is
        ".mkv" or ".mp4" or ".m4v" or ".mov" or ".webm" or ".avi" or ".ts" or ".m2ts" or ".mts" or ".mxf" or ".ivf" or ".obu"
        or ".264" or ".h264" or ".265" or ".h265" or ".hevc" or ".nut" or ".flv" or ".ogv" or ".mpg" or ".mpeg" or ".y4m" or ".avif" or ".png" or ".jpg";
}
