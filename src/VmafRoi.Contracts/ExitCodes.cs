namespace VmafRoi.Contracts;

/// <summary>
/// Process exit codes of every VmafRoi command. The values are a public contract, recorded in
/// <c>ExitCodes.Shipped.txt</c> and documented in the README's exit-code table; never renumber one.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command succeeded.</summary>
    public const int Success = 0;

    /// <summary>An argument value or an input file is invalid: a missing file, a value out of range, a size mismatch or a partial frame.</summary>
    public const int InvalidInput = 1;

    /// <summary>The command line could not be parsed: an unknown flag, a missing value or malformed syntax.</summary>
    public const int Usage = 2;

    /// <summary>The saliency mask could not be made: an unsupported pixel format, a saliency model that failed or a missing ONNX Runtime, or a mask of the wrong shape.</summary>
    public const int MaskFailed = 64;

    /// <summary>VMAF ran but its result holds no finite pooled score.</summary>
    public const int InvalidPooledScore = 65;

    /// <summary>A VMAF model could not be found, or its file is malformed.</summary>
    public const int ModelInvalid = 66;

    /// <summary>A required external tool is not installed (libvmaf's CLI, ffmpeg); a missing ONNX Runtime is <see cref="MaskFailed"/>, as in the seed tool.</summary>
    public const int DependencyMissing = 69;

    /// <summary>An unexpected internal error; the message says what failed.</summary>
    public const int InternalError = 70;

    /// <summary>An output file could not be written.</summary>
    public const int OutputFailed = 73;

    /// <summary>A score is below the bar a gate flag set (<c>vmaf-roi-score --min-vmaf-roi/--min-vmaf</c>); the result was still written.</summary>
    public const int QualityGateFailed = 80;

    /// <summary>A saliency ROI plan did not take effect in the encode (the encoder skipped or rejected it, e.g. AQ off); the report says <c>roi_applied: false</c> and no encode was kept. Allow a plain encode with <c>--saliency-fallback-plain</c>.</summary>
    public const int RoiNotApplied = 81;

    /// <summary>SIGHUP (the terminal went away) cancelled the run; every temporary file was removed (128 + 1, as shells report it).</summary>
    public const int Hangup = 129;

    /// <summary>SIGINT (Ctrl+C) cancelled the run; every temporary file was removed (128 + 2, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>SIGTERM cancelled the run; every temporary file was removed (128 + 15, as shells report it).</summary>
    public const int Terminated = 143;
}
