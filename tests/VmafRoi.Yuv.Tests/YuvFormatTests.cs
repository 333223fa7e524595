using VmafRoi.Contracts;

namespace VmafRoi.Yuv.Tests;

public sealed class YuvFormatTests
{
    [Theory]
    [InlineData("yuv420p", ChromaFormat.Yuv420, 8, 1)]
    [InlineData("yuv422p", ChromaFormat.Yuv422, 8, 1)]
    [InlineData("yuv444p", ChromaFormat.Yuv444, 8, 1)]
    [InlineData("yuv420p10le", ChromaFormat.Yuv420, 10, 2)]
    [InlineData("yuv422p12le", ChromaFormat.Yuv422, 12, 2)]
    [InlineData("yuv444p16le", ChromaFormat.Yuv444, 16, 2)]
    [InlineData("yuv420p9le", ChromaFormat.Yuv420, 9, 2)]
    [InlineData("yuv444p14le", ChromaFormat.Yuv444, 14, 2)]
    [InlineData("gray", ChromaFormat.Gray, 8, 1)]
    [InlineData("gray10le", ChromaFormat.Gray, 10, 2)]
    [InlineData("yuvj420p", ChromaFormat.Yuv420, 8, 1)]
    public void Parse_knows_chroma_layout_depth_and_sample_size(string name, ChromaFormat chroma, int depth, int bytes)
    {
        YuvFormat format = YuvFormat.Parse(name);

        Assert.Equal(chroma, format.Chroma);
        Assert.Equal(depth, format.BitDepth);
        Assert.Equal(bytes, format.BytesPerSample);
        Assert.Equal(name, format.Name);
    }

    [Theory]
    [InlineData("yuv420p10be")]
    [InlineData("yuv444p16be")]
    [InlineData("gray16be")]
    public void Parse_rejects_big_endian_naming_the_format(string name)
    {
        var error = Assert.Throws<UnsupportedFormatException>(() => YuvFormat.Parse(name));

        Assert.Contains($"big-endian pixel format '{name}' is not supported", error.Message);
        Assert.Equal(ExitCodes.MaskFailed, ExitCodeMapper.From(error));
    }

    [Theory]
    [InlineData("nv12")]
    [InlineData("yuyv422")]
    [InlineData("rgb24")]
    [InlineData("p010le")]
    public void Parse_rejects_packed_and_semi_planar_formats_naming_the_format(string name)
    {
        var error = Assert.Throws<UnsupportedFormatException>(() => YuvFormat.Parse(name));

        Assert.Contains($"'{name}' is not planar", error.Message);
    }

    [Theory]
    [InlineData("yuv420")]
    [InlineData("yuv420p8le")]
    [InlineData("yuv420p17le")]
    [InlineData("foo")]
    [InlineData("")]
    public void Parse_rejects_unknown_names(string name)
    {
        Assert.Throws<UnsupportedFormatException>(() => YuvFormat.Parse(name));
    }

    [Theory]
    [InlineData("yuv420p", 5, 3, 3, 2, 27)]
    [InlineData("yuv422p", 5, 3, 3, 3, 33)]
    [InlineData("yuv444p", 5, 3, 5, 3, 45)]
    [InlineData("yuv420p10le", 5, 3, 3, 2, 54)]
    [InlineData("gray", 5, 3, 0, 0, 15)]
    public void Plane_sizes_round_chroma_up(string name, int w, int h, int cw, int ch, int frameBytes)
    {
        FrameGeometry g = YuvFormat.Parse(name).WithSize(w, h);

        Assert.Equal(new PlaneSize(cw, ch), g.ChromaPlane);
        Assert.Equal(frameBytes, g.FrameBytes);
    }

    [Theory]
    [InlineData("yuv420p", "420")]
    [InlineData("yuv422p10le", "422")]
    [InlineData("yuv444p16le", "444")]
    public void Libvmaf_pixel_format_is_the_chroma_layout(string name, string expected)
    {
        Assert.Equal(expected, YuvFormat.Parse(name).LibvmafPixelFormat);
    }
}
