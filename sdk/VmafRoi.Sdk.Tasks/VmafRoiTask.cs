using System.Collections.Concurrent;
using Microsoft.Build.Framework;
using VmafRoi.Contracts;
using VmafRoi.Sdk.Tasks.Metadata;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// Base of every VmafRoi task: errors are coded (<see cref="GateCodes"/>) one-line messages, never exception traces;
/// Ctrl+C cancels running work and child processes; log calls from worker threads are replayed on the task's thread.
/// </summary>
public abstract class VmafRoiTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The project the items belong to (errors point at it); defaults to the file holding the task element.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>Cancelled when the build is (MSBuild calls <see cref="Cancel"/>).</summary>
    protected CancellationToken CancellationToken => _cancellation.Token;

    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            return Run() && !Log.HasLoggedErrors;
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Log.LogMessage(MessageImportance.High, "{0}: cancelled", GetType().Name);
            return false;
        }
        catch (Exception e)
        {
            string code = GateCodes.From(e);
            LogCoded(code, code == GateCodes.InternalError ? $"{GetType().Name}: internal error: {e.GetType().Name}: {e.Message}" : Describe(e));

            // The trace goes to detailed logs only: users see one coded line.
            Log.LogMessage(MessageImportance.Low, "{0}", e.ToString());
            return false;
        }
    }

    /// <summary>Does the task's work; returns false (after logging coded errors) when it failed.</summary>
    protected abstract bool Run();

    /// <summary>Logs an error with a VRQ code, attributed to the project file.</summary>
    protected void LogCoded(string code, string message) =>
        Log.LogError(
            subcategory: null,
            errorCode: code,
            helpKeyword: null,
            helpLink: GateCodes.HelpLink(code),
            file: ProjectFile is { Length: > 0 } project ? project : BuildEngine?.ProjectFileOfTaskNode,
            lineNumber: 0,
            columnNumber: 0,
            endLineNumber: 0,
            endColumnNumber: 0,
            message: "{0}",
            messageArgs: message);

    /// <summary>
    /// Runs <paramref name="body"/> for each item in process; a library or I/O error fails that item with its coded
    /// message and the others still run. Returns the results of the items that succeeded, in order.
    /// </summary>
    protected List<ITaskItem> ForEachItem(IReadOnlyList<ITaskItem> items, string itemType, Func<ITaskItem, ITaskItem> body, int maxParallel = 1)
    {
        var results = new ITaskItem?[items.Count];
        var failures = new (string Code, string Message)?[items.Count];
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallel), CancellationToken = CancellationToken }, i =>
        {
            try
            {
                results[i] = body(items[i]);
            }
            catch (MetadataException e)
            {
                failures[i] = (e.Code, e.Message);
            }
            catch (Exception e) when (e is VmafRoiException or IOException or UnauthorizedAccessException)
            {
                string code = e is VmafRoiException ? GateCodes.From(e) : GateCodes.ClipUnreadable;
                failures[i] = (code, $"{itemType} '{items[i].ItemSpec}': {Describe(e)}");
            }
        });

        foreach ((string code, string message) in failures.OfType<(string, string)>())
        {
            LogCoded(code, message);
        }

        return [.. results.OfType<ITaskItem>()];
    }

    /// <summary>A library error's message, unwrapped from a single-exception aggregate.</summary>
    protected static string Describe(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => exception.Message,
    };

    /// <summary>
    /// Runs <paramref name="work"/> on worker threads while this thread replays what they queued on the log, so log
    /// calls always come from the thread MSBuild gave the task.
    /// </summary>
    protected T RunWithLog<T>(Func<Action<Action>, Task<T>> work)
    {
        using var queue = new BlockingCollection<Action>();
        Task<T> task = Task.Run(async () =>
        {
            try
            {
                return await work(queue.Add).ConfigureAwait(false);
            }
            finally
            {
                queue.CompleteAdding();
            }
        });
        foreach (Action log in queue.GetConsumingEnumerable())
        {
            log();
        }

        return task.GetAwaiter().GetResult();
    }
}
