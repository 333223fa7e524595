using System.Runtime.Intrinsics;

namespace VmafRoi.Aggregators.Kernels;

/// <summary>Which loop a kernel runs; tests force each one to prove they agree with the scalar twin.</summary>
internal enum VectorWidth
{
    /// <summary>One element at a time: the reference path.</summary>
    Scalar = 0,

    /// <summary>256-bit vectors, with a scalar tail.</summary>
    Vector256 = 256,
}

internal static class VectorWidths
{
    /// <summary>The widest path the machine accelerates; software-emulated vectors would only be slower.</summary>
    public static VectorWidth Best { get; } = Vector256.IsHardwareAccelerated ? VectorWidth.Vector256 : VectorWidth.Scalar;
}
