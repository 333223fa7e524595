using System.Runtime.InteropServices;
using VmafRoi.Contracts;

namespace VmafRoi.VmafRunner.Engine.Features.FloatCommon;

/// <summary>
/// One plane of raw samples as an extractor reads it: bytes at 8 bits, 16-bit words (little-endian) above, with a
/// row stride in samples. A view only; it never copies.
/// </summary>
public readonly ref struct SamplePlane
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly ReadOnlySpan<ushort> _words;

    /// <summary>An 8-bit plane.</summary>
    public SamplePlane(ReadOnlySpan<byte> samples, int width, int height, int stride)
        : this(samples, default, width, height, stride, 8)
    {
    }

    /// <summary>A 10-, 12- or 16-bit plane.</summary>
    public SamplePlane(ReadOnlySpan<ushort> samples, int width, int height, int stride, int bitDepth)
        : this(default, samples, width, height, stride, bitDepth)
    {
        if (bitDepth <= 8)
        {
            throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "16-bit words carry more than 8 bits per sample");
        }
    }

    private SamplePlane(ReadOnlySpan<byte> bytes, ReadOnlySpan<ushort> words, int width, int height, int stride, int bitDepth)
    {
        if (width <= 0 || height <= 0 || stride < width)
        {
            throw new ArgumentException($"plane {width}x{height} with stride {stride} is not valid");
        }

        long needed = ((long)(height - 1) * stride) + width;
        int have = bitDepth > 8 ? words.Length : bytes.Length;
        if (have < needed)
        {
            throw new ArgumentException($"plane {width}x{height} (stride {stride}) needs {needed} samples; got {have}");
        }

        _bytes = bytes;
        _words = words;
        Width = width;
        Height = height;
        Stride = stride;
        BitDepth = bitDepth;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Samples from the start of one row to the start of the next.</summary>
    public int Stride { get; }

    public int BitDepth { get; }

    /// <summary>True for the default (absent) plane, e.g. the chroma of a 4:0:0 picture.</summary>
    public bool IsEmpty => Width == 0;

    /// <summary>8-bit samples (only when <see cref="BitDepth"/> is 8).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>16-bit samples (only when <see cref="BitDepth"/> is above 8).</summary>
    public ReadOnlySpan<ushort> Words => _words;

    /// <summary>A plane from raw bytes as files and the engine hold them: one byte per sample at 8 bits, else little-endian words.</summary>
    public static SamplePlane FromRaw(ReadOnlySpan<byte> raw, int width, int height, int stride, int bitDepth) =>
        bitDepth > 8
            ? new SamplePlane(MemoryMarshal.Cast<byte, ushort>(raw), width, height, stride, bitDepth)
            : new SamplePlane(raw, width, height, stride);

    /// <summary>The bit depths libvmaf's float conversion handles; others would be read as bytes.</summary>
    /// <exception cref="UnsupportedFormatException">Any other depth.</exception>
    public static void RequireFloatBitDepth(string extractor, int bitDepth)
    {
        if (bitDepth is not (8 or 10 or 12 or 16))
        {
            throw new UnsupportedFormatException(
                $"{extractor}: {bitDepth}-bit input is not supported; libvmaf's float features convert 8, 10, 12 or 16 bits per sample only");
        }
    }
}
