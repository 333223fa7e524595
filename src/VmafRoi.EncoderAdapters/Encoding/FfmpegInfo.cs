using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using VmafRoi.Contracts;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.EncoderAdapters.Encoding;

/// <summary>What an ffmpeg binary is: its version and the encoders it was built with (asked once per binary).</summary>
public sealed partial class FfmpegInfo
{
    private static readonly ConcurrentDictionary<string, Lazy<FfmpegInfo>> Known = new(StringComparer.Ordinal);

    private FfmpegInfo(string path, string version, IReadOnlySet<string> encoders)
    {
        Path = path;
        Version = version;
        Encoders = encoders;
    }

    /// <summary>The ffmpeg executable.</summary>
    public string Path { get; }

    /// <summary>The version ffmpeg reports (<c>5.1.9-0+deb12u1</c>), or <c>unknown</c>.</summary>
    public string Version { get; }

    /// <summary>Names of every video encoder this ffmpeg has.</summary>
    public IReadOnlySet<string> Encoders { get; }

    /// <summary>The ffmpeg to use (<paramref name="explicitPath"/>, else <c>$VMAFROI_FFMPEG</c>, else PATH) and what it offers.</summary>
    /// <exception cref="DependencyMissingException">No ffmpeg.</exception>
    public static FfmpegInfo Get(string? explicitPath = null)
    {
        string path = Ffmpeg.FfmpegPath(explicitPath);
        Lazy<FfmpegInfo> lazy = Known.GetOrAdd(path, p => new Lazy<FfmpegInfo>(() => Probe(p)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Known.TryRemove(new KeyValuePair<string, Lazy<FfmpegInfo>>(path, lazy));
            throw;
        }
    }

    /// <summary>Fails with <see cref="DependencyMissingException"/> when this ffmpeg lacks <paramref name="encoder"/>.</summary>
    public void Require(string encoder)
    {
        if (!Encoders.Contains(encoder))
        {
            throw new DependencyMissingException($"ffmpeg at '{Path}' has no encoder '{encoder}' (see 'ffmpeg -encoders'); install an ffmpeg built with it, e.g. Debian's ffmpeg package");
        }
    }

    private static FfmpegInfo Probe(string path)
    {
        ProcessResult version = ExternalTool.Run(path, ["-hide_banner", "-version"]);
        string first = version.StandardOutput.Split('\n', 2)[0];
        Match match = VersionLine().Match(first);
        ProcessResult list = ExternalTool.Run(path, ["-hide_banner", "-encoders"]);
        if (list.ExitCode != 0)
        {
            throw new DependencyMissingException($"'{path}' did not list its encoders (exit {list.ExitCode}): {list.StderrTail}");
        }

        var encoders = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in list.StandardOutput.Split('\n'))
        {
            // " V....D libx264              libx264 H.264 ..."
            Match entry = EncoderLine().Match(line);
            if (entry.Success)
            {
                encoders.Add(entry.Groups[1].Value);
            }
        }

        return new FfmpegInfo(path, match.Success ? match.Groups[1].Value : "unknown", encoders);
    }

    [GeneratedRegex(@"^ffmpeg version (\S+)")]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^\s*V[\w.]{5}\s+(\S+)\s")]
    private static partial Regex EncoderLine();
}
