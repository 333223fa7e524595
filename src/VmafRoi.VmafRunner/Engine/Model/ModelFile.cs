using System.Text;
using VmafRoi.Contracts;
using VmafRoi.Yuv.IO;

namespace VmafRoi.VmafRunner.Engine.Model;

/// <summary>
/// Reads a model file safely: only a regular file (never a FIFO, device, socket or directory, which could block or never
/// end) of at most <see cref="VmafModelLoader.MaxFileBytes"/>, checked before it is opened.
/// </summary>
internal static class ModelFile
{
    private const long MaxBytes = VmafModelLoader.MaxFileBytes;

    /// <summary>Fails unless <paramref name="path"/> is a regular file of at most <see cref="VmafModelLoader.MaxFileBytes"/>; never opens it.</summary>
    /// <exception cref="VmafModelException">Missing, not a regular file, or too large; the message names the file.</exception>
    public static void Check(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileNode node = Examine(path);
        switch (node.Kind)
        {
            case FileNodeKind.Missing:
                throw new VmafModelException($"model file not found: {path}");
            case FileNodeKind.Regular when node.Size > MaxBytes:
                throw new VmafModelException($"model '{path}' is {node.Size} bytes; model JSON files are capped at 64 MiB ({MaxBytes} bytes)");
            case FileNodeKind.Regular:
                return;
            default:
                throw new VmafModelException($"model '{path}' is {node.Describe()}, not a regular file; give a model JSON file");
        }
    }

    /// <summary>Reads the file as text (UTF-8, or the encoding its byte-order mark names) after <see cref="Check"/>.</summary>
    /// <exception cref="VmafModelException">See <see cref="Check"/>; or the file could not be read.</exception>
    public static string ReadText(string path)
    {
        Check(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);

            // The file may have grown since the check: never read past the cap.
            var bytes = new MemoryStream();
            byte[] buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                if (bytes.Length + read > MaxBytes)
                {
                    throw new VmafModelException($"model '{path}' grew past the 64 MiB cap ({MaxBytes} bytes) while it was read");
                }

                bytes.Write(buffer, 0, read);
            }

            bytes.Position = 0;
            using var reader = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new VmafModelException($"model '{path}' could not be read: {ex.Message}", ex);
        }
    }

    private static FileNode Examine(string path)
    {
        try
        {
            return FileNode.Of(path);
        }
        catch (IOException ex)
        {
            throw new VmafModelException($"model '{path}' could not be examined: {ex.Message}", ex);
        }
    }
}
