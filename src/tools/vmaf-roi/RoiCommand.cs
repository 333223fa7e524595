using System.CommandLine;
using VmafRoi.Cli;

namespace VmafRoi.Tools.Roi;

/// <summary><c>vmaf-roi</c>: region-of-interest tools over saliency masks.</summary>
public static class RoiCommand
{
    public const string ToolName = "vmaf-roi";

    public static RootCommand Create() => new("Region-of-interest tools over saliency masks.")
    {
        SaliencyCommand.Create(),
    };

    /// <summary>Runs the tool in-process (tests call this; no child process).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        CliHost.Run(ToolName, Create(), args, stdout, stderr, cancellationToken: cancellationToken);
}
