using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VmafRoi.Sdk.Tasks.Metadata;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// What each clip is: size, pixel format, bit depth, frame count and rate. In process (VmafRoi.Yuv is pure managed;
/// containers are asked about through ffprobe, a child process).
/// </summary>
public sealed class VmafRoiProbe : VmafRoiTask
{
    /// <summary>Clips to probe; raw YUV needs <c>Width</c>, <c>Height</c> (and <c>PixFmt</c> unless yuv420p).</summary>
    [Required]
    public ITaskItem[] Clips { get; set; } = [];

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>
    /// The clips with <c>Kind</c> (raw, y4m, container), <c>Width</c>, <c>Height</c>, <c>PixFmt</c>, <c>BitDepth</c>,
    /// <c>FrameCount</c> (empty when the file does not say) and <c>FrameRate</c> (<c>num:den</c>).
    /// </summary>
    [Output]
    public ITaskItem[] Probed { get; private set; } = [];

    protected override bool Run()
    {
        Probed = [.. ForEachItem(Clips, "VmafRoiProbe", Probe)];
        return !Log.HasLoggedErrors;
    }

    private ITaskItem Probe(ITaskItem clip)
    {
        var reader = new MetadataReader(clip, "VmafRoiProbe");
        FrameReaderOptions options = ClipOptions.Read(reader);
        reader.ThrowIfProblems();

        string path = ClipPaths.Full(clip.ItemSpec, ProjectDirectory);
        options = ClipOptions.For(path, options);
        InputKind kind = FrameReader.DetectKind(path, options);
        var probed = new TaskItem(clip);
        if (kind == InputKind.Container)
        {
            VideoProbe probe = Ffmpeg.Probe(path);
            bool known = YuvFormat.TryParse(probe.PixelFormat, out YuvFormat? format, out _);
            Set(probed, "container", probe.Width, probe.Height, probe.PixelFormat, known ? format!.BitDepth : null, probe.FrameCount, probe.Rate);
            return probed;
        }

        using FrameSource source = FrameReader.Open(path, options);
        FrameGeometry g = source.Geometry;
        Set(probed, kind == InputKind.Raw ? "raw" : "y4m", g.Width, g.Height, g.Format.Name, g.Format.BitDepth, source.FrameCount, source.Rate);
        return probed;
    }

    private static void Set(TaskItem item, string kind, int width, int height, string pixFmt, int? bitDepth, int? frames, FrameRate rate)
    {
        item.SetMetadata("Kind", kind);
        item.SetMetadata(MetadataNames.Width, width.ToString(CultureInfo.InvariantCulture));
        item.SetMetadata(MetadataNames.Height, height.ToString(CultureInfo.InvariantCulture));
        item.SetMetadata(MetadataNames.PixFmt, pixFmt);
        item.SetMetadata("BitDepth", bitDepth?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
        item.SetMetadata("FrameCount", frames?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
        item.SetMetadata("FrameRate", rate.ToString());
    }
}
