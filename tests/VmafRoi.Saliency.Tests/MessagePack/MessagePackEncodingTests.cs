using VmafRoi.Saliency.MessagePack;

namespace VmafRoi.Saliency.Tests.MessagePack;

/// <summary>Byte-exact encodings at every size boundary, checked against the spec's format table.</summary>
public sealed class MessagePackEncodingTests
{
    private static string Hex(Action<MessagePackWriter> write) => Convert.ToHexStringLower(MessagePackWriter.Encode(write));

    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "cc80")]
    [InlineData(255UL, "ccff")]
    [InlineData(256UL, "cd0100")]
    [InlineData(65535UL, "cdffff")]
    [InlineData(65536UL, "ce00010000")]
    [InlineData(4294967295UL, "ceffffffff")]
    [InlineData(4294967296UL, "cf0000000100000000")]
    [InlineData(9223372036854775807UL, "cf7fffffffffffffff")]
    [InlineData(18446744073709551615UL, "cfffffffffffffffff")]
    public void Unsigned_integers_use_positive_fixint_then_the_smallest_uint(ulong value, string hex) =>
        Assert.Equal(hex, Hex(w => w.WriteUInt64(value)));

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(127L, "7f")]
    [InlineData(128L, "cc80")]
    [InlineData(65536L, "ce00010000")]
    [InlineData(-1L, "ff")]
    [InlineData(-32L, "e0")]
    [InlineData(-33L, "d0df")]
    [InlineData(-128L, "d080")]
    [InlineData(-129L, "d1ff7f")]
    [InlineData(-32768L, "d18000")]
    [InlineData(-32769L, "d2ffff7fff")]
    [InlineData(-2147483648L, "d280000000")]
    [InlineData(-2147483649L, "d3ffffffff7fffffff")]
    [InlineData(long.MinValue, "d38000000000000000")]
    [InlineData(long.MaxValue, "cf7fffffffffffffff")]
    public void Signed_integers_use_uint_when_positive_and_the_smallest_int_when_negative(long value, string hex) =>
        Assert.Equal(hex, Hex(w => w.WriteInt64(value)));

    [Fact]
    public void Nil_false_and_true_are_single_bytes()
    {
        Assert.Equal("c0", Hex(w => w.WriteNil()));
        Assert.Equal("c2", Hex(w => w.WriteBoolean(false)));
        Assert.Equal("c3", Hex(w => w.WriteBoolean(true)));
    }

    [Fact]
    public void Floats_keep_their_width_big_endian()
    {
        Assert.Equal("ca3fc00000", Hex(w => w.WriteSingle(1.5f)));
        Assert.Equal("cb3ff8000000000000", Hex(w => w.WriteDouble(1.5)));
        Assert.Equal("cb3fe3333333333333", Hex(w => w.WriteDouble(0.6)));
        Assert.Equal("ca80000000", Hex(w => w.WriteSingle(-0f)));
        Assert.Equal("cb7ff0000000000000", Hex(w => w.WriteDouble(double.PositiveInfinity)));
    }

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(1, "a1")]
    [InlineData(31, "bf")]
    [InlineData(32, "d920")]
    [InlineData(255, "d9ff")]
    [InlineData(256, "da0100")]
    [InlineData(65535, "daffff")]
    [InlineData(65536, "db00010000")]
    public void Strings_use_fixstr_then_str8_str16_str32(int length, string header)
    {
        byte[] bytes = MessagePackWriter.Encode(w => w.WriteString(new string('x', length)));
        Assert.Equal(header, Convert.ToHexStringLower(bytes.AsSpan(0, header.Length / 2)));
        Assert.Equal(header.Length / 2 + length, bytes.Length);
        Assert.All(bytes.Skip(header.Length / 2), b => Assert.Equal((byte)'x', b));
    }

    [Fact]
    public void String_length_counts_utf8_bytes_not_characters() =>
        Assert.Equal("a9c3a9e6bca2f09f9880", Hex(w => w.WriteString("é漢😀")));

    [Theory]
    [InlineData(0, "c400")]
    [InlineData(1, "c401")]
    [InlineData(255, "c4ff")]
    [InlineData(256, "c50100")]
    [InlineData(65535, "c5ffff")]
    [InlineData(65536, "c600010000")]
    public void Binaries_use_bin8_bin16_bin32(int length, string header)
    {
        byte[] bytes = MessagePackWriter.Encode(w => w.WriteBinary(new byte[length]));
        Assert.Equal(header, Convert.ToHexStringLower(bytes.AsSpan(0, header.Length / 2)));
        Assert.Equal(header.Length / 2 + length, bytes.Length);
    }

    [Theory]
    [InlineData(0U, "90", "80")]
    [InlineData(1U, "91", "81")]
    [InlineData(15U, "9f", "8f")]
    [InlineData(16U, "dc0010", "de0010")]
    [InlineData(65535U, "dcffff", "deffff")]
    [InlineData(65536U, "dd00010000", "df00010000")]
    [InlineData(4294967295U, "ddffffffff", "dfffffffff")]
    public void Array_and_map_headers_use_fix_then_16_then_32(uint count, string array, string map)
    {
        Assert.Equal(array, Hex(w => w.WriteArrayHeader(count)));
        Assert.Equal(map, Hex(w => w.WriteMapHeader(count)));
    }

    [Theory]
    [InlineData(1, "d405")]
    [InlineData(2, "d505")]
    [InlineData(4, "d605")]
    [InlineData(8, "d705")]
    [InlineData(16, "d805")]
    [InlineData(0, "c70005")]
    [InlineData(3, "c70305")]
    [InlineData(255, "c7ff05")]
    [InlineData(256, "c8010005")]
    [InlineData(65536, "c90001000005")]
    public void Extensions_use_fixext_for_exact_sizes_else_ext8_16_32(int length, string header)
    {
        byte[] bytes = MessagePackWriter.Encode(w => w.WriteExtension(5, new byte[length]));
        Assert.Equal(header, Convert.ToHexStringLower(bytes.AsSpan(0, header.Length / 2)));
        Assert.Equal(header.Length / 2 + length, bytes.Length);
    }

    [Fact]
    public void A_nested_document_matches_the_spec_bytes()
    {
        // {"compact": true, "schema": 0} — the spec's own example — then an array [1, -1, "a", nil].
        string hex = Hex(w =>
        {
            w.WriteMapHeader(2);
            w.WriteString("compact");
            w.WriteBoolean(true);
            w.WriteString("schema");
            w.WriteInt64(0);
            w.WriteArrayHeader(4);
            w.WriteInt64(1);
            w.WriteInt64(-1);
            w.WriteString("a");
            w.WriteNil();
        });
        Assert.Equal("82a7636f6d70616374c3a6736368656d610094" + "01ffa161c0", hex);
    }

    [Fact]
    public void Bytes_written_counts_everything()
    {
        using var memory = new MemoryStream();
        var writer = new MessagePackWriter(memory);
        writer.WriteString(new string('y', 300));
        writer.WriteBinaryHeader(3);
        writer.WriteRaw([1, 2, 3]);
        Assert.Equal(memory.Length, writer.BytesWritten);
        Assert.Equal(3 + 300 + 2 + 3, writer.BytesWritten);
    }

    [Fact]
    public void Lone_surrogates_cannot_be_written_as_a_string() =>
        Assert.Throws<ArgumentException>(() => MessagePackWriter.Encode(w => w.WriteString("\ud800")));
}
