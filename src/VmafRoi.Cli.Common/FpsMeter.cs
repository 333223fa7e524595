using System.Globalization;
using VmafRoi.VmafRunner.Engine;

namespace VmafRoi.Cli;

/// <summary>
/// A live "N frames F FPS" line on a terminal, redrawn in place (carriage return, erase line) at most once per
/// <see cref="Interval"/> of run time, then finished with the final figures and a newline. Only used on a TTY.
/// </summary>
public sealed class FpsMeter : IProgress<VmafProgress>
{
    private const string Redraw = "\r\u001b[K";
    private readonly TextWriter _writer;
    private TimeSpan _nextDraw;
    private bool _drawn;

    /// <param name="writer">Where the line goes (stderr).</param>
    /// <param name="interval">Least run time between redraws; the first one waits this long too, so the FPS means something.</param>
    public FpsMeter(TextWriter writer, TimeSpan? interval = null)
    {
        _writer = writer;
        Interval = interval ?? TimeSpan.FromMilliseconds(100);
        _nextDraw = Interval;
    }

    public TimeSpan Interval { get; }

    /// <summary>How many times the line was drawn (redraws and the final one).</summary>
    public int Draws { get; private set; }

    /// <summary>Redraws when at least <see cref="Interval"/> has passed since the last draw; otherwise only compares two times.</summary>
    public void Report(VmafProgress value)
    {
        if (value.Elapsed < _nextDraw)
        {
            return;
        }

        _nextDraw = value.Elapsed + Interval;
        Draw(value, newline: false);
    }

    /// <summary>Draws the final figures and ends the line.</summary>
    public void Complete(VmafProgress final) => Draw(final, newline: true);

    /// <summary>Ends a half-drawn line so an error message starts on its own line.</summary>
    public void Abandon()
    {
        if (_drawn)
        {
            _writer.WriteLine();
            _writer.Flush();
            _drawn = false;
        }
    }

    /// <summary>The text of the line for <paramref name="value"/>, e.g. <c>48 frames 23.51 FPS</c>.</summary>
    public static string Format(VmafProgress value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value.Frames} frame{(value.Frames == 1 ? string.Empty : "s")} {value.Fps:F2} FPS");

    private void Draw(VmafProgress value, bool newline)
    {
        _writer.Write(Redraw);
        _writer.Write(Format(value));
        if (newline)
        {
            _writer.WriteLine();
        }

        _writer.Flush();
        _drawn = !newline;
        Draws++;
    }
}
