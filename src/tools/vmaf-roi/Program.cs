using VmafRoi.Cli;
using VmafRoi.Tools.Roi;

return await CliHost.RunMainAsync(RoiCommand.ToolName, RoiCommand.Create(stderrIsTerminal: !Console.IsErrorRedirected), args);
