namespace VmafRoi.Sdk.Tasks.Metadata;

/// <summary>One thing wrong with an item's metadata: its VRQ code and a message naming the item and the value.</summary>
public sealed record MetadataProblem(string Code, string Message);
