using System.Diagnostics;
using System.Text;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Yuv.IO;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.Yuv.Tests;

/// <summary>File kinds, outputs that are links or pipes, temp names, pipes as input and escaped Y4M bytes (issue 8.1, 8.8, 8.12).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SpecialFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void File_kinds_and_identity_come_from_statx()
    {
        string file = _temp.File("a.bin");
        File.WriteAllBytes(file, [1, 2, 3]);
        string link = _temp.File("link");
        File.CreateSymbolicLink(link, file);
        string fifo = Fifo("pipe");

        Assert.Equal((FileNodeKind.Regular, 3L), (FileNode.Of(file).Kind, FileNode.Of(file).Size));
        Assert.Equal(FileNodeKind.Directory, FileNode.Of(_temp.Path).Kind);
        Assert.Equal(FileNodeKind.Fifo, FileNode.Of(fifo).Kind);
        Assert.Equal(FileNodeKind.SymbolicLink, FileNode.Of(link, followLinks: false).Kind);
        Assert.False(FileNode.Of(_temp.File("missing")).Exists);
        Assert.True(FileNode.SameObject(link, file));
        Assert.False(FileNode.SameObject(fifo, file));
    }

    [Theory]
    [InlineData(240, "n")]
    [InlineData(120, "é")]
    [InlineData(60, "😀")]
    public void Temp_names_stay_within_255_bytes_for_any_legal_target_name(int repeat, string unit)
    {
        string name = string.Concat(Enumerable.Repeat(unit, repeat)) + ".json";
        Assert.True(Encoding.UTF8.GetByteCount(name) <= 255);

        string temp = AtomicFile.TempName(name);

        Assert.True(Encoding.UTF8.GetByteCount(temp) <= 255, $"{Encoding.UTF8.GetByteCount(temp)} bytes");
        Assert.StartsWith(".", temp);
        Assert.EndsWith(".tmp", temp);
    }

    [Fact]
    public void A_symbolic_link_output_keeps_the_link_and_replaces_its_target_keeping_its_mode()
    {
        string target = _temp.File("target.json");
        File.WriteAllText(target, "old");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string link = _temp.File("link.json");
        File.CreateSymbolicLink(link, target);

        AtomicFile.WriteAllText(link, "new");

        Assert.Equal(FileNodeKind.SymbolicLink, FileNode.Of(link, followLinks: false).Kind);
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.Equal(["link.json", "target.json"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_fifo_output_is_written_through_and_stays_a_fifo()
    {
        string fifo = Fifo("out.fifo");
        Task<string> reader = Task.Run(() => File.ReadAllText(fifo));

        AtomicFile.WriteAllText(fifo, "result");

        Assert.Equal("result", await reader.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(FileNodeKind.Fifo, FileNode.Of(fifo).Kind);
    }

    [Fact]
    public void Waiting_for_a_fifo_reader_ends_when_cancelled()
    {
        string fifo = Fifo("nobody.fifo");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => AtomicFile.Create(fifo, cancellation.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_directory_output_is_an_output_error_and_an_empty_path_an_input_error()
    {
        Assert.Equal(ExitCodes.OutputFailed, ExitCodeMapper.From(Assert.Throws<OutputWriteException>(() => AtomicFile.Create(_temp.Path))));
        Assert.Equal(ExitCodes.InvalidInput, ExitCodeMapper.From(Assert.Throws<InvalidInputException>(() => AtomicFile.Create(string.Empty))));
    }

    [Fact]
    public async Task Raw_yuv_from_a_fifo_is_read_once_as_a_stream()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(64, 48);
        string raw = _temp.RawClip("clip.yuv", g, 3);
        string fifo = Fifo("in.fifo");
        Task feeder = Task.Run(() => File.WriteAllBytes(fifo, File.ReadAllBytes(raw)));

        using (FrameSource source = FrameReader.Open(fifo, new FrameReaderOptions { Width = 64, Height = 48 }))
        {
            Assert.Null(source.FrameCount);
            int frames = 0;
            while (source.ReadNext() is { } frame)
            {
                frame.Dispose();
                frames++;
            }

            Assert.Equal(3, frames);
        }

        await feeder.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_pipe_that_is_neither_y4m_nor_given_a_geometry_is_refused_by_name()
    {
        string fifo = Fifo("in.fifo");
        Task feeder = Task.Run(() =>
        {
            try
            {
                File.WriteAllBytes(fifo, new byte[4096]);
            }
            catch (IOException)
            {
                // The reader closed after looking at the first bytes.
            }
        });

        var error = Assert.Throws<InvalidInputException>(() => FrameReader.Open(fifo));

        Assert.Contains($"'{fifo}' is a pipe (FIFO) whose data does not start with YUV4MPEG2", error.Message);
        await feeder.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Y4m_errors_show_binary_bytes_escaped()
    {
        Assert.Equal("FR\\x00\\xffME\\x1b", Y4mHeader.Printable([(byte)'F', (byte)'R', 0, 0xFF, (byte)'M', (byte)'E', 0x1B]));
        var error = Assert.Throws<InvalidInputException>(() => Y4mHeader.Parse("YUV4MPEG2 W64 H\u0001", "x.y4m"));
        Assert.Equal("'x.y4m': Y4M tag H\\x01 is not a positive integer", error.Message);
    }

    [Fact]
    public void An_invalid_frame_size_names_the_file_and_the_limit()
    {
        var error = Assert.Throws<InvalidInputException>(() => Y4mHeader.Parse("YUV4MPEG2 W100000 H100000", "big.y4m"));
        Assert.Equal($"'big.y4m': frame size 100000x100000 is not valid: width and height must be at least 1 and width x height at most {FrameGeometry.MaxLumaSamples} samples (e.g. 16384x16384)", error.Message);
        Assert.Equal("big.y4m", error.Path);
    }

    private string Fifo(string name)
    {
        string path = _temp.File(name);
        Assert.Equal(0, ExternalTool.Run("mkfifo", [path]).ExitCode);
        return path;
    }
}
