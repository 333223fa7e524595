using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace VmafRoi.Analyzers.CodeFixes;

/// <summary>Fix All: gathers every record in scope and writes each unshipped file once, instead of one edit per diagnostic.</summary>
internal sealed class ContractRecordFixAllProvider : FixAllProvider
{
    public static readonly ContractRecordFixAllProvider Instance = new();

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var edits = new List<ContractRecordEdit>();
        IEnumerable<Project> projects = fixAllContext.Scope == FixAllScope.Solution ? fixAllContext.Solution.Projects : [fixAllContext.Project];
        foreach (Project project in projects)
        {
            ImmutableArray<Diagnostic> diagnostics = fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document is not null
                ? await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false)
                : await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
            {
                if (DocumentOf(project, diagnostic) is { } document && ContractRecordEdit.From(diagnostic, document) is { } edit)
                {
                    edits.Add(edit);
                }
            }
        }

        return edits.Count == 0
            ? null
            : CodeAction.Create(
                title: "Record every missing contract entry in the unshipped files",
                createChangedSolution: cancellationToken => ContractRecordWriter.ApplyAsync(fixAllContext.Solution, edits, cancellationToken),
                equivalenceKey: ContractRecordCodeFixProvider.EquivalenceKey);
    }

    // Hosts such as dotnet format may pass diagnostics computed on an earlier solution, whose trees no longer map.
    private static Document? DocumentOf(Project project, Diagnostic diagnostic)
    {
        SyntaxTree? tree = diagnostic.Location.SourceTree;
        return tree is null
            ? null
            : project.GetDocument(tree) ?? project.Documents.FirstOrDefault(d => d.FilePath is not null && string.Equals(d.FilePath, tree.FilePath, StringComparison.Ordinal));
    }
}
