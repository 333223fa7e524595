namespace VmafRoi.Materializer.Tables;

/// <summary>Reads a file as '\n'-separated lines of bytes (a trailing '\r' and a leading UTF-8 BOM dropped), feeding a hash as it goes.</summary>
internal sealed class LineReader : IDisposable
{
    private readonly Stream _stream;
    private readonly System.Security.Cryptography.IncrementalHash? _hash;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    public LineReader(Stream stream, System.Security.Cryptography.IncrementalHash? hash = null)
    {
        _stream = stream;
        _hash = hash;
    }

    /// <summary>1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line without its terminator, or false at the end; the memory is valid until the next call.</summary>
    public bool TryRead(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0 || (_eof && _end > _start))
            {
                int stop = newline >= 0 ? newline : _end;
                int begin = _start;
                _start = newline >= 0 ? newline + 1 : _end;
                if (_first)
                {
                    _first = false;
                    if (stop - begin >= 3 && _buffer[begin] == 0xEF && _buffer[begin + 1] == 0xBB && _buffer[begin + 2] == 0xBF)
                    {
                        begin += 3;
                    }
                }

                if (stop > begin && _buffer[stop - 1] == (byte)'\r')
                {
                    stop--;
                }

                LineNumber++;
                line = _buffer.AsMemory(begin, stop - begin);
                return true;
            }

            if (_eof)
            {
                line = default;
                return false;
            }

            Fill();
        }
    }

    public void Dispose() => _stream.Dispose();

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return;
        }

        _hash?.AppendData(_buffer, _end, read);
        _end += read;
    }
}
