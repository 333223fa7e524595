using Microsoft.CodeAnalysis;

namespace VmafRoi.Analyzers;

/// <summary>Every VmafRoi diagnostic, in one place; IDs come from <see cref="DiagnosticIds"/>.</summary>
public static class DiagnosticDescriptors
{
    public const string ExitCodesCategory = "VmafRoi.ExitCodes";
    public const string JsonContractsCategory = "VmafRoi.JsonContracts";
    public const string ContractFilesCategory = "VmafRoi.ContractFiles";

    /// <summary>Each ID's page is <c>docs/analyzers/&lt;ID&gt;.md</c> under this base.</summary>
    public const string HelpLinkBase = "https://example.invalid/vmafroi-sdk/docs/analyzers/";

    // Diagnostics reported from a compilation-end action must say so, or the IDE never asks for them.
    private static readonly string[] CompilationEnd = [WellKnownDiagnosticTags.CompilationEnd];

    public static readonly DiagnosticDescriptor ExitCodeNotFromExitCodes = new(
        id: DiagnosticIds.ExitCodeNotFromExitCodes,
        title: "Exit codes come from ExitCodes",
        messageFormat: "Exit code '{0}' is not an ExitCodes member; use a named code from VmafRoi.Contracts.ExitCodes",
        category: ExitCodesCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The value returned from Main or top-level statements, passed to Environment.Exit or assigned to Environment.ExitCode is a literal or a constant that is not an ExitCodes member. Every code a tool exits with must be named, documented and recorded in ExitCodes. Computed values (calls, variables, awaited results) are not reported.",
        helpLinkUri: HelpLink(DiagnosticIds.ExitCodeNotFromExitCodes));

    public static readonly DiagnosticDescriptor ExitCodeMissingDocumentation = new(
        id: DiagnosticIds.ExitCodeMissingDocumentation,
        title: "Exit codes are documented",
        messageFormat: "ExitCodes.{0} has no /// doc comment saying what the exit code means",
        category: ExitCodesCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Every ExitCodes member is part of the public contract of every tool, so it carries a /// doc comment with text that says when a tool exits with it.",
        helpLinkUri: HelpLink(DiagnosticIds.ExitCodeMissingDocumentation));

    public static readonly DiagnosticDescriptor ExitCodeNotRecorded = new(
        id: DiagnosticIds.ExitCodeNotRecorded,
        title: "Exit codes are recorded in the contract files",
        messageFormat: "ExitCodes.{0} = {1} is not recorded in ExitCodes.Shipped.txt or ExitCodes.Unshipped.txt{2}",
        category: ExitCodesCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Every ExitCodes member and its value is recorded in ExitCodes.Shipped.txt (released) or ExitCodes.Unshipped.txt (since the last release). The code fix writes the line into ExitCodes.Unshipped.txt.",
        helpLinkUri: HelpLink(DiagnosticIds.ExitCodeNotRecorded));

    public static readonly DiagnosticDescriptor ExitCodeChangedFromShipped = new(
        id: DiagnosticIds.ExitCodeChangedFromShipped,
        title: "Shipped exit codes are never renumbered",
        messageFormat: "ExitCodes.{0} is {1} but ExitCodes.Shipped.txt records {2}; a shipped exit code must not be renumbered",
        category: ExitCodesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Scripts compare exit codes by number, so a released value never changes. Restore the shipped value. If the change is deliberate, the code fix records it in ExitCodes.Unshipped.txt as a *REMOVED* line for the old value plus the new value, for review.",
        helpLinkUri: HelpLink(DiagnosticIds.ExitCodeChangedFromShipped));

    public static readonly DiagnosticDescriptor RecordedExitCodeMissing = new(
        id: DiagnosticIds.RecordedExitCodeMissing,
        title: "Recorded exit codes stay in ExitCodes",
        messageFormat: "'{0}' is recorded in {1} but ExitCodes has no constant {2}",
        category: ExitCodesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A recorded exit code was removed from ExitCodes. Put the member back; if the removal is deliberate, add a '*REMOVED*Name = value' line to ExitCodes.Unshipped.txt (for a shipped code) or delete the line (for an unshipped one).",
        helpLinkUri: HelpLink(DiagnosticIds.RecordedExitCodeMissing),
        customTags: CompilationEnd);

    public static readonly DiagnosticDescriptor JsonMemberMissingPropertyName = new(
        id: DiagnosticIds.JsonMemberMissingPropertyName,
        title: "JSON contract members name their JSON property",
        messageFormat: "'{0}.{1}' is serialized by JSON contract '{2}' but has no [JsonPropertyName]",
        category: JsonContractsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A serialized member of a [JsonContract] type (a public instance property or field, or one with [JsonInclude], without [JsonIgnore]) carries an explicit snake_case [JsonPropertyName], so renaming the C# member never changes the JSON.",
        helpLinkUri: HelpLink(DiagnosticIds.JsonMemberMissingPropertyName));

    public static readonly DiagnosticDescriptor JsonPropertyNameNotSnakeCase = new(
        id: DiagnosticIds.JsonPropertyNameNotSnakeCase,
        title: "JSON property names are snake_case",
        messageFormat: "JSON property name '{0}' of '{1}.{2}' is not snake_case",
        category: JsonContractsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "JSON property names of [JsonContract] types match ^[a-z][a-z0-9]*(_[a-z0-9]+)*$, like the Python tools they replace.",
        helpLinkUri: HelpLink(DiagnosticIds.JsonPropertyNameNotSnakeCase));

    public static readonly DiagnosticDescriptor JsonMemberMissingPropertyOrder = new(
        id: DiagnosticIds.JsonMemberMissingPropertyOrder,
        title: "JSON contract members pin their order",
        messageFormat: "'{0}.{1}' is serialized by JSON contract '{2}' but has no [JsonPropertyOrder]",
        category: JsonContractsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A serialized member of a [JsonContract] type carries an explicit [JsonPropertyOrder], so moving C# members never reorders the JSON keys.",
        helpLinkUri: HelpLink(DiagnosticIds.JsonMemberMissingPropertyOrder));

    public static readonly DiagnosticDescriptor JsonPropertyOrderNotUnique = new(
        id: DiagnosticIds.JsonPropertyOrderNotUnique,
        title: "JSON property orders are unique",
        messageFormat: "'{0}.{1}' has [JsonPropertyOrder({2})], which '{0}.{3}' already uses",
        category: JsonContractsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Two members with the same [JsonPropertyOrder] are written in an order the serializer chooses; each member of a [JsonContract] type has its own order.",
        helpLinkUri: HelpLink(DiagnosticIds.JsonPropertyOrderNotUnique));

    public static readonly DiagnosticDescriptor JsonContractShapeNotRecorded = new(
        id: DiagnosticIds.JsonContractShapeNotRecorded,
        title: "JSON contract shapes are recorded",
        messageFormat: "The shape of JSON contract '{0}' v{1} is not recorded in schemas/{0}.Shipped.txt or schemas/{0}.Unshipped.txt{2}",
        category: JsonContractsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Every [JsonContract] name and version has its shape (ordered JSON names and member types) recorded in the project's schemas/<name>.Shipped.txt or schemas/<name>.Unshipped.txt. The code fix writes the computed shape into the unshipped file.",
        helpLinkUri: HelpLink(DiagnosticIds.JsonContractShapeNotRecorded));

    public static readonly DiagnosticDescriptor JsonContractShapeChanged = new(
        id: DiagnosticIds.JsonContractShapeChanged,
        title: "A changed JSON shape needs a version bump",
        messageFormat: "The shape of JSON contract '{0}' v{1} differs from schemas/{0}.Shipped.txt ({2}); bump the version in [JsonContract] instead of changing a shipped shape",
        category: JsonContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Readers rely on a shipped contract version never changing shape. Restore the shipped shape, or bump the version and record the new shape.",
        helpLinkUri: HelpLink(DiagnosticIds.JsonContractShapeChanged));

    public static readonly DiagnosticDescriptor JsonContractDeclaredTwice = new(
        id: DiagnosticIds.JsonContractDeclaredTwice,
        title: "One type per JSON contract version",
        messageFormat: "JSON contract '{0}' v{1} is declared by both '{2}' and '{3}'",
        category: JsonContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A contract name and version names one shape, so only one type in a project may declare it.",
        helpLinkUri: HelpLink(DiagnosticIds.JsonContractDeclaredTwice),
        customTags: CompilationEnd);

    public static readonly DiagnosticDescriptor JsonContractNameInvalid = new(
        id: DiagnosticIds.JsonContractNameInvalid,
        title: "JSON contract names are kebab-case and versions start at 1",
        messageFormat: "JSON contract '{0}' v{1} is invalid: the name must be kebab-case (like roi-score) and the version at least 1",
        category: JsonContractsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The contract name names its schemas/<name>.*.txt files and the version counts shape changes, so the name matches ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ and the version is 1 or more.",
        helpLinkUri: HelpLink(DiagnosticIds.JsonContractNameInvalid));

    public static readonly DiagnosticDescriptor ContractFileInvalidLine = new(
        id: DiagnosticIds.ContractFileInvalidLine,
        title: "Contract file lines are well formed",
        messageFormat: "Line '{0}' in {1} cannot be read: {2}",
        category: ContractFilesCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "ExitCodes.*.txt holds 'Name = value' lines (optionally prefixed with *REMOVED*); schemas/<name>.*.txt holds '[<name> v<version>]' section headers followed by 'json_name: type' lines. Blank lines and lines starting with # are ignored.",
        helpLinkUri: HelpLink(DiagnosticIds.ContractFileInvalidLine),
        customTags: CompilationEnd);

    public static readonly DiagnosticDescriptor ContractFileDuplicateRecord = new(
        id: DiagnosticIds.ContractFileDuplicateRecord,
        title: "Contract files record each thing once",
        messageFormat: "'{0}' is recorded more than once ({1})",
        category: ContractFilesCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An exit code, a JSON contract version or a JSON member is recorded once across the shipped and unshipped files; a second record would make the contract ambiguous.",
        helpLinkUri: HelpLink(DiagnosticIds.ContractFileDuplicateRecord),
        customTags: CompilationEnd);

    private static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
