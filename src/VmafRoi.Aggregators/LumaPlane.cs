namespace VmafRoi.Aggregators;

/// <summary>
/// The luma samples of one frame, 8-bit or 9..16-bit, as a motion-aware aggregator needs them. A default value means
/// "no luma", which every aggregator except <c>motion-weighted</c> accepts.
/// </summary>
public readonly ref struct LumaPlane
{
    private LumaPlane(ReadOnlySpan<byte> bytes, ReadOnlySpan<ushort> words, int bitDepth)
    {
        Bytes = bytes;
        Words = words;
        BitDepth = bitDepth;
    }

    /// <summary>No luma.</summary>
    public static LumaPlane None => default;

    /// <summary>8-bit samples, or empty for deeper samples.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>9..16-bit samples (value in the low bits), or empty for 8-bit samples.</summary>
    public ReadOnlySpan<ushort> Words { get; }

    /// <summary>Bits per sample: 8..16, or 0 when there is no luma.</summary>
    public int BitDepth { get; }

    public bool IsEmpty => BitDepth == 0;

    /// <summary>Number of samples.</summary>
    public int Length => BitDepth > 8 ? Words.Length : Bytes.Length;

    /// <summary>An 8-bit luma plane.</summary>
    public static LumaPlane FromBytes(ReadOnlySpan<byte> samples) => new(samples, default, 8);

    /// <summary>A 9..16-bit luma plane stored in 16-bit words.</summary>
    public static LumaPlane FromWords(ReadOnlySpan<ushort> samples, int bitDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bitDepth, 9);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitDepth, 16);
        return new LumaPlane(default, samples, bitDepth);
    }
}
