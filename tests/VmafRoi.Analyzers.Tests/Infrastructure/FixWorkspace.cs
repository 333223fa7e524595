using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using VmafRoi.Analyzers.CodeFixes;

namespace VmafRoi.Analyzers.Tests.Infrastructure;

/// <summary>An AdhocWorkspace holding one project at <see cref="AnalyzerHarness.ProjectDirectory"/>, to run the code fix as an IDE would.</summary>
internal sealed class FixWorkspace : IDisposable
{
    private readonly AdhocWorkspace _workspace = new();

    private FixWorkspace(string sourceName, string source, bool referenceContracts, (string Path, string Text)[] files)
    {
        var projectId = ProjectId.CreateNewId();
        var references = referenceContracts ? AnalyzerHarness.FrameworkReferences.Add(AnalyzerHarness.ContractsReference) : AnalyzerHarness.FrameworkReferences;
        Solution solution = _workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Create(),
                "Sample",
                "Sample",
                LanguageNames.CSharp,
                filePath: AnalyzerHarness.PathOf("Sample.csproj"),
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                metadataReferences: references))
            .AddDocument(DocumentId.CreateNewId(projectId), sourceName, SourceText.From(source), filePath: AnalyzerHarness.PathOf(sourceName));
        foreach ((string path, string text) in files)
        {
            string[] folders = path.Split('/')[..^1];
            solution = solution.AddAdditionalDocument(DocumentId.CreateNewId(projectId), System.IO.Path.GetFileName(path), SourceText.From(text), folders, AnalyzerHarness.PathOf(path));
        }

        Assert.True(_workspace.TryApplyChanges(solution));
    }

    public Solution Solution => _workspace.CurrentSolution;

    public Project Project => Solution.Projects.Single();

    /// <summary>A project with one source file and the given contract files (paths relative to the project folder).</summary>
    public static FixWorkspace Create(string sourceName, string source, bool referenceContracts, params (string Path, string Text)[] files) =>
        new(sourceName, source, referenceContracts, files);

    public async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync()
    {
        Compilation compilation = (await Project.GetCompilationAsync())!;
        return await AnalyzerHarness.AnalyzeAsync(compilation, Project.AnalyzerOptions.AdditionalFiles);
    }

    /// <summary>Runs the one fix offered for <paramref name="diagnostic"/> and applies it to the workspace.</summary>
    public async Task ApplyFixAsync(Diagnostic diagnostic)
    {
        Document document = Solution.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new ContractRecordCodeFixProvider().RegisterCodeFixesAsync(context);
        await ApplyAsync(Assert.Single(actions));
    }

    /// <summary>Runs Fix All over the project, the way the IDE's "Fix all occurrences in project" does.</summary>
    public async Task ApplyFixAllAsync(ImmutableArray<Diagnostic> diagnostics)
    {
        var provider = new ContractRecordCodeFixProvider();
        var context = new FixAllContext(
            Project.Documents.Single(),
            provider,
            FixAllScope.Project,
            ContractRecordCodeFixProvider.EquivalenceKey,
            provider.FixableDiagnosticIds,
            new FixedDiagnostics(diagnostics),
            CancellationToken.None);
        CodeAction? action = await provider.GetFixAllProvider().GetFixAsync(context);
        await ApplyAsync(Assert.IsAssignableFrom<CodeAction>(action));
    }

    /// <summary>The text of the additional document at <paramref name="path"/> (relative to the project folder).</summary>
    public string AdditionalText(string path)
    {
        TextDocument document = Assert.Single(Project.AdditionalDocuments, d => d.FilePath == AnalyzerHarness.PathOf(path));
        return document.GetTextAsync().GetAwaiter().GetResult().ToString();
    }

    public TextDocument AdditionalDocument(string path) => Assert.Single(Project.AdditionalDocuments, d => d.FilePath == AnalyzerHarness.PathOf(path));

    public void Dispose() => _workspace.Dispose();

    private async Task ApplyAsync(CodeAction action)
    {
        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(CancellationToken.None);
        Solution changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        Assert.True(_workspace.TryApplyChanges(changed));
    }

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => !d.Location.IsInSource));

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
