using System.Buffers.Binary;
using System.Text;

namespace VmafRoi.Saliency.MessagePack;

/// <summary>
/// Writes MessagePack values to a stream, always choosing the smallest format the spec allows (positive values as
/// fixint/uint, negative values as fixint/int, the shortest str/bin/array/map header). Floats keep the width they are
/// given: <see cref="WriteSingle"/> is float 32, <see cref="WriteDouble"/> float 64.
/// </summary>
public sealed class MessagePackWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;

    public MessagePackWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>Bytes written through this writer.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Encodes the values <paramref name="write"/> writes into a new array.</summary>
    public static byte[] Encode(Action<MessagePackWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var memory = new MemoryStream();
        write(new MessagePackWriter(memory));
        return memory.ToArray();
    }

    public void WriteNil() => WriteByte(MessagePackCode.Nil);

    public void WriteBoolean(bool value) => WriteByte(value ? MessagePackCode.True : MessagePackCode.False);

    public void WriteInt64(long value)
    {
        if (value >= 0)
        {
            WriteUInt64((ulong)value);
        }
        else if (value >= -32)
        {
            WriteByte((byte)(sbyte)value);
        }
        else if (value >= sbyte.MinValue)
        {
            Span<byte> b = [MessagePackCode.Int8, (byte)(sbyte)value];
            WriteRaw(b);
        }
        else if (value >= short.MinValue)
        {
            Span<byte> b = stackalloc byte[3];
            b[0] = MessagePackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(b[1..], (short)value);
            WriteRaw(b);
        }
        else if (value >= int.MinValue)
        {
            Span<byte> b = stackalloc byte[5];
            b[0] = MessagePackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(b[1..], (int)value);
            WriteRaw(b);
        }
        else
        {
            Span<byte> b = stackalloc byte[9];
            b[0] = MessagePackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(b[1..], value);
            WriteRaw(b);
        }
    }

    public void WriteUInt64(ulong value)
    {
        if (value <= MessagePackCode.MaxPositiveFixInt)
        {
            WriteByte((byte)value);
        }
        else if (value <= byte.MaxValue)
        {
            Span<byte> b = [MessagePackCode.UInt8, (byte)value];
            WriteRaw(b);
        }
        else if (value <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.UInt16, (ushort)value);
        }
        else if (value <= uint.MaxValue)
        {
            WriteCodeAndUInt32(MessagePackCode.UInt32, (uint)value);
        }
        else
        {
            Span<byte> b = stackalloc byte[9];
            b[0] = MessagePackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(b[1..], value);
            WriteRaw(b);
        }
    }

    /// <summary>Writes a float 32 (5 bytes).</summary>
    public void WriteSingle(float value)
    {
        Span<byte> b = stackalloc byte[5];
        b[0] = MessagePackCode.Float32;
        BinaryPrimitives.WriteSingleBigEndian(b[1..], value);
        WriteRaw(b);
    }

    /// <summary>Writes a float 64 (9 bytes).</summary>
    public void WriteDouble(double value)
    {
        Span<byte> b = stackalloc byte[9];
        b[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(b[1..], value);
        WriteRaw(b);
    }

    /// <summary>Writes a UTF-8 string; a lone surrogate is an <see cref="ArgumentException"/>.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("the string is not valid UTF-16 (lone surrogate)", nameof(value), e);
        }

        WriteStringUtf8(utf8);
    }

    /// <summary>Writes a string whose UTF-8 bytes the caller already has.</summary>
    public void WriteStringUtf8(ReadOnlySpan<byte> utf8)
    {
        uint length = (uint)utf8.Length;
        if (length <= 31)
        {
            WriteByte((byte)(MessagePackCode.MinFixStr | length));
        }
        else if (length <= byte.MaxValue)
        {
            Span<byte> b = [MessagePackCode.Str8, (byte)length];
            WriteRaw(b);
        }
        else if (length <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Str16, (ushort)length);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Str32, length);
        }

        WriteRaw(utf8);
    }

    public void WriteBinary(ReadOnlySpan<byte> bytes)
    {
        WriteBinaryHeader((uint)bytes.Length);
        WriteRaw(bytes);
    }

    /// <summary>Writes only the header of a bin value; the caller then writes exactly <paramref name="length"/> bytes with <see cref="WriteRaw"/>.</summary>
    public void WriteBinaryHeader(uint length)
    {
        if (length <= byte.MaxValue)
        {
            Span<byte> b = [MessagePackCode.Bin8, (byte)length];
            WriteRaw(b);
        }
        else if (length <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Bin16, (ushort)length);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Bin32, length);
        }
    }

    /// <summary>Writes the header of an array; the caller then writes <paramref name="count"/> values.</summary>
    public void WriteArrayHeader(uint count)
    {
        if (count <= 15)
        {
            WriteByte((byte)(MessagePackCode.MinFixArray | count));
        }
        else if (count <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Array16, (ushort)count);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Array32, count);
        }
    }

    /// <summary>Writes the header of a map; the caller then writes <paramref name="count"/> key/value pairs.</summary>
    public void WriteMapHeader(uint count)
    {
        if (count <= 15)
        {
            WriteByte((byte)(MessagePackCode.MinFixMap | count));
        }
        else if (count <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Map16, (ushort)count);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Map32, count);
        }
    }

    /// <summary>Writes an extension value (fixext when the length is 1, 2, 4, 8 or 16, else ext 8/16/32).</summary>
    public void WriteExtension(sbyte typeCode, ReadOnlySpan<byte> data)
    {
        uint length = (uint)data.Length;
        byte fixCode = length switch
        {
            1 => MessagePackCode.FixExt1,
            2 => MessagePackCode.FixExt2,
            4 => MessagePackCode.FixExt4,
            8 => MessagePackCode.FixExt8,
            16 => MessagePackCode.FixExt16,
            _ => 0,
        };
        if (fixCode != 0)
        {
            Span<byte> b = [fixCode, (byte)typeCode];
            WriteRaw(b);
        }
        else if (length <= byte.MaxValue)
        {
            Span<byte> b = [MessagePackCode.Ext8, (byte)length, (byte)typeCode];
            WriteRaw(b);
        }
        else if (length <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Ext16, (ushort)length);
            WriteByte((byte)typeCode);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Ext32, length);
            WriteByte((byte)typeCode);
        }

        WriteRaw(data);
    }

    /// <summary>Writes bytes as they are: the body after <see cref="WriteBinaryHeader"/>, or pre-encoded MessagePack.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        BytesWritten += bytes.Length;
    }

    private void WriteByte(byte value)
    {
        _stream.WriteByte(value);
        BytesWritten++;
    }

    private void WriteCodeAndUInt16(byte code, ushort value)
    {
        Span<byte> b = stackalloc byte[3];
        b[0] = code;
        BinaryPrimitives.WriteUInt16BigEndian(b[1..], value);
        WriteRaw(b);
    }

    private void WriteCodeAndUInt32(byte code, uint value)
    {
        Span<byte> b = stackalloc byte[5];
        b[0] = code;
        BinaryPrimitives.WriteUInt32BigEndian(b[1..], value);
        WriteRaw(b);
    }
}
