using System.Runtime.Intrinsics;

namespace VmafRoi.Blend;

/// <summary>Which code path a kernel runs. Tests force each one to prove every path gives the scalar result.</summary>
public enum VectorWidth
{
    /// <summary>The widest path the machine accelerates.</summary>
    Auto,

    /// <summary>The scalar reference path.</summary>
    Scalar,

    /// <summary>128-bit vectors.</summary>
    Vector128,

    /// <summary>256-bit vectors.</summary>
    Vector256,
}

internal static class VectorPaths
{
    /// <summary>The path to run for a request: Auto picks the widest accelerated width.</summary>
    public static VectorWidth Resolve(VectorWidth requested) => requested switch
    {
        VectorWidth.Auto when Vector256.IsHardwareAccelerated => VectorWidth.Vector256,
        VectorWidth.Auto when Vector128.IsHardwareAccelerated => VectorWidth.Vector128,
        VectorWidth.Auto => VectorWidth.Scalar,
        _ => requested,
    };
}
