using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using VmafRoi.Analyzers.ContractFiles;

namespace VmafRoi.Analyzers.ExitCodes;

public sealed partial class ExitCodeAnalyzer
{
    /// <summary>VR1002–VR1005 in the project that declares ExitCodes: documented members that match the contract files.</summary>
    private sealed class ExitCodesContractCheck
    {
        private static readonly Regex XmlTag = new("<[^>]*>", RegexOptions.CultureInvariant);

        private readonly INamedTypeSymbol _exitCodes;
        private readonly ExitCodeContract _contract;

        public ExitCodesContractCheck(INamedTypeSymbol exitCodes, ExitCodeContract contract)
        {
            _exitCodes = exitCodes;
            _contract = contract;
        }

        public void AnalyzeExitCodesType(SymbolAnalysisContext context)
        {
            if (!SymbolEqualityComparer.Default.Equals(context.Symbol, _exitCodes))
            {
                return;
            }

            foreach (ISymbol member in _exitCodes.GetMembers())
            {
                if (member.IsImplicitlyDeclared || member is IMethodSymbol { MethodKind: not MethodKind.Ordinary })
                {
                    continue;
                }

                if (!IsDocumented(member, context))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ExitCodeMissingDocumentation, member.Locations[0], member.Name));
                }

                if (member is IFieldSymbol { IsConst: true, ConstantValue: int value })
                {
                    CheckRecorded(context, member, value);
                }
            }
        }

        public void ReportContractFiles(CompilationAnalysisContext context)
        {
            foreach (Diagnostic diagnostic in _contract.FileDiagnostics)
            {
                context.ReportDiagnostic(diagnostic);
            }

            var codes = new HashSet<string>(ExitCodeConstants().Select(field => field.Name));
            foreach (ExitCodeRecord record in _contract.LiveRecords)
            {
                if (!codes.Contains(record.Name))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.RecordedExitCodeMissing,
                        record.Line.Location,
                        ExitCodeRecord.Format(record.Name, record.Value),
                        record.FileName,
                        record.Name));
                }
            }
        }

        private IEnumerable<IFieldSymbol> ExitCodeConstants() =>
            _exitCodes.GetMembers().OfType<IFieldSymbol>().Where(field => field.IsConst && field.ConstantValue is int);

        private void CheckRecorded(SymbolAnalysisContext context, ISymbol member, int value)
        {
            string name = member.Name;
            ExitCodeRecord? shipped = _contract.ShippedLive(name);
            if (shipped is not null)
            {
                if (shipped.Value != value)
                {
                    // A deliberate renumbering is written as retire-old plus add-new, so review sees both numbers.
                    string text = ExitCodeRecord.FormatRemoved(name, shipped.Value) + "\n" + ExitCodeRecord.Format(name, value);
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ExitCodeChangedFromShipped, member.Locations[0], FixProperties(name, text), name, value, shipped.Value));
                }

                return;
            }

            ExitCodeRecord? unshipped = _contract.UnshippedLive(name);
            if (unshipped?.Value == value)
            {
                return;
            }

            string detail = unshipped is null ? string.Empty : $" ({ContractFileNames.ExitCodesUnshipped} records {unshipped.Value})";
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ExitCodeNotRecorded, member.Locations[0], FixProperties(name, ExitCodeRecord.Format(name, value)), name, value, detail));
        }

        private ImmutableDictionary<string, string?> FixProperties(string name, string text) =>
            ImmutableDictionary<string, string?>.Empty
                .Add(ContractFixProperties.Kind, ContractFixProperties.ExitCodeKind)
                .Add(ContractFixProperties.RecordKey, name)
                .Add(ContractFixProperties.RecordText, text)
                .Add(ContractFixProperties.UnshippedFileName, ContractFileNames.ExitCodesUnshipped)
                .Add(ContractFixProperties.UnshippedPath, _contract.UnshippedFile?.Path)
                .Add(ContractFixProperties.ShippedPath, _contract.ShippedFile?.Path);

        // Reads the trivia itself, so a member is judged the same whether or not the compilation parses doc comments.
        private static bool IsDocumented(ISymbol member, SymbolAnalysisContext context)
        {
            foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
            {
                MemberDeclarationSyntax? declaration = reference.GetSyntax(context.CancellationToken).FirstAncestorOrSelf<MemberDeclarationSyntax>();
                if (declaration is not null && declaration.GetLeadingTrivia().Any(IsDocCommentWithText))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsDocCommentWithText(SyntaxTrivia trivia)
        {
            string text = trivia.ToFullString();
            bool isDoc = trivia.Kind() switch
            {
                SyntaxKind.SingleLineDocumentationCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia => true,
                // With DocumentationMode.None the parser leaves doc comments as plain comments.
                SyntaxKind.SingleLineCommentTrivia => text.StartsWith("///", System.StringComparison.Ordinal) && !text.StartsWith("////", System.StringComparison.Ordinal),
                SyntaxKind.MultiLineCommentTrivia => text.StartsWith("/**", System.StringComparison.Ordinal) && !text.StartsWith("/**/", System.StringComparison.Ordinal),
                _ => false,
            };
            if (!isDoc)
            {
                return false;
            }

            string body = XmlTag.Replace(text.Replace("///", " ").Replace("/**", " ").Replace("*/", " "), " ");
            return body.Any(char.IsLetterOrDigit);
        }
    }
}
