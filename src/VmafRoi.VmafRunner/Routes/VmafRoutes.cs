using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.VmafRunner.Routes;

/// <summary>Where to find external VMAF tools.</summary>
public sealed record RouteOptions
{
    /// <summary>libvmaf's CLI: a name looked up on PATH, or a path. The seed's <c>--vmaf-bin</c>.</summary>
    public string VmafBinary { get; init; } = "vmaf";

    /// <summary>ffmpeg for the libvmaf-filter route; null means <c>$VMAFROI_FFMPEG</c> or PATH.</summary>
    public string? FfmpegBinary { get; init; }

    /// <summary>
    /// Which libvmaf release's motion feature the managed engine reproduces (3.0.0 by default). 3.2 is the managed
    /// engine's alone: <see cref="VmafRoutes.Resolve"/> refuses it for the external routes and makes auto pick managed.
    /// </summary>
    public MotionVariant MotionVariant { get; init; } = MotionVariant.V3_0;
}

/// <summary>Chooses the VMAF route for an engine kind.</summary>
public static class VmafRoutes
{
    /// <summary>
    /// The route for <paramref name="kind"/>. <see cref="VmafEngineKind.Auto"/> takes libvmaf's CLI when it is installed,
    /// else ffmpeg built with libvmaf, else the managed engine.
    /// </summary>
    /// <exception cref="InvalidInputException">The 3.2 motion variant asked of an external route (see <see cref="MotionVariantConflict"/>).</exception>
    public static IVmafRoute Resolve(VmafEngineKind kind, RouteOptions? options = null)
    {
        options ??= new RouteOptions();
        if (MotionVariantConflict(kind, options.MotionVariant) is { } conflict)
        {
            throw new InvalidInputException(conflict);
        }

        if (options.MotionVariant != MotionVariant.V3_0 && kind == VmafEngineKind.Auto)
        {
            return new ManagedVmafRoute(motion: options.MotionVariant);
        }

        switch (kind)
        {
            case VmafEngineKind.Libvmaf:
                return new LibvmafCliRoute(FindVmaf(options) ?? throw new DependencyMissingException($"libvmaf's vmaf CLI was not found ('{options.VmafBinary}'); {LibvmafCliRoute.InstallHint}"));
            case VmafEngineKind.Ffmpeg:
                string ffmpeg = Ffmpeg.FfmpegPath(options.FfmpegBinary);
                return FfmpegLibvmafRoute.HasLibvmaf(ffmpeg)
                    ? new FfmpegLibvmafRoute(ffmpeg)
                    : throw new DependencyMissingException($"ffmpeg at '{ffmpeg}' was built without the libvmaf filter; install an ffmpeg built with --enable-libvmaf, or use --engine managed");
            case VmafEngineKind.Managed:
                return new ManagedVmafRoute(motion: options.MotionVariant);
            default:
                if (FindVmaf(options) is { } vmaf)
                {
                    return new LibvmafCliRoute(vmaf);
                }

                if (TryFfmpegWithLibvmaf(options) is { } route)
                {
                    return route;
                }

                return new ManagedVmafRoute(motion: options.MotionVariant);
        }
    }

    /// <summary>
    /// Why <paramref name="kind"/> cannot honour <paramref name="motion"/>, or null when it can. An external libvmaf
    /// computes whatever motion its own release does, so only the managed engine (and auto, which then picks it) takes 3.2.
    /// </summary>
    public static string? MotionVariantConflict(VmafEngineKind kind, MotionVariant motion) =>
        motion != MotionVariant.V3_0 && kind is VmafEngineKind.Libvmaf or VmafEngineKind.Ffmpeg
            ? $"--motion-variant 3.2 needs --engine managed (or auto): the {(kind == VmafEngineKind.Libvmaf ? "libvmaf" : "ffmpeg")} route scores with the installed libvmaf's own motion"
            : null;

    private static string? FindVmaf(RouteOptions options) => ExternalTool.TryFind(options.VmafBinary);

    private static IVmafRoute? TryFfmpegWithLibvmaf(RouteOptions options)
    {
        string? ffmpeg = options.FfmpegBinary is { Length: > 0 } given ? ExternalTool.TryFind(given) : ExternalTool.TryFind("ffmpeg", "VMAFROI_FFMPEG");
        return ffmpeg is not null && FfmpegLibvmafRoute.HasLibvmaf(ffmpeg) ? new FfmpegLibvmafRoute(ffmpeg) : null;
    }
}
