using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using VmafRoi.Analyzers.ContractFiles;
using VmafRoi.Analyzers.Tests.Infrastructure;
using static VmafRoi.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace VmafRoi.Analyzers.Tests;

/// <summary>VR1002–VR1005 and the exit-code contract files: in the project that declares ExitCodes.</summary>
public sealed class ExitCodeContractTests
{
    private static AdditionalText Shipped(string text) => File(ContractFileNames.ExitCodesShipped, text);

    private static AdditionalText Unshipped(string text) => File(ContractFileNames.ExitCodesUnshipped, text);

    private static async Task<string[]> RunAsync(string exitCodes, params AdditionalText[] files) =>
        Describe(await AnalyzeAsync(Compile(exitCodes, referenceContracts: false), files));

    [Fact]
    public async Task Documented_and_recorded_exit_codes_are_clean()
    {
        Assert.Empty(await RunAsync(ExitCodesSource.TwoCodes, Shipped(ExitCodesSource.TwoCodesShipped)));
    }

    [Fact]
    public async Task ExitCodes_member_without_a_doc_comment_is_reported()
    {
        string source = ExitCodesSource.WithMember("""
                // Not a doc comment.
                public const int Plain = 5;

                public const int Bare = 6;

                /// <summary></summary>
                public const int EmptySummary = 7;
            """);

        string[] found = await RunAsync(source, Shipped(ExitCodesSource.TwoCodesShipped + "\nPlain = 5\nBare = 6\nEmptySummary = 7"));

        Assert.Equal(["VR1002 L13 'Plain'", "VR1002 L15 'Bare'", "VR1002 L18 'EmptySummary'"], found);
    }

    [Theory]
    [InlineData(DocumentationMode.None)]
    [InlineData(DocumentationMode.Parse)]
    [InlineData(DocumentationMode.Diagnose)]
    public async Task Doc_comments_are_found_whatever_the_documentation_mode(DocumentationMode mode)
    {
        string source = ExitCodesSource.WithMember("""
                /** <summary>Block doc.</summary> */
                public const int Block = 5;

                public const int Bare = 6;
            """);

        Compilation compilation = Compile(source, referenceContracts: false, documentation: mode);
        string[] found = Describe(await AnalyzeAsync(compilation, [Shipped(ExitCodesSource.TwoCodesShipped + "\nBlock = 5\nBare = 6")]));

        Assert.Equal(["VR1002 L15 'Bare'"], found);
    }

    [Fact]
    public async Task New_exit_code_missing_from_both_files_is_reported()
    {
        string source = ExitCodesSource.WithMember("""
                /// <summary>New.</summary>
                public const int Brand = 90;
            """);

        Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(Compile(source, referenceContracts: false), [Shipped(ExitCodesSource.TwoCodesShipped)]));

        Assert.Equal("VR1003 L13 'Brand'", Describe(diagnostic));
        Assert.Equal("ExitCodes.Brand = 90 is not recorded in ExitCodes.Shipped.txt or ExitCodes.Unshipped.txt", diagnostic.GetMessage());
        Assert.Equal("Brand = 90", diagnostic.Properties[ContractFixProperties.RecordText]);
        Assert.Equal(PathOf("ExitCodes.Shipped.txt"), diagnostic.Properties[ContractFixProperties.ShippedPath]);
        Assert.Null(diagnostic.Properties[ContractFixProperties.UnshippedPath]);
    }

    [Fact]
    public async Task Every_exit_code_is_reported_when_the_project_has_no_contract_files()
    {
        Assert.Equal(["VR1003 L7 'Success'", "VR1003 L10 'InvalidInput'"], await RunAsync(ExitCodesSource.TwoCodes));
    }

    [Fact]
    public async Task Exit_code_recorded_in_unshipped_is_clean_but_a_different_unshipped_value_is_reported()
    {
        string source = ExitCodesSource.WithMember("""
                /// <summary>New.</summary>
                public const int Brand = 90;
            """);

        Assert.Empty(await RunAsync(source, Shipped(ExitCodesSource.TwoCodesShipped), Unshipped("Brand = 90")));

        Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(Compile(source, referenceContracts: false), [Shipped(ExitCodesSource.TwoCodesShipped), Unshipped("Brand = 91")]));
        Assert.Equal("ExitCodes.Brand = 90 is not recorded in ExitCodes.Shipped.txt or ExitCodes.Unshipped.txt (ExitCodes.Unshipped.txt records 91)", diagnostic.GetMessage());
    }

    [Fact]
    public async Task Renumbered_shipped_exit_code_is_an_error()
    {
        string source = ExitCodesSource.TwoCodes.Replace("InvalidInput = 1", "InvalidInput = 3");

        Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(Compile(source, referenceContracts: false), [Shipped(ExitCodesSource.TwoCodesShipped)]));

        Assert.Equal("VR1004 L10 'InvalidInput'", Describe(diagnostic));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("ExitCodes.InvalidInput is 3 but ExitCodes.Shipped.txt records 1; a shipped exit code must not be renumbered", diagnostic.GetMessage());
        Assert.Equal("*REMOVED*InvalidInput = 1\nInvalidInput = 3", diagnostic.Properties[ContractFixProperties.RecordText]);
    }

    [Fact]
    public async Task Renumbering_acknowledged_in_unshipped_is_clean()
    {
        string source = ExitCodesSource.TwoCodes.Replace("InvalidInput = 1", "InvalidInput = 3");

        Assert.Empty(await RunAsync(source, Shipped(ExitCodesSource.TwoCodesShipped), Unshipped("*REMOVED*InvalidInput = 1\nInvalidInput = 3")));
    }

    [Fact]
    public async Task Removed_shipped_exit_code_is_reported_on_its_shipped_line()
    {
        string source = ExitCodesSource.TwoCodes.Replace("    /// <summary>An input is wrong.</summary>\n    public const int InvalidInput = 1;\n", string.Empty);

        Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(Compile(source, referenceContracts: false), [Shipped(ExitCodesSource.TwoCodesShipped)]));

        Assert.Equal("VR1005 ExitCodes.Shipped.txt:3", Describe(diagnostic));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("'InvalidInput = 1' is recorded in ExitCodes.Shipped.txt but ExitCodes has no constant InvalidInput", diagnostic.GetMessage());
    }

    [Fact]
    public async Task Removal_acknowledged_in_unshipped_is_clean_and_a_stale_unshipped_line_is_reported()
    {
        string source = ExitCodesSource.TwoCodes.Replace("    /// <summary>An input is wrong.</summary>\n    public const int InvalidInput = 1;\n", string.Empty);

        Assert.Empty(await RunAsync(source, Shipped(ExitCodesSource.TwoCodesShipped), Unshipped("*REMOVED*InvalidInput = 1")));
        Assert.Equal(
            ["VR1005 ExitCodes.Unshipped.txt:2"],
            await RunAsync(source, Shipped(ExitCodesSource.TwoCodesShipped), Unshipped("*REMOVED*InvalidInput = 1\nGone = 77")));
    }

    [Fact]
    public async Task Unreadable_and_duplicate_exit_code_lines_are_reported()
    {
        string[] found = await RunAsync(
            ExitCodesSource.TwoCodes,
            Shipped(ExitCodesSource.TwoCodesShipped + "\nSuccess = 0\nWhat is this\nInvalidInput: 1"),
            Unshipped("InvalidInput = 1"));

        Assert.Equal(
            ["VR9002 ExitCodes.Shipped.txt:4", "VR9001 ExitCodes.Shipped.txt:5", "VR9001 ExitCodes.Shipped.txt:6", "VR9002 ExitCodes.Unshipped.txt:1"],
            found);
    }

    [Fact]
    public async Task Contract_checks_stay_in_the_project_that_declares_ExitCodes()
    {
        // A consumer sees ExitCodes as metadata: its doc comments and records are the Contracts project's business.
        Compilation consumer = Compile("public static class Tool { }");

        Assert.Empty(Describe(await AnalyzeAsync(consumer, [Shipped("Broken line"), Unshipped("Gone = 1")])));
    }
}
