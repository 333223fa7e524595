using MessagePack;

namespace VmafRoi.Saliency.Sidecars;

/// <summary>Parses one MessagePack record from the reader it is given (which sees every buffered byte).</summary>
internal delegate T RecordParser<T>(ref MessagePackReader reader);

/// <summary>A record is larger than the stream's <see cref="SidecarRecordStream.Limit"/>.</summary>
internal sealed class SidecarRecordTooLargeException(long limit) : Exception($"a map is larger than {limit} bytes")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// A sidecar file as a sequence of top-level MessagePack records, read through one buffer that grows only as far as
/// <see cref="Limit"/>: memory is bounded by the largest record allowed, never by the file. A parser that runs out of
/// buffered bytes (MessagePack-CSharp's <see cref="EndOfStreamException"/>) is run again with more; at the end of the
/// file that exception is the caller's (truncation). Spans a parser takes from the buffer are valid until the next read.
/// </summary>
internal sealed class SidecarRecordStream
{
    private readonly Stream _file;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _eof;

    public SidecarRecordStream(Stream file, long offset, int limit, byte[]? buffer = null)
    {
        _file = file;
        _bufferOffset = offset;
        Limit = limit;
        _buffer = buffer ?? new byte[Math.Min(limit, 1 << 16)];
    }

    /// <summary>The largest record accepted, in bytes.</summary>
    public int Limit { get; set; }

    /// <summary>The file offset of the next record.</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>The buffer, to hand to a stream that continues this one (e.g. after a seek).</summary>
    public byte[] Buffer => _buffer;

    /// <summary>True when nothing follows the last record read.</summary>
    public bool IsAtEnd => _start == _end && !Fill();

    /// <summary>Parses and consumes the next record.</summary>
    /// <exception cref="EndOfStreamException">The file ends inside the record.</exception>
    /// <exception cref="SidecarRecordTooLargeException">The record is larger than <see cref="Limit"/>.</exception>
    public T Read<T>(RecordParser<T> parse)
    {
        while (true)
        {
            var reader = new MessagePackReader(new ReadOnlyMemory<byte>(_buffer, _start, _end - _start));
            try
            {
                T value = parse(ref reader);
                _start += checked((int)reader.Consumed);
                return value;
            }
            catch (EndOfStreamException)
            {
                // Not in a filter: Fill may throw, and a filter would swallow that.
                if (!Fill())
                {
                    throw;
                }

                // More bytes are buffered now: parse the record again from its start.
            }
        }
    }

    // Appends bytes from the file; false at its end. Moves the unread bytes to the front and grows up to Limit.
    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= Limit)
            {
                throw new SidecarRecordTooLargeException(Limit);
            }

            Array.Resize(ref _buffer, (int)Math.Min(Limit, _buffer.Length * 2L));
        }

        int read = _file.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return false;
        }

        _end += read;
        return true;
    }
}
