using System.Diagnostics;
using System.Globalization;
using VmafRoi.Sdk.Tasks.Running;
using VmafRoi.Sdk.Tests.Infrastructure;

namespace VmafRoi.Sdk.Tests.Tasks;

/// <summary>The parallel runner behind every out-of-process task, with real child processes.</summary>
public sealed class ProcessRunnerTests : IDisposable
{
    private readonly TempDirectory _folder = new("vmafroi-runner-");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task At_most_max_parallel_children_run_at_once(int limit)
    {
        string log = _folder.File("log.txt");
        ToolRun[] runs = [.. Enumerable.Range(0, 6).Select(i => Logged(log, $"r{i}", group: null))];

        await ProcessRunner.RunAllAsync(runs, limit);

        Assert.Equal(limit, MaxOverlap(log));
    }

    [Fact]
    public async Task Runs_of_one_group_start_after_the_first_of_them_has_finished()
    {
        string log = _folder.File("log.txt");
        ToolRun[] runs = [Logged(log, "first", "sidecar-a"), Logged(log, "second", "sidecar-a"), Logged(log, "third", "sidecar-a"), Logged(log, "other", "sidecar-b")];

        IReadOnlyList<ToolRunResult> results = await ProcessRunner.RunAllAsync(runs, 4);

        List<(string Event, string Key, long Time)> events = Events(log);
        long firstEnd = events.Single(e => e is ("end", "first", _)).Time;
        Assert.All(events.Where(e => e is ("start", "second" or "third", _)), e => Assert.True(e.Time >= firstEnd));
        Assert.True(events.Single(e => e is ("start", "other", _)).Time < firstEnd, "another group does not wait");
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(["first", "second", "third", "other"], results.Select(r => r.Run.Key));
    }

    [Fact]
    public async Task Exit_code_stderr_and_stdout_come_back_per_run()
    {
        ToolRun run = new("fails", "/bin/sh", ["-c", "echo out; echo 'vmaf-roi-score: bad clip' >&2; exit 1"], _folder.Path);

        ToolRunResult result = await ProcessRunner.RunOneAsync(run);

        Assert.False(result.Succeeded);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("out\n", result.StandardOutput);
        Assert.Equal(["vmaf-roi-score: bad clip"], result.StandardError);
    }

    [Fact]
    public async Task Missing_program_is_a_start_error_not_an_exception()
    {
        ToolRunResult result = await ProcessRunner.RunOneAsync(new ToolRun("x", _folder.File("no-such-tool"), [], _folder.Path));

        Assert.False(result.Succeeded);
        Assert.StartsWith("could not start", result.StartError);
    }

    [Fact]
    public async Task Cancelling_kills_the_running_children()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ProcessRunner.RunAllAsync([new ToolRun("sleeper", "/bin/sh", ["-c", "sleep 30"], _folder.Path)], 1, cancellationToken: cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Environment_entries_are_set_for_the_child_only()
    {
        ToolRun run = new("env", "/bin/sh", ["-c", "printf %s \"$VMAF_MODEL_PATH\""], _folder.Path, Environment: new Dictionary<string, string?> { ["VMAF_MODEL_PATH"] = "/models" });

        ToolRunResult result = await ProcessRunner.RunOneAsync(run);

        Assert.Equal("/models", result.StandardOutput);
        Assert.NotEqual("/models", Environment.GetEnvironmentVariable("VMAF_MODEL_PATH"));
    }

    // Each child appends "start KEY NANOS" and, after a short sleep, "end KEY NANOS".
    private ToolRun Logged(string log, string key, string? group) =>
        new(key, "/bin/sh", ["-c", $"echo start {key} $(date +%s%N) >> '{log}'; sleep 0.3; echo end {key} $(date +%s%N) >> '{log}'"], _folder.Path, group);

    private static List<(string Event, string Key, long Time)> Events(string log) =>
        [.. File.ReadAllLines(log).Select(line => line.Split(' ')).Select(p => (p[0], p[1], long.Parse(p[2], CultureInfo.InvariantCulture)))];

    private static int MaxOverlap(string log)
    {
        int running = 0;
        int max = 0;
        foreach ((string what, _, _) in Events(log).OrderBy(e => e.Time).ThenBy(e => e.Event == "start" ? 1 : 0))
        {
            running += what == "start" ? 1 : -1;
            max = Math.Max(max, running);
        }

        return max;
    }
}
