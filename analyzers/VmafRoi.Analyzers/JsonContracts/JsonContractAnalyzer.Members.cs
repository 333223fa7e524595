using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace VmafRoi.Analyzers.JsonContracts;

public sealed partial class JsonContractAnalyzer
{
    /// <summary>A member System.Text.Json writes, with its explicit name and order when it has them.</summary>
    private sealed class SerializedMember
    {
        public SerializedMember(ISymbol symbol, ITypeSymbol type, AttributeData? name, AttributeData? order)
        {
            Symbol = symbol;
            Type = type;
            NameAttribute = name;
            OrderAttribute = order;
        }

        public ISymbol Symbol { get; }

        public ITypeSymbol Type { get; }

        public AttributeData? NameAttribute { get; }

        public AttributeData? OrderAttribute { get; }

        public string? JsonName => NameAttribute is { ConstructorArguments.Length: 1 } a ? a.ConstructorArguments[0].Value as string : null;

        public int? Order => OrderAttribute is { ConstructorArguments.Length: 1 } a && a.ConstructorArguments[0].Value is int order ? order : null;
    }

    private sealed partial class ContractCheck
    {
        private static readonly Regex SnakeCase = new("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", RegexOptions.CultureInvariant);

        // JsonIgnoreCondition.Always, the default of [JsonIgnore]; the other conditions still write the member sometimes.
        private const int IgnoreAlways = 1;

        /// <summary>Serialized members, base type's first, each in declaration order; a derived member hides a base one of the same name.</summary>
        private List<SerializedMember> SerializedMembers(INamedTypeSymbol type)
        {
            var levels = new List<List<SerializedMember>>();
            var seen = new HashSet<string>();
            for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
            {
                var level = new List<SerializedMember>();
                foreach (ISymbol member in current.GetMembers())
                {
                    if (member.IsStatic || member.IsImplicitlyDeclared || !seen.Add(member.Name))
                    {
                        continue;
                    }

                    SerializedMember? serialized = member switch
                    {
                        IPropertySymbol { IsIndexer: false } property when IsSerialized(property, property.GetMethod is { DeclaredAccessibility: Accessibility.Public } && property.DeclaredAccessibility == Accessibility.Public) =>
                            Describe(property, property.Type),
                        IFieldSymbol field when IsSerialized(field, field.DeclaredAccessibility == Accessibility.Public) => Describe(field, field.Type),
                        _ => null,
                    };
                    if (serialized is not null)
                    {
                        level.Add(serialized);
                    }
                }

                levels.Add(level);
            }

            levels.Reverse();
            return levels.SelectMany(level => level).ToList();
        }

        private bool IsSerialized(ISymbol member, bool isPublic)
        {
            if (!isPublic && Find(member, _json.Include) is null)
            {
                return false;
            }

            AttributeData? ignore = Find(member, _json.Ignore);
            if (ignore is null)
            {
                return true;
            }

            foreach (KeyValuePair<string, TypedConstant> argument in ignore.NamedArguments)
            {
                if (argument.Key == "Condition" && argument.Value.Value is int condition)
                {
                    return condition != IgnoreAlways;
                }
            }

            return false;
        }

        private SerializedMember Describe(ISymbol member, ITypeSymbol type) =>
            new(member, type, Find(member, _json.PropertyName), Find(member, _json.PropertyOrder));

        /// <summary>VR2001–VR2004; true when every member has a valid name and a unique order, so the shape is well defined.</summary>
        private static bool CheckMembers(SymbolAnalysisContext context, INamedTypeSymbol type, string contractName, IReadOnlyList<SerializedMember> members)
        {
            bool valid = true;
            var orders = new Dictionary<int, SerializedMember>();
            foreach (SerializedMember member in members)
            {
                Location memberLocation = LocationOf(member.Symbol, type);
                if (member.NameAttribute is null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.JsonMemberMissingPropertyName, memberLocation, type.Name, member.Symbol.Name, contractName));
                    valid = false;
                }
                else if (member.JsonName is not { } name || !SnakeCase.IsMatch(name))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.JsonPropertyNameNotSnakeCase, LocationOf(member.NameAttribute, memberLocation), member.JsonName ?? "null", type.Name, member.Symbol.Name));
                    valid = false;
                }

                if (member.OrderAttribute is null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.JsonMemberMissingPropertyOrder, memberLocation, type.Name, member.Symbol.Name, contractName));
                    valid = false;
                }
                else if (member.Order is int order)
                {
                    if (orders.TryGetValue(order, out SerializedMember? first))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.JsonPropertyOrderNotUnique, LocationOf(member.OrderAttribute, memberLocation), type.Name, member.Symbol.Name, order, first.Symbol.Name));
                        valid = false;
                    }
                    else
                    {
                        orders.Add(order, member);
                    }
                }
            }

            return valid;
        }

        private static AttributeData? Find(ISymbol member, INamedTypeSymbol? attributeType) =>
            attributeType is null ? null : member.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType));

        // An inherited member from another assembly has no source; its diagnostics go on the contract type.
        private static Location LocationOf(ISymbol member, INamedTypeSymbol type) =>
            member.Locations.FirstOrDefault(l => l.IsInSource) ?? type.Locations[0];

        private static Location LocationOf(AttributeData attribute, Location fallback) =>
            attribute.ApplicationSyntaxReference is { } reference ? reference.GetSyntax().GetLocation() : fallback;
    }
}
