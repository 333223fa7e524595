using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VmafRoi.Saliency;

/// <summary>Constants of one conversion: offsets, matrix, bit-depth divisor and the output normalisation.</summary>
internal readonly struct YuvToRgbCoefficients
{
    public YuvToRgbCoefficients(float lumaOffset, float chromaOffset, float ky, float rv, float gu, float gv, float bu, float divisor, RgbNormalization normalization)
    {
        LumaOffset = lumaOffset;
        ChromaOffset = chromaOffset;
        Ky = ky;
        Rv = rv;
        Gu = gu;
        Gv = gv;
        Bu = bu;
        Divisor = divisor;
        MeanR = normalization.Mean.R;
        MeanG = normalization.Mean.G;
        MeanB = normalization.Mean.B;
        StdR = normalization.Std.R;
        StdG = normalization.Std.G;
        StdB = normalization.Std.B;
    }

    public float LumaOffset { get; }

    public float ChromaOffset { get; }

    public float Ky { get; }

    public float Rv { get; }

    public float Gu { get; }

    public float Gv { get; }

    public float Bu { get; }

    /// <summary>Maps the native-depth result to the 8-bit scale (2^(bd−8) for limited range).</summary>
    public float Divisor { get; }

    public float MeanR { get; }

    public float MeanG { get; }

    public float MeanB { get; }

    public float StdR { get; }

    public float StdG { get; }

    public float StdB { get; }
}

/// <summary>
/// One row of YUV (already widened to float, chroma already at luma width) to normalised planar RGB:
/// <c>c = Y − yo, d = U − co, e = V − co; R = (ky·c + rv·e)/s, G = (ky·c − gu·d − gv·e)/s, B = (ky·c + bu·d)/s</c>,
/// each rounded half-to-even and clipped to 0..255, then <c>(x/255 − mean)/std</c>. Both paths do the same float
/// operations in the same order (no fused multiply-add), so their results are bit-identical.
/// </summary>
internal static class YuvToRgbKernel
{
    public static void Row(
        ReadOnlySpan<float> y,
        ReadOnlySpan<float> u,
        ReadOnlySpan<float> v,
        Span<float> r,
        Span<float> g,
        Span<float> b,
        in YuvToRgbCoefficients k,
        VectorPath path = VectorPath.Auto)
    {
        int n = y.Length;
        if (u.Length < n || v.Length < n || r.Length < n || g.Length < n || b.Length < n)
        {
            throw new ArgumentException("every row must be at least as long as the luma row");
        }

        int i = 0;
        if (path != VectorPath.Scalar && Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            i = RowVector256(y, u, v, r, g, b, k);
        }

        for (; i < n; i++)
        {
            float c = y[i] - k.LumaOffset;
            float d = u[i] - k.ChromaOffset;
            float e = v[i] - k.ChromaOffset;
            float t = k.Ky * c;
            r[i] = Finish(((t + (k.Rv * e)) / k.Divisor), k.MeanR, k.StdR);
            g[i] = Finish(((t - (k.Gu * d)) - (k.Gv * e)) / k.Divisor, k.MeanG, k.StdG);
            b[i] = Finish((t + (k.Bu * d)) / k.Divisor, k.MeanB, k.StdB);
        }
    }

    // Max before Min, in both paths: Max(−0, 0) is +0, so a value that rounds to −0 comes out as +0 either way.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Finish(float value, float mean, float std) =>
        ((Math.Min(Math.Max(MathF.Round(value), 0f), 255f) / 255f) - mean) / std;

    // Returns how many elements it converted (a multiple of the vector width).
    private static int RowVector256(
        ReadOnlySpan<float> y,
        ReadOnlySpan<float> u,
        ReadOnlySpan<float> v,
        Span<float> r,
        Span<float> g,
        Span<float> b,
        in YuvToRgbCoefficients k)
    {
        int width = Vector256<float>.Count;
        int last = y.Length - width;
        Vector256<float> lumaOffset = Vector256.Create(k.LumaOffset);
        Vector256<float> chromaOffset = Vector256.Create(k.ChromaOffset);
        Vector256<float> ky = Vector256.Create(k.Ky);
        Vector256<float> rv = Vector256.Create(k.Rv);
        Vector256<float> gu = Vector256.Create(k.Gu);
        Vector256<float> gv = Vector256.Create(k.Gv);
        Vector256<float> bu = Vector256.Create(k.Bu);
        Vector256<float> divisor = Vector256.Create(k.Divisor);
        Vector256<float> meanR = Vector256.Create(k.MeanR), meanG = Vector256.Create(k.MeanG), meanB = Vector256.Create(k.MeanB);
        Vector256<float> stdR = Vector256.Create(k.StdR), stdG = Vector256.Create(k.StdG), stdB = Vector256.Create(k.StdB);

        int i = 0;
        for (; i <= last; i += width)
        {
            Vector256<float> c = Vector256.Create(y.Slice(i, width)) - lumaOffset;
            Vector256<float> d = Vector256.Create(u.Slice(i, width)) - chromaOffset;
            Vector256<float> e = Vector256.Create(v.Slice(i, width)) - chromaOffset;
            Vector256<float> t = ky * c;
            Finish((t + (rv * e)) / divisor, meanR, stdR).CopyTo(r.Slice(i, width));
            Finish(((t - (gu * d)) - (gv * e)) / divisor, meanG, stdG).CopyTo(g.Slice(i, width));
            Finish((t + (bu * d)) / divisor, meanB, stdB).CopyTo(b.Slice(i, width));
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Finish(Vector256<float> value, Vector256<float> mean, Vector256<float> std) =>
        ((Vector256.Min(Vector256.Max(Vector256.Round(value), Vector256<float>.Zero), Vector256.Create(255f)) / Vector256.Create(255f)) - mean) / std;
}
