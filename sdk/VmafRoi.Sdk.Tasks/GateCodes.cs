using VmafRoi.Contracts;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// Every error code the VmafRoi.Sdk tasks report, in one place. Each is documented in <c>sdk/VmafRoi.Sdk/README.md</c>;
/// a code is never reused for another meaning.
/// </summary>
public static class GateCodes
{
    /// <summary>A gate item scored below its bar (<c>MinVmafRoi</c> or <c>MinVmaf</c>).</summary>
    public const string BelowBar = "VRQ001";

    /// <summary>A gate or scoring item has no <c>Reference</c> metadata.</summary>
    public const string MissingReference = "VRQ002";

    /// <summary>A file an item names does not exist: the reference, the distorted clip, a saliency or VMAF model, a sidecar.</summary>
    public const string FileNotFound = "VRQ003";

    /// <summary>A gate item has no bar, or a bar that is not a number in [0, 100].</summary>
    public const string BarInvalid = "VRQ004";

    /// <summary>Other item metadata is invalid: a weight, threshold or fade outside [0, 1], an unknown engine or pixel format, a bad size.</summary>
    public const string MetadataInvalid = "VRQ005";

    /// <summary>A clip cannot be read or the pair does not match: not a video, a partial frame, different sizes or frame counts.</summary>
    public const string ClipUnreadable = "VRQ006";

    /// <summary>A tool or dependency is missing: the dotnet host, a VmafRoi command, ffmpeg, or any VMAF engine.</summary>
    public const string ToolMissing = "VRQ007";

    /// <summary>A scoring tool failed in another way: a saliency or VMAF failure, a crash, a result that cannot be read.</summary>
    public const string ToolFailed = "VRQ008";

    /// <summary>Two gate items name the same distorted clip and reference.</summary>
    public const string DuplicateItem = "VRQ009";

    /// <summary>A task parameter or SDK property is invalid (e.g. a negative <c>VmafRoiMaxParallel</c>).</summary>
    public const string SettingInvalid = "VRQ010";

    /// <summary>A <c>VmafSaliencyEncode</c> item's encoder skipped its saliency ROI plan (vmaf-tune exit 81); no encode was kept.</summary>
    public const string RoiNotApplied = "VRQ011";

    /// <summary>A <c>VmafSaliencyEncode</c> item names an encoder with no saliency ROI route (vmaf-tune exit 2) and no <c>FallbackPlain</c>.</summary>
    public const string EncoderUnsupported = "VRQ012";

    /// <summary>A <c>VmafSaliencyEncode</c> item's target cannot be reached by any CRF (crf-search exit 80).</summary>
    public const string TargetUnreachable = "VRQ013";

    /// <summary>A materialized feature table has rows that failed (missing source, missing geometry, decode or model failure).</summary>
    public const string RowsFailed = "VRQ014";

    /// <summary>An unexpected error inside a task: a bug; the message says what failed.</summary>
    public const string InternalError = "VRQ099";

    /// <summary>Where each code is explained.</summary>
    public static string HelpLink(string code) => $"https://example.invalid/vmafroi-sdk/sdk/VmafRoi.Sdk/README.md#{code.ToLowerInvariant()}";

    /// <summary>The code for a library error raised inside an in-process task: the same code its exit code would give.</summary>
    public static string From(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => From(aggregate.InnerExceptions[0]),
        InvalidInputException { Path: { } path } when !File.Exists(path) && !Directory.Exists(path) => FileNotFound,
        VmafRoiException => FromExitCode(ExitCodeMapper.From(exception)),
        _ => InternalError,
    };

    /// <summary>The code for a VmafRoi command that exited with <paramref name="exitCode"/> (see the CLI exit-code table).</summary>
    public static string FromExitCode(int exitCode) => exitCode switch
    {
        ExitCodes.InvalidInput => ClipUnreadable,
        ExitCodes.DependencyMissing => ToolMissing,
        _ => ToolFailed,
    };
}
