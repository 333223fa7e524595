using System.CommandLine;
using VmafRoi.Contracts;

namespace VmafRoi.Cli;

/// <summary>
/// The one edge where library errors become exit codes: parse errors exit <see cref="ExitCodes.Usage"/>, every
/// <see cref="VmafRoiException"/> goes through <see cref="ExitCodeMapper.From"/>, and messages go to stderr prefixed with
/// the tool name.
/// </summary>
public static class CliHost
{
    /// <summary>Parses and runs <paramref name="command"/>; returns the process exit code.</summary>
    /// <param name="toolName">The command's name, which prefixes every message.</param>
    /// <param name="command">The root command of a tool.</param>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Standard output (defaults to the console).</param>
    /// <param name="stderr">Standard error (defaults to the console).</param>
    /// <param name="describe">Turns an error into the text after <c>tool: </c>; defaults to the message.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<int> RunAsync(
        string toolName,
        RootCommand command,
        IReadOnlyList<string> args,
        TextWriter? stdout = null,
        TextWriter? stderr = null,
        Func<Exception, string>? describe = null,
        CancellationToken cancellationToken = default)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        string tool = toolName;
        ParseResult parse = command.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
            {
                await stderr.WriteLineAsync($"{tool}: {error.Message}");
            }

            await stderr.WriteLineAsync($"Run '{tool} --help' for usage.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(5),
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"{tool}: {(describe ?? DefaultDescription)(e)}");
            return ExitCodeMapper.From(e);
        }
    }

    /// <summary>The synchronous form of <see cref="RunAsync"/> for tests.</summary>
    public static int Run(string toolName, RootCommand command, IReadOnlyList<string> args, TextWriter? stdout = null, TextWriter? stderr = null, Func<Exception, string>? describe = null) =>
        RunAsync(toolName, command, args, stdout, stderr, describe).GetAwaiter().GetResult();

    /// <summary>The message of a library error, or the type and message of an unexpected one.</summary>
    public static string DefaultDescription(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => DefaultDescription(aggregate.InnerExceptions[0]),
        VmafRoiException => exception.Message,
        OperationCanceledException => "cancelled",
        _ => $"internal error: {exception.GetType().Name}: {exception.Message}",
    };
}
