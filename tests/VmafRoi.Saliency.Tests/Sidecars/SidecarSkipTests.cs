using VmafRoi.Saliency.Sidecars;

namespace VmafRoi.Saliency.Tests.Sidecars;

/// <summary>Skipping frames (the planner inflates only the masks it needs) keeps order and the footer's check.</summary>
public sealed class SidecarSkipTests : TempFolderTest
{
    [Fact]
    public void Skipped_frames_keep_the_order_and_the_read_ones_come_back_exact()
    {
        string path = PathOf("clip.sal");
        SidecarHeader header = SidecarTestData.Header(8);
        SidecarTestData.Write(path, header, frames: 6);
        using SaliencySidecarReader reader = SaliencySidecarReader.Open(path, header);
        float[] mask = new float[reader.MaskLength];
        var seen = new List<int>();

        for (int i = 0; i < 6; i++)
        {
            bool more = i % 2 == 0 ? reader.TryReadNext(mask, out int index) : reader.TrySkipNext(out index);
            Assert.True(more);
            seen.Add(index);
            if (i % 2 == 0)
            {
                Assert.True(SidecarTestData.BitEqual(SidecarTestData.Expected(index, 8), mask), $"frame {index}");
            }
        }

        Assert.False(reader.TrySkipNext(out _));
        Assert.Equal([0, 1, 2, 3, 4, 5], seen);
        Assert.Equal(6, reader.StoredFrameCount);
    }

    [Fact]
    public void A_damaged_payload_of_a_skipped_frame_is_still_caught_at_the_footer()
    {
        string path = PathOf("clip.sal");
        SidecarHeader header = SidecarTestData.Header(8, SidecarCompression.None);
        SidecarTestData.Write(path, header, frames: 3);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x55;
        File.WriteAllBytes(path, bytes);

        using SaliencySidecarReader reader = SaliencySidecarReader.Open(path, header);
        Assert.Throws<SidecarCorruptException>(() =>
        {
            while (reader.TrySkipNext(out _))
            {
            }
        });
    }
}
