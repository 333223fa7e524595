using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.VmafRunner.Routes;

/// <summary>Runs libvmaf's <c>vmaf</c> command-line tool (no shell) and reads its JSON.</summary>
public sealed class LibvmafCliRoute : IVmafRoute
{
    /// <summary>What to tell a user who has no libvmaf.</summary>
    public const string InstallHint =
        "install libvmaf's 'vmaf' tool (build it from https://github.com/Netflix/vmaf with meson, or your distribution's 'vmaf' package) and pass --vmaf-bin, or use --engine managed, which needs nothing installed";

    public LibvmafCliRoute(string vmafBinary)
    {
        VmafBinary = vmafBinary;
    }

    public string Name => "libvmaf";

    /// <summary>The <c>vmaf</c> executable this route runs.</summary>
    public string VmafBinary { get; }

    /// <summary>The argument list for one run (exact, for tests): geometry flags only for raw inputs.</summary>
    public static IReadOnlyList<string> BuildArguments(string reference, string distorted, FrameGeometry? rawGeometry, VmafRequest request, string jsonOutput)
    {
        var args = new List<string> { "--reference", reference, "--distorted", distorted };
        if (rawGeometry is { } g)
        {
            args.AddRange(
            [
                "--width", g.Width.ToString(CultureInfo.InvariantCulture),
                "--height", g.Height.ToString(CultureInfo.InvariantCulture),
                "--pixel_format", g.Format.LibvmafPixelFormat,
                "--bitdepth", g.Format.BitDepth.ToString(CultureInfo.InvariantCulture),
            ]);
        }

        args.AddRange(["--model", request.Model.ToLibvmafArgument()]);
        if (request.Threads > 0)
        {
            args.AddRange(["--threads", request.Threads.ToString(CultureInfo.InvariantCulture)]);
        }

        if (request.FrameCount is { } count)
        {
            args.AddRange(["--frame_cnt", count.ToString(CultureInfo.InvariantCulture)]);
        }

        if (request.SkipReferenceFrames > 0)
        {
            args.AddRange(["--frame_skip_ref", request.SkipReferenceFrames.ToString(CultureInfo.InvariantCulture)]);
        }

        if (request.SkipDistortedFrames > 0)
        {
            args.AddRange(["--frame_skip_dist", request.SkipDistortedFrames.ToString(CultureInfo.InvariantCulture)]);
        }

        if (request.Subsample > 1)
        {
            args.AddRange(["--subsample", request.Subsample.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["--json", "--output", jsonOutput]);
        return args;
    }

    public VmafResult Score(VmafRequest request, CancellationToken cancellationToken = default) =>
        RouteInputs.RunTool(
            VmafBinary,
            Name,
            request,
            (reference, distorted, json) => BuildArguments(reference.Path, distorted.Path, reference.Kind == InputKind.Raw ? reference.Geometry : null, request, json),
            cancellationToken);
}
