using System.Collections.Concurrent;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using VmafRoi.Yuv;

namespace VmafRoi.Cli;

/// <summary>
/// Live progress of a command on a terminal (Spectre.Console): one row per stage with a bar, frames done, frames per
/// second and the time left, all from <see cref="FrameProgress"/>. Off a terminal, or with <c>-q/--quiet</c>, the work
/// runs with no progress sink and nothing extra is printed.
/// </summary>
public static class CommandProgress
{
    /// <summary>
    /// Runs <paramref name="work"/> with a progress sink that draws on <paramref name="stderr"/> when
    /// <paramref name="show"/> (else null), and a note writer for one-line messages: written at once when nothing is
    /// drawn, and after the display ends (also on failure) when something is, so they never tear it.
    /// </summary>
    public static T Run<T>(TextWriter stderr, bool show, Func<IProgress<FrameProgress>?, Action<string>, T> work)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(work);
        if (!show)
        {
            return work(null, stderr.WriteLine);
        }

        var notes = new ConcurrentQueue<string>();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(stderr),
        });
        try
        {
            return console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new FigureColumn(Frames), new FigureColumn(Rate), new FigureColumn(Remaining))
                .Start(context =>
                {
                    var stages = new Stages(context);
                    try
                    {
                        return work(stages, notes.Enqueue);
                    }
                    finally
                    {
                        stages.StopAll();
                    }
                });
        }
        finally
        {
            while (notes.TryDequeue(out string? note))
            {
                stderr.WriteLine(note);
            }
        }
    }

    /// <summary>Whether a command should draw progress: its stderr is a terminal and it was not asked to be quiet.</summary>
    public static bool ShouldShow(bool stderrIsTerminal, bool quiet) => stderrIsTerminal && !quiet;

    /// <summary><c>120/240 frames</c>, or <c>120 frames</c> when the total is unknown (the unit is the report's: frames, clips).</summary>
    public static string Frames(FrameProgress p) => p.Total is int total
        ? string.Create(CultureInfo.InvariantCulture, $"{p.Frames}/{total} {p.Unit}")
        : string.Create(CultureInfo.InvariantCulture, $"{p.Frames} {p.Unit}");

    /// <summary><c>23.5 frames/s</c> (or <c>clips/s</c>).</summary>
    public static string Rate(FrameProgress p) => string.Create(CultureInfo.InvariantCulture, $"{p.Fps:F1} {p.Unit}/s");

    /// <summary><c>ETA 0:42</c> while running, <c>took 1:05</c> once every frame is done, nothing while the time left is unknown.</summary>
    public static string Remaining(FrameProgress p) =>
        p.Total is int total && p.Frames >= total ? "took " + Clock(p.Elapsed)
        : p.Remaining is { } left ? "ETA " + Clock(left)
        : string.Empty;

    private static string Clock(TimeSpan t) =>
        t.ToString(t.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    /// <summary>One row per stage, made when the stage first reports; a new stage ends the ones before it.</summary>
    private sealed class Stages(ProgressContext context) : IProgress<FrameProgress>
    {
        private readonly ConcurrentDictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

        public void Report(FrameProgress value)
        {
            if (!_tasks.TryGetValue(value.Stage, out ProgressTask? task))
            {
                StopAll();
                task = _tasks.GetOrAdd(value.Stage, stage => context.AddTask(stage, autoStart: true, maxValue: 1));
            }

            task.Tag = value;
            task.IsIndeterminate = value.Total is null;
            task.MaxValue = Math.Max(1, value.Total ?? value.Frames);
            task.Value = value.Frames;
        }

        public void StopAll()
        {
            foreach (ProgressTask task in _tasks.Values)
            {
                if (task.Tag is FrameProgress last && last.Total is null)
                {
                    task.IsIndeterminate = false;
                    task.Value = task.MaxValue;
                }

                task.StopTask();
            }
        }
    }

    /// <summary>A text column computed from the stage's last report.</summary>
    private sealed class FigureColumn(Func<FrameProgress, string> text) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Tag is FrameProgress p ? text(p) : string.Empty);
    }
}
