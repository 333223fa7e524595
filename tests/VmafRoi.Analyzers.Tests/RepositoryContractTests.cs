using Microsoft.CodeAnalysis;
using VmafRoi.Analyzers.Tests.Infrastructure;

namespace VmafRoi.Analyzers.Tests;

/// <summary>Our own Contracts project, sources and contract files as checked in, satisfies every rule.</summary>
public sealed class RepositoryContractTests
{
    [Fact]
    public async Task Contracts_project_sources_match_their_checked_in_contract_files()
    {
        string project = RepoPaths.Of("src/VmafRoi.Contracts");
        string[] sources = [.. Directory.GetFiles(project, "*.cs").Order().Select(File.ReadAllText)];
        string[] contractFiles = [.. Directory.GetFiles(project, "ExitCodes.*.txt").Concat(Directory.GetFiles(Path.Combine(project, "schemas"), "*.txt"))];

        Compilation compilation = AnalyzerHarness.Compile(
            "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;",
            referenceContracts: false,
            moreSources: sources);
        IEnumerable<AdditionalText> files = contractFiles.Select(path => (AdditionalText)new InMemoryAdditionalText(path, File.ReadAllText(path)));

        Assert.Contains(contractFiles, path => path.EndsWith("roi-score.Shipped.txt", StringComparison.Ordinal));
        Assert.Empty(AnalyzerHarness.Describe(await AnalyzerHarness.AnalyzeAsync(compilation, files)));
    }
}
