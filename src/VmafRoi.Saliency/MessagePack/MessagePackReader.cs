using System.Buffers.Binary;
using System.Text;

namespace VmafRoi.Saliency.MessagePack;

/// <summary>
/// Reads MessagePack values from a stream, one at a time. It accepts every encoding the spec allows for a type, also
/// non-minimal ones (a 1 written as uint 32, a short string as str 16), and rejects everything else with a
/// <see cref="MessagePackFormatException"/>: the byte 0xc1, a value of another type than asked for, data that ends
/// early, a length larger than what is left of a seekable stream, invalid UTF-8 in a string. It never reads past the
/// end, and never allocates more than the bytes actually present (plus a bounded chunk) whatever a corrupt length
/// says. After an exception the reader's position is unspecified; start again from a known offset.
/// </summary>
public sealed class MessagePackReader
{
    /// <summary>How deeply <see cref="ReadObject"/> follows nested arrays and maps by default.</summary>
    public const int DefaultMaxDepth = 64;

    // Reads of unknown-size streams grow their buffer from this size as bytes really arrive.
    private const int GrowthChunk = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private bool _streamEnded;

    /// <summary>Reads from the current position of <paramref name="stream"/>; the reader buffers ahead of what it returns.</summary>
    /// <param name="stream">The input.</param>
    /// <param name="bufferSize">Bytes read ahead at a time.</param>
    /// <param name="startPosition">The <see cref="Position"/> of the first byte, so offsets in errors can be file offsets.</param>
    public MessagePackReader(Stream stream, int bufferSize = 1 << 16, long startPosition = 0)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("the stream cannot be read", nameof(stream));
        }

        _stream = stream;
        _buffer = new byte[Math.Max(bufferSize, 16)];
        Position = startPosition;
    }

    /// <summary>The offset of the next value: bytes consumed since the reader was created, plus its start position.</summary>
    public long Position { get; private set; }

    /// <summary>Bytes left in the input when the stream can tell (seekable), else null.</summary>
    public long? Remaining => _stream.CanSeek ? Buffered + Math.Max(0, _stream.Length - _stream.Position) : null;

    /// <summary>True when no byte is left.</summary>
    public bool IsAtEnd => !TryFill(1);

    private int Buffered => _end - _start;

    /// <summary>Reads from an array.</summary>
    public static MessagePackReader FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new MessagePackReader(new MemoryStream(bytes, writable: false), Math.Clamp(bytes.Length, 16, 1 << 16));
    }

    /// <summary>The type of the next value, without consuming it.</summary>
    public MessagePackType PeekType() => MessagePackCode.TypeOf(PeekCode("a value"));

    public void ReadNil()
    {
        long at = Position;
        byte code = PeekCode("nil");
        if (code != MessagePackCode.Nil)
        {
            throw Mismatch("nil", code, at);
        }

        Advance(1);
    }

    /// <summary>Consumes a nil and returns true, or returns false and consumes nothing.</summary>
    public bool TryReadNil()
    {
        if (PeekCode("a value") != MessagePackCode.Nil)
        {
            return false;
        }

        Advance(1);
        return true;
    }

    public bool ReadBoolean()
    {
        long at = Position;
        byte code = PeekCode("a boolean");
        bool value = code switch
        {
            MessagePackCode.True => true,
            MessagePackCode.False => false,
            _ => throw Mismatch("a boolean", code, at),
        };
        Advance(1);
        return value;
    }

    /// <summary>Reads any int format (fixint, uint 8..64, int 8..64) whose value fits a <see cref="long"/>.</summary>
    public long ReadInt64()
    {
        long at = Position;
        Int128 value = ReadInteger("an integer");
        return value <= long.MaxValue ? (long)value : throw OutOfRange(value, "a signed 64-bit integer", at);
    }

    /// <summary>Reads any int format whose value fits an <see cref="int"/>.</summary>
    public int ReadInt32()
    {
        long at = Position;
        Int128 value = ReadInteger("an integer");
        return value >= int.MinValue && value <= int.MaxValue ? (int)value : throw OutOfRange(value, "a 32-bit integer", at);
    }

    /// <summary>Reads any int format whose value is not negative.</summary>
    public ulong ReadUInt64()
    {
        long at = Position;
        Int128 value = ReadInteger("an integer");
        return value >= 0 ? (ulong)value : throw OutOfRange(value, "an unsigned integer", at);
    }

    /// <summary>Reads a float 32 or float 64; an integer is accepted too, as some encoders write whole floats as ints.</summary>
    public double ReadDouble()
    {
        long at = Position;
        byte code = PeekCode("a float");
        switch (code)
        {
            case MessagePackCode.Float32:
                return BinaryPrimitives.ReadSingleBigEndian(Take(5, "a float 32")[1..]);
            case MessagePackCode.Float64:
                return BinaryPrimitives.ReadDoubleBigEndian(Take(9, "a float 64")[1..]);
            default:
                if (MessagePackCode.TypeOf(code) != MessagePackType.Integer)
                {
                    throw Mismatch("a float", code, at);
                }

                return (double)ReadInteger("an integer");
        }
    }

    /// <summary>Reads a float 32 exactly; a float 64 or an integer is rounded to the nearest float.</summary>
    public float ReadSingle()
    {
        if (PeekCode("a float") == MessagePackCode.Float32)
        {
            return BinaryPrimitives.ReadSingleBigEndian(Take(5, "a float 32")[1..]);
        }

        return (float)ReadDouble();
    }

    /// <summary>Reads a str value (fixstr, str 8/16/32) holding valid UTF-8.</summary>
    public string ReadString()
    {
        long at = Position;
        byte[] utf8 = ReadPayload(ReadStringHeader(), "a string");
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new MessagePackFormatException("string is not valid UTF-8", at, e);
        }
    }

    /// <summary>Reads the header of a str value and returns its length in bytes; the bytes follow (<see cref="ReadRaw"/>).</summary>
    public int ReadStringHeader()
    {
        long at = Position;
        byte code = PeekCode("a string");
        long length;
        switch (code)
        {
            case >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr:
                Advance(1);
                length = code & 0x1f;
                break;
            case MessagePackCode.Str8:
                length = Take(2, "a str 8 header")[1];
                break;
            case MessagePackCode.Str16:
                length = BinaryPrimitives.ReadUInt16BigEndian(Take(3, "a str 16 header")[1..]);
                break;
            case MessagePackCode.Str32:
                length = BinaryPrimitives.ReadUInt32BigEndian(Take(5, "a str 32 header")[1..]);
                break;
            default:
                throw Mismatch("a string", code, at);
        }

        return CheckPayloadLength(length, "string", at);
    }

    /// <summary>Reads a bin value (bin 8/16/32).</summary>
    public byte[] ReadBinary() => ReadPayload(ReadBinaryHeader(), "a binary value");

    /// <summary>Reads the header of a bin value and returns its length; the bytes follow (<see cref="ReadRaw"/>).</summary>
    public int ReadBinaryHeader()
    {
        long at = Position;
        byte code = PeekCode("a binary value");
        long length = code switch
        {
            MessagePackCode.Bin8 => Take(2, "a bin 8 header")[1],
            MessagePackCode.Bin16 => BinaryPrimitives.ReadUInt16BigEndian(Take(3, "a bin 16 header")[1..]),
            MessagePackCode.Bin32 => BinaryPrimitives.ReadUInt32BigEndian(Take(5, "a bin 32 header")[1..]),
            _ => throw Mismatch("a binary value", code, at),
        };
        return CheckPayloadLength(length, "binary value", at);
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length raw bytes, e.g. the body after a str or bin header.</summary>
    public void ReadRaw(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int n = ReadSome(destination);
            if (n == 0)
            {
                throw new MessagePackFormatException($"data ends {destination.Length} bytes before the end of a value", Position);
            }

            destination = destination[n..];
        }
    }

    /// <summary>Reads an array header and returns the element count; the elements follow.</summary>
    public int ReadArrayHeader()
    {
        long at = Position;
        byte code = PeekCode("an array");
        long count;
        switch (code)
        {
            case >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray:
                Advance(1);
                count = code & 0x0f;
                break;
            case MessagePackCode.Array16:
                count = BinaryPrimitives.ReadUInt16BigEndian(Take(3, "an array 16 header")[1..]);
                break;
            case MessagePackCode.Array32:
                count = BinaryPrimitives.ReadUInt32BigEndian(Take(5, "an array 32 header")[1..]);
                break;
            default:
                throw Mismatch("an array", code, at);
        }

        return CheckCount(count, 1, "array", at);
    }

    /// <summary>Reads a map header and returns the number of key/value pairs; the pairs follow.</summary>
    public int ReadMapHeader()
    {
        long at = Position;
        byte code = PeekCode("a map");
        long count;
        switch (code)
        {
            case >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap:
                Advance(1);
                count = code & 0x0f;
                break;
            case MessagePackCode.Map16:
                count = BinaryPrimitives.ReadUInt16BigEndian(Take(3, "a map 16 header")[1..]);
                break;
            case MessagePackCode.Map32:
                count = BinaryPrimitives.ReadUInt32BigEndian(Take(5, "a map 32 header")[1..]);
                break;
            default:
                throw Mismatch("a map", code, at);
        }

        return CheckCount(count, 2, "map", at);
    }

    /// <summary>Reads an extension header (fixext 1..16, ext 8/16/32); the data bytes follow.</summary>
    public (sbyte TypeCode, int Length) ReadExtensionHeader()
    {
        long at = Position;
        byte code = PeekCode("an extension");
        long length;
        byte type;
        switch (code)
        {
            case >= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16:
                type = Take(2, "a fixext header")[1];
                length = 1L << (code - MessagePackCode.FixExt1);
                break;
            case MessagePackCode.Ext8:
                ReadOnlySpan<byte> e8 = Take(3, "an ext 8 header");
                (length, type) = (e8[1], e8[2]);
                break;
            case MessagePackCode.Ext16:
                ReadOnlySpan<byte> e16 = Take(4, "an ext 16 header");
                (length, type) = (BinaryPrimitives.ReadUInt16BigEndian(e16[1..]), e16[3]);
                break;
            case MessagePackCode.Ext32:
                ReadOnlySpan<byte> e32 = Take(6, "an ext 32 header");
                (length, type) = (BinaryPrimitives.ReadUInt32BigEndian(e32[1..]), e32[5]);
                break;
            default:
                throw Mismatch("an extension", code, at);
        }

        return ((sbyte)type, CheckPayloadLength(length, "extension", at));
    }

    public MessagePackExtension ReadExtension()
    {
        (sbyte type, int length) = ReadExtensionHeader();
        return new MessagePackExtension(type, ReadPayload(length, "an extension"));
    }

    /// <summary>Skips the next value, however deeply nested, without allocating for its contents.</summary>
    public void Skip()
    {
        // A counter instead of recursion: a hostile nesting depth cannot overflow the stack.
        long pending = 1;
        while (pending > 0)
        {
            pending--;
            long at = Position;
            byte code = PeekCode("a value");
            switch (MessagePackCode.TypeOf(code))
            {
                case MessagePackType.Nil:
                case MessagePackType.Boolean:
                    Advance(1);
                    break;
                case MessagePackType.Integer:
                    ReadInteger("an integer");
                    break;
                case MessagePackType.Float:
                    ReadDouble();
                    break;
                case MessagePackType.String:
                    SkipBytes(ReadStringHeader());
                    break;
                case MessagePackType.Binary:
                    SkipBytes(ReadBinaryHeader());
                    break;
                case MessagePackType.Extension:
                    SkipBytes(ReadExtensionHeader().Length);
                    break;
                case MessagePackType.Array:
                    pending += ReadArrayHeader();
                    break;
                case MessagePackType.Map:
                    pending += 2L * ReadMapHeader();
                    break;
                default:
                    throw Mismatch("a value", code, at);
            }
        }
    }

    /// <summary>
    /// Reads the next value as plain objects: null, bool, long (ulong above <see cref="long.MaxValue"/>), float (float 32),
    /// double (float 64), string, byte[], object?[] (array), KeyValuePair&lt;object?, object?&gt;[] (map, in order, duplicates
    /// kept) or <see cref="MessagePackExtension"/>.
    /// </summary>
    public object? ReadObject(int maxDepth = DefaultMaxDepth)
    {
        long at = Position;
        byte code = PeekCode("a value");
        switch (MessagePackCode.TypeOf(code))
        {
            case MessagePackType.Nil:
                Advance(1);
                return null;
            case MessagePackType.Boolean:
                return ReadBoolean();
            case MessagePackType.Integer:
                Int128 integer = ReadInteger("an integer");
                return integer > long.MaxValue ? (ulong)integer : (long)integer;
            case MessagePackType.Float:
                return code == MessagePackCode.Float32 ? (object)ReadSingle() : ReadDouble();
            case MessagePackType.String:
                return ReadString();
            case MessagePackType.Binary:
                return ReadBinary();
            case MessagePackType.Extension:
                return ReadExtension();
            case MessagePackType.Array:
            {
                int count = ReadArrayHeader();
                CheckDepth(maxDepth, at);
                // Capacity is capped: the count is only trusted as far as elements really arrive.
                var items = new List<object?>(Math.Min(count, 1024));
                for (int i = 0; i < count; i++)
                {
                    items.Add(ReadObject(maxDepth - 1));
                }

                return items.ToArray();
            }

            case MessagePackType.Map:
            {
                int count = ReadMapHeader();
                CheckDepth(maxDepth, at);
                var pairs = new List<KeyValuePair<object?, object?>>(Math.Min(count, 1024));
                for (int i = 0; i < count; i++)
                {
                    object? key = ReadObject(maxDepth - 1);
                    pairs.Add(new KeyValuePair<object?, object?>(key, ReadObject(maxDepth - 1)));
                }

                return pairs.ToArray();
            }

            default:
                throw Mismatch("a value", code, at);
        }
    }

    private static void CheckDepth(int maxDepth, long at)
    {
        if (maxDepth <= 0)
        {
            throw new MessagePackFormatException("arrays and maps are nested too deeply", at);
        }
    }

    private static MessagePackFormatException OutOfRange(Int128 value, string expected, long at) =>
        new($"integer {value} does not fit {expected}", at);

    private static MessagePackFormatException Mismatch(string expected, byte code, long at) =>
        code == MessagePackCode.NeverUsed
            ? new MessagePackFormatException("byte 0xc1 is never used in MessagePack", at)
            : new MessagePackFormatException(
                $"expected {expected}, found {Describe(MessagePackCode.TypeOf(code))} (0x{code:x2})", at);

    private static string Describe(MessagePackType type) => type switch
    {
        MessagePackType.Nil => "nil",
        MessagePackType.Boolean => "a boolean",
        MessagePackType.Integer => "an integer",
        MessagePackType.Float => "a float",
        MessagePackType.String => "a string",
        MessagePackType.Binary => "a binary value",
        MessagePackType.Array => "an array",
        MessagePackType.Map => "a map",
        MessagePackType.Extension => "an extension",
        _ => "an invalid byte",
    };

    private Int128 ReadInteger(string expected)
    {
        long at = Position;
        byte code = PeekCode(expected);
        switch (code)
        {
            case <= MessagePackCode.MaxPositiveFixInt:
                Advance(1);
                return code;
            case >= MessagePackCode.MinNegativeFixInt:
                Advance(1);
                return (sbyte)code;
            case MessagePackCode.UInt8:
                return Take(2, "a uint 8")[1];
            case MessagePackCode.UInt16:
                return BinaryPrimitives.ReadUInt16BigEndian(Take(3, "a uint 16")[1..]);
            case MessagePackCode.UInt32:
                return BinaryPrimitives.ReadUInt32BigEndian(Take(5, "a uint 32")[1..]);
            case MessagePackCode.UInt64:
                return BinaryPrimitives.ReadUInt64BigEndian(Take(9, "a uint 64")[1..]);
            case MessagePackCode.Int8:
                return (sbyte)Take(2, "an int 8")[1];
            case MessagePackCode.Int16:
                return BinaryPrimitives.ReadInt16BigEndian(Take(3, "an int 16")[1..]);
            case MessagePackCode.Int32:
                return BinaryPrimitives.ReadInt32BigEndian(Take(5, "an int 32")[1..]);
            case MessagePackCode.Int64:
                return BinaryPrimitives.ReadInt64BigEndian(Take(9, "an int 64")[1..]);
            default:
                throw Mismatch(expected, code, at);
        }
    }

    private int CheckPayloadLength(long length, string what, long at)
    {
        if (length > Array.MaxLength)
        {
            throw new MessagePackFormatException($"{what} of {length} bytes is larger than this reader supports", at);
        }

        if (Remaining is long left && length > left)
        {
            throw new MessagePackFormatException($"{what} claims {length} bytes but only {left} are left", at);
        }

        return (int)length;
    }

    private int CheckCount(long count, int minBytesPerItem, string what, long at)
    {
        if (count > int.MaxValue)
        {
            throw new MessagePackFormatException($"{what} of {count} entries is larger than this reader supports", at);
        }

        // Every element takes at least one byte, so a longer count than bytes left is corrupt.
        if (Remaining is long left && count * minBytesPerItem > left)
        {
            throw new MessagePackFormatException($"{what} claims {count} entries but only {left} bytes are left", at);
        }

        return (int)count;
    }

    private byte[] ReadPayload(int length, string what)
    {
        if (Remaining is not null || length <= GrowthChunk)
        {
            byte[] exact = new byte[length];
            ReadRaw(exact);
            return exact;
        }

        // Unknown size left: grow as bytes arrive, so a corrupt length cannot make us allocate gigabytes up front.
        byte[] result = new byte[GrowthChunk];
        int filled = 0;
        while (filled < length)
        {
            if (filled == result.Length)
            {
                Array.Resize(ref result, (int)Math.Min(length, (long)result.Length * 2));
            }

            int n = ReadSome(result.AsSpan(filled, result.Length - filled));
            if (n == 0)
            {
                throw new MessagePackFormatException($"data ends {length - filled} bytes before the end of {what}", Position);
            }

            filled += n;
        }

        return result;
    }

    private void SkipBytes(int count)
    {
        while (count > 0)
        {
            if (!TryFill(1))
            {
                throw new MessagePackFormatException($"data ends {count} bytes before the end of a value", Position);
            }

            int n = Math.Min(count, Buffered);
            Advance(n);
            count -= n;
        }
    }

    private int ReadSome(Span<byte> destination)
    {
        if (Buffered == 0)
        {
            // Large bodies go straight from the stream to the destination.
            if (destination.Length >= _buffer.Length && !_streamEnded)
            {
                int direct = _stream.Read(destination);
                if (direct == 0)
                {
                    _streamEnded = true;
                }

                Position += direct;
                return direct;
            }

            if (!TryFill(1))
            {
                return 0;
            }
        }

        int n = Math.Min(destination.Length, Buffered);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        Advance(n);
        return n;
    }

    private byte PeekCode(string expected)
    {
        if (!TryFill(1))
        {
            throw new MessagePackFormatException($"data ends where {expected} was expected", Position);
        }

        return _buffer[_start];
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (!TryFill(count))
        {
            throw new MessagePackFormatException($"data ends inside {what}", Position);
        }

        ReadOnlySpan<byte> bytes = _buffer.AsSpan(_start, count);
        Advance(count);
        return bytes;
    }

    private void Advance(int count)
    {
        _start += count;
        Position += count;
    }

    private bool TryFill(int count)
    {
        if (Buffered >= count)
        {
            return true;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, Buffered);
            _end -= _start;
            _start = 0;
        }

        while (_end < count && !_streamEnded)
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _streamEnded = true;
            }

            _end += n;
        }

        return _end >= count;
    }
}
