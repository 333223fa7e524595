using System.Globalization;
using System.Text.Json;
using VmafRoi.Contracts;

namespace VmafRoi.Yuv.Tools;

/// <summary>What ffprobe says about the first video stream of a file.</summary>
/// <param name="Width">Luma width.</param>
/// <param name="Height">Luma height.</param>
/// <param name="PixelFormat">The stream's native pixel format name, as ffmpeg spells it.</param>
/// <param name="Color">Colour tags, when the container carries them.</param>
/// <param name="Rate">The stream's frame rate.</param>
/// <param name="FrameCount">The container's frame count, when it records one (not always exact).</param>
public sealed record VideoProbe(int Width, int Height, string PixelFormat, ColorTags Color, FrameRate Rate, int? FrameCount);

/// <summary>Locates ffmpeg and ffprobe and asks ffprobe about files.</summary>
public static class Ffmpeg
{
    /// <summary>The hint every "ffmpeg missing" error carries.</summary>
    public const string InstallHint =
        "install ffmpeg 5.1 or newer: 'sudo apt-get install ffmpeg' (Debian/Ubuntu), 'brew install ffmpeg' (macOS) or https://ffmpeg.org/download.html";

    /// <summary>The ffmpeg executable: <c>$VMAFROI_FFMPEG</c>, else <c>ffmpeg</c> on PATH.</summary>
    public static string FfmpegPath(string? explicitPath = null) => FfmpegPath(explicitPath, Environment.GetEnvironmentVariable);

    /// <summary><see cref="FfmpegPath(string?)"/> with <c>$VMAFROI_FFMPEG</c> and PATH read through <paramref name="environment"/>.</summary>
    internal static string FfmpegPath(string? explicitPath, Func<string, string?> environment) =>
        explicitPath is { Length: > 0 }
            ? ExternalTool.TryFind(explicitPath, null, environment) ?? throw new DependencyMissingException($"ffmpeg not found at '{explicitPath}'; {InstallHint}")
            : ExternalTool.Find("ffmpeg", "VMAFROI_FFMPEG", InstallHint, environment);

    /// <summary>The ffprobe executable: <c>$VMAFROI_FFPROBE</c>, else beside ffmpeg, else <c>ffprobe</c> on PATH.</summary>
    public static string FfprobePath(string? ffmpegPath = null)
    {
        if (Environment.GetEnvironmentVariable("VMAFROI_FFPROBE") is { Length: > 0 })
        {
            return ExternalTool.Find("ffprobe", "VMAFROI_FFPROBE", InstallHint);
        }

        if (ffmpegPath is not null && Path.GetDirectoryName(ffmpegPath) is { } folder && ExternalTool.TryFind(Path.Combine(folder, "ffprobe")) is { } sibling)
        {
            return sibling;
        }

        return ExternalTool.Find("ffprobe", null, InstallHint);
    }

    /// <summary>Probes the first video stream of <paramref name="path"/>.</summary>
    public static VideoProbe Probe(string path, string? ffprobePath = null)
    {
        string ffprobe = ffprobePath ?? FfprobePath();
        ProcessResult result = ExternalTool.Run(
            ffprobe,
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,pix_fmt,color_space,color_range,r_frame_rate,nb_frames", "-of", "json", path]);
        if (result.ExitCode != 0)
        {
            throw new InvalidInputException($"'{path}' is not a video file ffmpeg can read (ffprobe exit {result.ExitCode}): {result.StderrTail}", path);
        }

        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        if (!document.RootElement.TryGetProperty("streams", out JsonElement streams) || streams.GetArrayLength() == 0)
        {
            throw new InvalidInputException($"'{path}' has no video stream", path);
        }

        JsonElement stream = streams[0];
        int width = stream.TryGetProperty("width", out JsonElement w) ? w.GetInt32() : 0;
        int height = stream.TryGetProperty("height", out JsonElement h) ? h.GetInt32() : 0;
        string pixFmt = stream.TryGetProperty("pix_fmt", out JsonElement p) ? p.GetString() ?? string.Empty : string.Empty;
        if (width <= 0 || height <= 0 || pixFmt.Length == 0)
        {
            throw new InvalidInputException($"'{path}': ffprobe reports no frame size or pixel format for its video stream", path);
        }

        var color = new ColorTags(
            ParseMatrix(stream.TryGetProperty("color_space", out JsonElement cs) ? cs.GetString() : null),
            ParseRange(stream.TryGetProperty("color_range", out JsonElement cr) ? cr.GetString() : null));
        FrameRate rate = ParseRate(stream.TryGetProperty("r_frame_rate", out JsonElement r) ? r.GetString() : null);
        int? frames = stream.TryGetProperty("nb_frames", out JsonElement nb) && int.TryParse(nb.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : null;
        return new VideoProbe(width, height, pixFmt, color, rate, frames);
    }

    /// <summary>Maps an ffmpeg <c>color_space</c> name to a matrix.</summary>
    public static ColorMatrix ParseMatrix(string? name) => name switch
    {
        "bt709" => ColorMatrix.Bt709,
        "smpte170m" or "bt470bg" or "bt601" => ColorMatrix.Bt601,
        "bt2020nc" or "bt2020c" => ColorMatrix.Bt2020,
        _ => ColorMatrix.Unknown,
    };

    /// <summary>Maps an ffmpeg <c>color_range</c> name to a range.</summary>
    public static ColorRange ParseRange(string? name) => name switch
    {
        "tv" or "mpeg" or "limited" => ColorRange.Limited,
        "pc" or "jpeg" or "full" => ColorRange.Full,
        _ => ColorRange.Unknown,
    };

    private static FrameRate ParseRate(string? text)
    {
        if (text is not null)
        {
            string[] parts = text.Split('/');
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int num) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int den) && num > 0 && den > 0)
            {
                return new FrameRate(num, den);
            }
        }

        return FrameRate.Default;
    }
}
