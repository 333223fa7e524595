namespace VmafRoi.Contracts;

/// <summary>
/// Marks a type whose JSON shape is a public contract. Every serialized member must carry an explicit
/// snake_case <c>JsonPropertyName</c> and a <c>JsonPropertyOrder</c>; the shape is recorded per version
/// in <c>schemas/*.Shipped.txt</c> and checked by the VmafRoi analyzers.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class JsonContractAttribute : Attribute
{
    public JsonContractAttribute(string name, int version)
    {
        Name = name;
        Version = version;
    }

    /// <summary>The contract's stable name, e.g. <c>roi-score</c>.</summary>
    public string Name { get; }

    /// <summary>The schema version; bump it whenever the shape changes.</summary>
    public int Version { get; }
}
