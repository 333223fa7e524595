using VmafRoi.Cli;
using VmafRoi.Tools.Tune;

return await CliHost.RunMainAsync(TuneCommand.ToolName, TuneCommand.Create(stderrIsTerminal: !Console.IsErrorRedirected), args);
