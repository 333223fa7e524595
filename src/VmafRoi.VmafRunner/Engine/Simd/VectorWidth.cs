using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
}

/// <summary>Resolves a requested width to one the machine accelerates.</summary>
public static class VectorSupport
{
    /// <summary>The widest width this machine accelerates with the instructions our kernels need (x86: AVX2 for 256, SSE4.2 for 128).</summary>
    public static VectorWidth Best =>
        Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx2.IsSupported ? VectorWidth.V256
        : Vector128.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Sse42.IsSupported ? VectorWidth.V128
        : VectorWidth.Scalar;

    /// <summary><see cref="VectorWidth.Auto"/> becomes <see cref="Best"/>; wider than supported falls back.</summary>
    public static VectorWidth Resolve(VectorWidth requested)
    {
        VectorWidth best = Best;
        if (requested == VectorWidth.Auto)
        {
            return best;
        }

        return (int)requested <= (int)best ? requested : best;
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

/// <summary>The shared loop: widest steps first, narrower ones for the remainder, scalar for the tail.</summary>
internal static class ColumnLoop
{
    // Full optimisation from the first call: kernels run per row, and tier-0 code would stay hot for whole frames.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TKernel>(ref TKernel kernel, int start, int end, VectorWidth width)
        where TKernel : struct, IColumnKernel
    {
        int j = start;
        if (width == VectorWidth.V256)
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
}
