using VmafRoi.Cli;
using VmafRoi.Tools.Materialize;

return await CliHost.RunMainAsync(MaterializeCommand.ToolName, MaterializeCommand.Create(stderrIsTerminal: !Console.IsErrorRedirected, argv: args), args);
