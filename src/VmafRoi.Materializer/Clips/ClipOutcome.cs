namespace VmafRoi.Materializer.Clips;

/// <summary>What computing one clip gave: <c>ok</c> with its aggregates, or a failure status with the reason.</summary>
public sealed record ClipOutcome(string Status, double? Mean, double? Variance, string? Message)
{
    public static ClipOutcome Ok(double mean, double variance) => new(RowStatus.Ok, mean, variance, null);

    public static ClipOutcome Failed(string status, string message) => new(status, null, null, message);
}
