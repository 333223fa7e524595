using System.Diagnostics;
using VmafRoi.Contracts;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.Yuv;

/// <summary>
/// Any container ffmpeg can decode, streamed through a pipe in the stream's native planar pixel format (no scaling,
/// no conversion, no frame-rate change). Geometry and format come from ffprobe.
/// </summary>
public sealed class FfmpegFrameSource : FrameSource
{
    // Semi-planar and packed layouts that repack losslessly into a planar format of the same depth.
    private static readonly Dictionary<string, string> LosslessRepack = new(StringComparer.Ordinal)
    {
        ["nv12"] = "yuv420p",
        ["nv21"] = "yuv420p",
        ["nv16"] = "yuv422p",
        ["nv24"] = "yuv444p",
        ["yuyv422"] = "yuv422p",
        ["uyvy422"] = "yuv422p",
        ["p010le"] = "yuv420p10le",
        ["p016le"] = "yuv420p16le",
        ["p210le"] = "yuv422p10le",
        ["p216le"] = "yuv422p16le",
        ["p410le"] = "yuv444p10le",
        ["p416le"] = "yuv444p16le",
    };

    private readonly Process _process;
    private readonly Stream _stdout;
    private readonly StderrTail _stderr = new(8);
    private readonly VideoProbe _probe;
    private bool _warned;

    private FfmpegFrameSource(string path, FrameGeometry geometry, VideoProbe probe, Process process)
        : base(path, geometry)
    {
        _probe = probe;
        _process = process;
        _stdout = process.StandardOutput.BaseStream;
        process.ErrorDataReceived += (_, e) => _stderr.Add(e.Data);
        process.BeginErrorReadLine();
    }

    /// <summary>The decoder's frame count is not known before the stream ends.</summary>
    public override int? FrameCount => null;

    public override ColorTags Color => _probe.Color;

    public override FrameRate Rate => _probe.Rate;

    /// <summary>What ffprobe reported for the stream.</summary>
    public VideoProbe Probe => _probe;

    /// <summary>Probes <paramref name="path"/> and starts ffmpeg decoding its first video stream to a pipe.</summary>
    public static FfmpegFrameSource Open(string path, string? ffmpegPath = null)
    {
        FrameReader.EnsureFileExists(path);
        string ffmpeg, ffprobe;
        try
        {
            ffmpeg = Ffmpeg.FfmpegPath(ffmpegPath);
            ffprobe = Ffmpeg.FfprobePath(ffmpeg);
        }
        catch (DependencyMissingException e)
        {
            throw new DependencyMissingException($"'{path}' is not raw YUV or Y4M, so ffmpeg must decode it: {e.Message}", e);
        }

        VideoProbe probe = Ffmpeg.Probe(path, ffprobe);
        YuvFormat format = PlanarFormatFor(probe.PixelFormat, path);
        var geometry = new FrameGeometry(probe.Width, probe.Height, format, path);
        Process process = ExternalTool.Start(
            ffmpeg,
            ["-v", "error", "-nostdin", "-i", path, "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", format.Name, "pipe:1"]);
        return new FfmpegFrameSource(path, geometry, probe, process);
    }

    /// <summary>The planar format a stream of <paramref name="pixelFormat"/> is decoded to; never a lossy conversion.</summary>
    public static YuvFormat PlanarFormatFor(string pixelFormat, string path)
    {
        if (YuvFormat.TryParse(pixelFormat, out YuvFormat? native, out _))
        {
            return native;
        }

        if (LosslessRepack.TryGetValue(pixelFormat, out string? planar))
        {
            return YuvFormat.Parse(planar);
        }

        throw new UnsupportedFormatException($"'{path}': its video stream is {pixelFormat}, which is not planar YUV and does not repack into planar YUV without conversion; convert it first (e.g. ffmpeg -i in -pix_fmt yuv420p out.y4m)");
    }

    protected override bool ReadFrameCore(Span<byte> frame)
    {
        int got = ReadFully(_stdout, frame);
        if (got == frame.Length)
        {
            return true;
        }

        _process.WaitForExit();
        if (_process.ExitCode != 0)
        {
            throw new InvalidInputException($"ffmpeg could not decode '{Path}' (exit {_process.ExitCode}) after {FramesRead} frames: {_stderr}", Path);
        }

        if (got == 0)
        {
            if (FramesRead == 0)
            {
                throw new InvalidInputException($"'{Path}': ffmpeg decoded no frames: {_stderr}", Path);
            }

            // ffmpeg exits 0 on a cut-off file ("File ended prematurely"); whatever it said at -v error is worth a warning.
            if (_stderr.ToString() is { Length: > 0 } said && !_warned)
            {
                _warned = true;
                Warn($"'{Path}': ffmpeg reported while decoding: {said.ReplaceLineEndings(" ")}; {FramesRead} frames were read, the file may be truncated or damaged");
            }

            return false;
        }

        throw Truncated(got);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ExternalTool.Kill(_process);
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
