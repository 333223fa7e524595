using System.Text.RegularExpressions;
using VmafRoi.Tools.Vmaf;

namespace VmafRoi.Cli.Tests;

/// <summary>Runs dotnet-vmaf in-process, and scrubs the one line of its JSON that differs run to run.</summary>
internal static partial class VmafRuns
{
    public static (int Code, string Stderr) Run(params string[] args)
    {
        var stderr = new StringWriter();
        int code = VmafCommand.Run(args, new StringWriter(), stderr);
        return (code, stderr.ToString());
    }

    /// <summary>The JSON with its <c>fps</c> value replaced, so two runs (or a run and libvmaf's file) compare equal.</summary>
    public static string WithoutFps(string json) => FpsLine().Replace(json, "  \"fps\": {scrubbed},");

    [GeneratedRegex("  \"fps\": [^\n]*,")]
    private static partial Regex FpsLine();
}
