using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace VmafRoi.Analyzers.Tests.Infrastructure;

/// <summary>A contract file the test hands the analyzer, as MSBuild would through AdditionalFiles.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
