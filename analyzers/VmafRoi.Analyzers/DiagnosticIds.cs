namespace VmafRoi.Analyzers;

/// <summary>
/// Every VmafRoi diagnostic ID. An ID is never reused: a retired rule stays here as a comment saying where it went.
/// VR1xxx guard exit codes, VR2xxx guard JSON contracts, VR9xxx guard the contract files themselves.
/// </summary>
public static class DiagnosticIds
{
    /// <summary>A process exit code is a literal or a constant that is not an <c>ExitCodes</c> member.</summary>
    public const string ExitCodeNotFromExitCodes = "VR1001";

    /// <summary>An <c>ExitCodes</c> member has no <c>///</c> doc comment.</summary>
    public const string ExitCodeMissingDocumentation = "VR1002";

    /// <summary>An <c>ExitCodes</c> member is not recorded (with its value) in ExitCodes.Shipped.txt or ExitCodes.Unshipped.txt.</summary>
    public const string ExitCodeNotRecorded = "VR1003";

    /// <summary>An <c>ExitCodes</c> member's value differs from ExitCodes.Shipped.txt.</summary>
    public const string ExitCodeChangedFromShipped = "VR1004";

    /// <summary>A recorded exit code no longer exists in <c>ExitCodes</c>.</summary>
    public const string RecordedExitCodeMissing = "VR1005";

    /// <summary>A serialized member of a <c>[JsonContract]</c> type has no <c>[JsonPropertyName]</c>.</summary>
    public const string JsonMemberMissingPropertyName = "VR2001";

    /// <summary>A <c>[JsonPropertyName]</c> in a <c>[JsonContract]</c> type is not snake_case.</summary>
    public const string JsonPropertyNameNotSnakeCase = "VR2002";

    /// <summary>A serialized member of a <c>[JsonContract]</c> type has no <c>[JsonPropertyOrder]</c>.</summary>
    public const string JsonMemberMissingPropertyOrder = "VR2003";

    /// <summary>Two serialized members of a <c>[JsonContract]</c> type share a <c>[JsonPropertyOrder]</c>.</summary>
    public const string JsonPropertyOrderNotUnique = "VR2004";

    /// <summary>A contract name and version has no record in schemas/&lt;name&gt;.Shipped.txt or .Unshipped.txt, or differs from its unshipped record.</summary>
    public const string JsonContractShapeNotRecorded = "VR2005";

    /// <summary>A contract's shape differs from the shipped record of the same version.</summary>
    public const string JsonContractShapeChanged = "VR2006";

    /// <summary>Two types in one project declare the same contract name and version.</summary>
    public const string JsonContractDeclaredTwice = "VR2007";

    /// <summary>A <c>[JsonContract]</c> name is not kebab-case or its version is below 1.</summary>
    public const string JsonContractNameInvalid = "VR2008";

    /// <summary>A line in a contract file cannot be read.</summary>
    public const string ContractFileInvalidLine = "VR9001";

    /// <summary>A contract file records the same thing twice.</summary>
    public const string ContractFileDuplicateRecord = "VR9002";
}
