using VmafRoi.Cli;
using VmafRoi.Tools.Roi;

return await CliHost.RunAsync(RoiCommand.ToolName, RoiCommand.Create(stderrIsTerminal: !Console.IsErrorRedirected), args);
