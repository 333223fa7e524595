using VmafRoi.Contracts;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Saliency;

/// <summary>
/// Checks a saliency model path before anything reads it: it must be a regular file (a FIFO would block the open, a
/// device like <c>/dev/zero</c> never ends, a folder is not a model) no larger than <see cref="MaxBytes"/>.
/// </summary>
internal static class ModelFile
{
    /// <summary>1 GiB: far above any saliency model (ours are kilobytes, DeepLab 2.7 MB) and below ONNX's 2 GiB protobuf limit.</summary>
    public const long MaxBytes = 1L << 30;

    /// <exception cref="InvalidInputException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="MaskException">Something other than a regular file is there, or it is too large.</exception>
    public static void Check(string path)
    {
        FileNode node;
        try
        {
            node = FileNode.Of(path);
        }
        catch (IOException ex)
        {
            throw new MaskException($"saliency model '{path}' could not be examined: {ex.Message}");
        }

        if (!node.Exists)
        {
            throw new InvalidInputException($"saliency model not found: {path}", path);
        }

        if (node.Kind != FileNodeKind.Regular)
        {
            throw new MaskException($"saliency model '{path}' is {node.Describe()}, not a regular file; give the path of an .onnx file");
        }

        long length = node.Size;
        if (length > MaxBytes)
        {
            throw new MaskException($"saliency model '{path}' is {length} bytes; saliency models may be at most {MaxBytes} bytes (1 GiB)");
        }
    }
}
