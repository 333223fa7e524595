using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace VmafRoi.Analyzers.CodeFixes;

/// <summary>
/// Records an exit code (VR1003, VR1004) or a JSON contract shape (VR2005) in the unshipped contract file. The analyzer
/// computed the exact record and passed it in the diagnostic's properties; this fix only writes it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ContractRecordCodeFixProvider))]
[Shared]
public sealed class ContractRecordCodeFixProvider : CodeFixProvider
{
    /// <summary>One key for every record fix, so Fix All batches them into one edit per file.</summary>
    public const string EquivalenceKey = "VmafRoi.RecordInUnshipped";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.ExitCodeNotRecorded,
        DiagnosticIds.ExitCodeChangedFromShipped,
        DiagnosticIds.JsonContractShapeNotRecorded);

    public override FixAllProvider GetFixAllProvider() => ContractRecordFixAllProvider.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (ContractRecordEdit.From(diagnostic, context.Document) is not { } edit)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    title: $"Record '{edit.Key}' in {edit.FileName}",
                    createChangedSolution: cancellationToken => ContractRecordWriter.ApplyAsync(context.Document.Project.Solution, [edit], cancellationToken),
                    equivalenceKey: EquivalenceKey),
                diagnostic);
        }

        return Task.CompletedTask;
    }
}
