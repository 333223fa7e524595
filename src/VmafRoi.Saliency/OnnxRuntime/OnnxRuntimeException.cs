using VmafRoi.Contracts;

namespace VmafRoi.Saliency.OnnxRuntime;

/// <summary>ONNX Runtime's <c>OrtErrorCode</c>; the values are ORT's.</summary>
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
}

/// <summary>ONNX Runtime returned an error status; the mask cannot be made (exit 64).</summary>
public class OnnxRuntimeException : MaskException
{
    public OnnxRuntimeException(OrtErrorCode errorCode, string ortMessage, string context)
        : base($"{context}: ONNX Runtime error {errorCode}: {ortMessage}")
    {
        ErrorCode = errorCode;
        OrtMessage = ortMessage;
    }

    /// <summary>ORT's error code.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>ORT's own message, unchanged.</summary>
    public string OrtMessage { get; }
}

/// <summary>The ONNX Runtime native library could not be found or loaded (exit 64, as every saliency failure).</summary>
public sealed class OnnxRuntimeNotFoundException : MaskException
{
    /// <summary>What to do about a missing library; every "not found" message ends with it.</summary>
    public const string Hint =
        "run eng/natives/fetch-onnxruntime.sh (or the repository setup script) to fetch the pinned ONNX Runtime 1.30, or set VMAFROI_ONNXRUNTIME to the path of libonnxruntime.so.1";

    public OnnxRuntimeNotFoundException(string message, IReadOnlyList<string> searched, Exception? innerException = null)
        : base($"{message}; looked in: {(searched.Count == 0 ? "(nowhere)" : string.Join(", ", searched))}; {Hint}", innerException) =>
        Searched = searched;

    /// <summary>Every path that was tried, in order.</summary>
    public IReadOnlyList<string> Searched { get; }
}
