using System.Security.Cryptography;
using VmafRoi.Contracts;
using VmafRoi.Saliency.MessagePack;
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
    private readonly MessagePackWriter _writer;
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
        _writer = new MessagePackWriter(file.Stream);
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
            writer.Guard(() => SidecarFormat.WriteHeader(writer._writer, header));
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

        byte[] digestCopy = digest.ToArray();
        Guard(() =>
        {
            _writer.WriteMapHeader(4);
            _writer.WriteString(SidecarFormat.KindKey);
            _writer.WriteString(SidecarFormat.FrameKind);
            _writer.WriteString(SidecarFormat.FrameKey);
            _writer.WriteInt64(frameIndex);
            _writer.WriteString(SidecarFormat.Sha256Key);
            _writer.WriteBinary(digestCopy);
            _writer.WriteString(SidecarFormat.DataKey);
            _writer.WriteBinary(_stored.GetBuffer().AsSpan(0, (int)_stored.Length));
        });
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

        byte[] framesDigest = _framesHash.GetHashAndReset();
        Guard(() =>
        {
            _writer.WriteMapHeader(3);
            _writer.WriteString(SidecarFormat.KindKey);
            _writer.WriteString(SidecarFormat.EndKind);
            _writer.WriteString(SidecarFormat.FrameCountKey);
            _writer.WriteInt64(FrameCount);
            _writer.WriteString(SidecarFormat.FramesSha256Key);
            _writer.WriteBinary(framesDigest);
        });
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

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException($"cannot write saliency sidecar '{Path}': {e.Message}", Path, e);
        }
    }
}
