using VmafRoi.Contracts;

namespace VmafRoi.Saliency.Sidecars;

/// <summary>
/// A valid sidecar made for something else than this run: another model, another reference clip, another geometry,
/// quantisation, colour matrix or sampling. The message names the field and both values.
/// </summary>
public sealed class SidecarMismatchException : InvalidInputException
{
    public SidecarMismatchException(string path, string field, string expected, string actual)
        : base($"saliency sidecar '{path}' does not match this run: it was made for {field} {actual}, not {expected}", path)
    {
        Field = field;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The header key that differs, e.g. <c>model_sha256</c>.</summary>
    public string Field { get; }

    /// <summary>What this run needs.</summary>
    public string Expected { get; }

    /// <summary>What the sidecar holds.</summary>
    public string Actual { get; }
}

/// <summary>
/// A sidecar that cannot be trusted: truncated, not MessagePack, a bad zlib stream, a payload of the wrong size, a
/// hash that does not match, frames out of order or a missing footer. The message names the file and the problem.
/// </summary>
public sealed class SidecarCorruptException : InvalidInputException
{
    public SidecarCorruptException(string path, string reason, Exception? innerException = null)
        : base($"saliency sidecar '{path}' is corrupt: {reason}", path, innerException) => Reason = reason;

    /// <summary>What is wrong, without the file name.</summary>
    public string Reason { get; }
}
