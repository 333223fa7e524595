using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafRoi.VmafRunner.Engine.Simd;

/// <summary>Which vector width the kernels use. Every width gives bit-identical results; tests force each one.</summary>
public enum VectorWidth
{
    /// <summary>The widest accelerated width on this machine.</summary>
    Auto = 0,

    /// <summary>Plain scalar code: the reference twin of every kernel.</summary>
    Scalar = 1,

    V128 = 128,

    V256 = 256,

    /// <summary>AVX-512 where a kernel has a 512-bit step; other kernels run their 256-bit steps.</summary>
    V512 = 512,
}

/// <summary>Resolves a requested width to one the machine accelerates.</summary>
public static class VectorSupport
{
    /// <summary>
    /// The widest width this machine accelerates with the instructions our kernels need (x86: AVX-512 F/BW/DQ/VL for
    /// 512 (plus CD for lzcnt), AVX2 for 256, SSE4.2 for 128).
    /// </summary>
    public static VectorWidth Best =>
        Vector512.IsHardwareAccelerated && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512CD.IsSupported && Avx512F.VL.IsSupported && Avx2.IsSupported ? VectorWidth.V512
        : Vector256.IsHardwareAccelerated && Avx2.IsSupported ? VectorWidth.V256
        : Vector128.IsHardwareAccelerated && Sse42.IsSupported ? VectorWidth.V128
        : VectorWidth.Scalar;

    /// <summary>The environment variable that caps <see cref="VectorWidth.Auto"/>: <c>scalar</c>, <c>128</c>, <c>256</c>, <c>512</c> or <c>auto</c>.</summary>
    public const string EnvironmentVariable = "VMAFROI_VECTOR_WIDTH";

    /// <summary>
    /// What <see cref="VectorWidth.Auto"/> means in this process: <see cref="Best"/>, capped by
    /// <c>$VMAFROI_VECTOR_WIDTH</c> (so a benchmark can measure the AVX2 path of a whole tool run on an AVX-512 machine).
    /// </summary>
    public static VectorWidth Default { get; } = Cap(Best, Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary><see cref="VectorWidth.Auto"/> becomes <see cref="Default"/>; wider than supported falls back.</summary>
    public static VectorWidth Resolve(VectorWidth requested)
    {
        if (requested == VectorWidth.Auto)
        {
            return Default;
        }

        VectorWidth best = Best;
        return (int)requested <= (int)best ? requested : best;
    }

    /// <summary><paramref name="best"/> limited by a <see cref="EnvironmentVariable"/> value; an empty or unknown value changes nothing.</summary>
    internal static VectorWidth Cap(VectorWidth best, string? value)
    {
        VectorWidth cap = value?.Trim().ToLowerInvariant() switch
        {
            "scalar" or "0" or "1" => VectorWidth.Scalar,
            "128" or "sse" or "sse4.2" => VectorWidth.V128,
            "256" or "avx2" => VectorWidth.V256,
            "512" or "avx512" or "avx-512" => VectorWidth.V512,
            _ => VectorWidth.Auto,
        };
        return cap != VectorWidth.Auto && (int)cap < (int)best ? cap : best;
    }
}

/// <summary>A kernel run over a column range: a scalar step plus 128- and 256-bit steps that cover several columns.</summary>
internal interface IColumnKernel
{
    /// <summary>Columns one 256-bit step covers.</summary>
    static abstract int Lanes256 { get; }

    /// <summary>Columns one 128-bit step covers.</summary>
    static abstract int Lanes128 { get; }

    void Step256(int j);

    void Step128(int j);

    void StepScalar(int j);
}

/// <summary>A kernel that also has an AVX-512 step.</summary>
internal interface IColumnKernel512 : IColumnKernel
{
    /// <summary>Columns one 512-bit step covers.</summary>
    static abstract int Lanes512 { get; }

    void Step512(int j);
}

/// <summary>The shared loop: widest steps first, narrower ones for the remainder, scalar for the tail.</summary>
internal static class ColumnLoop
{
    // Full optimisation from the first call: kernels run per row, and tier-0 code would stay hot for whole frames.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TKernel>(ref TKernel kernel, int start, int end, VectorWidth width)
        where TKernel : struct, IColumnKernel
    {
        int j = start;
        if (width is VectorWidth.V256 or VectorWidth.V512)
        {
            for (; j <= end - TKernel.Lanes256; j += TKernel.Lanes256)
            {
                kernel.Step256(j);
            }
        }

        if (width is VectorWidth.V256 or VectorWidth.V128)
        {
            for (; j <= end - TKernel.Lanes128; j += TKernel.Lanes128)
            {
                kernel.Step128(j);
            }
        }

        for (; j < end; j++)
        {
            kernel.StepScalar(j);
        }
    }

    /// <summary>As <see cref="Run{TKernel}"/>, starting with 512-bit steps when <paramref name="width"/> is V512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run512<TKernel>(ref TKernel kernel, int start, int end, VectorWidth width)
        where TKernel : struct, IColumnKernel512
    {
        int j = start;
        if (width == VectorWidth.V512)
        {
            for (; j <= end - TKernel.Lanes512; j += TKernel.Lanes512)
            {
                kernel.Step512(j);
            }
        }

        Run(ref kernel, j, end, width);
    }
}
