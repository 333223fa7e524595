using Microsoft.CodeAnalysis;
using static VmafRoi.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace VmafRoi.Analyzers.Tests;

/// <summary>VR2001–VR2004: every serialized member of a [JsonContract] type has an explicit snake_case name and a unique order.</summary>
public sealed class JsonContractMemberTests
{
    // Member-rule tests record nothing; the "not recorded" diagnostic (VR2005) is filtered out here and tested on its own.
    private static async Task<string[]> MemberDiagnosticsAsync(string source) =>
        Describe((await AnalyzeAsync(Compile(source))).Where(d => d.Id != DiagnosticIds.JsonContractShapeNotRecorded));

    [Fact]
    public async Task Unannotated_member_of_a_contract_is_reported_for_name_and_order()
    {
        AssertDiagnostics(await AnalyzeAsync(Compile("""
            using System.Text.Json.Serialization;
            using VmafRoi.Contracts;

            [JsonContract("sample", 1)]
            public sealed class Sample
            {
                [JsonPropertyName("kept")]
                [JsonPropertyOrder(0)]
                public int Kept { get; init; }

                public double Loose { get; init; }
            }
            """)),
            "VR2001 L11 'Loose' 'Sample.Loose' is serialized by JSON contract 'sample' but has no [JsonPropertyName]",
            "VR2003 L11 'Loose' 'Sample.Loose' is serialized by JSON contract 'sample' but has no [JsonPropertyOrder]");
    }

    [Fact]
    public async Task Name_that_is_not_snake_case_is_reported()
    {
        string[] found = await MemberDiagnosticsAsync("""
            using System.Text.Json.Serialization;
            using VmafRoi.Contracts;

            [JsonContract("sample", 1)]
            public sealed class Sample
            {
                [JsonPropertyName("vmafRoi")]
                [JsonPropertyOrder(0)]
                public double A { get; init; }

                [JsonPropertyName("_lead")]
                [JsonPropertyOrder(1)]
                public double B { get; init; }

                [JsonPropertyName("double__underscore")]
                [JsonPropertyOrder(2)]
                public double C { get; init; }

                [JsonPropertyName("fine_2_name")]
                [JsonPropertyOrder(3)]
                public double D { get; init; }
            }
            """);

        Assert.Equal(
            ["VR2002 L7 'JsonPropertyName(\"vmafRoi\")'", "VR2002 L11 'JsonPropertyName(\"_lead\")'", "VR2002 L15 'JsonPropertyName(\"double__underscore\")'"],
            found);
    }

    [Fact]
    public async Task Missing_order_alone_is_reported()
    {
        string[] found = await MemberDiagnosticsAsync("""
            using System.Text.Json.Serialization;
            using VmafRoi.Contracts;

            [JsonContract("sample", 1)]
            public sealed class Sample
            {
                [JsonPropertyName("a")]
                public double A { get; init; }
            }
            """);

        Assert.Equal(["VR2003 L8 'A'"], found);
    }

    [Fact]
    public async Task Duplicate_order_is_reported_on_the_second_member()
    {
        AssertDiagnostics(
            (await AnalyzeAsync(Compile("""
                using System.Text.Json.Serialization;
                using VmafRoi.Contracts;

                [JsonContract("sample", 1)]
                public sealed class Sample
                {
                    [JsonPropertyName("a")]
                    [JsonPropertyOrder(1)]
                    public double A { get; init; }

                    [JsonPropertyName("b")]
                    [JsonPropertyOrder(1)]
                    public double B { get; init; }
                }
                """))).Where(d => d.Id != DiagnosticIds.JsonContractShapeNotRecorded),
            "VR2004 L12 'JsonPropertyOrder(1)' 'Sample.B' has [JsonPropertyOrder(1)], which 'Sample.A' already uses");
    }

    [Fact]
    public async Task Ignored_static_private_and_indexer_members_are_not_serialized()
    {
        string[] found = await MemberDiagnosticsAsync("""
            using System.Text.Json.Serialization;
            using VmafRoi.Contracts;

            [JsonContract("sample", 1)]
            public sealed class Sample
            {
                public const int Version = 1;

                public static int Shared { get; set; }

                [JsonIgnore]
                public int Ignored { get; init; }

                private int _hidden;

                internal int Internal { get; init; }

                public int SetOnly { set => _hidden = value; }

                public int this[int i] => i + _hidden;
            }
            """);

        Assert.Empty(found);
    }

    [Fact]
    public async Task Conditionally_ignored_included_and_public_field_members_are_serialized()
    {
        string[] found = await MemberDiagnosticsAsync("""
            using System.Text.Json.Serialization;
            using VmafRoi.Contracts;

            [JsonContract("sample", 1)]
            public sealed class Sample
            {
                [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
                [JsonPropertyOrder(0)]
                public string? Note { get; init; }

                [JsonInclude]
                [JsonPropertyOrder(1)]
                internal int Count { get; init; }

                [JsonPropertyOrder(2)]
                public double Field;
            }
            """);

        Assert.Equal(["VR2001 L9 'Note'", "VR2001 L13 'Count'", "VR2001 L16 'Field'"], found);
    }

    [Fact]
    public async Task Inherited_members_are_part_of_the_contract()
    {
        string[] found = await MemberDiagnosticsAsync("""
            using System.Text.Json.Serialization;
            using VmafRoi.Contracts;

            public abstract class Base
            {
                public int Inherited { get; init; }
            }

            [JsonContract("sample", 1)]
            public sealed class Sample : Base
            {
                [JsonPropertyName("own")]
                [JsonPropertyOrder(1)]
                public int Own { get; init; }
            }
            """);

        Assert.Equal(["VR2001 L6 'Inherited'", "VR2003 L6 'Inherited'"], found);
    }

    [Fact]
    public async Task Positional_record_members_take_their_attributes_from_the_property_target()
    {
        string[] found = await MemberDiagnosticsAsync("""
            using System.Text.Json.Serialization;
            using VmafRoi.Contracts;

            [JsonContract("sample", 1)]
            public sealed record Sample(
                [property: JsonPropertyName("good"), JsonPropertyOrder(0)] int Good,
                [property: JsonPropertyName("Bad"), JsonPropertyOrder(1)] int Bad);
            """);

        Assert.Equal(["VR2002 L7 'JsonPropertyName(\"Bad\")'"], found);
    }

    [Fact]
    public async Task Types_without_JsonContract_are_not_checked()
    {
        Assert.Empty(await MemberDiagnosticsAsync("""
            public sealed class Plain
            {
                public int Anything { get; init; }
            }
            """));
    }

    [Fact]
    public async Task Contracts_are_not_checked_where_Contracts_is_not_referenced()
    {
        Compilation compilation = Compile("""
            public sealed class JsonContractAttribute(string name, int version) : System.Attribute
            {
                public string Name => name;
                public int Version => version;
            }

            [JsonContract("sample", 1)]
            public sealed class Sample
            {
                public int Anything { get; init; }
            }
            """, referenceContracts: false);

        Assert.Empty(await AnalyzeAsync(compilation));
    }

    private static void AssertDiagnostics(IEnumerable<Diagnostic> diagnostics, params string[] expected) =>
        Assert.Equal(expected, diagnostics.Select(d => Describe(d) + " " + d.GetMessage()).ToArray());
}
