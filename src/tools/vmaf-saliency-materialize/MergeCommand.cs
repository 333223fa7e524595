using System.CommandLine;
using VmafRoi.Contracts;
using VmafRoi.Materializer.Contracts;
using VmafRoi.Materializer.Merge;

namespace VmafRoi.Tools.Materialize;

/// <summary><c>vmaf-saliency-materialize merge</c>: shard outputs back into the one table an unsharded run writes.</summary>
public static class MergeCommand
{
    private static readonly Argument<string[]> ShardAudits = new("shard-audits") { Description = "the --audit-json of every shard (each names its output, found where it was written or beside the audit)", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<string> Output = new("--output") { Description = "the merged table (the shards' format)", Required = true, HelpName = "PATH" };
    private static readonly Option<string?> AuditJson = new("--audit-json") { Description = "write the merged audit here", HelpName = "PATH" };

    public static Command Create(IReadOnlyList<string> argv)
    {
        var command = new Command("merge", "Combine the outputs of --shard 0/N .. N-1/N into the single-run table and audit.")
        {
            ShardAudits, Output, AuditJson,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            MaterializerAudit audit = ShardMerge.Run(
                new MergeRequest { ShardAudits = parse.GetRequiredValue(ShardAudits), Output = parse.GetRequiredValue(Output), AuditJson = parse.GetValue(AuditJson), Argv = argv },
                cancellationToken);
            parse.InvocationConfiguration.Error.WriteLine(MaterializeCommand.SummaryLine(audit.Summary));
            return Task.FromResult(audit.Summary.Failed > 0 ? ExitCodes.InvalidInput : ExitCodes.Success);
        });
        return command;
    }
}
