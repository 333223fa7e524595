using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using VmafRoi.Analyzers.Tests.Infrastructure;

namespace VmafRoi.Analyzers.Tests;

/// <summary>Every diagnostic is tracked in AnalyzerReleases.*.md, documented in docs/analyzers and reported by an analyzer.</summary>
public sealed partial class ReleaseTrackingTests
{
    public static TheoryData<string> Ids() => [.. Descriptors().Select(d => d.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_descriptor_is_tracked_once_in_the_release_files_with_its_category_and_severity(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors().Single(d => d.Id == id);
        string[] rows = [.. ReleaseRows().Where(row => row.Id == id).Select(row => $"{row.Category} | {row.Severity}")];

        Assert.Equal([$"{descriptor.Category} | {descriptor.DefaultSeverity}"], rows);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_descriptor_has_a_docs_page_its_help_link_points_at_and_the_index_links(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors().Single(d => d.Id == id);
        string page = RepoPaths.Of($"docs/analyzers/{id}.md");

        Assert.True(File.Exists(page), $"{page} is missing");
        Assert.StartsWith($"# {id}: {descriptor.Title}", File.ReadAllText(page));
        Assert.EndsWith($"docs/analyzers/{id}.md", descriptor.HelpLinkUri);
        Assert.Contains($"[{id}]({id}.md)", File.ReadAllText(RepoPaths.Of("docs/analyzers/README.md")));
    }

    [Fact]
    public void Release_files_track_no_rule_that_has_no_descriptor()
    {
        Assert.Empty(ReleaseRows().Select(row => row.Id).Except(Descriptors().Select(d => d.Id)));
    }

    [Fact]
    public void Every_id_constant_has_one_descriptor_and_an_analyzer_that_reports_it()
    {
        string[] constants = [.. typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).Order()];
        string[] supported = [.. AnalyzerHarness.AllAnalyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Order()];

        string[] described = [.. Descriptors().Select(d => d.Id).Order()];

        Assert.Equal(constants, described);
        Assert.Equal(constants, supported);
    }

    private static DiagnosticDescriptor[] Descriptors() =>
        [.. typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)];

    private static IEnumerable<(string Id, string Category, string Severity)> ReleaseRows() =>
        new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(name => File.ReadAllLines(RepoPaths.Of($"analyzers/VmafRoi.Analyzers/{name}")))
            .Select(line => RuleRow().Match(line))
            .Where(match => match.Success)
            .Select(match => (match.Groups["id"].Value, match.Groups["category"].Value, match.Groups["severity"].Value));

    [GeneratedRegex(@"^(?<id>VR\d{4})\s*\|\s*(?<category>[^|]+?)\s*\|\s*(?<severity>[^|]+?)\s*\|")]
    private static partial Regex RuleRow();
}
