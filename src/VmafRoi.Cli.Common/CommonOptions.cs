using System.CommandLine;
using VmafRoi.VmafRunner;

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

    /// <summary><c>--threads N</c>.</summary>
    public static Option<int> Threads() => new("--threads")
    {
        Description = "VMAF worker threads (0 lets the engine decide)",
        DefaultValueFactory = _ => 0,
        HelpName = "N",
    };

    /// <summary><c>--output PATH</c>: written atomically; stdout when absent.</summary>
    public static Option<string?> Output() => new("--output")
    {
        Description = "write the JSON result to this file (atomically) instead of stdout",
        HelpName = "PATH",
    };
}
