using System.Buffers;
using System.Security.Cryptography;
using MessagePack;
using VmafRoi.Contracts;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Saliency.Sidecars;

/// <summary>
/// Writes a saliency sidecar frame by frame while masks stream in: the header at once, one map per
/// <see cref="WriteFrame"/>, the footer on <see cref="Commit"/>. The file appears complete, atomically, on commit;
/// disposing without committing (e.g. after an exception) leaves no file behind. Memory does not grow with the clip.
/// </summary>
public sealed class SaliencySidecarWriter : IDisposable
{
    private readonly AtomicFile _file;
    private readonly ArrayBufferWriter<byte> _encoded = new();
    private readonly int[]? _indices;
    private readonly byte[] _quantised;
    private readonly MemoryStream _stored = new();
    private readonly IncrementalHash _framesHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _nextIndex;
    private bool _finished;

    private SaliencySidecarWriter(string path, SidecarHeader header, AtomicFile file)
    {
        Path = path;
        Header = header;
        _file = file;
        _indices = header.GetSampling().Indices();
        _quantised = new byte[SidecarFormat.PayloadLength(header)];
    }

    /// <summary>Where the sidecar appears on <see cref="Commit"/>.</summary>
    public string Path { get; }

    public SidecarHeader Header { get; }

    /// <summary>True once <see cref="Commit"/> has moved the file into place.</summary>
    public bool IsCommitted { get; private set; }

    /// <summary>Frames written so far.</summary>
    public int FrameCount { get; private set; }

    /// <summary>The frame index the next <see cref="WriteFrame"/> must carry, or null when every sampled frame is written.</summary>
    public int? NextFrameIndex => _indices is null ? _nextIndex : FrameCount < _indices.Length ? _indices[FrameCount] : null;

    /// <summary>Starts a sidecar at <paramref name="path"/> (validated header; <see cref="OutputWriteException"/> when it cannot be written).</summary>
    public static SaliencySidecarWriter Create(string path, SidecarHeader header)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(header);
        header.Validate();
        AtomicFile file = AtomicFile.Create(path);
        try
        {
            var writer = new SaliencySidecarWriter(path, header, file);
            writer.Write(header);
            return writer;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Quantises and stores the mask of frame <paramref name="frameIndex"/> (values in [0, 1], <c>mask_width × mask_height</c>
    /// samples, row-major). Frames come in order: 0, 1, 2, … for <c>all</c>, the rule's indices for <c>uniform</c>.
    /// </summary>
    public void WriteFrame(int frameIndex, ReadOnlySpan<float> mask)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (NextFrameIndex is not int expected)
        {
            throw new InvalidOperationException($"every sampled frame ({FrameCount}) is already written to '{Path}'");
        }

        if (frameIndex != expected)
        {
            throw new ArgumentException($"frame {frameIndex} was written where frame {expected} was due", nameof(frameIndex));
        }

        if (mask.Length != Header.GetMaskLength())
        {
            throw new MaskException($"mask of frame {frameIndex} has {mask.Length} samples, the sidecar stores {Header.MaskWidth}x{Header.MaskHeight}");
        }

        SidecarFormat.Quantise(mask, Header.MaskBits, _quantised);
        Span<byte> digest = stackalloc byte[SidecarFormat.DigestLength];
        SHA256.HashData(_quantised, digest);
        SidecarFormat.Encode(_quantised, Header.Compression, _stored);
        _framesHash.AppendData(_stored.GetBuffer().AsSpan(0, (int)_stored.Length));

        Write(new SidecarFrameRecord { Frame = frameIndex, Sha256 = digest.ToArray(), Data = _stored.GetBuffer().AsMemory(0, (int)_stored.Length) });
        FrameCount++;
        _nextIndex = frameIndex + 1;
    }

    /// <summary>Writes the footer and moves the finished file into place. For <c>uniform</c> sampling every sampled frame must be written.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_indices is not null && FrameCount != _indices.Length)
        {
            throw new InvalidOperationException($"only {FrameCount} of the {_indices.Length} sampled frames were written to '{Path}'");
        }

        Write(new SidecarFooterRecord { FrameCount = FrameCount, FramesSha256 = _framesHash.GetHashAndReset() });
        _file.Commit();
        _finished = true;
        IsCommitted = true;
        Release();
    }

    /// <summary>Abandons an uncommitted sidecar: its temporary file is deleted.</summary>
    public void Dispose()
    {
        if (!_finished)
        {
            _finished = true;
            _file.Dispose();
            Release();
        }
    }

    private void Release()
    {
        _stored.Dispose();
        _framesHash.Dispose();
    }

    // One map, encoded by MessagePack-CSharp, then written here so an I/O error is ours to report.
    private void Write<T>(T record)
    {
        _encoded.ResetWrittenCount();
        MessagePackSerializer.Serialize(_encoded, record, SidecarFormat.Options);
        try
        {
            _file.Stream.Write(_encoded.WrittenSpan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException($"cannot write saliency sidecar '{Path}': {e.Message}", Path, e);
        }
    }
}
