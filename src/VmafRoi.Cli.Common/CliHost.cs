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
    /// <summary>
    /// The whole life of a command-line process: the real stdout (whose write failures are exit 73, see
    /// <see cref="StandardOutput"/>), and SIGINT, SIGTERM and SIGHUP cancelling the run, which then exits 130, 143 or 129
    /// after its cleanup (see <see cref="SignalCancellation"/>).
    /// </summary>
    public static async Task<int> RunMainAsync(string toolName, RootCommand command, IReadOnlyList<string> args, Func<Exception, string>? describe = null)
    {
        using var stdout = new StandardOutput();
        using var cancellation = new CancellationTokenSource();
        using var signals = new SignalCancellation(cancellation, toolName, Console.Error);
        int code = await RunAsync(toolName, command, args, stdout, Console.Error, describe, cancellation.Token, signals);
        return code;
    }

    /// <summary>Parses and runs <paramref name="command"/>; returns the process exit code.</summary>
    /// <param name="toolName">The command's name, which prefixes every message.</param>
    /// <param name="command">The root command of a tool.</param>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Standard output (defaults to the console).</param>
    /// <param name="stderr">Standard error (defaults to the console).</param>
    /// <param name="describe">Turns an error into the text after <c>tool: </c>; defaults to the message.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static Task<int> RunAsync(
        string toolName,
        RootCommand command,
        IReadOnlyList<string> args,
        TextWriter? stdout = null,
        TextWriter? stderr = null,
        Func<Exception, string>? describe = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(toolName, command, args, stdout, stderr, describe, cancellationToken, signals: null);

    /// <summary>The synchronous form of <see cref="RunAsync(string, RootCommand, IReadOnlyList{string}, TextWriter?, TextWriter?, Func{Exception, string}?, CancellationToken)"/> for tests.</summary>
    public static int Run(string toolName, RootCommand command, IReadOnlyList<string> args, TextWriter? stdout = null, TextWriter? stderr = null, Func<Exception, string>? describe = null, CancellationToken cancellationToken = default) =>
        RunAsync(toolName, command, args, stdout, stderr, describe, cancellationToken).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(
        string tool,
        RootCommand command,
        IReadOnlyList<string> args,
        TextWriter? stdout,
        TextWriter? stderr,
        Func<Exception, string>? describe,
        CancellationToken cancellationToken,
        SignalCancellation? signals)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
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

            // Signals are ours (SignalCancellation): System.CommandLine's handler knows neither SIGHUP nor our cleanup.
            ProcessTerminationTimeout = null,
        };
        int code;
        try
        {
            code = await parse.InvokeAsync(configuration, cancellationToken);
            stdout.Flush();
        }
        catch (Exception e)
        {
            if (signals?.Received is { } signal)
            {
                return Cancelled(tool, stderr, signal);
            }

            Report(stderr, $"{tool}: {Printable((describe ?? DefaultDescription)(e))}");
            return ExitCodeMapper.From(e);
        }

        return signals?.Received is { } late ? Cancelled(tool, stderr, late) : code;
    }

    private static int Cancelled(string tool, TextWriter stderr, System.Runtime.InteropServices.PosixSignal signal)
    {
        Report(stderr, $"{tool}: cancelled by {SignalCancellation.NameOf(signal)}; temporary files removed");
        return SignalCancellation.ExitCodeOf(signal);
    }

    /// <summary>
    /// A message safe for a terminal: control characters other than newline (bytes of a damaged file echoed in an
    /// error, which could move the cursor or change colours) become <c>\xNN</c>.
    /// </summary>
    public static string Printable(string message)
    {
        if (!message.Any(IsHostile))
        {
            return message;
        }

        var text = new System.Text.StringBuilder(message.Length + 16);
        foreach (char c in message)
        {
            if (IsHostile(c))
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static bool IsHostile(char c) => char.IsControl(c) && c != '\n';

    // An error message that cannot be written (stderr closed too) must not turn into a crash: the exit code still tells.
    private static void Report(TextWriter stderr, string line)
    {
        try
        {
            stderr.WriteLine(line);
            stderr.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The message of a library error, or the type and message of an unexpected one.</summary>
    public static string DefaultDescription(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => DefaultDescription(aggregate.InnerExceptions[0]),
        VmafRoiException => exception.Message,
        OperationCanceledException => "cancelled",
        _ => $"internal error: {exception.GetType().Name}: {exception.Message}",
    };
}
