using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace VmafRoi.Analyzers.ContractFiles;

/// <summary>One meaningful line of a contract file: trimmed text and where it is, for diagnostics.</summary>
internal readonly struct ContractLine
{
    public ContractLine(string text, int lineNumber, Location location)
    {
        Text = text;
        LineNumber = lineNumber;
        Location = location;
    }

    public string Text { get; }

    /// <summary>1-based, as editors show it.</summary>
    public int LineNumber { get; }

    public Location Location { get; }

    /// <summary>The lines of <paramref name="file"/> that are neither blank nor <c>#</c> comments.</summary>
    public static IEnumerable<ContractLine> Read(AdditionalText file, CancellationToken cancellationToken)
    {
        SourceText? text = file.GetText(cancellationToken);
        if (text is null)
        {
            yield break;
        }

        foreach (TextLine line in text.Lines)
        {
            string trimmed = line.ToString().Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            yield return new ContractLine(trimmed, line.LineNumber + 1, Location.Create(file.Path, line.Span, text.Lines.GetLinePositionSpan(line.Span)));
        }
    }
}
