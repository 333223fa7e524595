using VmafRoi.Aggregators;
using VmafRoi.Saliency;
using VmafRoi.Yuv;

namespace VmafRoi.Materializer;

/// <summary>One table to materialize: seed 003's flags plus jobs, resume and sharding.</summary>
public sealed record MaterializeRequest
{
    /// <summary>The default status column name.</summary>
    public const string DefaultStatusColumn = "saliency_status";

    /// <summary>The default model-id column name.</summary>
    public const string DefaultModelIdColumn = "saliency_model_id";

    /// <summary>The default aggregator column name.</summary>
    public const string DefaultAggregatorColumn = "saliency_aggregator";

    /// <summary>The default EMA-alpha column name.</summary>
    public const string DefaultEmaAlphaColumn = "saliency_ema_alpha";

    /// <summary>The input table: <c>.jsonl</c> or <c>.parquet</c>.</summary>
    public required string Input { get; init; }

    /// <summary>The output table, same format as the input; written atomically, never the input.</summary>
    public required string Output { get; init; }

    /// <summary>Folder that relative clip paths are joined to; null uses them relative to the current folder.</summary>
    public string? Root { get; init; }

    public string PathColumn { get; init; } = "src";

    public string WidthColumn { get; init; } = "width";

    public string HeightColumn { get; init; } = "height";

    /// <summary>Width for rows without a valid one (raw <c>.yuv</c> corpora); 0 means none.</summary>
    public int DefaultWidth { get; init; }

    /// <summary>Height for rows without a valid one; 0 means none.</summary>
    public int DefaultHeight { get; init; }

    /// <summary>The id written to the model-id column; null takes the model's own id.</summary>
    public string? ModelId { get; init; }

    /// <summary>An ONNX saliency model; null runs the built-in default model.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Temporal reducer and EMA alpha.</summary>
    public AggregatorSpec Aggregator { get; init; } = AggregatorSpec.Default;

    /// <summary>Frames decoded from the start of each clip.</summary>
    public int MaxFrames { get; init; } = 8;

    /// <summary>Frames sampled from the decoded ones (<see cref="FrameSampling"/>) and run through the model.</summary>
    public int FrameSamples { get; init; } = 8;

    /// <summary>Recompute rows that already have finite saliency columns.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Empty disables the column.</summary>
    public string StatusColumn { get; init; } = DefaultStatusColumn;

    public string ModelIdColumn { get; init; } = DefaultModelIdColumn;

    public string AggregatorColumn { get; init; } = DefaultAggregatorColumn;

    public string EmaAlphaColumn { get; init; } = DefaultEmaAlphaColumn;

    /// <summary>Where the audit JSON goes; null writes none.</summary>
    public string? AuditJson { get; init; }

    /// <summary>Clips computed at once; 0 means one per processor.</summary>
    public int Jobs { get; init; }

    /// <summary>Reuse the results a previous (possibly interrupted) run committed to the cache.</summary>
    public bool Resume { get; init; }

    /// <summary>The result cache; null puts it beside the output (<c>OUTPUT.saliency-cache.duckdb</c>).</summary>
    public string? CacheFile { get; init; }

    /// <summary>Only the rows whose clip falls in this share of the table; null for the whole table.</summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>ffmpeg to decode containers with; null means <c>$VMAFROI_FFMPEG</c> or PATH.</summary>
    public string? FfmpegPath { get; init; }

    /// <summary>The command line, for the audit's provenance.</summary>
    public IReadOnlyList<string> Argv { get; init; } = [];

    /// <summary>The parsed arguments, for the audit's provenance; null derives them from this request.</summary>
    public IReadOnlyDictionary<string, object?>? Args { get; init; }

    /// <summary>The program recorded as the provenance entrypoint; null takes the entry assembly.</summary>
    public string? Entrypoint { get; init; }

    /// <summary>Told after every clip (stage <c>clips</c>, unit <c>clips</c>); null reports nothing.</summary>
    public IProgress<FrameProgress>? Progress { get; init; }

    /// <summary>Receives one-line notes for stderr; null ignores them.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The model file to load: the given path or <c>default</c>.</summary>
    internal string ModelSpec => ModelPath ?? SaliencyModels.DefaultName;

    /// <summary>The output columns that are written, with empty names dropped.</summary>
    internal OutputColumns Columns => new(StatusColumn, ModelIdColumn, AggregatorColumn, EmaAlphaColumn);
}
