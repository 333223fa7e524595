using VmafRoi.Contracts;
using VmafRoi.Yuv.IO;

namespace VmafRoi.EncoderAdapters.Encoding;

/// <summary>
/// Where an encoder writes, so that the output obeys our output rules: the encoder writes a file in the run's scratch
/// folder (which verification can read while it is open), and <see cref="Commit"/> copies it through
/// <see cref="AtomicFile"/>: renamed over a regular target, written through a device or pipe (<c>/dev/null</c>, a FIFO;
/// muxers such as mp4 need a seekable file, so the encoder never writes those itself). Disposing without committing
/// leaves nothing behind.
/// </summary>
public sealed class EncodeOutput : IDisposable
{
    private bool _done;

    private EncodeOutput(string target, string encodePath)
    {
        Target = target;
        EncodePath = encodePath;
    }

    /// <summary>The file the encoder writes (and verification reads) until commit.</summary>
    public string EncodePath { get; }

    /// <summary>The output as given.</summary>
    public string Target { get; }

    /// <summary>Bytes written so far.</summary>
    public long Size => File.Exists(EncodePath) ? new FileInfo(EncodePath).Length : 0;

    /// <summary>Prepares <paramref name="target"/> (checked before any work: see <see cref="AtomicFile.CheckTarget"/>).</summary>
    public static EncodeOutput Create(string target, ScratchFolder scratch) => new(target, scratch.File("encode-output.bin"));

    /// <summary>Moves the encode into place.</summary>
    public void Commit(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        using AtomicFile output = AtomicFile.Create(Target, cancellationToken);
        try
        {
            using FileStream bytes = File.OpenRead(EncodePath);
            bytes.CopyTo(output.Stream);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new OutputWriteException($"cannot write output '{Target}': {e.Message}", Target, e);
        }

        output.Commit();
        _done = true;
        TryDelete();
    }

    public void Dispose()
    {
        if (!_done)
        {
            _done = true;
            TryDelete();
        }
    }

    private void TryDelete()
    {
        try
        {
            File.Delete(EncodePath);
        }
        catch (IOException)
        {
            // The scratch folder goes anyway.
        }
    }
}

/// <summary>The muxer an output file name asks for (ffmpeg's <c>-f</c>): the encoder writes a temporary name, so it cannot guess.</summary>
public static class OutputContainer
{
    private static readonly Dictionary<string, string> Muxers = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = "mp4",
        [".m4v"] = "mp4",
        [".mov"] = "mov",
        [".mkv"] = "matroska",
        [".webm"] = "webm",
        [".ivf"] = "ivf",
        [".obu"] = "obu",
        [".264"] = "h264",
        [".h264"] = "h264",
        [".265"] = "hevc",
        [".h265"] = "hevc",
        [".hevc"] = "hevc",
        [".ts"] = "mpegts",
        [".m2ts"] = "mpegts",
        [".nut"] = "nut",
    };

    /// <summary>An extension for files of <paramref name="muxer"/> (so readers decode them as containers, never as raw YUV).</summary>
    public static string ExtensionFor(string muxer) => muxer switch
    {
        "mp4" => ".mp4",
        "mov" => ".mov",
        "matroska" => ".mkv",
        "webm" => ".webm",
        "ivf" => ".ivf",
        "obu" => ".obu",
        "h264" => ".264",
        "hevc" => ".265",
        "mpegts" => ".ts",
        _ => ".nut",
    };

    /// <summary>The extensions we know, for messages.</summary>
    public static IEnumerable<string> Extensions => Muxers.Keys;

    /// <summary>The muxer for <paramref name="path"/>; <paramref name="format"/> (ffmpeg's name) wins when given.</summary>
    /// <exception cref="InvalidInputException">An extension we do not know, and no format.</exception>
    public static string MuxerFor(string path, string? format = null)
    {
        if (format is { Length: > 0 })
        {
            return format;
        }

        return Muxers.TryGetValue(Path.GetExtension(path), out string? muxer)
            ? muxer
            : throw new InvalidInputException($"--output '{path}': cannot tell the container from its extension; use one of {string.Join(", ", Muxers.Keys)} or give --format (an ffmpeg muxer name)", path);
    }
}
