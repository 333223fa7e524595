using Microsoft.Build.Framework;
using VmafRoi.Contracts;
using VmafRoi.VmafRunner;
using VmafRoi.Roi;
using VmafRoi.Yuv;

namespace VmafRoi.Sdk.Tasks.Metadata;

/// <summary>
/// One distorted clip to score against its reference, as item metadata describes it. Empty metadata stays null and the
/// scoring tool's default applies (the SDK fills the documented defaults through an ItemDefinitionGroup).
/// </summary>
public sealed record RoiItem
{
    /// <summary>The engine names <c>--engine</c> accepts.</summary>
    public static readonly string[] Engines = ["auto", "libvmaf", "ffmpeg", "managed"];

    /// <summary>The item as written (its <c>Include</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The distorted clip as the tool gets it (project-relative when inside the project).</summary>
    public required string Distorted { get; init; }

    public required string DistortedFullPath { get; init; }

    /// <summary>The reference clip as the tool gets it.</summary>
    public required string Reference { get; init; }

    public required string ReferenceFullPath { get; init; }

    public double? Weight { get; init; }

    public double? Threshold { get; init; }

    public double? Fade { get; init; }

    /// <summary>The VMAF model (name, <c>version=</c>, <c>path=</c> or a JSON file).</summary>
    public string? Model { get; init; }

    /// <summary>The model file when <see cref="Model"/> names one (full path), for hashing.</summary>
    public string? ModelFile { get; init; }

    public string? Engine { get; init; }

    /// <summary><c>default</c> or a path to an ONNX model.</summary>
    public required string SaliencyModel { get; init; }

    /// <summary>The saliency model file (full path), or null for <c>default</c>.</summary>
    public string? SaliencyModelFile { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public string? PixFmt { get; init; }

    /// <summary>Reads and checks an item; returns null and fills <paramref name="problems"/> when anything is wrong.</summary>
    public static RoiItem? Read(ITaskItem item, string itemType, string projectDirectory, out IReadOnlyList<MetadataProblem> problems)
    {
        var reader = new MetadataReader(item, itemType);
        RoiItem? parsed = Read(reader, item, projectDirectory);
        problems = reader.Problems;
        return reader.Problems.Count == 0 ? parsed : null;
    }

    /// <summary>Reads an item with a reader the caller also uses for its own metadata (the gate's bars).</summary>
    public static RoiItem? Read(MetadataReader reader, ITaskItem item, string projectDirectory)
    {
        string distortedFull = ClipPaths.Full(item.ItemSpec, projectDirectory);
        string? reference = reader.Text(MetadataNames.Reference);
        string? referenceFull = null;
        if (reference is null)
        {
            reader.Add(GateCodes.MissingReference, "has no Reference metadata (the reference clip to score against)");
        }
        else
        {
            referenceFull = ClipPaths.Full(reference, projectDirectory);
            if (!File.Exists(referenceFull))
            {
                reader.Add(GateCodes.FileNotFound, $"reference not found: {reference}");
            }
        }

        if (!File.Exists(distortedFull))
        {
            reader.Add(GateCodes.FileNotFound, $"distorted clip not found: {item.ItemSpec}");
        }

        double? weight = reader.Unit(MetadataNames.Weight);
        double? threshold = reader.Unit(MetadataNames.Threshold);
        double? fade = reader.Unit(MetadataNames.Fade);
        string? engine = reader.OneOf(MetadataNames.Engine, Engines);
        int? width = reader.Integer(MetadataNames.Width, 1);
        int? height = reader.Integer(MetadataNames.Height, 1);
        if ((reader.Text(MetadataNames.Width) is null) != (reader.Text(MetadataNames.Height) is null))
        {
            reader.Add(GateCodes.MetadataInvalid, "Width and Height go together (raw YUV input needs both)");
        }

        string? pixFmt = reader.Text(MetadataNames.PixFmt);
        if (pixFmt is not null && !YuvFormat.TryParse(pixFmt, out _, out string? formatError))
        {
            reader.Add(GateCodes.MetadataInvalid, $"PixFmt: {formatError}");
        }

        string saliencyModel = reader.Text(MetadataNames.SaliencyModel) ?? "default";
        string? saliencyFile = null;
        if (!RoiScorer.IsBuiltInModel(saliencyModel))
        {
            saliencyFile = ClipPaths.Full(saliencyModel, projectDirectory);
            if (!File.Exists(saliencyFile))
            {
                reader.Add(GateCodes.FileNotFound, $"saliency model not found: {saliencyModel}");
            }
            else
            {
                saliencyModel = ClipPaths.ForTool(saliencyFile, projectDirectory);
            }
        }

        string? model = reader.Text(MetadataNames.Model);
        string? modelFile = null;
        if (model is not null)
        {
            ModelSpec? spec = null;
            try
            {
                spec = ModelSpec.Parse(model);
            }
            catch (VmafModelException ex)
            {
                reader.Add(GateCodes.MetadataInvalid, $"Model: {ex.Message}");
            }

            if (spec?.FilePath is { } file)
            {
                modelFile = ClipPaths.Full(file, projectDirectory);
                if (!File.Exists(modelFile))
                {
                    reader.Add(GateCodes.FileNotFound, $"VMAF model not found: {file}");
                }
            }
        }

        if (reader.Problems.Count > 0)
        {
            return null;
        }

        return new RoiItem
        {
            Name = item.ItemSpec,
            Distorted = ClipPaths.ForTool(distortedFull, projectDirectory),
            DistortedFullPath = distortedFull,
            Reference = ClipPaths.ForTool(referenceFull!, projectDirectory),
            ReferenceFullPath = referenceFull!,
            Weight = weight,
            Threshold = threshold,
            Fade = fade,
            Model = model,
            ModelFile = modelFile,
            Engine = engine,
            SaliencyModel = saliencyModel,
            SaliencyModelFile = saliencyFile,
            Width = width,
            Height = height,
            PixFmt = pixFmt,
        };
    }
}
