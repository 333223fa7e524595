using VmafRoi.Saliency.MessagePack;

namespace VmafRoi.Saliency.Tests.MessagePack;

/// <summary>Truncated, invalid and hostile input is refused with a typed error, never read past or over-allocated.</summary>
public sealed class MessagePackRejectionTests
{
    private static MessagePackReader Reader(string hex) => MessagePackReader.FromBytes(Convert.FromHexString(hex));

    private static byte[] EveryKindDocument() => MessagePackWriter.Encode(w =>
    {
        w.WriteArrayHeader(13);
        w.WriteNil();
        w.WriteBoolean(false);
        w.WriteInt64(-129);
        w.WriteUInt64(ulong.MaxValue);
        w.WriteSingle(0.5f);
        w.WriteDouble(0.6);
        w.WriteString("héllo");
        w.WriteString(new string('q', 300));
        w.WriteBinary(new byte[70]);
        w.WriteExtension(3, new byte[5]);
        w.WriteMapHeader(2);
        w.WriteString("a");
        w.WriteArrayHeader(17);
        for (int i = 0; i < 17; i++)
        {
            w.WriteInt64(i * 1000);
        }

        w.WriteString("b");
        w.WriteMapHeader(0);
        w.WriteArrayHeader(0);
        w.WriteInt64(long.MinValue);
    });

    [Fact]
    public void Byte_0xc1_is_never_valid()
    {
        var error = Assert.Throws<MessagePackFormatException>(() => Reader("c1").ReadObject());
        Assert.Equal("byte 0xc1 is never used in MessagePack (at byte 0)", error.Message);
        Assert.Equal(MessagePackType.Invalid, Reader("c1").PeekType());
        Assert.Throws<MessagePackFormatException>(() => Reader("91c1").Skip());
        Assert.Throws<MessagePackFormatException>(() => Reader("c1").ReadInt64());
    }

    [Fact]
    public void Every_truncation_of_a_document_is_a_format_error()
    {
        byte[] document = EveryKindDocument();
        Assert.NotNull(MessagePackReader.FromBytes(document).ReadObject());
        for (int cut = 0; cut < document.Length; cut++)
        {
            byte[] prefix = document[..cut];
            Assert.Throws<MessagePackFormatException>(() => MessagePackReader.FromBytes(prefix).ReadObject());
            Assert.Throws<MessagePackFormatException>(() => MessagePackReader.FromBytes(prefix).Skip());
            Assert.Throws<MessagePackFormatException>(() => new MessagePackReader(new TrickleStream(prefix, 5), 16).ReadObject());
        }
    }

    [Fact]
    public void Empty_input_reports_where_a_value_was_expected()
    {
        var error = Assert.Throws<MessagePackFormatException>(() => Reader(string.Empty).ReadString());
        Assert.Equal("data ends where a string was expected (at byte 0)", error.Message);
    }

    [Theory]
    [InlineData("a3616263", "expected an integer, found a string (0xa3)")]
    [InlineData("c0", "expected an integer, found nil (0xc0)")]
    [InlineData("cb3ff0000000000000", "expected an integer, found a float (0xcb)")]
    public void Reading_another_type_names_what_was_found(string hex, string message)
    {
        var error = Assert.Throws<MessagePackFormatException>(() => Reader(hex).ReadInt64());
        Assert.Equal(message + " (at byte 0)", error.Message);
    }

    [Fact]
    public void Type_mismatches_are_rejected_for_every_reader_method()
    {
        Assert.Throws<MessagePackFormatException>(() => Reader("01").ReadString());
        Assert.Throws<MessagePackFormatException>(() => Reader("a161").ReadBinary());
        Assert.Throws<MessagePackFormatException>(() => Reader("c40161").ReadString());
        Assert.Throws<MessagePackFormatException>(() => Reader("80").ReadArrayHeader());
        Assert.Throws<MessagePackFormatException>(() => Reader("90").ReadMapHeader());
        Assert.Throws<MessagePackFormatException>(() => Reader("01").ReadBoolean());
        Assert.Throws<MessagePackFormatException>(() => Reader("c2").ReadNil());
        Assert.Throws<MessagePackFormatException>(() => Reader("a0").ReadDouble());
        Assert.Throws<MessagePackFormatException>(() => Reader("c400").ReadExtension());
    }

    [Fact]
    public void Integers_outside_the_requested_range_are_rejected()
    {
        Assert.Throws<MessagePackFormatException>(() => Reader("cfffffffffffffffff").ReadInt64());
        Assert.Throws<MessagePackFormatException>(() => Reader("ff").ReadUInt64());
        Assert.Throws<MessagePackFormatException>(() => Reader("ce80000000").ReadInt32());
        Assert.Throws<MessagePackFormatException>(() => Reader("d2ffffffff").ReadUInt64());
        Assert.Equal(int.MinValue, Reader("d280000000").ReadInt32());
    }

    [Theory]
    [InlineData("a2c328")]
    [InlineData("a1ff")]
    [InlineData("a3eda080")]
    public void Strings_must_be_valid_utf8(string hex)
    {
        var error = Assert.Throws<MessagePackFormatException>(() => Reader(hex).ReadString());
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Theory]
    [InlineData("c67ffff0000102030405")]
    [InlineData("db7ffff0000102030405")]
    [InlineData("c97ffff000050102030405")]
    [InlineData("c5ffff01")]
    public void Lengths_beyond_the_end_of_a_seekable_stream_fail_before_allocating(string hex)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<MessagePackFormatException>(() => Reader(hex).ReadObject());
        Assert.Contains("are left", error.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
    }

    [Theory]
    [InlineData("dd7fffffff01")]
    [InlineData("df7fffffff0101")]
    [InlineData("dcffff01")]
    public void Counts_beyond_the_end_of_a_seekable_stream_fail_before_allocating(string hex)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<MessagePackFormatException>(() => Reader(hex).ReadObject());
        Assert.Throws<MessagePackFormatException>(() => Reader(hex).Skip());
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
    }

    [Theory]
    [InlineData("c67ffff0000102030405")]
    [InlineData("db7ffff0000102030405")]
    [InlineData("dd7fffffff01")]
    [InlineData("df7fffffff0101")]
    public void Huge_lengths_in_a_pipe_fail_at_the_real_end_with_bounded_allocation(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<MessagePackFormatException>(() => new MessagePackReader(new TrickleStream(bytes, 2), 16).ReadObject());
        Assert.Contains("data ends", error.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 8 << 20);
    }

    [Theory]
    [InlineData("c6ffffffff01")]
    [InlineData("dbffffffff01")]
    [InlineData("c9ffffffff0501")]
    [InlineData("ddffffffff01")]
    [InlineData("dfffffffff01")]
    public void Lengths_no_array_can_hold_are_rejected_in_any_stream(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        var error = Assert.Throws<MessagePackFormatException>(() => new MessagePackReader(new TrickleStream(bytes, 2), 16).ReadObject());
        Assert.Contains("larger than this reader supports", error.Message);
    }

    [Fact]
    public void A_corrupt_length_never_reads_past_the_end_of_a_pipe()
    {
        byte[] bytes = Convert.FromHexString("c40a0102");
        var pipe = new TrickleStream(bytes, 1);
        Assert.Throws<MessagePackFormatException>(() => new MessagePackReader(pipe, 16).ReadBinary());
        Assert.Equal(bytes.Length, pipe.Consumed);
    }

    [Fact]
    public void Errors_carry_the_offset_of_the_bad_value()
    {
        MessagePackReader reader = Reader("0102c1");
        reader.ReadInt32();
        reader.ReadInt32();
        var error = Assert.Throws<MessagePackFormatException>(() => reader.ReadInt32());
        Assert.Equal(2, error.Offset);
    }
}
