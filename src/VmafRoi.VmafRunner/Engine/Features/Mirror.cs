using System.Runtime.CompilerServices;

namespace VmafRoi.VmafRunner.Engine.Features;

/// <summary>The two border maps of the spec (§0): libvmaf uses different ones per stage.</summary>
internal static class Mirror
{
    /// <summary>Reflection about the edge sample (…, 2, 1, 0, 1, 2, …) on both sides.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int R101(int i, int n) => i < 0 ? -i : i >= n ? (2 * (n - 1)) - i : i;

    /// <summary>Low side as <see cref="R101"/>; the high side repeats the edge sample (…, n−2, n−1, n−1, n−2, …).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Rdup(int i, int n) => i < 0 ? -i : i >= n ? (2 * n) - 1 - i : i;

    /// <summary>Fills <paramref name="pad"/> cells either side of a row stored at offset <paramref name="pad"/> with R101 mirrors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PadR101<T>(Span<T> row, int width, int pad)
    {
        for (int k = 1; k <= pad; k++)
        {
            row[pad - k] = row[pad + k];
            row[pad + width - 1 + k] = row[pad + width - 1 - k];
        }
    }

    /// <summary>As <see cref="PadR101{T}"/> with the RDUP map (the high side repeats the edge sample).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PadRdup<T>(Span<T> row, int width, int pad)
    {
        for (int k = 1; k <= pad; k++)
        {
            row[pad - k] = row[pad + k];
            row[pad + width - 1 + k] = row[pad + width - k];
        }
    }
}
