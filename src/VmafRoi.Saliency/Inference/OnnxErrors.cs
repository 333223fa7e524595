using VmafRoi.Contracts;

namespace VmafRoi.Saliency;

/// <summary>ONNX Runtime's error codes (<c>OrtErrorCode</c>; the package keeps its own enum internal). The values are ORT's.</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
    ModelLoadCanceled = 12,
    ModelRequiresCompilation = 13,
    NotFound = 14,
}

/// <summary>ONNX Runtime rejected a model or failed to run it; the mask cannot be made (exit 64).</summary>
public class OnnxModelException : MaskException
{
    public OnnxModelException(OrtErrorCode errorCode, string ortMessage, string context, Exception? innerException = null)
        : base($"{context}: ONNX Runtime error {errorCode}: {ortMessage}", innerException)
    {
        ErrorCode = errorCode;
        OrtMessage = ortMessage;
    }

    /// <summary>ORT's error code.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>ORT's own message, unchanged.</summary>
    public string OrtMessage { get; }
}

/// <summary>The ONNX Runtime native library could not be loaded (exit 64, as every saliency failure).</summary>
public sealed class OnnxRuntimeMissingException(string message, Exception? innerException = null) : MaskException(message, innerException);
