using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace VmafRoi.Analyzers.ContractFiles;

/// <summary>One <c>[name vN]</c> section of a schemas/&lt;name&gt;.*.txt file: the ordered <c>json_name: type</c> lines.</summary>
internal sealed class ShapeRecord
{
    public ShapeRecord(string contractName, int version, bool shipped, string filePath, ContractLine header)
    {
        ContractName = contractName;
        Version = version;
        Shipped = shipped;
        FilePath = filePath;
        Header = header;
    }

    public string ContractName { get; }

    public int Version { get; }

    public bool Shipped { get; }

    public string FilePath { get; }

    public ContractLine Header { get; }

    public List<string> Members { get; } = [];

    public string Key => FormatKey(ContractName, Version);

    public static string FormatKey(string contractName, int version) =>
        contractName + " v" + version.ToString(CultureInfo.InvariantCulture);

    public static string FormatHeader(string contractName, int version) => "[" + FormatKey(contractName, version) + "]";

    public static string FormatMember(string jsonName, string type) => jsonName + ": " + type;
}

/// <summary>Every recorded JSON shape a project's schemas/*.Shipped.txt and *.Unshipped.txt hold, plus what is wrong with those files.</summary>
internal sealed class SchemaContracts
{
    private static readonly Regex HeaderPattern = new(@"^\[(?<name>[^\s\]]+) v(?<version>[0-9]+)\]$", RegexOptions.CultureInvariant);
    private static readonly Regex MemberPattern = new(@"^(?<json>[^\s:\[\]]+):\s*(?<type>\S.*)$", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, ShapeRecord> _shipped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShapeRecord> _unshipped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _shippedPaths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _unshippedPaths = new(StringComparer.Ordinal);
    private readonly List<Diagnostic> _fileDiagnostics = [];

    private SchemaContracts()
    {
    }

    public IReadOnlyList<Diagnostic> FileDiagnostics => _fileDiagnostics;

    public static SchemaContracts Read(ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
    {
        var contracts = new SchemaContracts();
        foreach (AdditionalText file in additionalFiles)
        {
            if (ContractFileNames.IsSchemaFile(file.Path, out string contractName, out bool shipped))
            {
                Dictionary<string, string> paths = shipped ? contracts._shippedPaths : contracts._unshippedPaths;
                if (!paths.ContainsKey(contractName))
                {
                    paths.Add(contractName, file.Path);
                }

                contracts.ReadFile(file, contractName, shipped, cancellationToken);
            }
        }

        // A version lives in one file: shipped once released, unshipped until then.
        foreach (ShapeRecord record in contracts._unshipped.Values.Where(r => contracts._shipped.ContainsKey(r.Key)).ToList())
        {
            contracts.Report(DiagnosticDescriptors.ContractFileDuplicateRecord, record.Header, record.Key, "already in " + ContractFileNames.SchemaShipped(record.ContractName));
            contracts._unshipped.Remove(record.Key);
        }

        return contracts;
    }

    public ShapeRecord? Shipped(string contractName, int version) =>
        _shipped.TryGetValue(ShapeRecord.FormatKey(contractName, version), out ShapeRecord? record) ? record : null;

    public ShapeRecord? Unshipped(string contractName, int version) =>
        _unshipped.TryGetValue(ShapeRecord.FormatKey(contractName, version), out ShapeRecord? record) ? record : null;

    public string? ShippedPath(string contractName) => _shippedPaths.TryGetValue(contractName, out string? path) ? path : null;

    public string? UnshippedPath(string contractName) => _unshippedPaths.TryGetValue(contractName, out string? path) ? path : null;

    private void ReadFile(AdditionalText file, string contractName, bool shipped, CancellationToken cancellationToken)
    {
        string fileName = ContractFileNames.FileName(file.Path);
        Dictionary<string, ShapeRecord> sections = shipped ? _shipped : _unshipped;
        ShapeRecord? current = null;
        bool sawHeader = false;
        var currentNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (ContractLine line in ContractLine.Read(file, cancellationToken))
        {
            Match header = HeaderPattern.Match(line.Text);
            if (header.Success)
            {
                current = null;
                sawHeader = true;
                currentNames.Clear();
                string name = header.Groups["name"].Value;
                if (!string.Equals(name, contractName, StringComparison.Ordinal))
                {
                    Report(DiagnosticDescriptors.ContractFileInvalidLine, line, line.Text, fileName, $"this file records contract '{contractName}', not '{name}'");
                }
                else if (!int.TryParse(header.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
                {
                    Report(DiagnosticDescriptors.ContractFileInvalidLine, line, line.Text, fileName, "the version must be a whole number of at least 1");
                }
                else if (sections.TryGetValue(ShapeRecord.FormatKey(name, version), out ShapeRecord? first))
                {
                    Report(DiagnosticDescriptors.ContractFileDuplicateRecord, line, first.Key, $"also line {first.Header.LineNumber} of {fileName}");
                }
                else
                {
                    current = new ShapeRecord(name, version, shipped, file.Path, line);
                    sections.Add(current.Key, current);
                }

                continue;
            }

            Match member = MemberPattern.Match(line.Text);
            if (!member.Success)
            {
                Report(DiagnosticDescriptors.ContractFileInvalidLine, line, line.Text, fileName, "expected '[name vN]' or 'json_name: type'");
            }
            else if (current is null)
            {
                // Members of a rejected section were reported with its header; only orphans before any header are news.
                if (!sawHeader)
                {
                    Report(DiagnosticDescriptors.ContractFileInvalidLine, line, line.Text, fileName, "a member line comes before any '[name vN]' header");
                }
            }
            else if (!currentNames.Add(member.Groups["json"].Value))
            {
                Report(DiagnosticDescriptors.ContractFileDuplicateRecord, line, member.Groups["json"].Value, "twice in " + current.Key);
            }
            else
            {
                current.Members.Add(ShapeRecord.FormatMember(member.Groups["json"].Value, member.Groups["type"].Value.Trim()));
            }
        }
    }

    private void Report(DiagnosticDescriptor descriptor, ContractLine line, params object[] args) =>
        _fileDiagnostics.Add(Diagnostic.Create(descriptor, line.Location, args));
}
