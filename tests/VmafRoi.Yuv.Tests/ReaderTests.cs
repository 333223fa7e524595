using System.Text;
using VmafRoi.Contracts;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.Yuv.Tests;

public sealed class ReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vmafroi-yuv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Raw_reader_counts_frames_from_the_file_size_and_streams_them_in_order()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(4, 2);
        string path = WriteFrames("clip.yuv", g, 5);

        using FrameSource source = FrameReader.Open(path, g);

        Assert.Equal(5, source.FrameCount);
        for (int i = 0; i < 5; i++)
        {
            using YuvFrame? frame = source.ReadNext();
            Assert.NotNull(frame);
            Assert.Equal(i, frame.Index);
            Assert.All(frame.Data.ToArray(), b => Assert.Equal((byte)i, b));
        }

        Assert.Null(source.ReadNext());
    }

    [Fact]
    public void Raw_file_that_is_not_a_whole_number_of_frames_names_file_size_and_frame_size()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(4, 2);
        string path = Path.Combine(_dir, "partial.yuv");
        File.WriteAllBytes(path, new byte[(g.FrameBytes * 2) + 5]);

        var error = Assert.Throws<InvalidInputException>(() => FrameReader.Open(path, g));

        Assert.Contains(path, error.Message);
        Assert.Contains($"{(g.FrameBytes * 2) + 5} bytes", error.Message);
        Assert.Contains($"{g.FrameBytes} bytes each", error.Message);
        Assert.Equal(ExitCodes.InvalidInput, ExitCodeMapper.From(error));
    }

    [Fact]
    public void Missing_file_is_an_invalid_input_naming_the_path()
    {
        string path = Path.Combine(_dir, "nope.yuv");

        var error = Assert.Throws<InvalidInputException>(() => FrameReader.Open(path, new FrameReaderOptions { Width = 4, Height = 2 }));

        Assert.Equal($"input not found: {path}", error.Message);
    }

    [Fact]
    public void Raw_input_without_geometry_says_which_flags_are_needed()
    {
        string path = Path.Combine(_dir, "clip.yuv");
        File.WriteAllBytes(path, new byte[12]);

        var error = Assert.Throws<InvalidInputException>(() => FrameReader.Open(path));

        Assert.Contains("--width, --height and --pix-fmt", error.Message);
    }

    [Theory]
    [InlineData("C420jpeg", "yuv420p")]
    [InlineData("C420mpeg2", "yuv420p")]
    [InlineData("C420paldv", "yuv420p")]
    [InlineData("C420", "yuv420p")]
    [InlineData("C422", "yuv422p")]
    [InlineData("C444", "yuv444p")]
    [InlineData("Cmono", "gray")]
    [InlineData("C420p10", "yuv420p10le")]
    [InlineData("C422p12", "yuv422p12le")]
    [InlineData("C444p16", "yuv444p16le")]
    [InlineData("Cmono16", "gray16le")]
    [InlineData("", "yuv420p")]
    public void Y4m_header_colourspace_tags_map_to_formats(string tag, string expected)
    {
        string line = $"YUV4MPEG2 W6 H4 F30000:1001 It A1:1 {tag} XYSCSS=whatever".TrimEnd();

        Y4mHeader header = Y4mHeader.Parse(line.Replace("  ", " ", StringComparison.Ordinal), "x.y4m");

        Assert.Equal(expected, header.Geometry.Format.Name);
        Assert.Equal(6, header.Geometry.Width);
        Assert.Equal(4, header.Geometry.Height);
        Assert.Equal(new FrameRate(30000, 1001), header.Rate);
        Assert.Equal('t', header.Interlacing);
    }

    [Fact]
    public void Y4m_reader_accepts_frame_markers_with_parameters()
    {
        FrameGeometry g = YuvFormat.Parse("yuv422p10le").WithSize(3, 2);
        string path = Path.Combine(_dir, "params.y4m");
        using (var file = File.Create(path))
        {
            file.Write(Encoding.ASCII.GetBytes("YUV4MPEG2 W3 H2 F25:1 Ip A0:0 C422p10 XCOLORRANGE=FULL\n"));
            for (int i = 0; i < 3; i++)
            {
                file.Write(Encoding.ASCII.GetBytes(i == 1 ? "FRAME Ixyz XFOO=1\n" : "FRAME\n"));
                file.Write(Enumerable.Repeat((byte)(i + 1), g.FrameBytes).ToArray());
            }
        }

        using FrameSource source = FrameReader.Open(path);

        Assert.Equal(g, source.Geometry);
        Assert.Equal(ColorRange.Full, source.Color.Range);
        int count = 0;
        while (source.ReadNext() is { } frame)
        {
            using (frame)
            {
                Assert.All(frame.Data.ToArray(), b => Assert.Equal((byte)(count + 1), b));
                count++;
            }
        }

        Assert.Equal(3, count);
    }

    [Fact]
    public void Y4m_truncated_last_frame_is_an_error_naming_the_file_and_frame()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(4, 4);
        string path = Path.Combine(_dir, "cut.y4m");
        using (FrameWriter writer = FrameWriter.CreateY4m(path, g))
        {
            writer.Write(new byte[g.FrameBytes]);
            writer.Write(new byte[g.FrameBytes]);
            writer.Complete();
        }

        byte[] all = File.ReadAllBytes(path);
        File.WriteAllBytes(path, all[..^3]);

        using FrameSource source = FrameReader.Open(path);
        source.ReadNext()!.Dispose();
        var error = Assert.Throws<InvalidInputException>(() => source.ReadNext());

        Assert.Contains(path, error.Message);
        Assert.Contains("frame 1 is truncated", error.Message);
    }

    [Fact]
    public void Y4m_writer_round_trips_frames_and_header()
    {
        FrameGeometry g = YuvFormat.Parse("yuv444p12le").WithSize(5, 3);
        string path = Path.Combine(_dir, "round.y4m");
        var random = new Random(3);
        byte[][] frames = Enumerable.Range(0, 4).Select(_ =>
        {
            byte[] bytes = new byte[g.FrameBytes];
            random.NextBytes(bytes);
            return bytes;
        }).ToArray();
        using (FrameWriter writer = FrameWriter.CreateY4m(path, g, new FrameRate(24, 1)))
        {
            foreach (byte[] frame in frames)
            {
                writer.Write(frame);
            }

            writer.Complete();
        }

        using FrameSource source = FrameReader.Open(path);
        Assert.Equal(4, source.FrameCount);
        Assert.Equal(new FrameRate(24, 1), source.Rate);
        foreach (byte[] expected in frames)
        {
            using YuvFrame frame = source.ReadNext()!;
            Assert.Equal(expected, frame.Data.ToArray());
        }
    }

    [Fact]
    public void Atomic_writer_leaves_no_file_when_abandoned()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(4, 4);
        string path = Path.Combine(_dir, "abandoned.yuv");
        using (FrameWriter writer = FrameWriter.CreateRaw(path, g))
        {
            writer.Write(new byte[g.FrameBytes]);
        }

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Streaming_a_long_clip_allocates_a_bounded_number_of_frame_buffers()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(16, 16);
        string path = WriteFrames("long.yuv", g, 200);

        using FrameSource source = FrameReader.Open(path, g);
        int read = 0;
        while (source.ReadNext() is { } frame)
        {
            frame.Dispose();
            read++;
        }

        Assert.Equal(200, read);
        Assert.Equal(1, source.Pool.Allocated);
    }

    [Fact]
    public void Streaming_a_long_y4m_clip_allocates_a_bounded_number_of_frame_buffers()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p").WithSize(16, 16);
        string path = Path.Combine(_dir, "long.y4m");
        using (FrameWriter writer = FrameWriter.CreateY4m(path, g))
        {
            for (int i = 0; i < 200; i++)
            {
                writer.Write(Enumerable.Repeat((byte)i, g.FrameBytes).ToArray());
            }

            writer.Complete();
        }

        using FrameSource source = FrameReader.Open(path);

        Assert.Equal((200, 1), (ReadAll(source), source.Pool.Allocated));
    }

    [Fact]
    public void Streaming_a_long_container_through_ffmpeg_allocates_a_bounded_number_of_frame_buffers()
    {
        string path = Path.Combine(_dir, "long.mkv");
        ProcessResult made = ExternalTool.Run(
            Ffmpeg.FfmpegPath(),
            ["-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc2=s=32x24:r=25", "-frames:v", "200", "-c:v", "ffv1", "-pix_fmt", "yuv420p", path]);
        Assert.True(made.ExitCode == 0, made.StderrTail);

        using FrameSource source = FrameReader.Open(path);

        Assert.IsType<FfmpegFrameSource>(source);
        Assert.Equal(YuvFormat.Parse("yuv420p").WithSize(32, 24), source.Geometry);
        Assert.Equal((200, 1), (ReadAll(source), source.Pool.Allocated));
    }

    private static int ReadAll(FrameSource source)
    {
        int read = 0;
        while (source.ReadNext() is { } frame)
        {
            frame.Dispose();
            read++;
        }

        return read;
    }

    private string WriteFrames(string name, FrameGeometry g, int count)
    {
        string path = Path.Combine(_dir, name);
        using var file = File.Create(path);
        for (int i = 0; i < count; i++)
        {
            file.Write(Enumerable.Repeat((byte)i, g.FrameBytes).ToArray());
        }

        return path;
    }
}
