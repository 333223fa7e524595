using VmafRoi.Cli;
using VmafRoi.Tools.RoiScore;

return await CliHost.RunAsync(RoiScoreCommand.ToolName, RoiScoreCommand.Create(stderrIsTerminal: !Console.IsErrorRedirected), args, describe: RoiScoreCommand.Describe);
