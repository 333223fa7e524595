using System.Diagnostics;
using VmafRoi.Yuv;

using VmafRoi.Materializer.Planning;

namespace VmafRoi.Materializer.Clips;

/// <summary>How the clips of a run were obtained.</summary>
public sealed record ClipRunStats(int Clips, int Computed, int FromCache);

/// <summary>
/// Computes a run's distinct clips on <c>jobs</c> worker threads, each with its own model instances and at most one
/// clip's frames in memory, committing every result to the cache as it finishes; with resume, clips whose cached entry
/// still matches their file are not computed again.
/// </summary>
internal static class ClipRunner
{
    /// <summary>The progress stage name.</summary>
    public const string Stage = "clips";

    public static (ClipOutcome[] Outcomes, ClipRunStats Stats) Run(
        IReadOnlyList<ClipRequest> clips,
        ClipSettings settings,
        int jobs,
        ResultCache? cache,
        bool resume,
        IProgress<FrameProgress>? progress,
        CancellationToken cancellationToken)
    {
        var outcomes = new ClipOutcome?[clips.Count];
        var identities = new (long Size, long Ticks)[clips.Count];
        var pending = new List<int>(clips.Count);
        Dictionary<ClipRequest, (long Size, long Ticks, ClipOutcome Outcome)> cached = resume && cache is not null ? cache.ReadAll() : [];
        for (int i = 0; i < clips.Count; i++)
        {
            identities[i] = Identity(clips[i].Path);
            if (cached.TryGetValue(clips[i], out var entry) && entry.Size == identities[i].Size && entry.Ticks == identities[i].Ticks)
            {
                outcomes[i] = entry.Outcome;
            }
            else
            {
                pending.Add(i);
            }
        }

        int fromCache = clips.Count - pending.Count;
        long start = Stopwatch.GetTimestamp();
        int done = 0;
        progress?.Report(new FrameProgress(Stage, 0, pending.Count, TimeSpan.Zero) { Unit = Stage });
        int next = -1;
        Exception? failure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Work()
        {
            using var features = new ClipFeatures(settings);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    int slot = Interlocked.Increment(ref next);
                    if (slot >= pending.Count)
                    {
                        return;
                    }

                    int i = pending[slot];
                    ClipOutcome outcome = features.Compute(clips[i], stop.Token);
                    cache?.Put(clips[i], identities[i].Size, identities[i].Ticks, outcome);
                    outcomes[i] = outcome;
                    int finished = Interlocked.Increment(ref done);
                    progress?.Report(new FrameProgress(Stage, finished, pending.Count, Stopwatch.GetElapsedTime(start)) { Unit = Stage });
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
                stop.Cancel();
            }
        }

        int threads = Math.Clamp(jobs, 1, Math.Max(1, pending.Count));
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = new Thread(Work) { IsBackground = true, Name = $"materialize-{t}" };
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure is OperationCanceledException && cancellationToken.IsCancellationRequested ? new OperationCanceledException(cancellationToken) : failure).Throw();
        }

        return ([.. outcomes.Select(o => o!)], new ClipRunStats(clips.Count, pending.Count, fromCache));
    }

    private static (long, long) Identity(string path)
    {
        try
        {
            return ResultCache.Identity(path);
        }
        catch (IOException)
        {
            return (-1, -1);
        }
    }
}
