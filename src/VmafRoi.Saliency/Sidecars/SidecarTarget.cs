using VmafRoi.Contracts;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Saliency.Sidecars;

/// <summary>Checks a sidecar path before any work: a sidecar is read back after it is written, so it must be a regular file.</summary>
public static class SidecarTarget
{
    /// <summary>
    /// In <see cref="SidecarCacheMode.ReadOnly"/> the sidecar is an input: it must be a regular file. Otherwise it may be
    /// replaced, so it is checked as an output (<see cref="AtomicFile.CheckTarget"/>, never one of
    /// <paramref name="inputs"/>) and a device or pipe there is refused rather than written through.
    /// </summary>
    /// <exception cref="InvalidInputException">A read-only sidecar that is no regular file, or a sidecar that is an input.</exception>
    /// <exception cref="OutputWriteException">A sidecar that cannot be written, or a device or pipe.</exception>
    public static void Check(string path, string what, SidecarCacheMode mode, params string?[] inputs)
    {
        FileNode node = FileNode.Of(path);
        if (mode == SidecarCacheMode.ReadOnly)
        {
            if (node.Exists && node.Kind != FileNodeKind.Regular)
            {
                throw new InvalidInputException($"{what} '{path}' is {node.Describe()}; a sidecar is a regular file", path);
            }

            return;
        }

        AtomicFile.CheckTarget(path, what, inputs);
        if (node.IsSpecial)
        {
            throw new OutputWriteException($"cannot write {what} '{path}': it is {node.Describe()}, and a sidecar is read back after it is written; give a regular file path", path);
        }
    }
}
