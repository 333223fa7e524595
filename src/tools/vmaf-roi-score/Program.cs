using VmafRoi.Cli;
using VmafRoi.Tools.RoiScore;

return await CliHost.RunAsync(RoiScoreCommand.ToolName, RoiScoreCommand.Create(), args, describe: RoiScoreCommand.Describe);
