using VmafRoi.Contracts;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.Yuv.Tests;

/// <summary>When ffmpeg cannot be found, the error names what was looked for, the file that needed it, and how to install it.</summary>
public sealed class FfmpegMissingTests : IDisposable
{
    private const string Install = "install ffmpeg 5.1 or newer: 'sudo apt-get install ffmpeg' (Debian/Ubuntu), 'brew install ffmpeg' (macOS) or https://ffmpeg.org/download.html";

    private readonly string _dir = Directory.CreateTempSubdirectory("vmafroi-noffmpeg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Ffmpeg_missing_from_path_says_where_it_looked_and_how_to_install_it()
    {
        string emptyFolder = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;

        var error = Assert.Throws<DependencyMissingException>(() => Ffmpeg.FfmpegPath(null, name => name == "PATH" ? emptyFolder : null));

        Assert.Equal($"ffmpeg was not found (PATH or $VMAFROI_FFMPEG); {Install}", error.Message);
        Assert.Equal(ExitCodes.DependencyMissing, ExitCodeMapper.From(error));
    }

    [Fact]
    public void A_vmafroi_ffmpeg_override_naming_no_program_is_missing_even_when_path_has_ffmpeg()
    {
        string nowhere = Path.Combine(_dir, "no-such-ffmpeg");

        var error = Assert.Throws<DependencyMissingException>(() => Ffmpeg.FfmpegPath(null, name => name == "VMAFROI_FFMPEG" ? nowhere : Environment.GetEnvironmentVariable(name)));

        Assert.Equal($"ffmpeg was not found (PATH or $VMAFROI_FFMPEG); {Install}", error.Message);
    }

    [Fact]
    public void A_container_that_needs_a_missing_ffmpeg_is_named_with_the_install_hint()
    {
        string clip = Path.Combine(_dir, "clip.mkv");
        File.WriteAllBytes(clip, [0x1a, 0x45, 0xdf, 0xa3]);
        string nowhere = Path.Combine(_dir, "no-such-ffmpeg");

        var error = Assert.Throws<DependencyMissingException>(() => FrameReader.Open(clip, new FrameReaderOptions { FfmpegPath = nowhere }));

        Assert.Equal($"'{clip}' is not raw YUV or Y4M, so ffmpeg must decode it: ffmpeg not found at '{nowhere}'; {Install}", error.Message);
        Assert.Equal(ExitCodes.DependencyMissing, ExitCodeMapper.From(error));
    }
}
