using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using VmafRoi.Analyzers.Tests.Infrastructure;

namespace VmafRoi.Analyzers.Tests;

/// <summary>The code fix writes the analyzer's computed record into the unshipped file, creating it when missing.</summary>
public sealed class CodeFixTests
{
    private const string NewCode = """
            /// <summary>New.</summary>
            public const int Brand = 90;
        """;

    private static FixWorkspace ExitCodesProject(string source, params (string Path, string Text)[] files) =>
        FixWorkspace.Create("ExitCodes.cs", source, referenceContracts: false, files);

    [Fact]
    public async Task Fix_appends_a_new_exit_code_to_the_existing_unshipped_file()
    {
        string source = ExitCodesSource.WithMember(NewCode + "\n\n    /// <summary>Other.</summary>\n    public const int Other = 50;");
        using FixWorkspace workspace = ExitCodesProject(source, ("ExitCodes.Shipped.txt", ExitCodesSource.TwoCodesShipped), ("ExitCodes.Unshipped.txt", "Other = 50\n"));

        await workspace.ApplyFixAsync(Assert.Single(await workspace.DiagnosticsAsync()));

        Assert.Equal("Other = 50\nBrand = 90\n", workspace.AdditionalText("ExitCodes.Unshipped.txt"));
        Assert.Empty(await workspace.DiagnosticsAsync());
    }

    [Fact]
    public async Task Fix_creates_ExitCodes_Unshipped_next_to_the_shipped_file_when_it_is_missing()
    {
        using FixWorkspace workspace = ExitCodesProject(ExitCodesSource.WithMember(NewCode), ("contracts/ExitCodes.Shipped.txt", ExitCodesSource.TwoCodesShipped));

        await workspace.ApplyFixAsync(Assert.Single(await workspace.DiagnosticsAsync()));

        TextDocument created = workspace.AdditionalDocument("contracts/ExitCodes.Unshipped.txt");
        Assert.Equal("ExitCodes.Unshipped.txt", created.Name);
        Assert.Equal(["contracts"], created.Folders);
        Assert.Equal("Brand = 90\n", workspace.AdditionalText("contracts/ExitCodes.Unshipped.txt"));
        Assert.Empty(await workspace.DiagnosticsAsync());
    }

    [Fact]
    public async Task Fix_creates_ExitCodes_Unshipped_next_to_ExitCodes_cs_when_there_are_no_contract_files()
    {
        using FixWorkspace workspace = ExitCodesProject(ExitCodesSource.TwoCodes);

        await workspace.ApplyFixAllAsync(await workspace.DiagnosticsAsync());

        Assert.Equal("Success = 0\nInvalidInput = 1\n", workspace.AdditionalText("ExitCodes.Unshipped.txt"));
        Assert.Empty(await workspace.DiagnosticsAsync());
    }

    [Fact]
    public async Task Fix_records_a_renumbering_as_a_removed_line_plus_the_new_value()
    {
        string source = ExitCodesSource.TwoCodes.Replace("InvalidInput = 1", "InvalidInput = 3");
        using FixWorkspace workspace = ExitCodesProject(source, ("ExitCodes.Shipped.txt", ExitCodesSource.TwoCodesShipped), ("ExitCodes.Unshipped.txt", string.Empty));

        Diagnostic renumbered = Assert.Single(await workspace.DiagnosticsAsync());
        Assert.Equal(DiagnosticIds.ExitCodeChangedFromShipped, renumbered.Id);
        await workspace.ApplyFixAsync(renumbered);

        Assert.Equal("*REMOVED*InvalidInput = 1\nInvalidInput = 3\n", workspace.AdditionalText("ExitCodes.Unshipped.txt"));
        Assert.Empty(await workspace.DiagnosticsAsync());
    }

    [Fact]
    public async Task Fix_replaces_a_stale_unshipped_exit_code_line_in_place()
    {
        string source = ExitCodesSource.WithMember(NewCode + "\n\n    /// <summary>Other.</summary>\n    public const int Other = 50;");
        using FixWorkspace workspace = ExitCodesProject(
            source,
            ("ExitCodes.Shipped.txt", ExitCodesSource.TwoCodesShipped),
            ("ExitCodes.Unshipped.txt", "# Since the last release.\r\nBrand = 91\r\nOther = 50\r\n"));

        await workspace.ApplyFixAsync(Assert.Single(await workspace.DiagnosticsAsync()));

        Assert.Equal("# Since the last release.\r\nBrand = 90\r\nOther = 50\r\n", workspace.AdditionalText("ExitCodes.Unshipped.txt"));
    }

    [Fact]
    public async Task Fix_all_records_every_new_exit_code_in_one_edit()
    {
        string source = ExitCodesSource.WithMember("""
                /// <summary>A.</summary>
                public const int A = 81;

                /// <summary>B.</summary>
                public const int B = 82;

                /// <summary>C.</summary>
                public const int C = 83;
            """);
        using FixWorkspace workspace = ExitCodesProject(source, ("ExitCodes.Shipped.txt", ExitCodesSource.TwoCodesShipped));

        ImmutableArray<Diagnostic> diagnostics = await workspace.DiagnosticsAsync();
        Assert.Equal(3, diagnostics.Length);
        await workspace.ApplyFixAllAsync(diagnostics);

        Assert.Equal("A = 81\nB = 82\nC = 83\n", workspace.AdditionalText("ExitCodes.Unshipped.txt"));
        Assert.Empty(await workspace.DiagnosticsAsync());
    }

    [Fact]
    public async Task Fix_writes_the_computed_shape_into_a_new_schemas_unshipped_file()
    {
        using FixWorkspace workspace = FixWorkspace.Create("Score.cs", ContractSources.ScoreV1, referenceContracts: true);

        await workspace.ApplyFixAsync(Assert.Single(await workspace.DiagnosticsAsync()));

        TextDocument created = workspace.AdditionalDocument("schemas/score.Unshipped.txt");
        Assert.Equal(["schemas"], created.Folders);
        Assert.Equal(ContractSources.ScoreV1Record + "\n", workspace.AdditionalText("schemas/score.Unshipped.txt"));
        Assert.Empty(await workspace.DiagnosticsAsync());
    }

    [Fact]
    public async Task Fix_appends_a_new_version_after_the_sections_already_recorded()
    {
        string v2 = ContractSources.ScoreV1.Replace("(\"score\", 1)", "(\"score\", 2)");
        using FixWorkspace workspace = FixWorkspace.Create(
            "Score.cs",
            v2,
            referenceContracts: true,
            ("schemas/score.Shipped.txt", ContractSources.ScoreV1Record + "\n"),
            ("schemas/score.Unshipped.txt", "# Since the last release.\n"));

        await workspace.ApplyFixAsync(Assert.Single(await workspace.DiagnosticsAsync()));

        Assert.Equal(
            "# Since the last release.\n\n" + ContractSources.ScoreV1Record.Replace("[score v1]", "[score v2]") + "\n",
            workspace.AdditionalText("schemas/score.Unshipped.txt"));
        Assert.Empty(await workspace.DiagnosticsAsync());
    }

    [Fact]
    public async Task Fix_replaces_a_stale_unshipped_section_and_keeps_the_others()
    {
        string stale = "[score v1]\nschema_version: int\nold: double\n\n# Next version.\n[score v2]\nx: int\n";
        using FixWorkspace workspace = FixWorkspace.Create("Score.cs", ContractSources.ScoreV1, referenceContracts: true, ("schemas/score.Unshipped.txt", stale));

        await workspace.ApplyFixAsync(Assert.Single(await workspace.DiagnosticsAsync()));

        Assert.Equal(
            ContractSources.ScoreV1Record + "\n\n# Next version.\n[score v2]\nx: int\n",
            workspace.AdditionalText("schemas/score.Unshipped.txt"));
        Assert.Empty(await workspace.DiagnosticsAsync());
    }
}
