using VmafRoi.Yuv;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Materializer.Planning;

/// <summary>What one row holds that the materializer reads: the clip path, geometry and any existing saliency values.</summary>
/// <param name="Path">The path column's text, or null when it is absent, null or not text.</param>
/// <param name="Width">The width column as a number, or null.</param>
/// <param name="Height">The height column as a number, or null.</param>
/// <param name="Mean">An existing <c>saliency_mean</c>, or null.</param>
/// <param name="Variance">An existing <c>saliency_var</c>, or null.</param>
internal readonly record struct RowFields(string? Path, double? Width, double? Height, double? Mean, double? Variance);

/// <summary>A row of this run's output: its index in the input table, a status decided without decoding, or its clip.</summary>
internal readonly record struct PlannedRow(int Row, string? Status, int Clip);

/// <summary>One clip to compute: a resolved path and the geometry a raw file is read with (null when the row and defaults give none).</summary>
public sealed record ClipRequest(string Path, int? Width, int? Height)
{
    /// <summary>The cache key's geometry part: 0 for none.</summary>
    internal int WidthOrZero => Width ?? 0;

    internal int HeightOrZero => Height ?? 0;
}

/// <summary>
/// Turns rows into a plan as they are read: skipped and missing-source rows are decided at once, every other row points
/// at a distinct clip (resolved path + geometry), so a per-frame table computes each clip once. Rows outside the shard
/// are counted but not planned.
/// </summary>
internal sealed class TablePlan
{
    // Geometry beyond this is not a video frame; such a value is treated as absent.
    private const int MaxDimension = 1 << 16;

    private readonly MaterializeRequest _request;
    private readonly string? _root;
    private readonly Dictionary<string, bool> _isFile = new(StringComparer.Ordinal);
    private readonly Dictionary<ClipRequest, int> _clipIndex = [];
    private readonly Dictionary<(string Path, bool HasGeometry), bool> _isRaw = [];

    public TablePlan(MaterializeRequest request)
    {
        _request = request;
        _root = request.Root is { Length: > 0 } root ? Path.GetFullPath(root) : null;
    }

    /// <summary>Rows read from the input, owned or not.</summary>
    public int TableRows { get; private set; }

    /// <summary>The rows this run writes, in input order.</summary>
    public List<PlannedRow> Rows { get; } = [];

    /// <summary>The distinct clips those rows need.</summary>
    public List<ClipRequest> Clips { get; } = [];

    /// <summary>Plans the next row of the table.</summary>
    public void Add(RowFields fields)
    {
        int row = TableRows++;
        string? resolved = fields.Path is { Length: > 0 } given ? Resolve(given) : null;
        if (_request.Shard is { } shard && !shard.Owns(resolved ?? string.Empty))
        {
            return;
        }

        if (!_request.Overwrite && fields.Mean is double m && double.IsFinite(m) && fields.Variance is double v && double.IsFinite(v))
        {
            Rows.Add(new PlannedRow(row, RowStatus.SkippedExisting, -1));
            return;
        }

        if (resolved is null || !IsFile(resolved))
        {
            Rows.Add(new PlannedRow(row, RowStatus.MissingSource, -1));
            return;
        }

        int? width = Dimension(fields.Width) ?? (_request.DefaultWidth > 0 ? _request.DefaultWidth : null);
        int? height = Dimension(fields.Height) ?? (_request.DefaultHeight > 0 ? _request.DefaultHeight : null);
        var clip = width is not null && height is not null ? new ClipRequest(resolved, width, height) : new ClipRequest(resolved, null, null);

        // A raw file is a different clip at each geometry; any other file carries its own, so all its rows share one
        // clip, which keeps the first row geometry seen (it only decides missing-geometry vs decode-failed if it cannot be probed).
        ClipRequest key = IsRaw(clip) ? clip : new ClipRequest(resolved, null, null);
        if (_clipIndex.TryGetValue(key, out int index))
        {
            if (Clips[index].Width is null && clip.Width is not null)
            {
                Clips[index] = clip;
            }
        }
        else
        {
            index = Clips.Count;
            Clips.Add(clip);
            _clipIndex.Add(key, index);
        }

        Rows.Add(new PlannedRow(row, null, index));
    }

    private bool IsRaw(ClipRequest clip)
    {
        var key = (clip.Path, clip.Width is not null);
        if (!_isRaw.TryGetValue(key, out bool raw))
        {
            try
            {
                FrameReaderOptions? options = clip.Width is not null ? new FrameReaderOptions { Width = clip.Width, Height = clip.Height } : null;
                raw = FrameReader.DetectKind(clip.Path, options) == InputKind.Raw;
            }
            catch (VmafRoi.Contracts.InvalidInputException)
            {
                raw = false; // unreadable: the clip reports decode-failed when it is computed
            }

            _isRaw[key] = raw;
        }

        return raw;
    }

    /// <summary>A clip path as the rows resolve it: absolute, or joined to the root, then made full.</summary>
    public string Resolve(string given)
    {
        string joined = _root is not null && !Path.IsPathRooted(given) ? Path.Join(_root, given) : given;
        try
        {
            return Path.GetFullPath(joined);
        }
        catch (ArgumentException)
        {
            return joined; // a NUL in the text: no such file, reported as missing-source
        }
    }

    /// <summary>A positive whole number of pixels, or null for anything else (absent, fractional, negative, huge, not a number).</summary>
    public static int? Dimension(double? value) =>
        value is double d && double.IsFinite(d) && d >= 1 && d <= MaxDimension && Math.Floor(d) == d ? (int)d : null;

    private bool IsFile(string path)
    {
        if (!_isFile.TryGetValue(path, out bool exists))
        {
            try
            {
                exists = path.IndexOf('\0') < 0 && FileNode.Of(path).Kind == FileNodeKind.Regular;
            }
            catch (IOException)
            {
                exists = false;
            }

            _isFile[path] = exists;
        }

        return exists;
    }
}
