namespace VmafRoi.Analyzers.ContractFiles;

/// <summary>
/// Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> through which an analyzer hands its computed record
/// to the code fix, so the fix only writes text and never recomputes a contract.
/// </summary>
internal static class ContractFixProperties
{
    /// <summary><see cref="ExitCodeKind"/> or <see cref="JsonContractKind"/>.</summary>
    public const string Kind = "VmafRoi.Kind";

    /// <summary>What the record is about: an ExitCodes member name, or a <c>name vN</c> section key.</summary>
    public const string RecordKey = "VmafRoi.RecordKey";

    /// <summary>The exact lines to write, separated by <c>\n</c>.</summary>
    public const string RecordText = "VmafRoi.RecordText";

    /// <summary>The unshipped file's name, e.g. <c>ExitCodes.Unshipped.txt</c>.</summary>
    public const string UnshippedFileName = "VmafRoi.UnshippedFileName";

    /// <summary>The unshipped file's path when the project already has one.</summary>
    public const string UnshippedPath = "VmafRoi.UnshippedPath";

    /// <summary>The shipped file's path when the project has one; a new unshipped file goes next to it.</summary>
    public const string ShippedPath = "VmafRoi.ShippedPath";

    public const string ExitCodeKind = "ExitCode";
    public const string JsonContractKind = "JsonContract";
}
