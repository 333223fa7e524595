using System.CommandLine;
using VmafRoi.Cli;

namespace VmafRoi.Tools.Roi;

/// <summary><c>vmaf-roi</c>: region-of-interest tools over saliency masks.</summary>
public static class RoiCommand
{
    public const string ToolName = "vmaf-roi";

    /// <summary>The root command; progress is drawn on stderr only when <paramref name="stderrIsTerminal"/>.</summary>
    public static RootCommand Create(bool stderrIsTerminal = false) => new("Region-of-interest tools over saliency masks.")
    {
        SaliencyCommand.Create(stderrIsTerminal),
        QpCommand.Create(stderrIsTerminal),
    };

    /// <summary>Runs the tool in-process (tests call this; no child process).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal = false, CancellationToken cancellationToken = default) =>
        CliHost.Run(ToolName, Create(stderrIsTerminal), args, stdout, stderr, cancellationToken: cancellationToken);
}
