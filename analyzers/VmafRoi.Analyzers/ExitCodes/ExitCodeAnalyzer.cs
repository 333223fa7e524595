using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VmafRoi.Analyzers.ContractFiles;

namespace VmafRoi.Analyzers.ExitCodes;

/// <summary>
/// Holds process exit codes to <c>VmafRoi.Contracts.ExitCodes</c>: exits use its members (VR1001), and in the project that
/// declares it every member is documented (VR1002) and recorded in ExitCodes.Shipped.txt/Unshipped.txt (VR1003–VR1005).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class ExitCodeAnalyzer : DiagnosticAnalyzer
{
    public const string ExitCodesMetadataName = "VmafRoi.Contracts.ExitCodes";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ExitCodeNotFromExitCodes,
        DiagnosticDescriptors.ExitCodeMissingDocumentation,
        DiagnosticDescriptors.ExitCodeNotRecorded,
        DiagnosticDescriptors.ExitCodeChangedFromShipped,
        DiagnosticDescriptors.RecordedExitCodeMissing,
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
        // Only code that can name our exit codes is held to them.
        INamedTypeSymbol? exitCodes = context.Compilation.GetTypeByMetadataName(ExitCodesMetadataName);
        if (exitCodes is null)
        {
            return;
        }

        var values = new ExitValues(exitCodes, context.Compilation.GetTypeByMetadataName("System.Environment"));
        context.RegisterOperationAction(values.AnalyzeReturn, OperationKind.Return);
        context.RegisterOperationAction(values.AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(values.AnalyzeAssignment, OperationKind.SimpleAssignment);

        // The contract files belong to the project that declares ExitCodes; consumers only see its metadata.
        if (SymbolEqualityComparer.Default.Equals(exitCodes.ContainingAssembly, context.Compilation.Assembly))
        {
            var contract = new ExitCodesContractCheck(exitCodes, ExitCodeContract.Read(context.Options.AdditionalFiles, context.CancellationToken));
            context.RegisterSymbolAction(contract.AnalyzeExitCodesType, SymbolKind.NamedType);
            context.RegisterCompilationEndAction(contract.ReportContractFiles);
        }
    }
}
