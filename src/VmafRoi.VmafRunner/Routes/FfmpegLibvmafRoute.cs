using System.Globalization;
using System.Text;
using VmafRoi.Contracts;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.VmafRunner.Routes;

/// <summary>Runs ffmpeg's <c>libvmaf</c> filter (no shell) and reads its JSON log.</summary>
public sealed class FfmpegLibvmafRoute : IVmafRoute
{
    public FfmpegLibvmafRoute(string ffmpegBinary)
    {
        FfmpegBinary = ffmpegBinary;
    }

    public string Name => "ffmpeg";

    /// <summary>The ffmpeg executable this route runs.</summary>
    public string FfmpegBinary { get; }

    /// <summary>True when <paramref name="ffmpegBinary"/> lists the <c>libvmaf</c> filter in <c>-filters</c>.</summary>
    public static bool HasLibvmaf(string ffmpegBinary)
    {
        try
        {
            ProcessResult result = ExternalTool.Run(ffmpegBinary, ["-hide_banner", "-filters"], timeout: TimeSpan.FromSeconds(30));
            return result.ExitCode == 0 && ListsLibvmaf(result.StandardOutput);
        }
        catch (DependencyMissingException)
        {
            return false;
        }
    }

    /// <summary>
    /// True when ffmpeg's <c>-filters</c> listing has a <c>libvmaf</c> filter line: flags, the name, then its pads
    /// (<c> ... libvmaf  VV->V  Calculate the VMAF ...</c>). Legend lines and names that merely contain it do not count.
    /// </summary>
    public static bool ListsLibvmaf(string filtersListing) =>
        filtersListing.Split('\n').Any(line => line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries) is [_, "libvmaf", { } pads, ..] && pads.Contains("->", StringComparison.Ordinal));

    /// <summary>The argument list for one run (exact, for tests). ffmpeg's first input is the distorted clip.</summary>
    public static IReadOnlyList<string> BuildArguments(RouteInputs.PreparedInput reference, RouteInputs.PreparedInput distorted, VmafRequest request, string jsonLog)
    {
        var args = new List<string> { "-hide_banner", "-nostdin", "-v", "error" };
        AddInput(args, distorted);
        AddInput(args, reference);

        var options = new StringBuilder("libvmaf=model=");
        options.Append(EscapeOptionValue(request.Model.ToLibvmafArgument()));
        options.Append(":log_fmt=json:log_path=").Append(EscapeOptionValue(jsonLog));
        if (request.Threads > 0)
        {
            options.Append(CultureInfo.InvariantCulture, $":n_threads={request.Threads}");
        }

        if (request.Subsample > 1)
        {
            options.Append(CultureInfo.InvariantCulture, $":n_subsample={request.Subsample}");
        }

        string graph = $"[0:v]{Trim(request.SkipDistortedFrames)}[dis];[1:v]{Trim(request.SkipReferenceFrames)}[ref];[dis][ref]{EscapeGraph(options.ToString())}";
        args.AddRange(["-lavfi", graph]);
        if (request.FrameCount is { } count)
        {
            args.AddRange(["-frames:v", count.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["-f", "null", "-"]);
        return args;
    }

    /// <summary>Escapes a value for a filter option (<c>\</c>, <c>'</c> and <c>:</c>).</summary>
    public static string EscapeOptionValue(string value) => Escape(value, "\\':");

    /// <summary>Escapes a filter's argument text for the filtergraph parser.</summary>
    public static string EscapeGraph(string value) => Escape(value, "\\'[],;");

    public VmafResult Score(VmafRequest request, CancellationToken cancellationToken = default) =>
        RouteInputs.RunTool(FfmpegBinary, Name, request, (reference, distorted, json) => BuildArguments(reference, distorted, request, json), cancellationToken);

    private static void AddInput(List<string> args, RouteInputs.PreparedInput input)
    {
        if (input.Kind == InputKind.Raw)
        {
            FrameGeometry g = input.Geometry;
            args.AddRange(["-f", "rawvideo", "-pix_fmt", g.Format.Name, "-video_size", $"{g.Width}x{g.Height}", "-framerate", "25"]);
        }

        args.AddRange(["-i", input.Path]);
    }

    private static string Trim(int skip) =>
        skip > 0 ? $"trim=start_frame={skip.ToString(CultureInfo.InvariantCulture)},setpts=PTS-STARTPTS" : "null";

    private static string Escape(string value, string special)
    {
        var text = new StringBuilder(value.Length + 8);
        foreach (char c in value)
        {
            if (special.Contains(c, StringComparison.Ordinal))
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
