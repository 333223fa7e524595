using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using VmafRoi.Analyzers.ExitCodes;
using VmafRoi.Analyzers.JsonContracts;

namespace VmafRoi.Analyzers.Tests.Infrastructure;

/// <summary>Builds C# compilations by hand and runs the VmafRoi analyzers over them.</summary>
internal static class AnalyzerHarness
{
    /// <summary>Where test projects pretend to live; contract files go under it.</summary>
    public const string ProjectDirectory = "/repo/src/Sample";

    /// <summary>The shared framework only (not the test's own dependencies), so a source stub of ExitCodes is never ambiguous.</summary>
    public static readonly ImmutableArray<MetadataReference> FrameworkReferences = LoadFrameworkReferences();

    /// <summary>The real VmafRoi.Contracts.dll: ExitCodes, JsonContractAttribute, ExitCodeMapper.</summary>
    public static readonly MetadataReference ContractsReference = MetadataReference.CreateFromFile(typeof(VmafRoi.Contracts.ExitCodes).Assembly.Location);

    public static DiagnosticAnalyzer[] AllAnalyzers() => [new ExitCodeAnalyzer(), new JsonContractAnalyzer()];

    public static string PathOf(string relative) => ProjectDirectory + "/" + relative;

    public static AdditionalText File(string relative, string text) => new InMemoryAdditionalText(PathOf(relative), text);

    public static CSharpCompilation Compile(
        string source,
        OutputKind kind = OutputKind.DynamicallyLinkedLibrary,
        bool referenceContracts = true,
        DocumentationMode documentation = DocumentationMode.Parse,
        params string[] moreSources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest, documentation);
        IEnumerable<SyntaxTree> trees = new[] { source }.Concat(moreSources)
            .Select((text, i) => CSharpSyntaxTree.ParseText(text, parse, path: PathOf(i == 0 ? "Test.cs" : $"Test{i}.cs")));
        IEnumerable<MetadataReference> references = referenceContracts ? FrameworkReferences.Add(ContractsReference) : FrameworkReferences;
        var compilation = CSharpCompilation.Create(
            "Sample",
            trees,
            references,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The test source does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        return compilation;
    }

    /// <summary>Analyzer diagnostics only, sorted by place; fails on any analyzer exception.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, IEnumerable<AdditionalText>? files = null, DiagnosticAnalyzer[]? analyzers = null)
    {
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(files?.ToImmutableArray() ?? []),
            onAnalyzerException: (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers([.. analyzers ?? AllAnalyzers()], options)
            .GetAnalyzerDiagnosticsAsync();
        Assert.True(exceptions.Count == 0, "An analyzer threw:\n" + string.Join("\n", exceptions));
        return [.. diagnostics.OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, params AdditionalText[] files) =>
        AnalyzeAsync(Compile(source), files);

    /// <summary>
    /// <c>VR1001 L5 '3'</c> for a source location (line and the flagged text), <c>VR1005 ExitCodes.Shipped.txt:2</c> for a
    /// contract-file line: what a test asserts without depending on columns.
    /// </summary>
    public static string Describe(Diagnostic diagnostic)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        if (diagnostic.Location.IsInSource)
        {
            string text = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
            return $"{diagnostic.Id} L{span.StartLinePosition.Line + 1} '{text}'";
        }

        return $"{diagnostic.Id} {System.IO.Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
    }

    public static string[] Describe(IEnumerable<Diagnostic> diagnostics) => diagnostics.Select(Describe).ToArray();

    private static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        string frameworkDirectory = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return [.. trusted.Split(System.IO.Path.PathSeparator)
            .Where(path => string.Equals(System.IO.Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }
}
