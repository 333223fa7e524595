using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VmafRoi.Blend;
using VmafRoi.Roi;
using VmafRoi.Yuv.IO;
using VmafRoi.Sdk.Tasks.Metadata;
using VmafRoi.Yuv;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// The saliency-masked clip of each item: where the sidecar's mask is below the threshold the reference's pixels
/// replace the distorted ones (soft over the fade band), as <c>vmaf-roi-score</c> does before its masked VMAF run.
/// In process: it reads clips and a sidecar, and writes the result atomically.
/// </summary>
public sealed class VmafRoiBlend : VmafRoiTask
{
    /// <summary>
    /// Distorted clips; metadata <c>Reference</c>, <c>Sidecar</c> (of the reference), <c>Output</c> (a <c>.y4m</c>
    /// or raw file), <c>Threshold</c>, <c>Fade</c>, raw <c>Width</c>/<c>Height</c>/<c>PixFmt</c>.
    /// </summary>
    [Required]
    public ITaskItem[] Items { get; set; } = [];

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The masked clips (Include = output path) with <c>Frames</c> metadata.</summary>
    [Output]
    public ITaskItem[] Blended { get; private set; } = [];

    protected override bool Run()
    {
        Blended = [.. ForEachItem(Items, "VmafRoiBlend", BlendOne)];
        return !Log.HasLoggedErrors;
    }

    private ITaskItem BlendOne(ITaskItem item)
    {
        var reader = new MetadataReader(item, "VmafRoiBlend");
        string reference = reader.Required(MetadataNames.Reference, GateCodes.MissingReference, "the reference clip");
        string sidecarPath = reader.Required(MetadataNames.Sidecar, GateCodes.MetadataInvalid, "the reference's saliency sidecar");
        string output = reader.Required("Output", GateCodes.MetadataInvalid, "the masked clip to write");
        float threshold = (float)(reader.Unit(MetadataNames.Threshold) ?? MaskAlpha.DefaultThreshold);
        float fade = (float)(reader.Unit(MetadataNames.Fade) ?? MaskAlpha.DefaultFade);
        FrameReaderOptions options = ClipOptions.Read(reader);
        reader.ThrowIfProblems();

        string referencePath = ClipPaths.Full(reference, ProjectDirectory);
        string distortedPath = ClipPaths.Full(item.ItemSpec, ProjectDirectory);
        string outputPath = ClipPaths.Full(output, ProjectDirectory);
        using FrameSource r = FrameReader.Open(referencePath, ClipOptions.For(referencePath, options));
        using FrameSource d = FrameReader.Open(distortedPath, ClipOptions.For(distortedPath, options));
        using IMaskProvider masks = SaliencyMasks.FromSidecar(ClipPaths.Full(sidecarPath, ProjectDirectory), referencePath, r.Geometry);
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        AtomicFile.CheckTarget(outputPath, "Output", referencePath, distortedPath);
        using FrameWriter writer = outputPath.EndsWith(".y4m", StringComparison.OrdinalIgnoreCase)
            ? FrameWriter.CreateY4m(outputPath, r.Geometry, r.Rate)
            : FrameWriter.CreateRaw(outputPath, r.Geometry);
        int frames = MaskedClip.Write(r, d, masks, threshold, fade, writer, CancellationToken);
        writer.Complete();
        var blended = new TaskItem(output);
        blended.SetMetadata("Frames", frames.ToString(CultureInfo.InvariantCulture));
        return blended;
    }
}
