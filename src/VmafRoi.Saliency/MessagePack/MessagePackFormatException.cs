using VmafRoi.Contracts;

namespace VmafRoi.Saliency.MessagePack;

/// <summary>The bytes are not valid MessagePack, end early, or hold a different type than the reader asked for.</summary>
public sealed class MessagePackFormatException : InvalidInputException
{
    public MessagePackFormatException(string message, long offset, Exception? innerException = null)
        : base($"{message} (at byte {offset})", null, innerException) => Offset = offset;

    /// <summary>Where the offending value starts, counted from where the reader started.</summary>
    public long Offset { get; }
}
