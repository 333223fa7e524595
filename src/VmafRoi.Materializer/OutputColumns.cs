namespace VmafRoi.Materializer;

/// <summary>Which columns a run writes, by name; an empty name is a column the user disabled.</summary>
internal sealed record OutputColumns(string Status, string ModelId, string Aggregator, string EmaAlpha)
{
    public const string Mean = "saliency_mean";

    public const string Variance = "saliency_var";

    /// <summary>The shard outputs' row-number column, which <c>merge</c> sorts by and drops.</summary>
    public const string ShardRow = "_saliency_row";

    /// <summary>Every written column with its kind, in the order new columns are appended (ordinal by name, as the seed's sorted keys).</summary>
    public IReadOnlyList<(string Name, ColumnKind Kind)> Written
    {
        get
        {
            var all = new List<(string, ColumnKind)> { (Mean, ColumnKind.Mean), (Variance, ColumnKind.Variance) };
            if (Status.Length > 0)
            {
                all.Add((Status, ColumnKind.Status));
            }

            if (ModelId.Length > 0)
            {
                all.Add((ModelId, ColumnKind.ModelId));
            }

            if (Aggregator.Length > 0)
            {
                all.Add((Aggregator, ColumnKind.Aggregator));
            }

            if (EmaAlpha.Length > 0)
            {
                all.Add((EmaAlpha, ColumnKind.EmaAlpha));
            }

            return [.. all.OrderBy(c => c.Item1, StringComparer.Ordinal)];
        }
    }

    /// <summary>Two written columns must not share a name.</summary>
    public void CheckDistinct()
    {
        string? duplicate = Written.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null)
        {
            throw new VmafRoi.Contracts.UsageException($"two output columns are both named '{duplicate}'; give each of --status-column, --model-id-column, --aggregator-column and --ema-alpha-column its own name (or \"\" to disable it)");
        }
    }
}

/// <summary>What a written column holds.</summary>
internal enum ColumnKind
{
    Mean,
    Variance,
    Status,
    ModelId,
    Aggregator,
    EmaAlpha,
}
