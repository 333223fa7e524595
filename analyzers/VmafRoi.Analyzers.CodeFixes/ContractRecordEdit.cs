using Microsoft.CodeAnalysis;
using VmafRoi.Analyzers.ContractFiles;

namespace VmafRoi.Analyzers.CodeFixes;

/// <summary>One record an analyzer computed and put in a diagnostic's properties, plus the document the diagnostic is in.</summary>
internal sealed class ContractRecordEdit
{
    private ContractRecordEdit(Document document, string kind, string key, string text, string fileName, string? unshippedPath, string? shippedPath)
    {
        Document = document;
        Kind = kind;
        Key = key;
        Text = text;
        FileName = fileName;
        UnshippedPath = unshippedPath;
        ShippedPath = shippedPath;
    }

    public Document Document { get; }

    public string Kind { get; }

    public string Key { get; }

    public string Text { get; }

    public string FileName { get; }

    public string? UnshippedPath { get; }

    public string? ShippedPath { get; }

    public bool IsExitCode => Kind == ContractFixProperties.ExitCodeKind;

    public static ContractRecordEdit? From(Diagnostic diagnostic, Document document)
    {
        var properties = diagnostic.Properties;
        if (!properties.TryGetValue(ContractFixProperties.Kind, out string? kind) || kind is null
            || !properties.TryGetValue(ContractFixProperties.RecordKey, out string? key) || key is null
            || !properties.TryGetValue(ContractFixProperties.RecordText, out string? text) || text is null
            || !properties.TryGetValue(ContractFixProperties.UnshippedFileName, out string? fileName) || fileName is null)
        {
            return null;
        }

        properties.TryGetValue(ContractFixProperties.UnshippedPath, out string? unshippedPath);
        properties.TryGetValue(ContractFixProperties.ShippedPath, out string? shippedPath);
        return new ContractRecordEdit(document, kind, key, text, fileName, unshippedPath, shippedPath);
    }
}
