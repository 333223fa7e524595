using VmafRoi.Contracts;
using VmafRoi.Yuv.IO;

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

    /// <summary>
    /// Opens any supported input; see <see cref="DetectKind"/> for how the kind is chosen. A pipe or device (a FIFO,
    /// <c>&lt;(cat clip.yuv)</c>, <c>/dev/stdin</c>) is read once as a stream: Y4M, or raw YUV when the geometry is given.
    /// </summary>
    /// <param name="path">The input.</param>
    /// <param name="options">Raw geometry and the kind, when known.</param>
    /// <param name="cancellationToken">Cancels waiting for a writer to open a FIFO.</param>
    public static FrameSource Open(string path, FrameReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FrameReaderOptions();
        EnsureFileExists(path);
        FileNode node = Node(path);
        if (node.Kind != FileNodeKind.Regular)
        {
            return OpenStream(path, options, node, cancellationToken);
        }

        InputKind kind = options.Kind == InputKind.Auto ? DetectKind(path, options) : options.Kind;
        FrameSource source;
        try
        {
            source = kind switch
            {
                InputKind.Raw => OpenRaw(path, options),
                InputKind.Y4m => Y4mFrameSource.Open(path),
                _ => FfmpegFrameSource.Open(path, options.FfmpegPath),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read '{path}': {e.Message}", path, e);
        }

        if (kind != InputKind.Raw)
        {
            CheckGivenGeometry(source, options);
        }

        return source;
    }

    /// <summary>True when <paramref name="path"/> is a pipe or device, which can be read only once, as a stream.</summary>
    public static bool IsStream(string path) => Node(path).Kind is not (FileNodeKind.Regular or FileNodeKind.Missing or FileNodeKind.Directory);

    /// <summary>
    /// Refuses a pipe or device for a command that reads its input more than once (the error names the file, what it
    /// is and what to do instead).
    /// </summary>
    public static void EnsureRereadable(string path, string role)
    {
        FileNode node = Node(path);
        if (node.Kind is not (FileNodeKind.Regular or FileNodeKind.Missing or FileNodeKind.Directory))
        {
            throw new InvalidInputException(
                $"{role} '{path}' is {node.Describe()}, which can be read only once; this command reads its inputs more than once: save it to a file first (dotnet-vmaf reads Y4M or raw YUV from a pipe)",
                path);
        }
    }

    /// <summary>
    /// Y4M when the file starts with <c>YUV4MPEG2</c>; raw for <c>.yuv</c>-like extensions, or for any other non-media
    /// extension when width and height are given; otherwise a container for ffmpeg.
    /// </summary>
    public static InputKind DetectKind(string path, FrameReaderOptions? options = null)
    {
        EnsureFileExists(path);
        if (IsStream(path))
        {
            // Peeking would consume a pipe's bytes; Open examines them once, when it reads the stream.
            return options is { Width: not null, Height: not null } ? InputKind.Raw : InputKind.Y4m;
        }

        Span<byte> head = stackalloc byte[9];
        try
        {
            using var file = File.OpenRead(path);
            if (file.Read(head) == head.Length && head.SequenceEqual("YUV4MPEG2"u8))
            {
                return InputKind.Y4m;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read '{path}': {e.Message}", path, e);
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

    private static FileNode Node(string path)
    {
        try
        {
            return FileNode.Of(path);
        }
        catch (IOException e)
        {
            throw new InvalidInputException($"cannot read '{path}': {e.Message}", path, e);
        }
    }

    // A pipe or device: one open, the first bytes examined and replayed, then frames until the stream ends.
    private static FrameSource OpenStream(string path, FrameReaderOptions options, FileNode node, CancellationToken cancellationToken)
    {
        if (node.Kind == FileNodeKind.Socket)
        {
            throw new InvalidInputException($"'{path}' is a socket, not a clip", path);
        }

        if (options.Kind == InputKind.Container)
        {
            throw new InvalidInputException($"'{path}' is {node.Describe()}: a container cannot be decoded from it; save it to a file, or send Y4M", path);
        }

        FileStream stream;
        try
        {
            stream = SpecialFiles.Open(path, FileAccess.Read, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read '{path}': {e.Message}", path, e);
        }

        try
        {
            byte[] head = new byte[Y4mHeader.Magic.Length];
            int got = 0;
            while (got < head.Length && stream.Read(head, got, head.Length - got) is var n and > 0)
            {
                got += n;
            }

            var replay = new PrefixedStream(head[..got], stream);
            bool y4m = got == head.Length && head.AsSpan().SequenceEqual("YUV4MPEG2"u8);
            if (options.Kind == InputKind.Y4m || (options.Kind == InputKind.Auto && y4m))
            {
                FrameSource source = Y4mFrameSource.FromStream(path, replay, length: null);
                CheckGivenGeometry(source, options);
                return source;
            }

            if (options.Kind == InputKind.Raw || options is { Width: not null, Height: not null })
            {
                if (options.Width is not { } width || options.Height is not { } height)
                {
                    throw new InvalidInputException($"'{path}' is raw YUV, which has no header: give its --width, --height and --pix-fmt", path);
                }

                return new RawFrameSource(path, new FrameGeometry(width, height, options.Format ?? YuvFormat.Yuv420P, path), replay);
            }

            throw new InvalidInputException(
                $"'{path}' is {node.Describe()} whose data does not start with YUV4MPEG2: from a pipe, send Y4M, or raw YUV with --width, --height and --pix-fmt (containers need a file)",
                path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            throw new InvalidInputException($"cannot read '{path}': {e.Message}", path, e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static FrameSource OpenRaw(string path, FrameReaderOptions options)
    {
        if (options.Width is not { } width || options.Height is not { } height)
        {
            throw new InvalidInputException($"'{path}' is raw YUV, which has no header: give its --width, --height and --pix-fmt", path);
        }

        return new RawFrameSource(path, new FrameGeometry(width, height, options.Format ?? YuvFormat.Yuv420P, path));
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
