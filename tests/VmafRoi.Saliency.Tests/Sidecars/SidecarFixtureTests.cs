using System.Reflection;
using System.Text.Json.Serialization;
using MessagePack;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.TestShared;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency.Tests.Sidecars;

/// <summary>
/// Sidecars written by the hand-written codec before MessagePack-CSharp (Sidecars/Fixtures) are the wire-format
/// oracle: today's reader takes them, and today's writer gives the same bytes for the same masks.
/// </summary>
public sealed class SidecarFixtureTests : TempFolderTest
{
    public static TheoryData<string, int> Fixtures => new()
    {
        { "v2-default-8bit-zlib.msgpack", 3 },
        { "v2-uniform-16bit-none.msgpack", 3 },
        { "v2-all-8bit-zlib-10bit.msgpack", 4 },
    };

    private static string Fixture(string name) => Path.Combine(SharedData.RepoRoot, "tests", "VmafRoi.Saliency.Tests", "Sidecars", "Fixtures", name);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_sidecar_of_the_previous_codec_is_read_whole(string name, int frames)
    {
        using SaliencySidecarReader reader = SaliencySidecarReader.Open(Fixture(name));
        reader.Verify();
        Assert.Equal(frames, reader.StoredFrameCount);
        Assert.Equal(SidecarHeader.CurrentSchemaVersion, reader.Header.SchemaVersion);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_writer_gives_the_previous_codecs_bytes_for_the_same_masks(string name, int frames)
    {
        string copy = PathOf("rewritten.msgpack");
        using (SaliencySidecarReader reader = SaliencySidecarReader.Open(Fixture(name)))
        using (SaliencySidecarWriter writer = SaliencySidecarWriter.Create(copy, reader.Header))
        {
            var mask = new float[reader.MaskLength];
            while (reader.TryReadNext(mask, out int index))
            {
                writer.WriteFrame(index, mask);
            }

            Assert.Equal(frames, writer.FrameCount);
            writer.Commit();
        }

        Assert.Equal(File.ReadAllBytes(Fixture(name)), File.ReadAllBytes(copy));
    }

    [Fact]
    public void The_classic_models_masks_of_the_fixture_clip_are_what_the_previous_release_stored()
    {
        string clip = Fixture("clip32x24.y4m");
        using SaliencySidecarReader stored = SaliencySidecarReader.Open(Fixture("v2-default-8bit-zlib.msgpack"));
        using FrameSource source = FrameReader.Open(clip);
        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.ClassicName, new SaliencyOptions { SourceTags = source.Color });
        Assert.Null(SidecarHeader.FindMismatch(ClipMasks.ExpectedHeader(model, clip, source.Geometry, source.Color, ColorMatrixChoice.Auto, 8), stored.Header));

        var fresh = new float[stored.MaskLength];
        var cached = new float[stored.MaskLength];
        int frames = 0;
        while (source.ReadNext() is { } frame)
        {
            using (frame)
            {
                ClipMasks.Predict(model, frame, fresh, 8);
                Assert.True(stored.TryReadNext(cached, out int index));
                Assert.Equal(frame.Index, index);
                Assert.True(SidecarTestData.BitEqual(cached, fresh), $"frame {index} differs from the stored mask");
                frames++;
            }
        }

        Assert.Equal(3, frames);
    }

    [Fact]
    public void Header_message_pack_keys_are_the_json_names_in_json_order_after_kind()
    {
        PropertyInfo[] properties = typeof(SidecarHeader).GetProperties();
        string[] json = [.. properties
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
            .OrderBy(p => p.GetCustomAttribute<JsonPropertyOrderAttribute>()!.Order)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name)];
        string[] keys = [.. SidecarFormat.HeaderFields.Select(f => f.Key)];

        Assert.Equal(["kind", .. json], keys);
        Assert.All(properties.Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null), p =>
            Assert.Equal(p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, p.GetCustomAttribute<KeyAttribute>()?.StringKey));
        Assert.Equal(21, SidecarFormat.HeaderFields.Count);
    }

    [Fact]
    public void Records_read_the_same_through_a_pipe_that_hands_out_one_byte_at_a_time()
    {
        byte[] bytes = File.ReadAllBytes(Fixture("v2-default-8bit-zlib.msgpack"));
        var whole = new SidecarRecordStream(new MemoryStream(bytes), 0, 1 << 20);
        var trickle = new SidecarRecordStream(new TrickleStream(bytes), 0, 1 << 20);
        var offsets = new List<long>();
        while (!whole.IsAtEnd)
        {
            Assert.False(trickle.IsAtEnd);
            offsets.Add(whole.Position);
            byte[] a = whole.Read(RawRecord);
            byte[] b = trickle.Read(RawRecord);
            Assert.Equal(a, b);
        }

        Assert.True(trickle.IsAtEnd);
        Assert.Equal(5, offsets.Count);
    }

    [Fact]
    public void A_record_larger_than_the_limit_is_refused_without_reading_on()
    {
        byte[] bytes = File.ReadAllBytes(Fixture("v2-default-8bit-zlib.msgpack"));
        var records = new SidecarRecordStream(new MemoryStream(bytes), 0, 64);
        Assert.Throws<SidecarRecordTooLargeException>(() => records.Read(RawRecord));
    }

    private static byte[] RawRecord(ref MessagePackReader reader)
    {
        System.Buffers.ReadOnlySequence<byte> raw = reader.ReadRaw();
        return System.Buffers.BuffersExtensions.ToArray(raw);
    }
}
