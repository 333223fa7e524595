using System.CommandLine;
using VmafRoi.VmafRunner;
using Variant = VmafRoi.VmafRunner.Engine.Features.MotionVariant;

namespace VmafRoi.Cli;

/// <summary>Options several tools share, created fresh per command (System.CommandLine symbols have one parent).</summary>
public static class CommonOptions
{
    /// <summary><c>--engine auto|libvmaf|ffmpeg|managed</c>; read it with <see cref="EngineKind"/>.</summary>
    public static Option<string> Engine() => new Option<string>("--engine")
    {
        Description = "VMAF route: auto (libvmaf CLI if installed, else ffmpeg with libvmaf, else managed), libvmaf, ffmpeg or managed",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "libvmaf", "ffmpeg", "managed");

    /// <summary>The engine kind an <c>--engine</c> value names.</summary>
    public static VmafEngineKind EngineKind(string? value) => value switch
    {
        "libvmaf" => VmafEngineKind.Libvmaf,
        "ffmpeg" => VmafEngineKind.Ffmpeg,
        "managed" => VmafEngineKind.Managed,
        _ => VmafEngineKind.Auto,
    };

    /// <summary><c>--motion-variant 3.0|3.2</c>: which libvmaf release's motion feature to reproduce; read it with <see cref="MotionVariantOf"/>.</summary>
    public static Option<string> MotionVariant(string description) => new Option<string>("--motion-variant")
    {
        Description = description,
        DefaultValueFactory = _ => "3.0",
    }.AcceptOnlyFromAmong("3.0", "3.2");

    /// <summary>The variant a <c>--motion-variant</c> value names.</summary>
    public static Variant MotionVariantOf(string? value) =>
        value == "3.2" ? Variant.V3_2 : Variant.V3_0;

    /// <summary><c>--threads N</c>.</summary>
    public static Option<int> Threads() => new("--threads")
    {
        Description = "VMAF worker threads (0 lets the engine decide)",
        DefaultValueFactory = _ => 0,
        HelpName = "N",
    };

    /// <summary><c>-q/--quiet</c>: no progress display on a terminal (off a terminal there is none anyway).</summary>
    public static Option<bool> Quiet() => new("--quiet", "-q")
    {
        Description = "no progress display on a terminal (none is shown when stderr is redirected)",
    };

    /// <summary><c>--output PATH</c>: written atomically; stdout when absent.</summary>
    public static Option<string?> Output() => new("--output")
    {
        Description = "write the JSON result to this file (atomically) instead of stdout",
        HelpName = "PATH",
    };

    /// <summary><c>--saliency-model PATH|default|classic_v1</c>.</summary>
    public static Option<string?> SaliencyModel(string extra = "") => new("--saliency-model")
    {
        Description = "saliency ONNX model path, or a built-in model: 'default' (vmafroi_v2: faces, motion, objects) or 'classic_v1' (the previous default)" + extra,
        HelpName = "PATH|default|classic_v1",
    };

    /// <summary><c>--color-matrix auto|bt601|bt709</c>; parse it with <c>SaliencyOptions.ParseColorMatrix</c>.</summary>
    public static Option<string> ColorMatrix() => new Option<string>("--color-matrix")
    {
        Description = "YUV->RGB matrix for the saliency model: auto uses the stream's tag, else BT.709 for height >= 720 and BT.601 below",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "bt601", "bt709");

    /// <summary><c>--saliency-normalization auto|imagenet|unit</c>; parse it with <c>SaliencyOptions.ParseNormalization</c>.</summary>
    public static Option<string> SaliencyNormalization() => new Option<string>("--saliency-normalization")
    {
        Description = "saliency model input: auto (model metadata vmafroi.normalization, else imagenet), imagenet ((rgb-mean)/std) or unit (rgb in [0,1])",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "imagenet", "unit");

    /// <summary><c>--sidecar-mode auto|read-only|refresh</c>.</summary>
    public static Option<string> SidecarMode() => new Option<string>("--sidecar-mode")
    {
        Description = "auto reuses a matching sidecar and recomputes a missing, stale or corrupt one; read-only fails on those; refresh always recomputes",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "read-only", "refresh");

    /// <summary>The cache mode a <c>--sidecar-mode</c> value names.</summary>
    public static VmafRoi.Saliency.Sidecars.SidecarCacheMode SidecarCacheMode(string? value) => value switch
    {
        "read-only" => VmafRoi.Saliency.Sidecars.SidecarCacheMode.ReadOnly,
        "refresh" => VmafRoi.Saliency.Sidecars.SidecarCacheMode.Refresh,
        _ => VmafRoi.Saliency.Sidecars.SidecarCacheMode.ReadWrite,
    };
}
