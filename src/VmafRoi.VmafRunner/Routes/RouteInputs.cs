using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Routes;

/// <summary>
/// Turns request inputs into files an external VMAF tool can read: raw files pass through, Y4M passes through when
/// the tool can take it, and anything else is decoded once into a raw file in a temp folder that is always removed.
/// </summary>
public sealed class RouteInputs : IDisposable
{
    private readonly List<VmafRoi.Yuv.IO.ScratchFolder> _temporaryFolders = [];

    /// <summary>A file of a kind the tool reads, plus its geometry.</summary>
    public sealed record PreparedInput(string Path, FrameGeometry Geometry, InputKind Kind);

    /// <summary>
    /// Prepares both inputs. Y4M is kept only when both are Y4M (libvmaf switches to raw mode for both as soon as
    /// geometry flags are given); otherwise every non-raw input is decoded to raw.
    /// </summary>
    public (PreparedInput Reference, PreparedInput Distorted) Prepare(VmafRequest request, bool toolReadsY4m, CancellationToken cancellationToken)
    {
        InputKind referenceKind = KindOf(request.Reference);
        InputKind distortedKind = KindOf(request.Distorted);
        bool keepY4m = toolReadsY4m && referenceKind == InputKind.Y4m && distortedKind == InputKind.Y4m;
        return (Prepare(request.Reference, referenceKind, keepY4m, "ref", cancellationToken), Prepare(request.Distorted, distortedKind, keepY4m, "dis", cancellationToken));
    }

    public void Dispose()
    {
        foreach (VmafRoi.Yuv.IO.ScratchFolder folder in _temporaryFolders)
        {
            folder.Dispose();
        }
    }

    private static InputKind KindOf(VmafInput input) =>
        input.Options.Kind == InputKind.Auto ? FrameReader.DetectKind(input.Path, input.Options) : input.Options.Kind;

    private PreparedInput Prepare(VmafInput input, InputKind kind, bool keepY4m, string role, CancellationToken cancellationToken)
    {
        using FrameSource source = input.Open(cancellationToken);
        LibvmafFormats.Check(source.Geometry.Format, input.Path); // before decoding, and before any argv says --bitdepth 9
        if (kind == InputKind.Raw || (kind == InputKind.Y4m && keepY4m))
        {
            return new PreparedInput(input.Path, source.Geometry, kind);
        }

        VmafRoi.Yuv.IO.ScratchFolder folder = VmafRoi.Yuv.IO.TempPaths.CreateFolder("vmafroi-route-");
        _temporaryFolders.Add(folder);
        string raw = folder.File($"{role}.yuv");
        using (FrameWriter writer = FrameWriter.CreateRaw(raw, source.Geometry, atomic: false))
        {
            while (source.ReadNext() is { } frame)
            {
                using (frame)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    writer.Write(frame);
                }
            }

            writer.Complete();
        }

        return new PreparedInput(raw, source.Geometry, InputKind.Raw);
    }

    /// <summary>
    /// The shared run of an external tool: prepare both inputs, run the tool without a shell in a temp folder that is
    /// always removed, pass a non-zero exit through with the stderr tail, and read the JSON it wrote.
    /// </summary>
    /// <param name="tool">The executable.</param>
    /// <param name="route">The route's name, recorded in the result.</param>
    /// <param name="request">The run.</param>
    /// <param name="arguments">Builds the argument list from the prepared reference, distorted clip and JSON path.</param>
    /// <param name="cancellationToken">Cancels input preparation and kills the tool.</param>
    public static VmafResult RunTool(string tool, string route, VmafRequest request, Func<PreparedInput, PreparedInput, string, IReadOnlyList<string>> arguments, CancellationToken cancellationToken)
    {
        using var inputs = new RouteInputs();
        (PreparedInput reference, PreparedInput distorted) = inputs.Prepare(request, toolReadsY4m: true, cancellationToken);
        if (reference.Geometry != distorted.Geometry)
        {
            throw new Contracts.InvalidInputException($"reference is {reference.Geometry} but distorted is {distorted.Geometry}");
        }

        using VmafRoi.Yuv.IO.ScratchFolder work = VmafRoi.Yuv.IO.TempPaths.CreateFolder($"vmafroi-{route}-");
        string json = work.File("vmaf.json");
        Yuv.Tools.ProcessResult run = Yuv.Tools.ExternalTool.Run(tool, arguments(reference, distorted, json), stderrTailLines: 8, cancellationToken: cancellationToken);
        if (run.ExitCode != 0)
        {
            throw new Contracts.VmafRunFailedException(request.Label, run.ExitCode, run.StderrTail);
        }

        return LibvmafJsonReader.ReadFile(json, route);
    }
}
