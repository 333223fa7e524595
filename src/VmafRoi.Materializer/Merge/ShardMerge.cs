using System.Globalization;
using System.Text.Json;
using VmafRoi.Contracts;
using VmafRoi.Materializer.Contracts;
using VmafRoi.Materializer.Tables;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Materializer.Merge;

/// <summary>What <c>merge</c> combines: every shard's audit (each names its output), and where the whole table goes.</summary>
public sealed record MergeRequest
{
    /// <summary>The audits of shards 0..N-1 of one table, in any order.</summary>
    public required IReadOnlyList<string> ShardAudits { get; init; }

    /// <summary>The merged table.</summary>
    public required string Output { get; init; }

    /// <summary>The merged audit; null writes none.</summary>
    public string? AuditJson { get; init; }

    public IReadOnlyList<string> Argv { get; init; } = [];

    public string? Entrypoint { get; init; }
}

/// <summary>
/// Combines shard outputs into exactly the table one unsharded run writes: every shard is checked (same input content,
/// same config, each index 0..N-1 once, each output still the bytes its audit hashed, every input row exactly once),
/// rows are put back in input order by their <c>_saliency_row</c> number, which is dropped; the audits' counters add up
/// to the merged audit.
/// </summary>
public static class ShardMerge
{
    public static MaterializerAudit Run(MergeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ShardAudits.Count == 0)
        {
            throw new UsageException("merge needs the audit JSON of every shard (run each shard with --audit-json)");
        }

        List<(MaterializerAudit Audit, string AuditPath, string OutputPath)> shards = [.. request.ShardAudits.Select(ReadShard)];
        MaterializerAudit first = shards[0].Audit;
        ShardAudit shape = first.Shard!;
        foreach ((MaterializerAudit audit, string path, _) in shards)
        {
            ShardAudit s = audit.Shard!;
            if (s.Count != shape.Count || s.InputSha256 != shape.InputSha256 || s.TableRows != shape.TableRows)
            {
                throw new InvalidInputException($"shard audit '{path}' is shard {s.Index}/{s.Count} of an input with sha256 {s.InputSha256} ({s.TableRows} rows); '{request.ShardAudits[0]}' is of {shape.Count} shards of {shape.InputSha256} ({shape.TableRows} rows): not one table's shards", path);
            }

            if (audit.Config != first.Config)
            {
                throw new InvalidInputException($"shard audit '{path}' was run with another config than '{request.ShardAudits[0]}' (model, aggregator, columns or frames differ)", path);
            }
        }

        int[] indices = [.. shards.Select(s => s.Audit.Shard!.Index)];
        int[] duplicate = [.. indices.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key)];
        int[] missing = [.. Enumerable.Range(0, shape.Count).Except(indices)];
        if (duplicate.Length > 0 || missing.Length > 0)
        {
            throw new InvalidInputException($"merge needs each of shards 0..{shape.Count - 1} exactly once: {(missing.Length > 0 ? $"missing {string.Join(", ", missing)}" : string.Empty)}{(missing.Length > 0 && duplicate.Length > 0 ? "; " : string.Empty)}{(duplicate.Length > 0 ? $"given twice {string.Join(", ", duplicate)}" : string.Empty)}");
        }

        MaterializerSummary summary = MaterializerSummary.Sum(shards.Select(s => s.Audit.Summary));
        if (summary.Total != shape.TableRows)
        {
            throw new InvalidInputException($"the shards hold {summary.Total} rows but the table has {shape.TableRows}: were the shards run on machines that resolve clip paths differently (--root)?");
        }

        bool jsonl = TableFormats.IsJsonl(shards[0].OutputPath);
        if (jsonl != TableFormats.IsJsonl(request.Output))
        {
            throw new InvalidInputException($"--output '{request.Output}' must be the shards' format ({(jsonl ? ".jsonl" : ".parquet")})", request.Output);
        }

        string[] outputs = [.. shards.OrderBy(s => s.Audit.Shard!.Index).Select(s => s.OutputPath)];
        AtomicFile.CheckTarget(request.Output, "--output", [.. outputs, .. request.ShardAudits]);
        if (request.AuditJson is { } auditPath)
        {
            AtomicFile.CheckTarget(auditPath, "--audit-json", [.. outputs, .. request.ShardAudits, request.Output]);
        }

        if (jsonl)
        {
            MergeJsonl(outputs, request.Output, shape.TableRows, cancellationToken);
        }
        else
        {
            MergeParquet(outputs, request.Output, cancellationToken);
        }

        var inputs = new List<(string, string?)>();
        var ordered = shards.OrderBy(s => s.Audit.Shard!.Index).ToList();
        for (int i = 0; i < ordered.Count; i++)
        {
            inputs.Add((string.Create(CultureInfo.InvariantCulture, $"shard_audit_{i}"), ordered[i].AuditPath));
            inputs.Add((string.Create(CultureInfo.InvariantCulture, $"shard_output_{i}"), ordered[i].OutputPath));
        }

        var merged = new MaterializerAudit
        {
            Input = first.Input,
            Output = request.Output,
            Config = first.Config,
            Summary = summary,
            Shard = null,
            RunProvenance = Provenance.Create(
                request.Entrypoint,
                request.Argv,
                new Dictionary<string, object?> { ["audit_json"] = request.AuditJson, ["output"] = request.Output, ["shard_audits"] = request.ShardAudits.ToArray() },
                inputs,
                [("output", request.Output, true), ("audit_json", request.AuditJson, false)]),
        };
        if (request.AuditJson is { } mergedAudit)
        {
            AtomicFile.WriteAllText(mergedAudit, ContractJson.Serialize(merged), cancellationToken);
        }

        return merged;
    }

    private static (MaterializerAudit, string, string) ReadShard(string auditPath)
    {
        MaterializerAudit audit;
        try
        {
            audit = ContractJson.Deserialize<MaterializerAudit>(File.ReadAllText(auditPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read shard audit '{auditPath}': {e.Message}", auditPath, e);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"'{auditPath}' is not a materializer audit: {e.Message}", auditPath, e);
        }

        if (audit.Schema != MaterializerAudit.SchemaName || audit.Shard is null)
        {
            throw new InvalidInputException($"'{auditPath}' is not the audit of a shard run (run each shard with --shard i/N --audit-json)", auditPath);
        }

        // The output where the shard wrote it, else beside its audit (shards copied off their machines).
        string recorded = audit.RunProvenance.Outputs.TryGetValue("output", out ProvenanceFile? file) && file is not null ? file.Path : audit.Output;
        string beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(auditPath)) ?? ".", Path.GetFileName(recorded));
        string? found = new[] { recorded, beside }.FirstOrDefault(File.Exists)
            ?? throw new InvalidInputException($"the output of shard {audit.Shard.Index} ('{recorded}') is not there, nor beside its audit '{auditPath}'", auditPath);
        if (Provenance.Sha256(found) != audit.Shard.OutputSha256)
        {
            throw new InvalidInputException($"shard output '{found}' is not the file its audit '{auditPath}' describes (sha256 differs): it changed after the shard ran", found);
        }

        return (audit, auditPath, found);
    }

    private static void MergeJsonl(string[] outputs, string target, int tableRows, CancellationToken cancellationToken)
    {
        var readers = outputs.Select(o => new LineReader(File.OpenRead(o))).ToArray();
        try
        {
            var heads = new (long Row, byte[] Line)?[readers.Length];
            var members = new List<JsonMember>();
            (long, byte[])? Next(int shard)
            {
                while (readers[shard].TryRead(out ReadOnlyMemory<byte> memory))
                {
                    if (!memory.Span.IsEmpty)
                    {
                        return Strip(memory.Span, members, outputs[shard], readers[shard].LineNumber);
                    }
                }

                return null;
            }

            for (int i = 0; i < readers.Length; i++)
            {
                heads[i] = Next(i);
            }

            using AtomicFile output = AtomicFile.Create(target, cancellationToken);
            var buffered = new BufferedStream(output.Stream, 1 << 16);
            long expected = 0;
            while (true)
            {
                int best = -1;
                for (int i = 0; i < heads.Length; i++)
                {
                    if (heads[i] is { } h && (best < 0 || h.Row < heads[best]!.Value.Row))
                    {
                        best = i;
                    }
                }

                if (best < 0)
                {
                    break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                (long row, byte[] line) = heads[best]!.Value;
                if (row != expected)
                {
                    throw new InvalidInputException($"shard output '{outputs[best]}' has row {row} where row {expected} was due: {(row < expected ? "a row is in two shards" : "a row is in no shard")}", outputs[best]);
                }

                buffered.Write(line);
                buffered.WriteByte((byte)'\n');
                expected++;
                heads[best] = Next(best);
            }

            if (expected != tableRows)
            {
                throw new InvalidInputException($"the shards hold rows 0..{expected - 1} but the table has {tableRows} rows");
            }

            buffered.Flush();
            output.Commit();
        }
        finally
        {
            foreach (LineReader reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    // The shard writer appends ,"_saliency_row":N last; removing exactly those bytes gives the unsharded line.
    private static (long, byte[]) Strip(ReadOnlySpan<byte> line, List<JsonMember> members, string path, int lineNumber)
    {
        try
        {
            JsonLine.Scan(line, members);
        }
        catch (FormatException e)
        {
            throw new InvalidInputException($"'{path}' line {lineNumber}: not a JSON object: {e.Message}", path, e);
        }

        if (members.Count == 0 || members[^1].Key != OutputColumns.ShardRow
            || !long.TryParse(line[members[^1].ValueStart..members[^1].ValueEnd], NumberStyles.None, CultureInfo.InvariantCulture, out long row))
        {
            throw new InvalidInputException($"'{path}' line {lineNumber} has no {OutputColumns.ShardRow} member last: not a shard output", path);
        }

        int cut = members.Count >= 2 ? members[^2].ValueEnd : members[^1].KeyStart;
        byte[] stripped = [.. line[..cut], .. line[members[^1].ValueEnd..]];
        return (row, stripped);
    }

    private static void MergeParquet(string[] outputs, string target, CancellationToken cancellationToken)
    {
        using var sql = new DuckSql();
        string files = "[" + string.Join(", ", outputs.Select(DuckSql.Literal)) + "]";
        string select = $"SELECT * EXCLUDE ({DuckSql.Name(OutputColumns.ShardRow)}) FROM read_parquet({files}) ORDER BY {DuckSql.Name(OutputColumns.ShardRow)}";
        try
        {
            AtomicFile.Produce(target, temp => sql.Execute($"COPY ({select}) TO {DuckSql.Literal(temp)} (FORMAT PARQUET)"), cancellationToken);
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            throw new InvalidInputException($"cannot merge the shard outputs: {e.Message.Split('\n')[0]}", outputs[0], e);
        }
    }
}
