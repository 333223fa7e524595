using VmafRoi.EncoderAdapters.Adapters;
using VmafRoi.EncoderAdapters.Encoding;
using VmafRoi.EncoderAdapters.Formats;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.TestShared;

namespace VmafRoi.EncoderAdapters.Tests;

/// <summary>The layouts encoders read and the seed's, as text and bytes.</summary>
public sealed class FormatTests
{
    [Fact]
    public void One_segment_is_a_plain_chain_most_specific_first()
    {
        RoiRegion[] regions = [new(192, 128, 256, 128, -8), new(0, 0, 640, 360, 4)];
        var text = new StringWriter();

        AddroiScript.Write(text, [(0, 30, regions)], qp => AddroiScript.QpFraction(qp, 51));

        Assert.Equal("addroi=x=192:y=128:w=256:h=128:qoffset=-8/51,addroi=x=0:y=0:w=640:h=360:qoffset=4/51\n", text.ToString());
    }

    [Fact]
    public void Segments_are_split_trimmed_by_frame_and_concatenated_with_fresh_timestamps()
    {
        RoiRegion[] left = [new(0, 0, 64, 64, -8)];
        RoiRegion[] none = [];
        var text = new StringWriter();

        AddroiScript.Write(text, [(0, 15, left), (15, 30, none)], qp => AddroiScript.QpFraction(qp, 51));

        Assert.Equal(
            "split=2[in0][in1];\n"
            + "[in0]trim=start_frame=0:end_frame=15,setpts=PTS-STARTPTS,addroi=x=0:y=0:w=64:h=64:qoffset=-8/51[out0];\n"
            + "[in1]trim=start_frame=15:end_frame=30,setpts=PTS-STARTPTS[out1];\n"
            + "[out0][out1]concat=n=2:v=1:a=0,setpts=N/FRAME_RATE/TB\n",
            text.ToString());
    }

    [Theory]
    [InlineData(8, "-4/51")]
    [InlineData(10, "-4/63")]
    public void X264_scales_the_offset_by_its_qp_range_per_bit_depth(int bitDepth, string expected)
    {
        Assert.Equal(expected, new X264Adapter().QOffset(-4, bitDepth));
    }

    [Theory]
    [InlineData(-4, -5)]
    [InlineData(4, 5)]
    [InlineData(2, 2)]
    [InlineData(-12, -15)]
    public void Vp9_offsets_survive_libvpx_truncation(int qp, int expectedDelta)
    {
        string fraction = AddroiScript.Vp9Fraction(qp);
        string[] parts = fraction.Split('/');
        double value = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) / double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);

        // libvpx: delta = (int)(qoffset * 63), truncated towards zero.
        Assert.Equal(expectedDelta, (int)(value * 63));
        Assert.Equal(expectedDelta, AddroiScript.Vp9Delta(qp));
    }

    [Fact]
    public void Svt_roi_map_line_has_one_qindex_per_64_block_in_raster_order()
    {
        // The documented example's geometry: 640x360 is 10x6 blocks of 64, centre 4x2 salient.
        int[] offsets = Enumerable.Repeat(3, 60).ToArray();
        foreach (int i in new[] { 23, 24, 25, 26, 33, 34, 35, 36 })
        {
            offsets[i] = -6;
        }

        string line = SvtRoiMapWriter.Line(0, new OffsetMap(640, 360, 64, offsets));
        string[] fields = line.Split(' ');

        Assert.Equal("0", fields[0]);
        Assert.Equal(61, fields.Length);
        Assert.Equal(SvtRoiMapWriter.QIndex(3).ToString(System.Globalization.CultureInfo.InvariantCulture), fields[1]);
        Assert.Equal(SvtRoiMapWriter.QIndex(-6).ToString(System.Globalization.CultureInfo.InvariantCulture), fields[24]);
        Assert.Equal(-30, SvtRoiMapWriter.QIndex(-6));
        Assert.Equal(15, SvtRoiMapWriter.QIndex(3));
    }

    [Fact]
    public void Svt_roi_map_refuses_more_than_eight_distinct_values_a_line()
    {
        int[] offsets = Enumerable.Range(-4, 10).Concat(Enumerable.Repeat(0, 50)).ToArray();

        Assert.Throws<ArgumentException>(() => SvtRoiMapWriter.Line(0, new OffsetMap(640, 360, 64, offsets)));
    }

    [Fact]
    public void Svt_roi_map_writes_a_line_only_when_the_map_changes()
    {
        using var folder = new TempFolder();
        string path = folder.File("roi.txt");
        var a = new OffsetMap(128, 64, 64, [-4, 4]);
        var b = new OffsetMap(128, 64, 64, [4, -4]);
        using (var writer = new SvtRoiMapWriter(path))
        {
            writer.Append(0, a);
            writer.Append(1, a);
            writer.Append(2, b);
            writer.Append(3, b);
            writer.Complete();
        }

        Assert.Equal(["0 -20 20", "2 20 -20"], File.ReadAllLines(path));
    }

    [Fact]
    public void Seed_layouts_have_the_seed_headers_and_bytes()
    {
        using var folder = new TempFolder();
        var map = new OffsetMap(130, 128, 64, [-6, 0, 6, 1, 2, -1]);
        using (var ascii = new SeedQpfileWriter(folder.File("grid.txt"), 6))
        using (var bytes = new SeedInt8Writer(folder.File("grid.bin")))
        {
            ascii.Append(0, map);
            ascii.Append(1, map);
            bytes.Append(0, map);
            bytes.Append(1, map);
            ascii.Complete();
            bytes.Complete();
        }

        Assert.Equal(
            [
                "# vmaf-roi qpfile (x265, --qpfile-style)", "# frame=0 ctu=64 cols=3 rows=2 strength=6", "-6 0 6", "1 2 -1",
                "# vmaf-roi qpfile (x265, --qpfile-style)", "# frame=1 ctu=64 cols=3 rows=2 strength=6", "-6 0 6", "1 2 -1",
            ],
            File.ReadAllLines(folder.File("grid.txt")));
        Assert.Equal(new byte[] { 0xFA, 0, 6, 1, 2, 0xFF, 0xFA, 0, 6, 1, 2, 0xFF }, File.ReadAllBytes(folder.File("grid.bin")));
    }

    [Fact]
    public void Neutral_grids_parse_and_name_every_block()
    {
        using var folder = new TempFolder();
        var map = new OffsetMap(20, 20, 16, [-2, 2, 0, 4]);
        using (var json = new GridJsonWriter(folder.File("g.json"), 20, 20, 16, -4))
        using (var csv = new GridCsvWriter(folder.File("g.csv")))
        {
            json.Append(0, map);
            csv.Append(0, map);
            json.Complete();
            csv.Complete();
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(folder.File("g.json")));
        Assert.Equal(2, document.RootElement.GetProperty("cols").GetInt32());
        Assert.Equal(-4.0, document.RootElement.GetProperty("salient_offset").GetDouble());
        Assert.Equal(4, document.RootElement.GetProperty("frames")[0].GetProperty("offsets")[1][1].GetInt32());
        Assert.Equal(
            ["frame,row,col,x,y,width,height,qp_offset", "0,0,0,0,0,16,16,-2", "0,0,1,16,0,4,16,2"],
            File.ReadAllLines(folder.File("g.csv")).Take(3));
    }

    [Theory]
    [InlineData("[libx264 @ 0x55e] 264 - core 164 r3095 baee400 - H.264/MPEG-4 AVC codec - Copyleft 2003-2022", "x264 core 164 r3095 baee400")]
    [InlineData("x265 [info]: HEVC encoder version 3.5+1-f0c1022b6", "x265 3.5+1-f0c1022b6")]
    [InlineData("[libvpx-vp9 @ 0x55fcae5e71c0] v1.12.0", "libvpx 1.12.0")]
    [InlineData("Svt[info]: SVT [version]:\tSVT-AV1 Encoder Lib v1.4.1", "SVT-AV1 1.4.1")]
    [InlineData("[libaom-av1 @ 0x55b769d66e40] v3.6.0", "libaom 3.6.0")]
    [InlineData("[libaom-av1 @ 0x55b] Neither bitrate nor constrained quality specified, using default CRF of 32", null)]
    public void Encoder_versions_are_read_from_their_banner_lines(string line, string? expected)
    {
        Assert.Equal(expected, EncoderLog.Version(line));
    }

    [Fact]
    public void Svt_app_help_without_roi_map_file_means_no_map_route()
    {
        Assert.False(SvtAv1App.HelpListsRoiMap("Usage: SvtAv1EncApp <options> -b dst_filename -i src_filename\n  --use-q-file  ..."));
        Assert.True(SvtAv1App.HelpListsRoiMap("      --roi-map-file           Path to a file containing the ROI map"));
    }
}
