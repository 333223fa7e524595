using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VmafRoi.Sdk.Tasks.Metadata;
using VmafRoi.Sdk.Tasks.Running;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// Each clip's saliency sidecar (per-frame masks, MessagePack), reused when it still matches, through
/// <c>vmaf-roi saliency</c>: out of process, because saliency models run on ONNX Runtime, a native library that must
/// never load into the build node.
/// </summary>
public sealed class VmafRoiSaliency : VmafRoiTask
{
    /// <summary>
    /// Clips; metadata <c>Sidecar</c> (default <c>OutputDirectory/&lt;name&gt;.saliency.msgpack</c>), <c>SaliencyModel</c>,
    /// <c>Width</c>/<c>Height</c>/<c>PixFmt</c>, <c>Previews</c> (PNG folder), <c>MasksOut</c> (Y4M), <c>MaskBits</c>.
    /// </summary>
    [Required]
    public ITaskItem[] Clips { get; set; } = [];

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>Where sidecars go for clips without <c>Sidecar</c> metadata.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary><c>vmaf-roi.dll</c> (run with the dotnet host) or an executable.</summary>
    [Required]
    public string ToolPath { get; set; } = string.Empty;

    public string? DotnetHost { get; set; }

    /// <summary>Most clips at once; 0 means one per processor.</summary>
    public int MaxParallel { get; set; }

    /// <summary>The sidecars (Include = sidecar path) with <c>Clip</c> metadata naming their clip.</summary>
    [Output]
    public ITaskItem[] Sidecars { get; private set; } = [];

    protected override bool Run()
    {
        if (MaxParallel < 0)
        {
            LogCoded(GateCodes.SettingInvalid, $"MaxParallel must be 0 (one per processor) or more, got {MaxParallel}");
            return false;
        }

        var tool = new ToolCommand(ToolPath, ToolCommand.ResolveDotnetHost(DotnetHost));
        if (Clips.Length > 0 && tool.Problem() is { } missing)
        {
            LogCoded(GateCodes.ToolMissing, missing);
            return false;
        }

        var planned = new List<(ITaskItem Clip, string Sidecar, ToolRun Run)>();
        foreach (ITaskItem clip in Clips)
        {
            var reader = new MetadataReader(clip, "VmafRoiSaliency");
            string clipPath = ClipPaths.Full(clip.ItemSpec, ProjectDirectory);
            if (!File.Exists(clipPath))
            {
                reader.Add(GateCodes.FileNotFound, $"clip not found: {clip.ItemSpec}");
            }

            _ = ClipOptions.Read(reader);
            _ = reader.OneOf("MaskBits", "8", "16");
            if (reader.Problems.Count > 0)
            {
                reader.Problems.ForEach(p => LogCoded(p.Code, p.Message));
                continue;
            }

            string folder = Path.GetFullPath(OutputDirectory is { Length: > 0 } o ? o : Path.Combine("obj", "vmafroi", "sidecars"), ProjectDirectory);
            string sidecar = reader.Text(MetadataNames.Sidecar) is { } given
                ? Path.GetFullPath(given, ProjectDirectory)
                : Path.Combine(folder, ItemIds.ForSidecar(ClipPaths.ForTool(clipPath, ProjectDirectory), reader.Text(MetadataNames.SaliencyModel) ?? "default") + ".saliency.msgpack");
            Directory.CreateDirectory(Path.GetDirectoryName(sidecar)!);
            var args = new List<string> { "saliency", "--input", ClipPaths.ForTool(clipPath, ProjectDirectory), "--sidecar", sidecar };
            Add(args, "--saliency-model", reader.Text(MetadataNames.SaliencyModel));
            Add(args, "--width", reader.Text(MetadataNames.Width));
            Add(args, "--height", reader.Text(MetadataNames.Height));
            Add(args, "--pix-fmt", reader.Text(MetadataNames.PixFmt));
            Add(args, "--mask-bits", reader.Text("MaskBits"));
            Add(args, "--previews", reader.Text("Previews") is { } previews ? Path.GetFullPath(previews, ProjectDirectory) : null);
            Add(args, "--masks-out", reader.Text("MasksOut") is { } masks ? Path.GetFullPath(masks, ProjectDirectory) : null);
            (string fileName, IReadOnlyList<string> arguments) = tool.Render(args);
            planned.Add((clip, sidecar, new ToolRun(clip.ItemSpec, fileName, arguments, ProjectDirectory)));
        }

        int parallel = MaxParallel == 0 ? Environment.ProcessorCount : MaxParallel;
        IReadOnlyList<ToolRunResult> results = RunWithLog(log => ProcessRunner.RunAllAsync(
            [.. planned.Select(p => p.Run)],
            parallel,
            started: run => log(() => Log.LogMessage(MessageImportance.Normal, "VmafRoiSaliency '{0}': {1} saliency", run.Key, tool.Name)),
            cancellationToken: CancellationToken));

        var sidecars = new List<ITaskItem>();
        for (int i = 0; i < planned.Count; i++)
        {
            ToolRunResult run = results[i];
            foreach (string line in run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Concat(run.StandardError))
            {
                Log.LogMessage(MessageImportance.Low, "{0}", line);
            }

            if (!run.Succeeded)
            {
                string code = run.StartError is not null ? GateCodes.ToolMissing : GateCodes.FromExitCode(run.ExitCode);
                LogCoded(code, $"VmafRoiSaliency '{planned[i].Clip.ItemSpec}': {run.StartError ?? $"{tool.Name} saliency failed (exit {run.ExitCode.ToString(CultureInfo.InvariantCulture)}): {run.StderrTail()}"}");
                continue;
            }

            var sidecar = new TaskItem(planned[i].Sidecar);
            sidecar.SetMetadata("Clip", planned[i].Clip.ItemSpec);
            sidecars.Add(sidecar);
        }

        Sidecars = [.. sidecars];
        return !Log.HasLoggedErrors;
    }

    private static void Add(List<string> args, string flag, string? value)
    {
        if (value is not null)
        {
            args.Add(flag);
            args.Add(value);
        }
    }
}
