using VmafRoi.Cli;
using VmafRoi.Tools.RoiScore;

return await CliHost.RunMainAsync(RoiScoreCommand.ToolName, RoiScoreCommand.Create(), args, describe: RoiScoreCommand.Describe);
