using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VmafRoi.Blend;

/// <summary>
/// Turns a saliency mask into a blend weight: with <c>fade == 0</c> a hard mask (<c>m ≥ t → 1</c>, else 0); otherwise
/// <c>clamp((m − t) / fade, 0, 1)</c>. Alpha 1 keeps the distorted pixel, alpha 0 takes the reference pixel.
/// </summary>
public static class MaskAlpha
{
    /// <summary>The seed tool's default threshold: below 0.3 the reference pixel is used.</summary>
    public const float DefaultThreshold = 0.3f;

    /// <summary>The seed tool's default fade band above the threshold.</summary>
    public const float DefaultFade = 0.1f;

    /// <summary>Computes <paramref name="alpha"/> from <paramref name="mask"/> (same length).</summary>
    public static void Compute(ReadOnlySpan<float> mask, Span<float> alpha, float threshold, float fade, VectorWidth width = VectorWidth.Auto)
    {
        if (alpha.Length < mask.Length)
        {
            throw new ArgumentException($"alpha has {alpha.Length} elements; the mask has {mask.Length}", nameof(alpha));
        }

        int i = 0;
        ref float m = ref MemoryMarshal.GetReference(mask);
        ref float a = ref MemoryMarshal.GetReference(alpha);
        switch (VectorPaths.Resolve(width))
        {
            case VectorWidth.Vector256:
                i = Compute256(ref m, ref a, mask.Length, threshold, fade);
                break;
            case VectorWidth.Vector128:
                i = Compute128(ref m, ref a, mask.Length, threshold, fade);
                break;
        }

        for (; i < mask.Length; i++)
        {
            alpha[i] = Scalar(mask[i], threshold, fade);
        }
    }

    /// <summary>The scalar reference for one sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Scalar(float m, float threshold, float fade)
    {
        if (fade == 0f)
        {
            return m >= threshold ? 1f : 0f;
        }

        float v = (m - threshold) / fade;
        return v < 0f ? 0f : v > 1f ? 1f : v;
    }

    private static int Compute256(ref float m, ref float a, int length, float threshold, float fade)
    {
        var t = Vector256.Create(threshold);
        var f = Vector256.Create(fade);
        int i = 0;
        for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            Vector256<float> v = Vector256.LoadUnsafe(ref m, (nuint)i);
            Vector256<float> r = fade == 0f
                ? Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(v, t), Vector256<float>.One, Vector256<float>.Zero)
                : Vector256.Min(Vector256.Max((v - t) / f, Vector256<float>.Zero), Vector256<float>.One);
            r.StoreUnsafe(ref a, (nuint)i);
        }

        return i;
    }

    private static int Compute128(ref float m, ref float a, int length, float threshold, float fade)
    {
        var t = Vector128.Create(threshold);
        var f = Vector128.Create(fade);
        int i = 0;
        for (; i <= length - Vector128<float>.Count; i += Vector128<float>.Count)
        {
            Vector128<float> v = Vector128.LoadUnsafe(ref m, (nuint)i);
            Vector128<float> r = fade == 0f
                ? Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(v, t), Vector128<float>.One, Vector128<float>.Zero)
                : Vector128.Min(Vector128.Max((v - t) / f, Vector128<float>.Zero), Vector128<float>.One);
            r.StoreUnsafe(ref a, (nuint)i);
        }

        return i;
    }
}
