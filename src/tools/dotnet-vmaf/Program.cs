using VmafRoi.Cli;
using VmafRoi.Tools.Vmaf;

return await CliHost.RunMainAsync(VmafCommand.ToolName, VmafCommand.Create(stderrIsTerminal: !Console.IsErrorRedirected), args);
