using VmafRoi.Contracts;
using VmafRoi.Tools.RoiScore;

namespace VmafRoi.Cli.Tests;

/// <summary>Runs vmaf-roi-score in-process, capturing its exit code and both streams.</summary>
internal static class RoiScoreRuns
{
    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = RoiScoreCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a command that must succeed and returns its parsed JSON result.</summary>
    public static RoiScoreResult Score(params string[] args)
    {
        (int code, string stdout, string stderr) = Run(args);
        Assert.True(code == ExitCodes.Success, $"exit {code}: {stderr}");
        return ContractJson.Deserialize<RoiScoreResult>(stdout);
    }
}
