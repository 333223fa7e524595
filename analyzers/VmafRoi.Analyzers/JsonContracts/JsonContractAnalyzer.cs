using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VmafRoi.Analyzers.ContractFiles;

namespace VmafRoi.Analyzers.JsonContracts;

/// <summary>
/// Holds <c>[JsonContract(name, version)]</c> types to their schema contract: every serialized member has an explicit
/// snake_case name and a unique order (VR2001–VR2004), and the shape matches its record in schemas/&lt;name&gt;.*.txt
/// (VR2005–VR2008).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class JsonContractAnalyzer : DiagnosticAnalyzer
{
    public const string JsonContractAttributeMetadataName = "VmafRoi.Contracts.JsonContractAttribute";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.JsonMemberMissingPropertyName,
        DiagnosticDescriptors.JsonPropertyNameNotSnakeCase,
        DiagnosticDescriptors.JsonMemberMissingPropertyOrder,
        DiagnosticDescriptors.JsonPropertyOrderNotUnique,
        DiagnosticDescriptors.JsonContractShapeNotRecorded,
        DiagnosticDescriptors.JsonContractShapeChanged,
        DiagnosticDescriptors.JsonContractDeclaredTwice,
        DiagnosticDescriptors.JsonContractNameInvalid,
        DiagnosticDescriptors.ContractFileInvalidLine,
        DiagnosticDescriptors.ContractFileDuplicateRecord);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        // Only code that can mark a type as a contract is held to contracts.
        Compilation compilation = context.Compilation;
        INamedTypeSymbol? contractAttribute = compilation.GetTypeByMetadataName(JsonContractAttributeMetadataName);
        if (contractAttribute is null)
        {
            return;
        }

        var json = new JsonAttributes(
            contractAttribute,
            compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonPropertyNameAttribute"),
            compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonPropertyOrderAttribute"),
            compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonIgnoreAttribute"),
            compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonIncludeAttribute"));
        var check = new ContractCheck(json, SchemaContracts.Read(context.Options.AdditionalFiles, context.CancellationToken));
        context.RegisterSymbolAction(check.AnalyzeType, SymbolKind.NamedType);
        context.RegisterCompilationEndAction(check.ReportCompilationEnd);
    }

    /// <summary>The attribute types the rules look for; the System.Text.Json ones are null when it is not referenced.</summary>
    private sealed class JsonAttributes
    {
        public JsonAttributes(INamedTypeSymbol contract, INamedTypeSymbol? propertyName, INamedTypeSymbol? propertyOrder, INamedTypeSymbol? ignore, INamedTypeSymbol? include)
        {
            Contract = contract;
            PropertyName = propertyName;
            PropertyOrder = propertyOrder;
            Ignore = ignore;
            Include = include;
        }

        public INamedTypeSymbol Contract { get; }

        public INamedTypeSymbol? PropertyName { get; }

        public INamedTypeSymbol? PropertyOrder { get; }

        public INamedTypeSymbol? Ignore { get; }

        public INamedTypeSymbol? Include { get; }
    }
}
