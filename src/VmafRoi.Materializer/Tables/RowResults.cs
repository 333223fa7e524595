using VmafRoi.Aggregators;
using VmafRoi.Materializer.Clips;
using VmafRoi.Materializer.Planning;

namespace VmafRoi.Materializer.Tables;

/// <summary>A written cell: a value, null, or "keep what the row has" (a skipped row's existing saliency columns).</summary>
internal readonly record struct Cell(bool Keep, double? Number, string? Text)
{
    public static Cell KeepExisting => new(true, null, null);

    public static Cell Null => default;

    public static Cell Of(double? number) => new(false, number, null);

    public static Cell Of(string? text) => new(false, null, text);
}

/// <summary>
/// The values every written column gets per row: <c>ok</c> rows this run's aggregates and metadata; skipped rows keep
/// their saliency columns (metadata they lack stays null: no model id is invented); failed rows null aggregates and
/// metadata, and every row its status.
/// </summary>
internal sealed class RowResults(IReadOnlyList<PlannedRow> rows, IReadOnlyList<ClipOutcome> outcomes, string modelId, AggregatorSpec aggregator, OutputColumns columns)
{
    public IReadOnlyList<PlannedRow> Rows { get; } = rows;

    public OutputColumns Columns { get; } = columns;

    public string StatusOf(PlannedRow row) => row.Status ?? outcomes[row.Clip].Status;

    public Cell CellOf(PlannedRow row, ColumnKind kind)
    {
        string status = StatusOf(row);
        if (kind == ColumnKind.Status)
        {
            return Cell.Of(status);
        }

        if (status == RowStatus.SkippedExisting)
        {
            return Cell.KeepExisting;
        }

        if (status != RowStatus.Ok)
        {
            return Cell.Null;
        }

        ClipOutcome outcome = outcomes[row.Clip];
        return kind switch
        {
            ColumnKind.Mean => Cell.Of(outcome.Mean),
            ColumnKind.Variance => Cell.Of(outcome.Variance),
            ColumnKind.ModelId => Cell.Of(modelId),
            ColumnKind.Aggregator => Cell.Of(aggregator.Name),
            _ => Cell.Of(aggregator.Alpha),
        };
    }
}
