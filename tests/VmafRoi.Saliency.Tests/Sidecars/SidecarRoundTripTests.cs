using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;

namespace VmafRoi.Saliency.Tests.Sidecars;

public sealed class SidecarRoundTripTests : TempFolderTest
{
    [Theory]
    [InlineData(8, SidecarCompression.Zlib)]
    [InlineData(16, SidecarCompression.Zlib)]
    [InlineData(8, SidecarCompression.None)]
    [InlineData(16, SidecarCompression.None)]
    public void Masks_come_back_bit_exact_as_the_quantise_round_trip_gives_them(int bits, string compression)
    {
        string path = PathOf("clip.sal");
        SidecarHeader header = SidecarTestData.Header(bits, compression);
        SidecarTestData.Write(path, header, frames: 7);

        List<(int Index, float[] Mask)> frames = SidecarTestData.ReadAll(path, header);
        Assert.Equal(Enumerable.Range(0, 7), frames.Select(f => f.Index));
        foreach ((int index, float[] mask) in frames)
        {
            Assert.True(SidecarTestData.BitEqual(SidecarTestData.Expected(index, bits), mask), $"frame {index}");
        }

        Assert.Empty(OtherFiles("clip.sal"));
    }

    [Fact]
    public void Cached_and_fresh_masks_are_identical_after_the_pipeline_round_trip()
    {
        // The pipeline applies RoundTrip to every mask; a cached mask passes through it unchanged.
        string path = PathOf("clip.sal");
        SidecarTestData.Write(path, SidecarTestData.Header(8), frames: 2);
        foreach ((int index, float[] cached) in SidecarTestData.ReadAll(path))
        {
            float[] fresh = SidecarTestData.Mask(index);
            MaskQuantisation.RoundTrip(fresh, 8);
            MaskQuantisation.RoundTrip(cached, 8);
            Assert.True(SidecarTestData.BitEqual(fresh, cached));
        }
    }

    [Fact]
    public void Header_reads_back_equal_to_what_was_written()
    {
        string path = PathOf("clip.sal");
        SidecarHeader header = SidecarTestData.Header(16, sampling: SidecarSampling.Uniform(100, 8));
        SidecarTestData.Write(path, header);
        Assert.Equal(header, SaliencySidecarReader.ReadHeader(path));
    }

    [Fact]
    public void Uniform_sampling_stores_exactly_the_rule_indices()
    {
        string path = PathOf("clip.sal");
        SidecarHeader header = SidecarTestData.Header(sampling: SidecarSampling.Uniform(100, 8));
        SidecarTestData.Write(path, header);
        Assert.Equal([0, 12, 24, 36, 48, 60, 72, 84], SidecarTestData.ReadAll(path, header).Select(f => f.Index));
    }

    [Fact]
    public void A_sidecar_may_hold_no_frames()
    {
        string path = PathOf("empty.sal");
        SidecarTestData.Write(path, SidecarTestData.Header(), frames: 0);
        Assert.Empty(SidecarTestData.ReadAll(path));
    }

    [Fact]
    public void Reader_can_verify_then_stream_from_the_first_frame()
    {
        string path = PathOf("clip.sal");
        SidecarTestData.Write(path, SidecarTestData.Header(), frames: 3);
        using SaliencySidecarReader reader = SaliencySidecarReader.Open(path);
        reader.Verify();
        var mask = new float[reader.MaskLength];
        Assert.True(reader.TryReadNext(mask, out int first));
        Assert.Equal(0, first);
        Assert.True(SidecarTestData.BitEqual(SidecarTestData.Expected(0, 8), mask));
        while (reader.TryReadNext(mask, out _))
        {
        }

        Assert.True(reader.IsComplete);
        Assert.Equal(3, reader.FrameCount);
        Assert.False(reader.TryReadNext(mask, out _));
    }

    [Fact]
    public void Frames_must_come_in_order()
    {
        using SaliencySidecarWriter writer = SaliencySidecarWriter.Create(PathOf("a.sal"), SidecarTestData.Header());
        writer.WriteFrame(0, SidecarTestData.Mask(0));
        var error = Assert.Throws<ArgumentException>(() => writer.WriteFrame(2, SidecarTestData.Mask(2)));
        Assert.Contains("frame 1 was due", error.Message);
        Assert.Equal(1, writer.NextFrameIndex);
    }

    [Fact]
    public void Uniform_sampling_needs_every_sampled_frame_before_commit()
    {
        using SaliencySidecarWriter writer = SaliencySidecarWriter.Create(PathOf("a.sal"), SidecarTestData.Header(sampling: SidecarSampling.Uniform(10, 4)));
        writer.WriteFrame(0, SidecarTestData.Mask(0));
        Assert.Equal(2, writer.NextFrameIndex);
        Assert.Throws<InvalidOperationException>(writer.Commit);
    }

    [Fact]
    public void Masks_of_the_wrong_size_or_with_nan_are_mask_errors()
    {
        using SaliencySidecarWriter writer = SaliencySidecarWriter.Create(PathOf("a.sal"), SidecarTestData.Header());
        Assert.Throws<MaskException>(() => writer.WriteFrame(0, new float[5]));
        float[] mask = SidecarTestData.Mask(0);
        mask[100] = float.NaN;
        Assert.Throws<MaskException>(() => writer.WriteFrame(0, mask));
        Assert.Equal(0, writer.FrameCount);
    }

    [Fact]
    public void An_uncommitted_writer_leaves_no_file_and_keeps_the_old_one()
    {
        string path = PathOf("clip.sal");
        SidecarTestData.Write(path, SidecarTestData.Header(), frames: 2);
        byte[] before = File.ReadAllBytes(path);
        using (SaliencySidecarWriter writer = SaliencySidecarWriter.Create(path, SidecarTestData.Header(16)))
        {
            writer.WriteFrame(0, SidecarTestData.Mask(0));
        }

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(OtherFiles("clip.sal"));

        string fresh = PathOf("fresh.sal");
        using (SaliencySidecarWriter writer = SaliencySidecarWriter.Create(fresh, SidecarTestData.Header()))
        {
            writer.WriteFrame(0, SidecarTestData.Mask(0));
        }

        Assert.False(File.Exists(fresh));
        Assert.Empty(OtherFiles("clip.sal"));
    }

    [Fact]
    public void Invalid_headers_cannot_be_written()
    {
        SidecarHeader header = SidecarTestData.Header() with { MaskBits = 12 };
        var error = Assert.Throws<InvalidInputException>(() => SaliencySidecarWriter.Create(PathOf("a.sal"), header));
        Assert.Equal("invalid saliency sidecar header: mask_bits 12 is not 8 or 16", error.Message);
        Assert.Empty(OtherFiles());
    }

    [Fact]
    public void A_missing_folder_is_an_output_error()
    {
        var error = Assert.Throws<OutputWriteException>(() => SaliencySidecarWriter.Create(PathOf("no/such/dir/a.sal"), SidecarTestData.Header()));
        Assert.Equal(ExitCodes.OutputFailed, ExitCodeMapper.From(error));
    }

    [Fact]
    public void Zlib_payloads_are_smaller_than_raw_ones_for_smooth_masks()
    {
        float[] smooth = Enumerable.Range(0, SidecarTestData.Width * SidecarTestData.Height).Select(i => (i % SidecarTestData.Width) / 40f).ToArray();
        foreach (string compression in new[] { SidecarCompression.Zlib, SidecarCompression.None })
        {
            using SaliencySidecarWriter writer = SaliencySidecarWriter.Create(PathOf(compression), SidecarTestData.Header(compression: compression));
            writer.WriteFrame(0, smooth);
            writer.Commit();
        }

        // Same header either way; the 777 raw sample bytes shrink to well under 177.
        Assert.True(new FileInfo(PathOf("zlib")).Length + 600 < new FileInfo(PathOf("none")).Length);
    }

    [Fact]
    public void Reading_memory_does_not_grow_with_the_number_of_frames()
    {
        string path = PathOf("long.sal");
        SidecarHeader header = SidecarTestData.Header() with { Width = 160, Height = 90, MaskWidth = 160, MaskHeight = 90 };
        using (SaliencySidecarWriter writer = SaliencySidecarWriter.Create(path, header))
        {
            float[] mask = SidecarTestData.Mask(0, 160 * 90);
            for (int i = 0; i < 2000; i++)
            {
                writer.WriteFrame(i, mask);
            }

            writer.Commit();
        }

        using SaliencySidecarReader reader = SaliencySidecarReader.Open(path);
        var buffer = new float[reader.MaskLength];
        for (int i = 0; i < 100; i++)
        {
            reader.TryReadNext(buffer, out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int frames = 100;
        while (reader.TryReadNext(buffer, out _))
        {
            frames++;
        }

        long perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / (frames - 100);
        Assert.Equal(2000, frames);
        // Small constant garbage per frame (a zlib wrapper, digests) is fine; a copy of a 14,400-sample mask is not.
        Assert.InRange(perFrame, 0, 4096);
    }
}
