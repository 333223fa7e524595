using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace VmafRoi.Analyzers.ContractFiles;

/// <summary>One <c>Name = value</c> (or <c>*REMOVED*Name = value</c>) line of ExitCodes.Shipped.txt or ExitCodes.Unshipped.txt.</summary>
internal sealed class ExitCodeRecord
{
    public ExitCodeRecord(string name, int value, bool removed, bool shipped, ContractLine line)
    {
        Name = name;
        Value = value;
        Removed = removed;
        Shipped = shipped;
        Line = line;
    }

    public string Name { get; }

    public int Value { get; }

    public bool Removed { get; }

    public bool Shipped { get; }

    public ContractLine Line { get; }

    public string FileName => Shipped ? ContractFileNames.ExitCodesShipped : ContractFileNames.ExitCodesUnshipped;

    public static string Format(string name, int value) => name + " = " + value.ToString(CultureInfo.InvariantCulture);

    public static string FormatRemoved(string name, int value) => ContractFileNames.RemovedPrefix + Format(name, value);
}

/// <summary>The exit-code contract as the two files record it, plus what is wrong with the files themselves.</summary>
internal sealed class ExitCodeContract
{
    private static readonly Regex LinePattern = new(
        @"^(?<removed>\*REMOVED\*)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>-?[0-9]+)$",
        RegexOptions.CultureInvariant);

    private readonly Dictionary<string, ExitCodeRecord> _shippedLive = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExitCodeRecord> _unshippedLive = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly List<Diagnostic> _fileDiagnostics = [];

    private ExitCodeContract()
    {
    }

    public AdditionalText? ShippedFile { get; private set; }

    public AdditionalText? UnshippedFile { get; private set; }

    /// <summary>Bad and duplicate lines, reported once per compilation.</summary>
    public IReadOnlyList<Diagnostic> FileDiagnostics => _fileDiagnostics;

    /// <summary>Live (not removed) records in the shipped and then the unshipped file.</summary>
    public IEnumerable<ExitCodeRecord> LiveRecords
    {
        get
        {
            foreach (ExitCodeRecord record in _shippedLive.Values)
            {
                if (!IsRemoved(record))
                {
                    yield return record;
                }
            }

            foreach (ExitCodeRecord record in _unshippedLive.Values)
            {
                yield return record;
            }
        }
    }

    public static ExitCodeContract Read(ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
    {
        var contract = new ExitCodeContract();
        var shipped = new List<ExitCodeRecord>();
        var unshipped = new List<ExitCodeRecord>();
        foreach (AdditionalText file in additionalFiles)
        {
            if (!ContractFileNames.IsExitCodesFile(file.Path, out bool isShipped))
            {
                continue;
            }

            if (isShipped)
            {
                contract.ShippedFile ??= file;
            }
            else
            {
                contract.UnshippedFile ??= file;
            }

            foreach (ContractLine line in ContractLine.Read(file, cancellationToken))
            {
                Match match = LinePattern.Match(line.Text);
                if (!match.Success || !int.TryParse(match.Groups["value"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
                {
                    contract.Report(DiagnosticDescriptors.ContractFileInvalidLine, line, line.Text, ContractFileNames.FileName(file.Path), "expected 'Name = value' or '*REMOVED*Name = value'");
                    continue;
                }

                var record = new ExitCodeRecord(match.Groups["name"].Value, value, match.Groups["removed"].Success, isShipped, line);
                (isShipped ? shipped : unshipped).Add(record);
            }
        }

        // Removals first: a shipped record is only compared while no *REMOVED* line retires it.
        var seenRemoved = new HashSet<string>(StringComparer.Ordinal);
        foreach (ExitCodeRecord record in shipped.Concat(unshipped))
        {
            if (record.Removed)
            {
                string key = ExitCodeRecord.Format(record.Name, record.Value);
                contract._removed.Add(key);
                if (!seenRemoved.Add(key))
                {
                    contract.Report(DiagnosticDescriptors.ContractFileDuplicateRecord, record.Line, ContractFileNames.RemovedPrefix + key, "removed twice");
                }
            }
        }

        foreach (ExitCodeRecord record in shipped.Concat(unshipped))
        {
            if (record.Removed)
            {
                continue;
            }

            Dictionary<string, ExitCodeRecord> live = record.Shipped ? contract._shippedLive : contract._unshippedLive;
            if (live.TryGetValue(record.Name, out ExitCodeRecord? first))
            {
                contract.Report(DiagnosticDescriptors.ContractFileDuplicateRecord, record.Line, record.Name, $"also line {first.Line.LineNumber} of {first.FileName}");
                continue;
            }

            if (!record.Shipped
                && contract._shippedLive.TryGetValue(record.Name, out ExitCodeRecord? shippedRecord)
                && shippedRecord.Value == record.Value
                && !contract.IsRemoved(shippedRecord))
            {
                contract.Report(DiagnosticDescriptors.ContractFileDuplicateRecord, record.Line, record.Name, $"already shipped on line {shippedRecord.Line.LineNumber} of {shippedRecord.FileName}");
                continue;
            }

            live.Add(record.Name, record);
        }

        return contract;
    }

    /// <summary>The shipped record of <paramref name="name"/> unless a *REMOVED* line retired it.</summary>
    public ExitCodeRecord? ShippedLive(string name) =>
        _shippedLive.TryGetValue(name, out ExitCodeRecord? record) && !IsRemoved(record) ? record : null;

    public ExitCodeRecord? UnshippedLive(string name) =>
        _unshippedLive.TryGetValue(name, out ExitCodeRecord? record) ? record : null;

    private bool IsRemoved(ExitCodeRecord record) => _removed.Contains(ExitCodeRecord.Format(record.Name, record.Value));

    private void Report(DiagnosticDescriptor descriptor, ContractLine line, params object[] args) =>
        _fileDiagnostics.Add(Diagnostic.Create(descriptor, line.Location, args));
}
