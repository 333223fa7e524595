using VmafRoi.Contracts;
using VmafRoi.Saliency.MessagePack;

namespace VmafRoi.Saliency.Tests.MessagePack;

public sealed class MessagePackReaderTests
{
    public static TheoryData<long> SignedBoundaries => new(
    [
        0, 1, 126, 127, 128, 255, 256, 32767, 32768, 65535, 65536, int.MaxValue, 2147483648L, 4294967295L, 4294967296L,
        long.MaxValue, -1, -31, -32, -33, -127, -128, -129, -32767, -32768, -32769, int.MinValue, -2147483649L, long.MinValue,
    ]);

    public static TheoryData<ulong> UnsignedBoundaries => new([0UL, 127UL, 128UL, 255UL, 256UL, 65535UL, 65536UL, 4294967295UL, 4294967296UL, (ulong)long.MaxValue + 1, ulong.MaxValue]);

    public static TheoryData<int> StringLengths => new([0, 1, 31, 32, 255, 256, 65535, 65536, 200_000]);

    private static MessagePackReader Reader(string hex) => MessagePackReader.FromBytes(Convert.FromHexString(hex));

    private static MessagePackReader Reader(byte[] bytes) => MessagePackReader.FromBytes(bytes);

    [Theory]
    [MemberData(nameof(SignedBoundaries))]
    public void Signed_integers_round_trip_at_every_boundary(long value)
    {
        MessagePackReader reader = Reader(MessagePackWriter.Encode(w => w.WriteInt64(value)));
        Assert.Equal(MessagePackType.Integer, reader.PeekType());
        Assert.Equal(value, reader.ReadInt64());
        Assert.True(reader.IsAtEnd);
        Assert.Equal(value, Reader(MessagePackWriter.Encode(w => w.WriteInt64(value))).ReadObject());
    }

    [Theory]
    [MemberData(nameof(UnsignedBoundaries))]
    public void Unsigned_integers_round_trip_at_every_boundary(ulong value)
    {
        Assert.Equal(value, Reader(MessagePackWriter.Encode(w => w.WriteUInt64(value))).ReadUInt64());
        object? boxed = Reader(MessagePackWriter.Encode(w => w.WriteUInt64(value))).ReadObject();
        Assert.Equal(value, boxed is long l ? (ulong)l : (ulong)boxed!);
    }

    [Theory]
    [MemberData(nameof(StringLengths))]
    public void Strings_round_trip_at_every_length_boundary(int length)
    {
        string text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));
        Assert.Equal(text, Reader(MessagePackWriter.Encode(w => w.WriteString(text))).ReadString());
    }

    [Theory]
    [MemberData(nameof(StringLengths))]
    public void Binaries_round_trip_at_every_length_boundary(int length)
    {
        byte[] data = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        Assert.Equal(data, Reader(MessagePackWriter.Encode(w => w.WriteBinary(data))).ReadBinary());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void Arrays_and_maps_round_trip_at_every_count_boundary(int count)
    {
        byte[] bytes = MessagePackWriter.Encode(w =>
        {
            w.WriteArrayHeader((uint)count);
            for (int i = 0; i < count; i++)
            {
                w.WriteInt64(i);
            }

            w.WriteMapHeader((uint)count);
            for (int i = 0; i < count; i++)
            {
                w.WriteInt64(i);
                w.WriteBoolean(i % 2 == 0);
            }
        });
        MessagePackReader reader = Reader(bytes);
        var array = Assert.IsType<object?[]>(reader.ReadObject());
        Assert.Equal(Enumerable.Range(0, count).Select(i => (object?)(long)i), array);
        var map = Assert.IsType<KeyValuePair<object?, object?>[]>(reader.ReadObject());
        Assert.Equal(count, map.Length);
        Assert.All(map, (pair, i) => Assert.Equal(new KeyValuePair<object?, object?>((long)i, i % 2 == 0), pair));
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData(0x00000000)]
    [InlineData(unchecked((int)0x80000000))]
    [InlineData(0x3fc00000)]
    [InlineData(0x00000001)]
    [InlineData(0x7f7fffff)]
    [InlineData(unchecked((int)0xff800000))]
    [InlineData(0x7fc00000)]
    [InlineData(unchecked((int)0xffc00001))]
    public void Float32_round_trips_bit_exact(int bits)
    {
        float value = BitConverter.Int32BitsToSingle(bits);
        MessagePackReader reader = Reader(MessagePackWriter.Encode(w => w.WriteSingle(value)));
        Assert.Equal(MessagePackType.Float, reader.PeekType());
        Assert.Equal(bits, BitConverter.SingleToInt32Bits(Assert.IsType<float>(reader.ReadObject())));
    }

    [Theory]
    [InlineData(0x0000000000000000L)]
    [InlineData(unchecked((long)0x8000000000000000UL))]
    [InlineData(0x3fe3333333333333L)]
    [InlineData(0x0000000000000001L)]
    [InlineData(0x7fefffffffffffffL)]
    [InlineData(0x7ff0000000000000L)]
    [InlineData(0x7ff8000000000000L)]
    [InlineData(unchecked((long)0xfff8000000000001UL))]
    public void Float64_round_trips_bit_exact(long bits)
    {
        double value = BitConverter.Int64BitsToDouble(bits);
        byte[] bytes = MessagePackWriter.Encode(w => w.WriteDouble(value));
        Assert.Equal(bits, BitConverter.DoubleToInt64Bits(Reader(bytes).ReadDouble()));
        Assert.Equal(bits, BitConverter.DoubleToInt64Bits(Assert.IsType<double>(Reader(bytes).ReadObject())));
    }

    [Fact]
    public void Nil_and_booleans_round_trip()
    {
        MessagePackReader reader = Reader("c0c2c3c0");
        Assert.Equal(MessagePackType.Nil, reader.PeekType());
        reader.ReadNil();
        Assert.False(reader.TryReadNil());
        Assert.False(reader.ReadBoolean());
        Assert.True(reader.ReadBoolean());
        Assert.True(reader.TryReadNil());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("cc01")]
    [InlineData("cd0001")]
    [InlineData("ce00000001")]
    [InlineData("cf0000000000000001")]
    [InlineData("d001")]
    [InlineData("d10001")]
    [InlineData("d200000001")]
    [InlineData("d30000000000000001")]
    public void Every_int_format_of_one_reads_as_one(string hex)
    {
        Assert.Equal(1, Reader(hex).ReadInt64());
        Assert.Equal(1, Reader(hex).ReadInt32());
        Assert.Equal(1UL, Reader(hex).ReadUInt64());
        Assert.Equal(1.0, Reader(hex).ReadDouble());
        Assert.Equal(1L, Reader(hex).ReadObject());
    }

    [Theory]
    [InlineData("ff")]
    [InlineData("d0ff")]
    [InlineData("d1ffff")]
    [InlineData("d2ffffffff")]
    [InlineData("d3ffffffffffffffff")]
    public void Every_int_format_of_minus_one_reads_as_minus_one(string hex) => Assert.Equal(-1, Reader(hex).ReadInt64());

    [Theory]
    [InlineData("a26162")]
    [InlineData("d9026162")]
    [InlineData("da00026162")]
    [InlineData("db000000026162")]
    public void Every_str_format_reads_the_same_string(string hex) => Assert.Equal("ab", Reader(hex).ReadString());

    [Theory]
    [InlineData("c4026162")]
    [InlineData("c500026162")]
    [InlineData("c6000000026162")]
    public void Every_bin_format_reads_the_same_bytes(string hex) => Assert.Equal("ab"u8.ToArray(), Reader(hex).ReadBinary());

    [Theory]
    [InlineData("9101")]
    [InlineData("dc000101")]
    [InlineData("dd0000000101")]
    public void Every_array_format_reads_the_same_array(string hex) => Assert.Equal(new object?[] { 1L }, Reader(hex).ReadObject());

    [Theory]
    [InlineData("81a16101")]
    [InlineData("de0001a16101")]
    [InlineData("df00000001a16101")]
    public void Every_map_format_reads_the_same_map(string hex)
    {
        MessagePackReader reader = Reader(hex);
        Assert.Equal(1, reader.ReadMapHeader());
        Assert.Equal("a", reader.ReadString());
        Assert.Equal(1, reader.ReadInt32());
    }

    [Theory]
    [InlineData("d40507", 1)]
    [InlineData("d5050707", 2)]
    [InlineData("c7010507", 1)]
    [InlineData("c800010507", 1)]
    [InlineData("c9000000010507", 1)]
    public void Every_ext_format_reads_type_and_data(string hex, int length)
    {
        MessagePackExtension ext = Reader(hex).ReadExtension();
        Assert.Equal(5, ext.TypeCode);
        Assert.Equal(Enumerable.Repeat((byte)7, length), ext.Data);
    }

    [Fact]
    public void Float32_reads_as_double_exactly_and_float64_narrows_to_single()
    {
        Assert.Equal(0.1f, (float)Reader(MessagePackWriter.Encode(w => w.WriteSingle(0.1f))).ReadDouble());
        Assert.Equal((double)0.1f, Reader(MessagePackWriter.Encode(w => w.WriteSingle(0.1f))).ReadDouble());
        Assert.Equal(0.1f, Reader(MessagePackWriter.Encode(w => w.WriteDouble(0.1))).ReadSingle());
    }

    [Fact]
    public void Skip_passes_over_every_type_and_leaves_the_next_value()
    {
        byte[] bytes = MessagePackWriter.Encode(w =>
        {
            w.WriteNil();
            w.WriteBoolean(true);
            w.WriteInt64(-70000);
            w.WriteDouble(2.5);
            w.WriteSingle(2.5f);
            w.WriteString(new string('s', 300));
            w.WriteBinary(new byte[70000]);
            w.WriteExtension(-1, new byte[12]);
            w.WriteArrayHeader(3);
            w.WriteInt64(1);
            w.WriteMapHeader(1);
            w.WriteString("k");
            w.WriteArrayHeader(0);
            w.WriteString("x");
            w.WriteString("next");
        });
        MessagePackReader reader = Reader(bytes);
        for (int i = 0; i < 9; i++)
        {
            reader.Skip();
        }

        Assert.Equal("next", reader.ReadString());
        Assert.True(reader.IsAtEnd);
        Assert.Equal(bytes.Length, reader.Position);
    }

    [Fact]
    public void Skip_handles_nesting_deeper_than_any_stack()
    {
        byte[] bytes = [.. Enumerable.Repeat((byte)0x91, 1_000_000), 0x2a, 0x07];
        MessagePackReader reader = Reader(bytes);
        reader.Skip();
        Assert.Equal(7, reader.ReadInt32());
    }

    [Fact]
    public void Read_object_stops_at_the_depth_limit()
    {
        byte[] bytes = [.. Enumerable.Repeat((byte)0x91, MessagePackReader.DefaultMaxDepth + 1), 0x01];
        var error = Assert.Throws<MessagePackFormatException>(() => Reader(bytes).ReadObject());
        Assert.Contains("nested too deeply", error.Message);
        Assert.NotNull(Reader(bytes[1..]).ReadObject());
    }

    [Fact]
    public void A_trickling_pipe_and_a_tiny_buffer_read_the_same_values()
    {
        byte[] bytes = MessagePackWriter.Encode(w =>
        {
            w.WriteArrayHeader(4);
            w.WriteString(new string('z', 70000));
            w.WriteBinary(Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray());
            w.WriteUInt64(ulong.MaxValue);
            w.WriteDouble(-0.25);
        });
        object? expected = Reader(bytes).ReadObject();
        var trickle = new MessagePackReader(new TrickleStream(bytes, 3), bufferSize: 16);
        object? actual = trickle.ReadObject();
        var a = Assert.IsType<object?[]>(expected);
        var b = Assert.IsType<object?[]>(actual);
        Assert.Equal(a[0], b[0]);
        Assert.Equal((byte[])a[1]!, (byte[])b[1]!);
        Assert.Equal(a[2], b[2]);
        Assert.Equal(a[3], b[3]);
        Assert.Equal(bytes.Length, trickle.Position);
        Assert.Null(trickle.Remaining);
        Assert.True(trickle.IsAtEnd);
    }

    [Fact]
    public void Raw_bodies_can_be_streamed_into_a_caller_buffer()
    {
        byte[] payload = Enumerable.Range(0, 300_000).Select(i => (byte)(i % 251)).ToArray();
        byte[] bytes = MessagePackWriter.Encode(w => w.WriteBinary(payload));
        foreach (MessagePackReader reader in new[] { Reader(bytes), new MessagePackReader(new TrickleStream(bytes, 7777), 64) })
        {
            int length = reader.ReadBinaryHeader();
            var destination = new byte[length];
            reader.ReadRaw(destination);
            Assert.Equal(payload, destination);
        }
    }

    [Fact]
    public void Format_errors_are_invalid_input_for_the_cli()
    {
        var error = Assert.Throws<MessagePackFormatException>(() => Reader("c1").ReadObject());
        Assert.IsAssignableFrom<InvalidInputException>(error);
        Assert.Equal(ExitCodes.InvalidInput, ExitCodeMapper.From(error));
    }
}
