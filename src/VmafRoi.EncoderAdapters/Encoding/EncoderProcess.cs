using System.Diagnostics;
using VmafRoi.Contracts;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.EncoderAdapters.Encoding;

/// <summary>What an encoder process did.</summary>
/// <param name="ExitCode">Its exit status (0: it finished).</param>
/// <param name="Log">What its stderr said.</param>
/// <param name="Elapsed">From start to exit.</param>
public sealed record EncoderRun(int ExitCode, EncoderLog Log, TimeSpan Elapsed);

/// <summary>
/// Runs an encoder (ffmpeg, or an encoder's own CLI) that reads frames from its stdin: we write the frames, it writes
/// the file. stderr is scanned line by line as it comes (<see cref="EncoderLog"/>); cancellation kills the process.
/// </summary>
public static class EncoderProcess
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/>, feeding stdin with <paramref name="feed"/>.</summary>
    /// <param name="program">The executable.</param>
    /// <param name="arguments">Its arguments, one token each (never a shell string).</param>
    /// <param name="feed">Writes every frame to the stream (the process's stdin), which is closed afterwards.</param>
    /// <param name="stage">How errors name the run, e.g. <c>libx264 encode</c>.</param>
    /// <param name="cancellationToken">Kills the process.</param>
    /// <exception cref="EncodeFailedException">The process exited non-zero (its exit code is passed through).</exception>
    public static EncoderRun Run(string program, IReadOnlyList<string> arguments, Action<Stream> feed, string stage, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var log = new EncoderLog();
        long started = Stopwatch.GetTimestamp();
        using Process process = ExternalTool.Start(program, arguments, redirectStdin: true);
        using CancellationTokenRegistration kill = cancellationToken.Register(() => ExternalTool.Kill(process));
        process.ErrorDataReceived += (_, e) => log.Add(e.Data);
        process.BeginErrorReadLine();
        Task drain = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        Exception? feedError = null;
        Stream stdin = process.StandardInput.BaseStream;
        try
        {
            feed(stdin);
        }
        catch (IOException e)
        {
            // The encoder stopped reading (it failed, or was killed): its exit status and stderr tell why.
            feedError = e;
        }
        catch
        {
            // Our side failed (a bad source frame, a signal): the half-fed encoder must not outlive it.
            ExternalTool.Kill(process);
            process.WaitForExit();
            throw;
        }
        finally
        {
            try
            {
                stdin.Dispose();
            }
            catch (IOException)
            {
            }
        }

        process.WaitForExit();
        drain.Wait(CancellationToken.None);
        cancellationToken.ThrowIfCancellationRequested();
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        if (process.ExitCode != 0)
        {
            throw new EncodeFailedException(stage, process.ExitCode, log.Tail);
        }

        if (feedError is not null)
        {
            throw new EncodeFailedException(stage, 1, $"{log.Tail}\n(the encoder stopped reading frames: {feedError.Message})");
        }

        return new EncoderRun(process.ExitCode, log, elapsed);
    }
}
