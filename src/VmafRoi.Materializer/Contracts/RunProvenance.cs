using System.Text.Json.Serialization;
using VmafRoi.Contracts;

namespace VmafRoi.Materializer.Contracts;

/// <summary>
/// Where a materialized table came from (schema <c>ai-run-provenance-v1</c>): the program that ran, its command line,
/// the parsed arguments in sorted order, and every input and output with its kind and content hash.
/// </summary>
[JsonContract("ai-run-provenance", 1)]
public sealed record RunProvenance
{
    /// <summary>The schema name every provenance record carries.</summary>
    public const string SchemaName = "ai-run-provenance-v1";

    [JsonPropertyName("schema")]
    [JsonPropertyOrder(0)]
    public string Schema { get; init; } = SchemaName;

    /// <summary>The program that ran (the command's assembly, or the library caller's).</summary>
    [JsonPropertyName("entrypoint")]
    [JsonPropertyOrder(1)]
    public required ProvenanceFile Entrypoint { get; init; }

    /// <summary>The command line as given (without the program).</summary>
    [JsonPropertyName("argv")]
    [JsonPropertyOrder(2)]
    public required IReadOnlyList<string> Argv { get; init; }

    /// <summary>Every argument after parsing, defaults included, keyed by its snake_case name in ordinal order.</summary>
    [JsonPropertyName("args")]
    [JsonPropertyOrder(3)]
    public required IReadOnlyDictionary<string, object?> Args { get; init; }

    /// <summary>The files and folders the run read, by role (null when a role was not used).</summary>
    [JsonPropertyName("inputs")]
    [JsonPropertyOrder(4)]
    public required IReadOnlyDictionary<string, ProvenanceFile?> Inputs { get; init; }

    /// <summary>The files the run wrote, by role (null when a role was not used).</summary>
    [JsonPropertyName("outputs")]
    [JsonPropertyOrder(5)]
    public required IReadOnlyDictionary<string, ProvenanceFile?> Outputs { get; init; }
}

/// <summary>One file or folder in a provenance record.</summary>
[JsonContract("ai-run-provenance-file", 1)]
public sealed record ProvenanceFile
{
    /// <summary>Kind of a regular file.</summary>
    public const string FileKind = "file";

    /// <summary>Kind of a folder.</summary>
    public const string DirectoryKind = "directory";

    /// <summary>Kind of a path that does not exist.</summary>
    public const string MissingKind = "missing";

    /// <summary>Kind of anything else (a device, a pipe).</summary>
    public const string OtherKind = "other";

    /// <summary>The absolute path.</summary>
    [JsonPropertyName("path")]
    [JsonPropertyOrder(0)]
    public required string Path { get; init; }

    [JsonPropertyName("exists")]
    [JsonPropertyOrder(1)]
    public required bool Exists { get; init; }

    /// <summary><c>file</c>, <c>directory</c>, <c>missing</c> or <c>other</c>.</summary>
    [JsonPropertyName("kind")]
    [JsonPropertyOrder(2)]
    public required string Kind { get; init; }

    /// <summary>Lower-case hex SHA-256 of a regular file's content; null for anything else (and for the audit that holds it).</summary>
    [JsonPropertyName("sha256")]
    [JsonPropertyOrder(3)]
    public string? Sha256 { get; init; }
}
