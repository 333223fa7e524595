namespace VmafRoi.Materializer;

/// <summary>The status every row gets (seed 003's six, exactly as written there).</summary>
public static class RowStatus
{
    /// <summary>The clip was decoded and its saliency aggregates written.</summary>
    public const string Ok = "ok";

    /// <summary>The row already had finite <c>saliency_mean</c> and <c>saliency_var</c>, kept (no <c>--overwrite</c>).</summary>
    public const string SkippedExisting = "skipped-existing";

    /// <summary>The path column was empty, not text, or did not name a regular file.</summary>
    public const string MissingSource = "missing-source";

    /// <summary>A raw clip with no width and height in the row or the defaults (or a container ffprobe could not read).</summary>
    public const string MissingGeometry = "missing-geometry";

    /// <summary>The clip could not be decoded.</summary>
    public const string DecodeFailed = "decode-failed";

    /// <summary>The saliency model failed on the clip's frames.</summary>
    public const string ModelFailed = "model-failed";

    /// <summary>Every status, in the order the docs list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Ok, SkippedExisting, MissingSource, MissingGeometry, DecodeFailed, ModelFailed];

    /// <summary>True for the statuses that make the run exit 1.</summary>
    public static bool IsFailure(string status) => status is not (Ok or SkippedExisting);
}
