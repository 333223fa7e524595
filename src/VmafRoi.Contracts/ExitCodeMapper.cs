namespace VmafRoi.Contracts;

/// <summary>The one translation from a library error to a process exit code.</summary>
public static class ExitCodeMapper
{
    /// <summary>Returns the exit code for <paramref name="exception"/>.</summary>
    public static int From(Exception exception) => exception switch
    {
        VmafRunFailedException run => PassThrough(run.ProcessExitCode),
        EncodeFailedException encode => PassThrough(encode.ProcessExitCode),
        UsageException => ExitCodes.Usage,
        RoiNotAppliedException => ExitCodes.RoiNotApplied,
        InvalidInputException => ExitCodes.InvalidInput,
        UnsupportedFormatException => ExitCodes.MaskFailed,
        MaskException => ExitCodes.MaskFailed,
        InvalidScoreException => ExitCodes.InvalidPooledScore,
        VmafModelException => ExitCodes.ModelInvalid,
        DependencyMissingException => ExitCodes.DependencyMissing,
        OutputWriteException => ExitCodes.OutputFailed,
        QualityGateFailedException => ExitCodes.QualityGateFailed,
        OperationCanceledException => ExitCodes.InternalError,
        AggregateException { InnerExceptions.Count: 1 } aggregate => From(aggregate.InnerExceptions[0]),
        _ => ExitCodes.InternalError,
    };

    // A child that died of a signal or reported 0 despite failing must still fail our run.
    private static int PassThrough(int code) => code is > 0 and < 256 ? code : ExitCodes.InternalError;
}
