using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VmafRoi.Analyzers.ContractFiles;

namespace VmafRoi.Analyzers.JsonContracts;

public sealed partial class JsonContractAnalyzer
{
    /// <summary>
    /// How a member type is written in a shape record: namespace-qualified, C# keywords for special types, <c>?</c> for
    /// nullable references; stable across compilers and free of <c>global::</c>.
    /// </summary>
    internal static readonly SymbolDisplayFormat ShapeTypeFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private sealed partial class ContractCheck
    {
        private static readonly Regex KebabCase = new("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", RegexOptions.CultureInvariant);

        private readonly JsonAttributes _json;
        private readonly SchemaContracts _schemas;
        private readonly ConcurrentBag<DeclaredContract> _declared = [];

        public ContractCheck(JsonAttributes json, SchemaContracts schemas)
        {
            _json = json;
            _schemas = schemas;
        }

        public void AnalyzeType(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            AttributeData? contract = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _json.Contract));
            if (contract is not { ConstructorArguments.Length: 2 })
            {
                return;
            }

            string name = contract.ConstructorArguments[0].Value as string ?? string.Empty;
            int version = contract.ConstructorArguments[1].Value is int v ? v : 0;
            Location at = contract.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? type.Locations[0];
            List<SerializedMember> members = SerializedMembers(type);
            bool membersValid = CheckMembers(context, type, name, members);
            if (!KebabCase.IsMatch(name) || version < 1)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.JsonContractNameInvalid, at, name, version));
                return;
            }

            _declared.Add(new DeclaredContract(name, version, type, at));

            // Until every member has a name and an order the shape is not what the author means; VR2001–VR2004 come first.
            if (membersValid)
            {
                CheckShape(context, name, version, at, Shape(members));
            }
        }

        public void ReportCompilationEnd(CompilationAnalysisContext context)
        {
            foreach (Diagnostic diagnostic in _schemas.FileDiagnostics)
            {
                context.ReportDiagnostic(diagnostic);
            }

            foreach (IGrouping<string, DeclaredContract> group in _declared.GroupBy(d => ShapeRecord.FormatKey(d.Name, d.Version)))
            {
                List<DeclaredContract> types = group.OrderBy(d => d.Type.ToDisplayString(), System.StringComparer.Ordinal).ToList();
                foreach (DeclaredContract duplicate in types.Skip(1))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.JsonContractDeclaredTwice, duplicate.Location, duplicate.Name, duplicate.Version, types[0].Type.ToDisplayString(), duplicate.Type.ToDisplayString()));
                }
            }
        }

        /// <summary>The ordered <c>json_name: type</c> lines; ties (already reported) keep declaration order.</summary>
        private static List<string> Shape(List<SerializedMember> members) =>
            members
                .Select((member, index) => (member, index))
                .OrderBy(m => m.member.Order ?? 0)
                .ThenBy(m => m.index)
                .Select(m => ShapeRecord.FormatMember(m.member.JsonName ?? m.member.Symbol.Name, m.member.Type.ToDisplayString(ShapeTypeFormat)))
                .ToList();

        private void CheckShape(SymbolAnalysisContext context, string name, int version, Location at, List<string> shape)
        {
            ShapeRecord? shipped = _schemas.Shipped(name, version);
            if (shipped is not null)
            {
                if (FirstDifference(shape, shipped.Members, "shipped") is { } difference)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.JsonContractShapeChanged, at, name, version, difference));
                }

                return;
            }

            string detail = string.Empty;
            ShapeRecord? unshipped = _schemas.Unshipped(name, version);
            if (unshipped is not null)
            {
                if (FirstDifference(shape, unshipped.Members, "recorded") is not { } difference)
                {
                    return;
                }

                detail = "; the unshipped record differs: " + difference;
            }

            string text = string.Join("\n", new[] { ShapeRecord.FormatHeader(name, version) }.Concat(shape));
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
                .Add(ContractFixProperties.Kind, ContractFixProperties.JsonContractKind)
                .Add(ContractFixProperties.RecordKey, ShapeRecord.FormatKey(name, version))
                .Add(ContractFixProperties.RecordText, text)
                .Add(ContractFixProperties.UnshippedFileName, ContractFileNames.SchemaUnshipped(name))
                .Add(ContractFixProperties.UnshippedPath, _schemas.UnshippedPath(name))
                .Add(ContractFixProperties.ShippedPath, _schemas.ShippedPath(name));
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.JsonContractShapeNotRecorded, at, properties, name, version, detail));
        }

        private static string? FirstDifference(List<string> now, List<string> recorded, string recordedWord)
        {
            for (int i = 0; i < System.Math.Max(now.Count, recorded.Count); i++)
            {
                if (i >= now.Count)
                {
                    return $"{recordedWord} member {i + 1} '{recorded[i]}' is missing";
                }

                if (i >= recorded.Count)
                {
                    return $"member {i + 1} '{now[i]}' is new";
                }

                if (now[i] != recorded[i])
                {
                    return $"member {i + 1} is '{now[i]}', {recordedWord} '{recorded[i]}'";
                }
            }

            return null;
        }

        private sealed class DeclaredContract
        {
            public DeclaredContract(string name, int version, INamedTypeSymbol type, Location location)
            {
                Name = name;
                Version = version;
                Type = type;
                Location = location;
            }

            public string Name { get; }

            public int Version { get; }

            public INamedTypeSymbol Type { get; }

            public Location Location { get; }
        }
    }
}
