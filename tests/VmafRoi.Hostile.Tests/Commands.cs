using VmafRoi.Tools.Materialize;
using VmafRoi.Tools.Roi;
using VmafRoi.Tools.RoiScore;
using VmafRoi.Tools.Vmaf;

namespace VmafRoi.Hostile.Tests;

/// <summary>The commands under test.</summary>
public enum Command
{
    /// <summary><c>vmaf-roi-score</c>.</summary>
    RoiScore,

    /// <summary><c>dotnet-vmaf</c>.</summary>
    Vmaf,

    /// <summary><c>vmaf-roi</c> (the table's arguments start with <c>saliency</c>).</summary>
    Roi,

    /// <summary><c>vmaf-saliency-materialize</c>.</summary>
    Materialize,
}

/// <summary>Runs a command in-process or as a child process, capturing its exit code and both streams.</summary>
public static class Commands
{
    public static string ToolName(Command command) => command switch
    {
        Command.RoiScore => RoiScoreCommand.ToolName,
        Command.Vmaf => VmafCommand.ToolName,
        Command.Materialize => MaterializeCommand.ToolName,
        _ => RoiCommand.ToolName,
    };

    /// <summary>In-process run; a run that has not ended after <paramref name="timeout"/> is cancelled and reported as hung.</summary>
    public static (int Code, string Stdout, string Stderr) Run(Command command, string[] args, TimeSpan? timeout = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var cancellation = new CancellationTokenSource();
        Task<int> run = Task.Factory.StartNew(
            () => command switch
            {
                Command.RoiScore => RoiScoreCommand.Run(args, stdout, stderr, cancellationToken: cancellation.Token),
                Command.Vmaf => VmafCommand.Run(args, stdout, stderr, cancellationToken: cancellation.Token),
                Command.Materialize => MaterializeCommand.Run(args, stdout, stderr, cancellationToken: cancellation.Token),
                _ => RoiCommand.Run(args, stdout, stderr, cancellationToken: cancellation.Token),
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        if (!run.Wait(timeout ?? TimeSpan.FromSeconds(90)))
        {
            cancellation.Cancel();
            run.Wait(TimeSpan.FromSeconds(10));
            Assert.Fail($"{ToolName(command)} {string.Join(' ', args)} did not end (hung); stderr so far:\n{stderr}");
        }

        return (run.Result, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The built assembly of a command (same configuration as these tests), for child-process runs.</summary>
    public static string AssemblyPath(Command command)
    {
        string name = ToolName(command);
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        string path = Path.Combine(TestShared.SharedData.RepoRoot, "src", "tools", name, "bin", configuration, "net10.0", name + ".dll");
        Assert.True(File.Exists(path), $"{path} is not built; build the solution first");
        return path;
    }
}
