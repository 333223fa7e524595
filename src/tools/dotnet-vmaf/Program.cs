using VmafRoi.Cli;
using VmafRoi.Tools.Vmaf;

return await CliHost.RunAsync(VmafCommand.ToolName, VmafCommand.Create(stderrIsTerminal: !Console.IsErrorRedirected), args);
