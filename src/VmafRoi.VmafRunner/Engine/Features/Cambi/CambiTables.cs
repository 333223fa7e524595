namespace VmafRoi.VmafRunner.Engine.Features.Cambi;

/// <summary>CAMBI's constant tables (libvmaf 3.2.0 <c>cambi.c</c>/<c>cambi.h</c>; 05-cambi.md).</summary>
internal static class CambiTables
{
    /// <summary>Entries of the reciprocal table: <c>1/i</c> for i below this, the largest window is 65x65 = 4225.</summary>
    public const int ReciprocalSize = 4226;

    /// <summary>Weights of the five scales, finest first.</summary>
    public static ReadOnlySpan<int> ScaleWeights => [16, 8, 4, 2, 1];

    /// <summary>Supra-threshold contrast response: the weight of contrast step d (d = 0..31).</summary>
    public static ReadOnlySpan<int> ContrastWeights =>
        [1, 2, 3, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9];

    /// <summary>
    /// libvmaf's reciprocal table: its entries are 9-digit decimal literals, 42 of which round to the float one ulp away
    /// from <c>1.0f / i</c>. The c-value multiplies by these, so they must be these exact bits.
    /// </summary>
    public static float[] Reciprocal { get; } = BuildReciprocal();

    /// <summary>(index, float bits) of the entries that differ from <c>1.0f / i</c>.</summary>
    private static ReadOnlySpan<uint> ReciprocalPatches =>
    [
        82, 0x3C47CE0D, 83, 0x3C4565C9, 244, 0x3B864B8B, 488, 0x3B064B8B, 504, 0x3B020820, 510, 0x3B008080,
        528, 0x3AF83E0F, 564, 0x3AE865AD, 614, 0x3AD578EA, 664, 0x3AC565C9, 749, 0x3AAEFEF9, 760, 0x3AAC7691,
        892, 0x3A92F113, 1419, 0x3A38BD12, 1699, 0x3A1A4B0A, 1906, 0x3A098945, 2040, 0x3A008080, 2071, 0x39FD282C,
        2112, 0x39F83E0F, 2223, 0x39EBD8D8, 2443, 0x39D69BB8, 2555, 0x39CD3366, 2740, 0x39BF5893, 2927, 0x39B31F0C,
        3285, 0x399F99C1, 3515, 0x39952846, 3525, 0x3994BBF3, 3705, 0x398D821B, 3795, 0x398A26FD, 3797, 0x398A145C,
        3812, 0x39898945, 3837, 0x3988A3DC, 3885, 0x3986F3AD, 4033, 0x3981FFDF, 4080, 0x39808080, 4091, 0x3980280C,
        4095, 0x39800800, 4130, 0x397DE47B, 4142, 0x397D282C, 4203, 0x39797B95, 4218, 0x39789875, 4224, 0x39783E0F,
    ];

    /// <summary>How many entries of <see cref="Reciprocal"/> are not <c>1.0f / i</c> (the spec says 42).</summary>
    public static int ReciprocalPatchCount => ReciprocalPatches.Length / 2;

    private static float[] BuildReciprocal()
    {
        var table = new float[ReciprocalSize];
        for (int i = 1; i < ReciprocalSize; i++)
        {
            table[i] = 1.0f / i;
        }

        ReadOnlySpan<uint> patches = ReciprocalPatches;
        for (int p = 0; p < patches.Length; p += 2)
        {
            table[patches[p]] = BitConverter.UInt32BitsToSingle(patches[p + 1]);
        }

        return table;
    }
}
