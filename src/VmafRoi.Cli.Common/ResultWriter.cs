using VmafRoi.Yuv.IO;

namespace VmafRoi.Cli;

/// <summary>Writes a tool's text result to stdout, or atomically to a file.</summary>
public static class ResultWriter
{
    public static void Write(string text, string? outputPath, TextWriter stdout)
    {
        if (outputPath is null || outputPath == "-")
        {
            stdout.Write(text);
            stdout.Flush();
            return;
        }

        AtomicFile.WriteAllText(outputPath, text);
    }
}
