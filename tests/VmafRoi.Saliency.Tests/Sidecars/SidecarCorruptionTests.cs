using System.Security.Cryptography;
using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;

namespace VmafRoi.Saliency.Tests.Sidecars;

/// <summary>A damaged sidecar raises a typed error naming the file and never yields a wrong mask.</summary>
public sealed class SidecarCorruptionTests : TempFolderTest
{
    private static readonly SidecarHeader Header = SidecarTestData.Header();

    private string WriteBytes(byte[] bytes, string name = "bad.sal")
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private SidecarCorruptException AssertCorrupt(byte[] bytes, SidecarHeader? expected = null)
    {
        string path = WriteBytes(bytes);
        var frames = new List<(int Index, float[] Mask)>();
        var error = Assert.Throws<SidecarCorruptException>(() => SidecarTestData.ReadAll(path, expected ?? Header, frames));
        Assert.Equal(path, error.Path);
        Assert.StartsWith($"saliency sidecar '{path}' is corrupt: ", error.Message);
        Assert.Equal(ExitCodes.InvalidInput, ExitCodeMapper.From(error));
        AssertOnlyTrueFrames(frames, Header.MaskBits);
        Assert.Throws<SidecarCorruptException>(() => SaliencySidecarReader.VerifyFile(path, expected ?? Header));
        return error;
    }

    private static void AssertOnlyTrueFrames(List<(int Index, float[] Mask)> frames, int bits)
    {
        foreach ((int index, float[] mask) in frames)
        {
            Assert.True(SidecarTestData.BitEqual(SidecarTestData.Expected(index, bits), mask), $"frame {index} was yielded wrong");
        }
    }

    [Fact]
    public void The_hand_built_file_is_valid_so_each_test_breaks_only_one_rule()
    {
        string path = WriteBytes(SidecarFiles.Build(Header, frames: 3));
        List<(int Index, float[] Mask)> frames = SidecarTestData.ReadAll(path, Header);
        Assert.Equal(3, frames.Count);
        AssertOnlyTrueFrames(frames, 8);
    }

    [Theory]
    [InlineData(8, SidecarCompression.Zlib)]
    [InlineData(16, SidecarCompression.None)]
    public void Truncation_at_every_offset_is_corrupt_and_never_a_wrong_mask(int bits, string compression)
    {
        SidecarHeader header = SidecarTestData.Header(bits, compression);
        string full = PathOf("full.sal");
        SidecarTestData.Write(full, header, frames: 4);
        byte[] bytes = File.ReadAllBytes(full);
        int step = Math.Max(1, bytes.Length / 400);
        for (int cut = 0; cut < bytes.Length; cut += cut < 400 ? 1 : step)
        {
            string path = WriteBytes(bytes[..cut]);
            var frames = new List<(int Index, float[] Mask)>();
            var error = Assert.Throws<SidecarCorruptException>(() => SidecarTestData.ReadAll(path, header, frames));
            Assert.Contains("is corrupt", error.Message);
            AssertOnlyTrueFrames(frames, bits);
        }
    }

    [Theory]
    [InlineData(8, SidecarCompression.Zlib)]
    [InlineData(16, SidecarCompression.Zlib)]
    [InlineData(8, SidecarCompression.None)]
    public void Random_byte_corruption_is_an_error_or_changes_nothing(int bits, string compression)
    {
        SidecarHeader header = SidecarTestData.Header(bits, compression);
        string full = PathOf("full.sal");
        SidecarTestData.Write(full, header, frames: 3);
        byte[] original = File.ReadAllBytes(full);
        var random = new Random(20260101 + bits);
        int errors = 0, unchanged = 0;
        for (int trial = 0; trial < 1500; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            int flips = 1 + random.Next(3);
            for (int f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
            }

            string path = WriteBytes(bytes);
            var frames = new List<(int Index, float[] Mask)>();
            try
            {
                SidecarTestData.ReadAll(path, header, frames);
                Assert.Equal(3, frames.Count);
                unchanged++;
            }
            catch (Exception e) when (e is SidecarCorruptException or SidecarMismatchException)
            {
                errors++;
            }

            // Whatever happened, every frame handed out is the true one.
            AssertOnlyTrueFrames(frames, bits);
        }

        Assert.True(errors > 1400, $"{errors} errors, {unchanged} unchanged");
    }

    [Fact]
    public void Empty_and_foreign_files_are_corrupt()
    {
        Assert.Contains("the file is empty", AssertCorrupt([]).Message);
        Assert.Contains("header", AssertCorrupt("hello, world\n"u8.ToArray()).Message);
        Assert.Contains("not a saliency sidecar", AssertCorrupt(Pack.Encode(w => w.WriteArrayHeader(0))).Message);
        Assert.Contains("not a saliency sidecar", AssertCorrupt(SidecarFiles.WithHeaderField(Header, "format", w => w.WriteString("other"))).Message);
        Assert.Contains("not a saliency sidecar", AssertCorrupt(SidecarFiles.WithHeaderField(Header, "kind", w => w.WriteString("frame"))).Message);
    }

    [Fact]
    public void Header_with_missing_mistyped_duplicate_or_invalid_fields_is_corrupt()
    {
        Assert.Contains("has no 'mask_bits'", AssertCorrupt(SidecarFiles.Build(Header, header2: f => f.Where(x => x.Item1 != "mask_bits").ToList())).Message);
        Assert.Contains("'width' is not a 32-bit integer", AssertCorrupt(SidecarFiles.WithHeaderField(Header, "width", w => w.WriteString("37"))).Message);
        Assert.Contains("twice", AssertCorrupt(SidecarFiles.Build(Header, header2: f => [.. f, ("width", w => w.WriteInt64(37))])).Message);
        Assert.Contains("mask_bits 12 is not 8 or 16", AssertCorrupt(SidecarFiles.WithHeaderField(Header, "mask_bits", w => w.WriteInt64(12))).Message);
        Assert.Contains("compression 'lz4'", AssertCorrupt(SidecarFiles.WithHeaderField(Header, "compression", w => w.WriteString("lz4"))).Message);
    }

    [Fact]
    public void A_missing_footer_is_truncation()
    {
        string full = PathOf("full.sal");
        SidecarTestData.Write(full, Header, frames: 2);
        byte[] bytes = File.ReadAllBytes(full);
        byte[] footer = Pack.Encode(w => SidecarFiles.WriteMap(w, SidecarFiles.FooterFields(2, [])));
        // Cut exactly before the footer map: every frame is intact, only the end is gone.
        byte[] cut = bytes[..(bytes.Length - footer.Length)];
        Assert.Equal("the file ends after 2 frames without its footer (truncated)", AssertCorrupt(cut).Reason);
    }

    [Fact]
    public void Invalid_zlib_is_corrupt()
    {
        byte[] bytes = SidecarFiles.Build(Header, store: (i, raw) => i == 1 ? [0x78, 0x9c, 0xff, 0xff, 0x00] : SidecarFiles.Zlib(raw));
        Assert.Contains("frame 1: zlib payload", AssertCorrupt(bytes).Reason);
    }

    [Fact]
    public void Payloads_that_inflate_to_the_wrong_size_are_corrupt()
    {
        Assert.Contains("inflates to 10 bytes", AssertCorrupt(SidecarFiles.Build(Header, store: (_, raw) => SidecarFiles.Zlib(raw[..10]))).Reason);
        Assert.Contains("more than the", AssertCorrupt(SidecarFiles.Build(Header, store: (_, raw) => SidecarFiles.Zlib([.. raw, 1]))).Reason);
        SidecarHeader none = SidecarTestData.Header(compression: SidecarCompression.None);
        Assert.Contains("payload has", AssertCorrupt(SidecarFiles.Build(none, store: (_, raw) => raw[1..]), none).Reason);
    }

    [Fact]
    public void Oversized_payload_lengths_are_refused_before_reading()
    {
        byte[] bytes = SidecarFiles.Build(Header, store: (_, raw) => new byte[(raw.Length * 2) + 1000]);
        Assert.Contains("more than a 37x21 mask can take", AssertCorrupt(bytes).Reason);
    }

    [Fact]
    public void Samples_that_do_not_match_their_hash_are_corrupt()
    {
        byte[] bytes = SidecarFiles.Build(Header, frame2: (i, f) => f.Select(x => x.Item1 == "sha256" ? ("sha256", w => w.WriteBinary(SHA256.HashData(new byte[1]))) : x).ToList());
        Assert.Equal("frame 0: its samples do not match their SHA-256", AssertCorrupt(bytes).Reason);
        byte[] shortDigest = SidecarFiles.Build(Header, frame2: (i, f) => f.Select(x => x.Item1 == "sha256" ? ("sha256", w => w.WriteBinary(new byte[31])) : x).ToList());
        Assert.Contains("has 31 bytes, not 32", AssertCorrupt(shortDigest).Reason);
    }

    [Fact]
    public void Frames_out_of_order_or_beyond_the_sampling_are_corrupt()
    {
        byte[] swapped = SidecarFiles.Build(Header, frame2: (i, f) => f.Select(x => x.Item1 == "frame" ? ("frame", w => w.WriteInt64(1 - i)) : x).ToList());
        Assert.Equal("frame 1 at byte", AssertCorrupt(swapped).Reason[..15]);

        SidecarHeader uniform = SidecarTestData.Header(sampling: SidecarSampling.Uniform(2, 1));
        Assert.Contains("more frames than the uniform sampling's 1", AssertCorrupt(SidecarFiles.Build(uniform, frames: 2), uniform).Reason);
        Assert.Contains("holds 0 of the 1 sampled frames", AssertCorrupt(SidecarFiles.Build(uniform, frames: 0), uniform).Reason);
    }

    [Fact]
    public void Footer_with_a_wrong_count_or_hash_is_corrupt()
    {
        Assert.Contains("counts 5 frames, the file holds 2", AssertCorrupt(SidecarFiles.Build(Header, footer2: f => f.Select(x => x.Item1 == "frame_count" ? ("frame_count", w => w.WriteInt64(5)) : x).ToList())).Reason);
        Assert.Equal("the stored frame payloads do not match the footer's SHA-256", AssertCorrupt(SidecarFiles.Build(Header, footer2: f => f.Select(x => x.Item1 == "frames_sha256" ? ("frames_sha256", w => w.WriteBinary(new byte[32])) : x).ToList())).Reason);
        Assert.Contains("lacks", AssertCorrupt(SidecarFiles.Build(Header, footer2: f => f.Take(2).ToList())).Reason);
    }

    [Fact]
    public void Bytes_after_the_footer_are_corrupt()
    {
        Assert.Contains("bytes after the footer", AssertCorrupt([.. SidecarFiles.Build(Header), 0xc0]).Reason);
    }

    [Fact]
    public void Maps_that_are_neither_frames_nor_footer_are_corrupt()
    {
        Assert.Contains("neither a frame nor the footer", AssertCorrupt(SidecarFiles.Build(Header, frame2: (i, f) => f.Skip(1).ToList())).Reason);
        Assert.Contains("lacks", AssertCorrupt(SidecarFiles.Build(Header, frame2: (i, f) => f.Take(3).ToList())).Reason);
        Assert.Contains("twice", AssertCorrupt(SidecarFiles.Build(Header, frame2: (i, f) => [.. f, ("frame", w => w.WriteInt64(i))])).Reason);
        byte[] notAMap = Pack.Encode(w =>
        {
            SidecarFiles.WriteMap(w, SidecarFiles.HeaderFields(Header));
            w.WriteInt64(1);
        });
        Assert.Contains("expected a frame or footer map", AssertCorrupt(notAMap).Reason);
    }

    [Fact]
    public void Unknown_keys_and_any_key_order_are_accepted()
    {
        byte[] bytes = SidecarFiles.Build(
            Header,
            header2: f => [.. Enumerable.Reverse(f), ("producer", w => w.WriteString("python"))],
            frame2: (i, f) => [("note", w => { w.WriteArrayHeader(2); w.WriteNil(); w.WriteDouble(1); }), .. Enumerable.Reverse(f)]);
        string path = WriteBytes(bytes);
        List<(int Index, float[] Mask)> frames = SidecarTestData.ReadAll(path, Header);
        Assert.Equal(2, frames.Count);
        AssertOnlyTrueFrames(frames, 8);
    }

    [Fact]
    public void Non_minimal_encodings_from_other_writers_are_accepted()
    {
        // Another encoder may write small ints as int64/uint32 and short strings as str 16.
        static void Str16(Pack w, string s)
        {
            byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(s);
            w.WriteRaw([0xda, (byte)(utf8.Length >> 8), (byte)utf8.Length]);
            w.WriteRaw(utf8);
        }

        static void Int64(Pack w, long v) =>
            w.WriteRaw([0xd3, .. BitConverter.GetBytes(v).Reverse()]);

        var ints = new Dictionary<string, int>
        {
            ["schema_version"] = Header.SchemaVersion,
            ["width"] = Header.Width,
            ["height"] = Header.Height,
            ["sample_count"] = Header.SampleCount,
            ["sample_total"] = Header.SampleTotal,
            ["mask_bits"] = Header.MaskBits,
            ["mask_width"] = Header.MaskWidth,
            ["mask_height"] = Header.MaskHeight,
        };
        byte[] bytes = SidecarFiles.Build(
            Header,
            header2: f => f.Select(x =>
                ints.TryGetValue(x.Item1, out int v) ? (x.Item1, w => Int64(w, v))
                : x.Item1 is "pix_fmt" or "model_sha256" ? (x.Item1, w => Str16(w, x.Item1 == "pix_fmt" ? Header.PixFmt : Header.ModelSha256))
                : x).ToList(),
            frame2: (i, f) => f.Select(x => x.Item1 == "frame" ? ("frame", w => w.WriteRaw([0xce, 0, 0, 0, (byte)i])) : x).ToList());
        string path = WriteBytes(bytes);
        Assert.Equal(2, SidecarTestData.ReadAll(path, Header).Count);
    }
}
