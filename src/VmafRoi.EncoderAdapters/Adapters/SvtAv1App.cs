using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using VmafRoi.EncoderAdapters.Encoding;
using VmafRoi.EncoderAdapters.Formats;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.EncoderAdapters.Adapters;

/// <summary>
/// SvtAv1EncApp's <c>--roi-map-file</c> (SVT-AV1 ≥ 1.6; the app parses it, the library behind ffmpeg never sees it). Used
/// for libsvtav1 only when the app's <c>--help</c> lists the option. UNVERIFIED: this machine has 1.4.1, which has no
/// ROI, so the route is written from SVT-AV1's documentation and never runs here; the map writer is tested against the
/// documented format.
/// </summary>
public static class SvtAv1App
{
    /// <summary>The app's name on PATH.</summary>
    public const string Name = "SvtAv1EncApp";

    /// <summary>An environment variable naming the app's path.</summary>
    public const string Variable = "VMAFROI_SVTAV1ENCAPP";

    private static readonly ConcurrentDictionary<string, bool> Probed = new(StringComparer.Ordinal);

    /// <summary>The app when installed and its help lists <c>--roi-map-file</c>; else null.</summary>
    public static string? FindWithRoiMap()
    {
        string? app = ExternalTool.TryFind(Name, Variable);
        if (app is null)
        {
            return null;
        }

        bool supported = Probed.GetOrAdd(app, path =>
        {
            try
            {
                ProcessResult help = ExternalTool.Run(path, ["--help"], timeout: TimeSpan.FromSeconds(30));
                return HelpListsRoiMap(help.StandardOutput + "\n" + help.StderrTail);
            }
            catch (Exception e) when (e is TimeoutException or Contracts.DependencyMissingException)
            {
                return false;
            }
        });
        return supported ? app : null;
    }

    /// <summary>True when a help text offers <c>--roi-map-file</c>.</summary>
    public static bool HelpListsRoiMap(string help) => help.Contains("--roi-map-file", StringComparison.Ordinal);

    /// <summary>The roi-map file of a plan: one line per segment, at each segment's first picture, on 64×64 blocks.</summary>
    public static void WriteMap(RoiPlan plan, string path)
    {
        var text = new StringBuilder();
        foreach (PlanSegment segment in plan.Segments)
        {
            float[] pixels = new float[segment.Saliency.Width * segment.Saliency.Height];
            segment.Saliency.Upsample(pixels);
            BlockGrid grid = BlockGrid.Reduce(pixels, segment.Saliency.Width, segment.Saliency.Height, SvtRoiMapWriter.BlockSize);
            OffsetMap map = OffsetMap.From(grid, plan.Options.SalientOffset).Snap(plan.Levels);
            text.Append(SvtRoiMapWriter.Line(segment.Start, map)).Append('\n');
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    /// <summary>The app's arguments for one encode from Y4M on stdin into an IVF file.</summary>
    public static IReadOnlyList<string> Arguments(string preset, double crf, string mapFile, string ivf) =>
        ["-i", "stdin", "--preset", preset, "--crf", crf.ToString("0", CultureInfo.InvariantCulture), "--roi-map-file", mapFile, "-b", ivf];

    /// <summary>ffmpeg arguments that copy the app's IVF into the requested container.</summary>
    public static IReadOnlyList<string> Remux(string ivf, string muxer, string file) =>
        ["-hide_banner", "-nostats", "-loglevel", "error", "-y", "-i", ivf, "-c", "copy", "-f", muxer, file];
}
