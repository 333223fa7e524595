namespace VmafRoi.Contracts;

/// <summary>Base of every error the VmafRoi libraries raise on purpose. <see cref="ExitCodeMapper"/> turns each into an exit code.</summary>
public abstract class VmafRoiException : Exception
{
    protected VmafRoiException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>An argument value or an input file is invalid (missing, wrong size, out of range).</summary>
public class InvalidInputException : VmafRoiException
{
    public InvalidInputException(string message, string? path = null, Exception? innerException = null)
        : base(message, innerException) => Path = path;

    /// <summary>The file the problem is about, when there is one.</summary>
    public string? Path { get; }
}

/// <summary>A pixel format or container layout that the libraries do not handle.</summary>
public class UnsupportedFormatException : VmafRoiException
{
    public UnsupportedFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>A saliency mask could not be produced or is unusable (model failure, wrong shape, non-finite values).</summary>
public class MaskException : VmafRoiException
{
    public MaskException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>A VMAF model could not be found or parsed.</summary>
public class VmafModelException : VmafRoiException
{
    public VmafModelException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>An external VMAF run (libvmaf CLI or ffmpeg) exited non-zero; its exit code is passed through.</summary>
public class VmafRunFailedException : VmafRoiException
{
    public VmafRunFailedException(string stage, int processExitCode, string stderrTail)
        : base($"{stage} vmaf run failed (exit={processExitCode}); stderr tail:\n{stderrTail}")
    {
        Stage = stage;
        ProcessExitCode = processExitCode;
        StderrTail = stderrTail;
    }

    /// <summary>Which run failed, e.g. <c>full-frame</c> or <c>saliency-masked</c>.</summary>
    public string Stage { get; }

    /// <summary>The exit code of the failed process.</summary>
    public int ProcessExitCode { get; }

    /// <summary>The last lines the process wrote to stderr.</summary>
    public string StderrTail { get; }
}

/// <summary>A VMAF run produced no usable pooled score.</summary>
public class InvalidScoreException : VmafRoiException
{
    public InvalidScoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>A required external tool or native library is missing; the message says how to install it.</summary>
public class DependencyMissingException : VmafRoiException
{
    public DependencyMissingException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>An output file could not be written.</summary>
public class OutputWriteException : VmafRoiException
{
    public OutputWriteException(string message, string path, Exception? innerException = null)
        : base(message, innerException) => Path = path;

    /// <summary>The output that could not be written.</summary>
    public string Path { get; }
}

/// <summary>A quality gate scored below its bar.</summary>
public class QualityGateFailedException : VmafRoiException
{
    public QualityGateFailedException(string message)
        : base(message)
    {
    }
}

/// <summary>A command's input (its command line, a batch manifest, an option combination) asks for something the command does not do or breaks its documented shape: exit 2, like a command line that cannot be parsed.</summary>
public class UsageException : VmafRoiException
{
    public UsageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>An encoder ran but left the saliency ROI plan out of the encode (a warning such as "skipping ROI" or a rejected option).</summary>
public class RoiNotAppliedException : VmafRoiException
{
    public RoiNotAppliedException(string message, string evidence)
        : base(message) => Evidence = evidence;

    /// <summary>The encoder's own words that show it, e.g. its "skipping ROI" line.</summary>
    public string Evidence { get; }
}

/// <summary>An external encode (ffmpeg or an encoder's own CLI) exited non-zero; its exit code is passed through.</summary>
public class EncodeFailedException : VmafRoiException
{
    public EncodeFailedException(string stage, int processExitCode, string stderrTail)
        : base($"{stage} failed (exit={processExitCode}); stderr tail:\n{stderrTail}")
    {
        Stage = stage;
        ProcessExitCode = processExitCode;
        StderrTail = stderrTail;
    }

    /// <summary>Which run failed, e.g. <c>libx264 encode</c>.</summary>
    public string Stage { get; }

    /// <summary>The exit code of the failed process.</summary>
    public int ProcessExitCode { get; }

    /// <summary>The last lines the process wrote to stderr.</summary>
    public string StderrTail { get; }
}
