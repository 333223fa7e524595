using System.Globalization;
using System.Text;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.Yuv.IO;

namespace VmafRoi.EncoderAdapters.Formats;

/// <summary>Writes one per-frame offset map after another, streamed, to an output that appears atomically on <see cref="Complete"/>.</summary>
public interface IQpMapWriter : IDisposable
{
    /// <summary>Adds frame <paramref name="frame"/>'s map (frames arrive in order).</summary>
    void Append(int frame, OffsetMap map);

    /// <summary>Finishes the file and moves it into place.</summary>
    void Complete();
}

/// <summary>Base of the text writers: an atomic file with a UTF-8 writer, abandoned (deleted) unless completed.</summary>
public abstract class TextMapWriter : IQpMapWriter
{
    private readonly AtomicFile _file;
    private bool _completed;

    protected TextMapWriter(string path)
    {
        _file = AtomicFile.Create(path);
        Text = new StreamWriter(_file.Stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
    }

    protected StreamWriter Text { get; }

    public abstract void Append(int frame, OffsetMap map);

    public void Complete()
    {
        Finish();
        Text.Flush();
        _file.Commit();
        _completed = true;
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _file.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Writes whatever closes the file.</summary>
    protected virtual void Finish()
    {
    }

    protected static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// SVT-AV1's <c>--roi-map-file</c> (SvtAv1EncApp ≥ 1.6, read by the app only): a line <c>&lt;picture&gt; &lt;offset&gt;…</c>
/// whenever the map changes, one offset per 64×64 block in raster order, in qindex units (−255..255, negative is
/// better quality), at most 8 distinct values a line. Unverified on this machine (SVT-AV1 1.4.1 has no ROI).
/// </summary>
public sealed class SvtRoiMapWriter : TextMapWriter
{
    /// <summary>The block edge SVT-AV1's map is defined on.</summary>
    public const int BlockSize = 64;

    /// <summary>Most distinct values per line (AV1 segments).</summary>
    public const int MaxDistinct = 8;

    private int[]? _last;

    public SvtRoiMapWriter(string path)
        : base(path)
    {
    }

    /// <summary>
    /// The qindex delta of a QP delta on the 0..51 scale: QP maps proportionally onto AV1's 0..63 quantiser scale, whose
    /// qindex is four steps per quantiser (<c>round(qp · 4 · 63/51)</c>), clamped to ±255.
    /// </summary>
    public static int QIndex(int qp) => Math.Clamp((int)Math.Round(qp * 4 * 63.0 / 51.0, MidpointRounding.AwayFromZero), -255, 255);

    /// <summary>One line of the map file.</summary>
    public static string Line(int picture, OffsetMap map)
    {
        if (map.BlockSize != BlockSize)
        {
            throw new ArgumentException($"an SVT-AV1 roi map is on {BlockSize}-pixel blocks, not {map.BlockSize}", nameof(map));
        }

        int[] values = [.. map.Offsets.Select(QIndex)];
        int distinct = values.Distinct().Count();
        if (distinct > MaxDistinct)
        {
            throw new ArgumentException($"frame {picture} has {distinct} distinct offsets; an SVT-AV1 roi map line takes at most {MaxDistinct}", nameof(map));
        }

        return picture.ToString(CultureInfo.InvariantCulture) + " " + string.Join(' ', values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
    }

    public override void Append(int frame, OffsetMap map)
    {
        // An event holds until the next line, so an unchanged map needs no line.
        if (_last is not null && _last.AsSpan().SequenceEqual(map.Offsets))
        {
            return;
        }

        Text.WriteLine(Line(frame, map));
        _last = (int[])map.Offsets.Clone();
    }
}

/// <summary>
/// Seed 000's ASCII grid (compatibility only; no encoder reads it): per frame the header lines
/// <c># vmaf-roi qpfile (x265, --qpfile-style)</c> and <c># frame=F ctu=C cols=X rows=Y strength=S</c>, then one line of
/// space-separated offsets per block row.
/// </summary>
public sealed class SeedQpfileWriter(string path, double strength) : TextMapWriter(path)
{
    public override void Append(int frame, OffsetMap map)
    {
        Text.WriteLine("# vmaf-roi qpfile (x265, --qpfile-style)");
        Text.WriteLine(Invariant($"# frame={frame} ctu={map.BlockSize} cols={map.Cols} rows={map.Rows} strength={strength.ToString("R", CultureInfo.InvariantCulture)}"));
        for (int r = 0; r < map.Rows; r++)
        {
            Text.WriteLine(string.Join(' ', map.Offsets.AsSpan(r * map.Cols, map.Cols).ToArray().Select(o => o.ToString(CultureInfo.InvariantCulture))));
        }
    }
}

/// <summary>Seed 000's binary layout (compatibility only; no encoder reads it): one signed byte per block, row-major, frames back to back.</summary>
public sealed class SeedInt8Writer : IQpMapWriter
{
    private readonly AtomicFile _file;
    private bool _completed;

    public SeedInt8Writer(string path) => _file = AtomicFile.Create(path);

    public void Append(int frame, OffsetMap map)
    {
        byte[] bytes = new byte[map.Offsets.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = unchecked((byte)(sbyte)map.Offsets[i]);
        }

        _file.Stream.Write(bytes);
    }

    public void Complete()
    {
        _file.Commit();
        _completed = true;
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _file.Dispose();
        }
    }
}

/// <summary>
/// A neutral grid for other tools: one JSON document, <c>{"schema_version":1, "width", "height", "block_size", "cols",
/// "rows", "salient_offset", "frames": [{"frame": F, "offsets": [[row 0…], [row 1…], …]}, …]}</c>; streamed.
/// </summary>
public sealed class GridJsonWriter : TextMapWriter
{
    private readonly int _width;
    private readonly int _height;
    private readonly int _blockSize;
    private readonly double _salientOffset;
    private bool _any;

    public GridJsonWriter(string path, int width, int height, int blockSize, double salientOffset)
        : base(path)
    {
        (_width, _height, _blockSize, _salientOffset) = (width, height, blockSize, salientOffset);
        int cols = BlockGrid.CeilDiv(width, blockSize);
        int rows = BlockGrid.CeilDiv(height, blockSize);
        Text.Write(Invariant($"{{\n  \"schema_version\": 1,\n  \"width\": {_width},\n  \"height\": {_height},\n  \"block_size\": {_blockSize},\n  \"cols\": {cols},\n  \"rows\": {rows},\n  \"salient_offset\": {Contracts.ContractJson.FormatDouble(_salientOffset)},\n  \"frames\": ["));
    }

    public override void Append(int frame, OffsetMap map)
    {
        Text.Write(_any ? ",\n" : "\n");
        _any = true;
        Text.Write(Invariant($"    {{\"frame\": {frame}, \"offsets\": ["));
        for (int r = 0; r < map.Rows; r++)
        {
            Text.Write(r == 0 ? "[" : ", [");
            Text.Write(string.Join(", ", map.Offsets.AsSpan(r * map.Cols, map.Cols).ToArray().Select(o => o.ToString(CultureInfo.InvariantCulture))));
            Text.Write(']');
        }

        Text.Write("]}");
    }

    protected override void Finish() => Text.Write(_any ? "\n  ]\n}\n" : "]\n}\n");
}

/// <summary>A neutral grid as CSV: <c>frame,row,col,x,y,width,height,qp_offset</c>, one line per block.</summary>
public sealed class GridCsvWriter : TextMapWriter
{
    public GridCsvWriter(string path)
        : base(path) => Text.WriteLine("frame,row,col,x,y,width,height,qp_offset");

    public override void Append(int frame, OffsetMap map)
    {
        for (int r = 0; r < map.Rows; r++)
        {
            int y = r * map.BlockSize;
            int h = Math.Min(map.BlockSize, map.Height - y);
            for (int c = 0; c < map.Cols; c++)
            {
                int x = c * map.BlockSize;
                int w = Math.Min(map.BlockSize, map.Width - x);
                Text.WriteLine(Invariant($"{frame},{r},{c},{x},{y},{w},{h},{map[r, c]}"));
            }
        }
    }
}

/// <summary>
/// An <c>addroi</c> filter script of per-frame maps: consecutive frames with the same map share a branch
/// (<see cref="AddroiScript"/>). Branches are spooled to a temporary file, so memory does not grow with the clip.
/// </summary>
public sealed class AddroiFramesWriter : IQpMapWriter
{
    private readonly string _path;
    private readonly Func<int, string> _qoffset;
    private readonly ScratchFolder _scratch;
    private readonly StreamWriter _body;
    private OffsetMap? _runMap;
    private int _runStart;
    private int _next;
    private int _branches;
    private string? _firstChain;
    private bool _completed;

    public AddroiFramesWriter(string path, Func<int, string> qoffset)
    {
        AtomicFile.CheckTarget(path, "--addroi");
        _path = path;
        _qoffset = qoffset;
        _scratch = TempPaths.CreateFolder("vmaf-roi-qp-");
        _body = new StreamWriter(_scratch.File("branches.txt"), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
    }

    /// <summary>Branches (runs of equal maps) written so far.</summary>
    public int Branches => _branches + (_runMap is null ? 0 : 1);

    public void Append(int frame, OffsetMap map)
    {
        if (_runMap is not null && !_runMap.SameAs(map))
        {
            Flush(frame);
        }

        if (_runMap is null)
        {
            (_runMap, _runStart) = (map, frame);
        }

        _next = frame + 1;
    }

    public void Complete()
    {
        if (_runMap is not null)
        {
            Flush(_next);
        }

        _body.Dispose();
        using AtomicFile file = AtomicFile.Create(_path);
        using (var text = new StreamWriter(file.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            if (_branches == 1)
            {
                // One map for the whole clip: a plain chain, no split.
                text.Write((_firstChain ?? "null") + "\n");
            }
            else
            {
                text.Write(string.Create(CultureInfo.InvariantCulture, $"split={_branches}"));
                for (int i = 0; i < _branches; i++)
                {
                    text.Write(string.Create(CultureInfo.InvariantCulture, $"[in{i}]"));
                }

                text.Write(";\n");
                text.Flush();
                using (FileStream body = File.OpenRead(_scratch.File("branches.txt")))
                {
                    body.CopyTo(file.Stream);
                }

                for (int i = 0; i < _branches; i++)
                {
                    text.Write(string.Create(CultureInfo.InvariantCulture, $"[out{i}]"));
                }

                text.Write(string.Create(CultureInfo.InvariantCulture, $"concat=n={_branches}:v=1:a=0,setpts=N/FRAME_RATE/TB\n"));
            }
        }

        file.Commit();
        _completed = true;
        _scratch.Dispose();
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _body.Dispose();
            _scratch.Dispose();
        }
    }

    private void Flush(int end)
    {
        IReadOnlyList<RoiRegion> regions = RegionCover.Cover(_runMap!);
        _body.Write(string.Create(CultureInfo.InvariantCulture, $"[in{_branches}]trim=start_frame={_runStart}:end_frame={end},setpts=PTS-STARTPTS"));
        string? chain = AddroiScript.Chain(regions, _qoffset);
        if (chain is not null)
        {
            _body.Write(',');
            _body.Write(chain);
        }

        _firstChain ??= _branches == 0 ? chain : null;
        _body.Write(string.Create(CultureInfo.InvariantCulture, $"[out{_branches}];\n"));
        _branches++;
        _runMap = null;
    }
}
