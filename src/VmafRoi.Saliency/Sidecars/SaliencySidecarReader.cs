using System.Buffers;
using System.Security.Cryptography;
using MessagePack;
using VmafRoi.Contracts;

namespace VmafRoi.Saliency.Sidecars;

/// <summary>
/// Reads a saliency sidecar frame by frame with flat memory. Every frame is checked before it is handed out (index in
/// sequence, payload size, zlib stream, SHA-256 of its samples), and the footer is checked at the end (frame count,
/// SHA-256 over every stored payload, nothing after it), so a damaged file raises <see cref="SidecarCorruptException"/>
/// and never yields a wrong mask. A file that breaks off mid-way has yielded only correct frames before the error;
/// callers that must not start on a partial file call <see cref="Verify"/> first (as <see cref="SidecarCache"/> does).
/// </summary>
public sealed class SaliencySidecarReader : IDisposable
{
    private readonly FileStream _file;
    private readonly long _firstFrameOffset;
    private readonly int[]? _indices;
    private readonly byte[] _quantised;
    private readonly int _maxStored;
    private readonly RecordParser<Record> _parseRecord;
    private SidecarRecordStream _records;
    private IncrementalHash _framesHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _recordAt;
    private bool _ended;

    private SaliencySidecarReader(string path, FileStream file, SidecarRecordStream records, SidecarHeader header)
    {
        Path = path;
        _file = file;
        Header = header;
        _firstFrameOffset = records.Position;
        _indices = header.GetSampling().Indices();
        _quantised = new byte[SidecarFormat.PayloadLength(header)];
        _maxStored = SidecarFormat.MaxStoredLength(header);
        _parseRecord = ParseRecord;

        // A frame map is its payload and a hundred bytes of keys; the rest allows keys other writers may add.
        records.Limit = (int)Math.Min(Array.MaxLength, _maxStored + (1L << 16));
        _records = records;
    }

    public string Path { get; }

    /// <summary>The header as stored (validated, and matching what the caller expected when it said so).</summary>
    public SidecarHeader Header { get; }

    /// <summary>Frames read so far since the start or the last <see cref="Rewind"/>.</summary>
    public int FrameCount { get; private set; }

    /// <summary>Frames the file holds, known once its footer has been read and checked (e.g. after <see cref="Verify"/>).</summary>
    public int? StoredFrameCount { get; private set; }

    /// <summary>True once the footer has been read and checked.</summary>
    public bool IsComplete => _ended;

    /// <summary>Samples per mask, the length <see cref="TryReadNext"/> needs.</summary>
    public int MaskLength => Header.GetMaskLength();

    /// <summary>
    /// Opens a sidecar and reads its header. With <paramref name="expected"/>, a header made for another run is a
    /// <see cref="SidecarMismatchException"/> naming the field and both values; a damaged header is a
    /// <see cref="SidecarCorruptException"/>; a missing file an <see cref="InvalidInputException"/>.
    /// </summary>
    public static SaliencySidecarReader Open(string path, SidecarHeader? expected = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream file = OpenFile(path);
        try
        {
            var records = new SidecarRecordStream(file, 0, SidecarFormat.MaxHeaderBytes);
            SidecarHeader header = ReadValidHeader(path, records);
            if (expected is not null && SidecarHeader.FindMismatch(expected, header) is SidecarFieldMismatch mismatch)
            {
                throw new SidecarMismatchException(path, mismatch.Field, mismatch.Expected, mismatch.Actual);
            }

            return new SaliencySidecarReader(path, file, records, header);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads only the header of a sidecar (validated, not compared with anything).</summary>
    public static SidecarHeader ReadHeader(string path)
    {
        using SaliencySidecarReader reader = Open(path);
        return reader.Header;
    }

    /// <summary>Reads every frame and the footer of <paramref name="path"/>, throwing on the first problem.</summary>
    public static void VerifyFile(string path, SidecarHeader? expected = null)
    {
        using SaliencySidecarReader reader = Open(path, expected);
        reader.Verify();
    }

    /// <summary>
    /// Reads the next frame's mask into <paramref name="mask"/> (dequantised, <see cref="MaskLength"/> samples) and
    /// returns true; returns false once the footer is read and checked.
    /// </summary>
    public bool TryReadNext(Span<float> mask, out int frameIndex)
    {
        if (mask.Length != MaskLength)
        {
            throw new ArgumentException($"mask buffer has {mask.Length} samples, the sidecar stores {Header.MaskWidth}x{Header.MaskHeight}", nameof(mask));
        }

        return ReadNext(mask, dequantise: true, out frameIndex);
    }

    /// <summary>
    /// Moves past the next frame without inflating its mask (for readers that need only some frames, such as every n-th
    /// or the sampled ones); its stored bytes still count towards the footer's check. False once the footer is read and checked.
    /// </summary>
    public bool TrySkipNext(out int frameIndex) => ReadNext(default, dequantise: false, out frameIndex, decode: false);

    /// <summary>Reads and checks everything from the current frame to the footer, then rewinds to the first frame.</summary>
    public void Verify()
    {
        while (ReadNext(default, dequantise: false, out _))
        {
        }

        Rewind();
    }

    /// <summary>Goes back to the first frame.</summary>
    public void Rewind()
    {
        _file.Seek(_firstFrameOffset, SeekOrigin.Begin);
        _records = new SidecarRecordStream(_file, _firstFrameOffset, _records.Limit, _records.Buffer);
        _framesHash.Dispose();
        _framesHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        FrameCount = 0;
        _ended = false;
    }

    public void Dispose()
    {
        _file.Dispose();
        _framesHash.Dispose();
    }

    private static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidInputException($"saliency sidecar not found: {path}", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot open saliency sidecar '{path}': {e.Message}", path, e);
        }
    }

    private static SidecarHeader ReadValidHeader(string path, SidecarRecordStream records)
    {
        SidecarHeader header;
        try
        {
            if (records.IsAtEnd)
            {
                throw new SidecarCorruptException(path, "the file is empty");
            }

            header = records.Read(SidecarFormat.ReadHeader);
        }
        catch (SidecarForeignHeaderException e)
        {
            throw new SidecarMismatchException(path, "schema_version", SidecarHeader.CurrentSchemaVersion.ToString(), e.SchemaVersion.ToString());
        }
        catch (SidecarHeaderException e)
        {
            throw new SidecarCorruptException(path, e.Message, e);
        }
        catch (EndOfStreamException e)
        {
            throw new SidecarCorruptException(path, "the file ends inside its header map (truncated)", e);
        }
        catch (SidecarRecordTooLargeException e)
        {
            throw new SidecarCorruptException(path, $"the header map is larger than {e.Limit} bytes", e);
        }
        catch (Exception e) when (e is MessagePackSerializationException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new SidecarCorruptException(path, $"the header is not valid MessagePack: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new SidecarCorruptException(path, $"the file cannot be read: {e.Message}", e);
        }

        if (header.Problem() is string problem)
        {
            throw new SidecarCorruptException(path, $"the header is invalid: {problem}");
        }

        return header;
    }

    private bool ReadNext(Span<float> mask, bool dequantise, out int frameIndex, bool decode = true)
    {
        frameIndex = -1;
        if (_ended)
        {
            return false;
        }

        try
        {
            if (_records.IsAtEnd)
            {
                throw Corrupt($"the file ends after {FrameCount} frames without its footer (truncated)");
            }

            long at = _recordAt = _records.Position;
            Record record = _records.Read(_parseRecord);
            switch (record.Kind)
            {
                case SidecarFormat.FrameKind:
                    frameIndex = AcceptFrame(record, at, mask, dequantise, decode);
                    return true;
                case SidecarFormat.EndKind:
                    AcceptFooter(record, at);
                    return false;
                default:
                    throw Corrupt($"the map at byte {at} is neither a frame nor the footer");
            }
        }
        catch (EndOfStreamException e)
        {
            throw new SidecarCorruptException(Path, $"the file ends inside the map at byte {_recordAt}, after {FrameCount} frames (truncated)", e);
        }
        catch (SidecarRecordTooLargeException e)
        {
            throw new SidecarCorruptException(Path, $"the map at byte {_recordAt} is larger than {e.Limit} bytes, more than a frame of a {Header.MaskWidth}x{Header.MaskHeight} mask can take", e);
        }
        catch (Exception e) when (e is MessagePackSerializationException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new SidecarCorruptException(Path, $"after {FrameCount} frames the data is not valid MessagePack: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new SidecarCorruptException(Path, $"the file cannot be read: {e.Message}", e);
        }
    }

    private int AcceptFrame(Record record, long at, Span<float> mask, bool dequantise, bool decode)
    {
        if (record.Frame is not int index || record.Digest is not byte[] digest || !record.HasData)
        {
            throw Corrupt($"the frame map at byte {at} lacks '{SidecarFormat.FrameKey}', '{SidecarFormat.Sha256Key}' or '{SidecarFormat.DataKey}'");
        }

        int expected = _indices is null ? FrameCount : FrameCount < _indices.Length ? _indices[FrameCount] : -1;
        if (expected < 0)
        {
            throw Corrupt($"it holds more frames than the {Header.Sampling} sampling's {_indices!.Length}");
        }

        if (index != expected)
        {
            throw Corrupt($"frame {index} at byte {at} where frame {expected} was due");
        }

        _framesHash.AppendData(record.Data.Span);
        if (!decode)
        {
            FrameCount++;
            return index;
        }

        if (SidecarFormat.Decode(record.Data, Header.Compression, _quantised) is string problem)
        {
            throw Corrupt($"frame {index}: {problem}");
        }

        Span<byte> actual = stackalloc byte[SidecarFormat.DigestLength];
        SHA256.HashData(_quantised, actual);
        if (!actual.SequenceEqual(digest))
        {
            throw Corrupt($"frame {index}: its samples do not match their SHA-256");
        }

        if (dequantise)
        {
            SidecarFormat.Dequantise(_quantised, Header.MaskBits, mask);
        }

        FrameCount++;
        return index;
    }

    private void AcceptFooter(Record record, long at)
    {
        if (record.FrameCount is not int count || record.FramesDigest is not byte[] digest)
        {
            throw Corrupt($"the footer at byte {at} lacks '{SidecarFormat.FrameCountKey}' or '{SidecarFormat.FramesSha256Key}'");
        }

        if (count != FrameCount)
        {
            throw Corrupt($"the footer counts {count} frames, the file holds {FrameCount}");
        }

        if (_indices is not null && FrameCount != _indices.Length)
        {
            throw Corrupt($"it holds {FrameCount} of the {_indices.Length} sampled frames");
        }

        if (!_framesHash.GetHashAndReset().AsSpan().SequenceEqual(digest))
        {
            throw Corrupt("the stored frame payloads do not match the footer's SHA-256");
        }

        if (!_records.IsAtEnd)
        {
            throw Corrupt($"there are bytes after the footer (at byte {_records.Position})");
        }

        _ended = true;
        StoredFrameCount = FrameCount;
    }

    // One frame or footer map, read with MessagePack-CSharp's reader straight from the buffer: the payload stays a
    // view of it, and its length is checked against the mask before its bytes are needed.
    private Record ParseRecord(ref MessagePackReader reader)
    {
        long at = _recordAt;
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw Corrupt($"expected a frame or footer map at byte {at}");
        }

        int count = reader.ReadMapHeader();
        var record = default(Record);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string key = reader.ReadString() ?? throw Corrupt($"the map at byte {at} has a nil key");
            if (!seen.Add(key))
            {
                throw Corrupt($"the map at byte {at} has the key '{key}' twice");
            }

            switch (key)
            {
                case SidecarFormat.KindKey:
                    record.Kind = reader.ReadString();
                    break;
                case SidecarFormat.FrameKey:
                    record.Frame = reader.ReadInt32();
                    break;
                case SidecarFormat.Sha256Key:
                    record.Digest = ReadDigest(ref reader, key, at);
                    break;
                case SidecarFormat.FramesSha256Key:
                    record.FramesDigest = ReadDigest(ref reader, key, at);
                    break;
                case SidecarFormat.FrameCountKey:
                    record.FrameCount = reader.ReadInt32();
                    break;
                case SidecarFormat.DataKey:
                    record.Data = ReadData(ref reader, at);
                    record.HasData = true;
                    break;
                default:
                    // Keys a later minor version may add are skipped; required keys are checked by kind.
                    reader.Skip();
                    break;
            }
        }

        return record;
    }

    private byte[] ReadDigest(ref MessagePackReader reader, string key, long at)
    {
        ReadOnlySequence<byte> bytes = reader.ReadBytes() ?? throw Corrupt($"'{key}' in the map at byte {at} is nil");
        if (bytes.Length != SidecarFormat.DigestLength)
        {
            throw Corrupt($"'{key}' in the map at byte {at} has {bytes.Length} bytes, not {SidecarFormat.DigestLength}");
        }

        return bytes.ToArray();
    }

    private ReadOnlyMemory<byte> ReadData(ref MessagePackReader reader, long at)
    {
        // The bin header alone first (bin 8/16/32: a length of 1, 2 or 4 big-endian bytes), so an impossible length is
        // refused before the reader waits for its bytes.
        int lengthBytes = reader.NextCode switch { MessagePackCode.Bin8 => 1, MessagePackCode.Bin16 => 2, MessagePackCode.Bin32 => 4, _ => 0 };
        if (lengthBytes > 0)
        {
            MessagePackReader peek = reader.CreatePeekReader();
            ReadOnlySequence<byte> head = peek.ReadRaw(1 + lengthBytes);
            Span<byte> header = stackalloc byte[5];
            head.CopyTo(header);
            long length = 0;
            for (int i = 1; i <= lengthBytes; i++)
            {
                length = (length << 8) | header[i];
            }

            if (length > _maxStored)
            {
                throw Corrupt($"the payload at byte {at} has {length} bytes, more than a {Header.MaskWidth}x{Header.MaskHeight} mask can take");
            }
        }

        // One segment: the record stream hands the reader a single array.
        ReadOnlySequence<byte> data = reader.ReadBytes() ?? throw Corrupt($"'{SidecarFormat.DataKey}' in the map at byte {at} is nil");
        return data.First;
    }

    private SidecarCorruptException Corrupt(string reason) => new(Path, reason);

    private struct Record
    {
        public string? Kind;
        public int? Frame;
        public byte[]? Digest;
        public ReadOnlyMemory<byte> Data;
        public bool HasData;
        public int? FrameCount;
        public byte[]? FramesDigest;
    }
}
