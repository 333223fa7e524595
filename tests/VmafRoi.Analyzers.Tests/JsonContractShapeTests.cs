using Microsoft.CodeAnalysis;
using VmafRoi.Analyzers.ContractFiles;
using VmafRoi.Analyzers.Tests.Infrastructure;
using static VmafRoi.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace VmafRoi.Analyzers.Tests;

/// <summary>VR2005–VR2008 and the schema contract files: a contract's shape is recorded per name and version.</summary>
public sealed class JsonContractShapeTests
{
    private static AdditionalText Shipped(string name, string text) => File($"schemas/{name}.Shipped.txt", text);

    private static AdditionalText Unshipped(string name, string text) => File($"schemas/{name}.Unshipped.txt", text);

    private static async Task<string[]> RunAsync(string source, params AdditionalText[] files) => Describe(await AnalyzeAsync(Compile(source), files));

    [Fact]
    public async Task Contract_recorded_in_shipped_is_clean()
    {
        Assert.Empty(await RunAsync(ContractSources.ScoreV1, Shipped("score", "# Shipped shapes.\n" + ContractSources.ScoreV1Record)));
    }

    [Fact]
    public async Task Contract_recorded_in_unshipped_is_clean()
    {
        Assert.Empty(await RunAsync(ContractSources.ScoreV1, Unshipped("score", ContractSources.ScoreV1Record)));
    }

    [Fact]
    public async Task Unrecorded_contract_is_reported_with_its_computed_shape()
    {
        Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(Compile(ContractSources.ScoreV1)));

        Assert.Equal("VR2005 L5 'JsonContract(\"score\", 1)'", Describe(diagnostic));
        Assert.Equal("The shape of JSON contract 'score' v1 is not recorded in schemas/score.Shipped.txt or schemas/score.Unshipped.txt", diagnostic.GetMessage());
        Assert.Equal(ContractSources.ScoreV1Record.ReplaceLineEndings("\n"), diagnostic.Properties[ContractFixProperties.RecordText]);
        Assert.Equal("score v1", diagnostic.Properties[ContractFixProperties.RecordKey]);
        Assert.Equal("score.Unshipped.txt", diagnostic.Properties[ContractFixProperties.UnshippedFileName]);
    }

    [Fact]
    public async Task Shape_that_differs_from_its_unshipped_record_is_reported_for_rerecording()
    {
        string stale = ContractSources.ScoreV1Record.Replace("vmaf: double", "vmaf: float");

        Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(Compile(ContractSources.ScoreV1), [Unshipped("score", stale)]));

        Assert.Equal(DiagnosticIds.JsonContractShapeNotRecorded, diagnostic.Id);
        Assert.EndsWith("; the unshipped record differs: member 2 is 'vmaf: double', recorded 'vmaf: float'", diagnostic.GetMessage());
        Assert.Equal(PathOf("schemas/score.Unshipped.txt"), diagnostic.Properties[ContractFixProperties.UnshippedPath]);
    }

    [Fact]
    public async Task Shape_change_without_a_version_bump_is_an_error()
    {
        string changed = ContractSources.ScoreV1.Replace("public double Vmaf", "public float Vmaf");

        Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(Compile(changed), [Shipped("score", ContractSources.ScoreV1Record)]));

        Assert.Equal("VR2006 L5 'JsonContract(\"score\", 1)'", Describe(diagnostic));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "The shape of JSON contract 'score' v1 differs from schemas/score.Shipped.txt (member 2 is 'vmaf: float', shipped 'vmaf: double'); bump the version in [JsonContract] instead of changing a shipped shape",
            diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("[JsonPropertyOrder(1)]", "[JsonPropertyOrder(5)]", "member 2 is 'frames: System.Collections.Generic.IReadOnlyList<double>', shipped 'vmaf: double'")]
    [InlineData("[JsonPropertyName(\"note\")]", "[JsonPropertyName(\"comment\")]", "member 4 is 'comment: string?', shipped 'note: string?'")]
    [InlineData("public string? Note", "public string Note", "member 4 is 'note: string', shipped 'note: string?'")]
    public async Task Reordering_renaming_or_changing_nullability_changes_the_shape(string from, string to, string difference)
    {
        string changed = ContractSources.ScoreV1.Replace(from, to).Replace("public string Note { get; init; }", "public string Note { get; init; } = \"\";");

        Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(Compile(changed), [Shipped("score", ContractSources.ScoreV1Record)]));

        Assert.Equal(DiagnosticIds.JsonContractShapeChanged, diagnostic.Id);
        Assert.Contains("(" + difference + ")", diagnostic.GetMessage());
    }

    [Fact]
    public async Task Added_and_removed_members_are_named_in_the_shape_change()
    {
        int end = ContractSources.ScoreV1.LastIndexOf('}');
        string added = ContractSources.ScoreV1[..end] + "\n    [JsonPropertyName(\"extra\")]\n    [JsonPropertyOrder(4)]\n    public int Extra { get; init; }\n}\n";
        string shipped = ContractSources.ScoreV1Record + "\nremoved: int";

        Assert.Contains("member 5 'extra: int' is new", Assert.Single(await AnalyzeAsync(Compile(added), [Shipped("score", ContractSources.ScoreV1Record)])).GetMessage());
        Assert.Contains("shipped member 5 'removed: int' is missing", Assert.Single(await AnalyzeAsync(Compile(ContractSources.ScoreV1), [Shipped("score", shipped)])).GetMessage());
    }

    [Fact]
    public async Task New_version_keeps_the_old_shipped_shape_as_history()
    {
        string v2 = ContractSources.ScoreV1.Replace("(\"score\", 1)", "(\"score\", 2)").Replace("public double Vmaf", "public float Vmaf");
        string v2Record = ContractSources.ScoreV1Record.Replace("[score v1]", "[score v2]").Replace("vmaf: double", "vmaf: float");

        Assert.Empty(await RunAsync(v2, Shipped("score", ContractSources.ScoreV1Record), Unshipped("score", v2Record)));
        Assert.Equal(["VR2005 L5 'JsonContract(\"score\", 2)'"], await RunAsync(v2, Shipped("score", ContractSources.ScoreV1Record)));
    }

    [Fact]
    public async Task Shape_checks_wait_until_members_are_annotated()
    {
        string unannotated = ContractSources.ScoreV1.Replace("[JsonPropertyOrder(3)]", string.Empty);

        Assert.Equal(["VR2003 L22 'Note'"], await RunAsync(unannotated, Shipped("score", ContractSources.ScoreV1Record.Replace("note", "other"))));
    }

    [Fact]
    public async Task Member_types_are_recorded_namespace_qualified_with_keywords_and_nullability()
    {
        string source = """
            using System.Collections.Generic;
            using System.Text.Json.Serialization;
            using VmafRoi.Contracts;

            namespace Sample.Dto;

            public enum Route { Managed, Libvmaf }

            [JsonContract("types", 1)]
            public sealed class Types
            {
                [JsonPropertyName("count"), JsonPropertyOrder(0)] public int? Count { get; init; }
                [JsonPropertyName("frames"), JsonPropertyOrder(1)] public double[] Frames { get; init; } = [];
                [JsonPropertyName("by_name"), JsonPropertyOrder(2)] public Dictionary<string, double?> ByName { get; init; } = [];
                [JsonPropertyName("route"), JsonPropertyOrder(3)] public Route Route { get; init; }
                [JsonPropertyName("inner"), JsonPropertyOrder(4)] public Inner? InnerValue { get; init; }
                [JsonPropertyName("names"), JsonPropertyOrder(5)] public IReadOnlyList<string?> Names { get; init; } = [];

                public sealed class Inner
                {
                }
            }
            """;

        Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(Compile(source)));

        Assert.Equal(
            """
            [types v1]
            count: int?
            frames: double[]
            by_name: System.Collections.Generic.Dictionary<string, double?>
            route: Sample.Dto.Route
            inner: Sample.Dto.Types.Inner?
            names: System.Collections.Generic.IReadOnlyList<string?>
            """.ReplaceLineEndings("\n"),
            diagnostic.Properties[ContractFixProperties.RecordText]);
    }

    [Fact]
    public async Task Two_types_declaring_one_contract_version_are_an_error()
    {
        string second = """
            using System.Text.Json.Serialization;
            using VmafRoi.Contracts;

            [JsonContract("score", 1)]
            public sealed class AnotherScore
            {
            }
            """;

        Compilation compilation = Compile(ContractSources.ScoreV1, moreSources: second);
        Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(compilation, [Shipped("score", ContractSources.ScoreV1Record)]), d => d.Id == DiagnosticIds.JsonContractDeclaredTwice);

        Assert.Equal("JSON contract 'score' v1 is declared by both 'AnotherScore' and 'Score'", diagnostic.GetMessage());
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Theory]
    [InlineData("Score", 1)]
    [InlineData("roi_score", 1)]
    [InlineData("score", 0)]
    [InlineData("", 1)]
    public async Task Contract_name_must_be_kebab_case_and_version_at_least_1(string name, int version)
    {
        string source = ContractSources.ScoreV1.Replace("(\"score\", 1)", $"(\"{name}\", {version})");

        Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(Compile(source)));

        Assert.Equal(DiagnosticIds.JsonContractNameInvalid, diagnostic.Id);
        Assert.Equal($"JSON contract '{name}' v{version} is invalid: the name must be kebab-case (like roi-score) and the version at least 1", diagnostic.GetMessage());
    }

    [Fact]
    public async Task Unreadable_schema_lines_are_reported()
    {
        string broken = """
            orphan: int
            [score v1]
            schema_version: int
            vmaf: double
            frames: System.Collections.Generic.IReadOnlyList<double>
            note: string?
            not a member line
            [other v1]
            [score v0]
            """;

        Assert.Equal(
            ["VR9001 score.Shipped.txt:1", "VR9001 score.Shipped.txt:7", "VR9001 score.Shipped.txt:8", "VR9001 score.Shipped.txt:9"],
            await RunAsync(ContractSources.ScoreV1, Shipped("score", broken)));
    }

    [Fact]
    public async Task Duplicate_sections_and_members_are_reported()
    {
        string twice = ContractSources.ScoreV1Record + "\nvmaf: double\n\n" + ContractSources.ScoreV1Record;

        Assert.Equal(
            ["VR9002 score.Shipped.txt:6", "VR9002 score.Shipped.txt:8", "VR9002 score.Unshipped.txt:1"],
            await RunAsync(ContractSources.ScoreV1, Shipped("score", twice), Unshipped("score", ContractSources.ScoreV1Record)));
    }

    [Fact]
    public async Task Schema_files_outside_a_schemas_folder_are_not_contract_files()
    {
        Assert.Equal(["VR2005 L5 'JsonContract(\"score\", 1)'"], await RunAsync(ContractSources.ScoreV1, File("score.Shipped.txt", ContractSources.ScoreV1Record)));
    }
}
