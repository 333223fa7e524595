using System.Security.Cryptography;
using VmafRoi.TestShared;

namespace VmafRoi.Yuv.Tests;

/// <summary>Raw, Y4M (written by our writer) and container (ffmpeg) readers give byte-identical frames.</summary>
public sealed class GoldenReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vmafroi-golden-readers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("s12_gradients_720x480_yuv422p_x264crf32")]
    [InlineData("s14_mandelbrot_576x324_yuv420p10le_x265crf32")]
    [InlineData("s16_gradients_320x240_yuv420p16le_bicubic_half")]
    public void Raw_y4m_and_container_readers_give_identical_frames_matching_case_md5(string id)
    {
        GoldenCase golden = GoldenCase.Get(id);
        string y4m = Path.Combine(_dir, "ref.y4m");
        using (FrameSource raw = FrameReader.Open(golden.ReferenceRaw, golden.Geometry))
        using (FrameWriter writer = FrameWriter.CreateY4m(y4m, golden.Geometry))
        {
            while (raw.ReadNext() is { } frame)
            {
                using (frame)
                {
                    writer.Write(frame);
                }
            }

            writer.Complete();
        }

        string rawMd5 = Md5OfFrames(FrameReader.Open(golden.ReferenceRaw, golden.Geometry), golden);
        string y4mMd5 = Md5OfFrames(FrameReader.Open(y4m), golden);
        string mkvMd5 = Md5OfFrames(FrameReader.Open(golden.ReferenceMkv), golden);

        Assert.Equal(golden.ReferenceMd5, rawMd5);
        Assert.Equal(golden.ReferenceMd5, y4mMd5);
        Assert.Equal(golden.ReferenceMd5, mkvMd5);
    }

    private static string Md5OfFrames(FrameSource source, GoldenCase golden)
    {
        using (source)
        using (var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
        {
            Assert.Equal(golden.Geometry, source.Geometry);
            int frames = 0;
            while (source.ReadNext() is { } frame)
            {
                using (frame)
                {
                    md5.AppendData(frame.Data);
                    frames++;
                }
            }

            Assert.Equal(golden.Frames, frames);
            return Convert.ToHexStringLower(md5.GetHashAndReset());
        }
    }
}
