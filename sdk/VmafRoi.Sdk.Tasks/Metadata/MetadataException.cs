namespace VmafRoi.Sdk.Tasks.Metadata;

/// <summary>An item's metadata is wrong; carries the VRQ code so in-process tasks report it like the gate does.</summary>
public sealed class MetadataException : Exception
{
    public MetadataException(string code, string message)
        : base(message) => Code = code;

    public string Code { get; }
}
