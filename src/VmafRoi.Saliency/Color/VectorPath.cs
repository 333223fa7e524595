namespace VmafRoi.Saliency;

/// <summary>Which code path a kernel takes; tests force each one to prove they agree.</summary>
internal enum VectorPath
{
    /// <summary>The widest path the hardware accelerates.</summary>
    Auto,

    /// <summary>The scalar reference path.</summary>
    Scalar,

    /// <summary>Vector256, falling back to scalar only for the tail.</summary>
    Vector256,
}
