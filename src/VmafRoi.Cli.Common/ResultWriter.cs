using VmafRoi.Yuv.IO;

namespace VmafRoi.Cli;

/// <summary>Writes a tool's text result to stdout, or atomically to a file.</summary>
public static class ResultWriter
{
    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="outputPath"/> (atomically, or through a device or pipe), or to
    /// stdout for null and <c>-</c>. A failure of either is an <see cref="VmafRoi.Contracts.OutputWriteException"/> naming it.
    /// </summary>
    public static void Write(string text, string? outputPath, TextWriter stdout, CancellationToken cancellationToken = default)
    {
        if (outputPath is null || outputPath == "-")
        {
            try
            {
                stdout.Write(text);
                stdout.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                throw new VmafRoi.Contracts.OutputWriteException($"cannot write to {StandardOutput.Name}: {e.Message}", StandardOutput.Name, e);
            }

            return;
        }

        AtomicFile.WriteAllText(outputPath, text, cancellationToken);
    }
}
