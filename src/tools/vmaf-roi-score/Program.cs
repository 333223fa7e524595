using VmafRoi.Cli;
using VmafRoi.Tools.RoiScore;

return await CliHost.RunMainAsync(RoiScoreCommand.ToolName, RoiScoreCommand.Create(stderrIsTerminal: !Console.IsErrorRedirected), args, describe: RoiScoreCommand.Describe);
