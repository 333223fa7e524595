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

    /// <summary><c>--motion-variant 3.0|3.2</c> without a default: absent lets the run pick (see <see cref="MotionVariantOrAuto"/>).</summary>
    public static Option<string?> LibvmafVersion(string description) => new Option<string?>("--motion-variant")
    {
        Description = description,
    }.AcceptOnlyFromAmong("3.0", "3.2");

    /// <summary>The variant a <c>--motion-variant</c> value names; null when absent (the run picks).</summary>
    public static Variant? MotionVariantOrAuto(string? value) =>
        value is null ? null : MotionVariantOf(value);

    /// <summary>The variant a <c>--motion-variant</c> value names.</summary>
    public static Variant MotionVariantOf(string? value) =>
        value == "3.2" ? Variant.V3_2 : Variant.V3_0;

    /// <summary>Sets an option's help text and value name (for options built by <see cref="PlainNumber"/>).</summary>
    public static Option<T> WithHelp<T>(Option<T> option, string description, string helpName)
    {
        option.Description = description;
        option.HelpName = helpName;
        return option;
    }

    /// <summary><c>--threads N</c>, at most <see cref="ThreadLimit.Max"/>.</summary>
    public static Option<int> Threads()
    {
        return WithHelp(PlainNumber.Integer("--threads", 0), $"VMAF worker threads (0 lets the engine decide; at most {ThreadLimit.Max} here: 4 x the logical processors, at least 8)", "N");
    }

    /// <summary><c>--memory-limit SIZE</c>: the cap on a run's estimated working set (<see cref="Yuv.MemoryLimit"/>); read it as bytes, null when absent.</summary>
    public static Option<long?> MemoryLimit() => new(Yuv.MemoryLimit.Flag)
    {
        Description = $"refuse frames whose estimated working set is above SIZE (bytes, or with K/M/G/T, or 'none'); default ${Yuv.MemoryLimit.Variable}, else 80% of available memory",
        HelpName = "SIZE",
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[^1].Value;
            if (Yuv.MemoryLimit.TryParse(text, out long bytes))
            {
                return bytes;
            }

            result.AddError($"{Yuv.MemoryLimit.Flag}: '{text}' is not a size (bytes, or a number with K, M, G or T such as 8G, or 'none')");
            return null;
        },
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
