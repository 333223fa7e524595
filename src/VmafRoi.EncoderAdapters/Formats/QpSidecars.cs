using System.Diagnostics;
using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters.Adapters;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.Saliency;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;
using VmafRoi.Yuv.IO;

namespace VmafRoi.EncoderAdapters.Formats;

/// <summary>What <c>vmaf-roi qp</c> does for one clip. Defaults are seed 000's.</summary>
public sealed record QpSidecarRequest
{
    public required string Input { get; init; }

    public FrameReaderOptions ReaderOptions { get; init; } = new();

    /// <summary>An ONNX model path, or <c>default</c>.</summary>
    public string Model { get; init; } = SaliencyModels.DefaultName;

    public ColorMatrixChoice ColorMatrix { get; init; } = ColorMatrixChoice.Auto;

    public Normalization? Normalization { get; init; }

    /// <summary>The clip's mask sidecar to reuse or write; null keeps the masks in a temporary one.</summary>
    public string? Sidecar { get; init; }

    public SidecarCacheMode SidecarMode { get; init; } = SidecarCacheMode.ReadWrite;

    /// <summary>Seed 000's strength: fully salient blocks get <c>−strength</c>.</summary>
    public double Strength { get; init; } = 6;

    /// <summary>Block edge (seed 000's CTU) for every layout except the SVT-AV1 map (always 64): 8 to 128.</summary>
    public int Ctu { get; init; } = 64;

    /// <summary>Offset levels of the layouts an encoder reads (addroi, SVT-AV1 map): 3, 5 or 7.</summary>
    public int Levels { get; init; } = 5;

    /// <summary>False: every frame's own mask (seed 000). True: each plan segment's aggregate, as vmaf-tune encodes with.</summary>
    public bool Segments { get; init; }

    /// <summary>Planner settings for <see cref="Segments"/> (block size and offset come from this request).</summary>
    public PlanOptions Plan { get; init; } = new();

    /// <summary>Encoder whose <c>qoffset</c> scale the addroi script uses: libx264, libx265 or libvpx-vp9.</summary>
    public string AddroiEncoder { get; init; } = "libx264";

    public string? AddroiPath { get; init; }

    public string? SvtRoiMapPath { get; init; }

    public string? GridJsonPath { get; init; }

    public string? GridCsvPath { get; init; }

    public string? SeedQpfilePath { get; init; }

    public string? SeedInt8Path { get; init; }

    public IProgress<FrameProgress>? Progress { get; init; }

    public Action<string>? Log { get; init; }

    /// <summary>Every output asked for, with its flag.</summary>
    public IEnumerable<(string Flag, string Path)> Outputs() =>
        new (string Flag, string? Path)[]
        {
            ("--addroi", AddroiPath), ("--svt-roi-map", SvtRoiMapPath), ("--grid-json", GridJsonPath), ("--grid-csv", GridCsvPath),
            ("--seed-qpfile", SeedQpfilePath), ("--seed-int8", SeedInt8Path),
        }.Where(o => o.Path is not null).Select(o => (o.Flag, o.Path!));
}

/// <summary>What <c>vmaf-roi qp</c> wrote.</summary>
/// <param name="Frames">Frames written to each output.</param>
/// <param name="Outputs">The files, by flag.</param>
/// <param name="AddroiBranches">Branches of the addroi script (runs of frames with one map), or 0.</param>
public sealed record QpSidecarResult(int Frames, IReadOnlyList<(string Flag, string Path)> Outputs, int AddroiBranches);

/// <summary>
/// Seed 000's <c>vmaf-roi</c>, fixed: per-frame per-block QP offsets for every frame of a clip, in the layouts encoders
/// really read (an ffmpeg <c>addroi</c> filter script; SVT-AV1's roi-map text), a neutral grid (JSON, CSV), and the
/// seed's two layouts for compatibility. Frames stream through, so memory does not grow with the clip.
/// </summary>
public static class QpSidecars
{
    public const int MinCtu = 8;
    public const int MaxCtu = 128;

    public static QpSidecarResult Run(QpSidecarRequest request, CancellationToken cancellationToken = default)
    {
        var outputs = request.Outputs().ToList();
        if (outputs.Count == 0)
        {
            throw new UsageException("give at least one output: --addroi, --svt-roi-map, --grid-json, --grid-csv, --seed-qpfile or --seed-int8");
        }

        if (request.Ctu is < MinCtu or > MaxCtu)
        {
            throw new InvalidInputException($"--ctu must be in [{MinCtu}, {MaxCtu}], got {request.Ctu}");
        }

        if (!double.IsFinite(request.Strength) || request.Strength < 0 || request.Strength > QpOffsets.Limit)
        {
            throw new InvalidInputException($"--strength must be in [0, {QpOffsets.Limit}], got {request.Strength.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        }

        double salient = -request.Strength;
        OffsetLevels levels = OffsetLevels.Create(salient == 0 ? 1 : salient, request.Levels);
        EncoderAdapter? addroi = request.AddroiPath is null ? null : EncoderCatalog.Find(request.AddroiEncoder) is { Mechanism: RoiMechanisms.Addroi } a
            ? a
            : throw new InvalidInputException($"--addroi-encoder must be libx264, libx265 or libvpx-vp9 (the encoders that read addroi), got '{request.AddroiEncoder}'");

        FrameReader.EnsureFileExists(request.Input);
        FrameReader.EnsureRereadable(request.Input, "--input");
        string? modelFile = request.Model == SaliencyModels.DefaultName ? null : request.Model;
        var seen = new List<string>();
        foreach ((string flag, string path) in outputs)
        {
            AtomicFile.CheckTarget(path, flag, [request.Input, modelFile, request.Sidecar, .. seen]);
            seen.Add(path);
        }

        if (request.Sidecar is { } sidecarTarget)
        {
            SidecarTarget.Check(sidecarTarget, "--sidecar", request.SidecarMode, [request.Input, modelFile, .. seen]);
        }

        using ScratchFolder scratch = TempPaths.CreateFolder("vmaf-roi-qp-");
        FrameGeometry geometry;
        ColorTags tags;
        FrameRate rate;
        using (FrameSource probe = FrameReader.Open(request.Input, request.ReaderOptions, cancellationToken))
        {
            (geometry, tags, rate) = (probe.Geometry, probe.Color, probe.Rate);
        }

        FrameSource OpenClip() => FrameReader.Open(request.Input, request.ReaderOptions, cancellationToken);
        string sidecar = request.Sidecar ?? scratch.File("masks.saliency.msgpack");
        SidecarCacheResult cache;
        using (OnnxSaliencyModel model = SaliencyModels.Load(request.Model, new SaliencyOptions { ColorMatrix = request.ColorMatrix, SourceTags = tags, Normalization = request.Normalization }))
        {
            cache = ClipMasks.OpenSidecar(model, request.Input, OpenClip, request.ColorMatrix, 8, sidecar, request.SidecarMode, cancellationToken, request.Progress);
        }

        using (cache)
        {
            RoiPlan? plan = request.Segments
                ? RoiPlanner.Plan(cache.Reader, OpenClip, rate, request.Plan with { BlockSize = request.Ctu, SalientOffset = salient == 0 ? 1 : salient, Levels = request.Levels, Regions = false }, request.Progress, cancellationToken)
                : null;
            var writers = new List<(IQpMapWriter Writer, bool Snapped, int Block)>();
            AddroiFramesWriter? addroiWriter = null;
            try
            {
                if (addroi is not null)
                {
                    addroiWriter = new AddroiFramesWriter(request.AddroiPath!, qp => addroi.QOffset(qp, geometry.Format.BitDepth));
                    writers.Add((addroiWriter, true, request.Ctu));
                }

                if (request.SvtRoiMapPath is { } svt)
                {
                    writers.Add((new SvtRoiMapWriter(svt), true, SvtRoiMapWriter.BlockSize));
                }

                if (request.GridJsonPath is { } json)
                {
                    writers.Add((new GridJsonWriter(json, geometry.Width, geometry.Height, request.Ctu, salient), false, request.Ctu));
                }

                if (request.GridCsvPath is { } csv)
                {
                    writers.Add((new GridCsvWriter(csv), false, request.Ctu));
                }

                if (request.SeedQpfilePath is { } qpfile)
                {
                    writers.Add((new SeedQpfileWriter(qpfile, request.Strength), false, request.Ctu));
                }

                if (request.SeedInt8Path is { } int8)
                {
                    writers.Add((new SeedInt8Writer(int8), false, request.Ctu));
                }

                int frames = WriteFrames(cache.Reader, geometry, plan, salient, levels, writers, request.Progress, cancellationToken);
                foreach ((IQpMapWriter writer, _, _) in writers)
                {
                    writer.Complete();
                }

                return new QpSidecarResult(frames, outputs, addroiWriter?.Branches ?? 0);
            }
            finally
            {
                foreach ((IQpMapWriter writer, _, _) in writers)
                {
                    writer.Dispose();
                }
            }
        }
    }

    private static int WriteFrames(SaliencySidecarReader masks, FrameGeometry geometry, RoiPlan? plan, double salient, OffsetLevels levels, List<(IQpMapWriter Writer, bool Snapped, int Block)> writers, IProgress<FrameProgress>? progress, CancellationToken cancellationToken)
    {
        masks.Rewind();
        float[] mask = new float[masks.MaskLength];
        long started = Stopwatch.GetTimestamp();
        int frames = 0;
        int segment = 0;
        var cache = new Dictionary<(int Block, bool Snapped), OffsetMap>();
        while (masks.TryReadNext(mask, out int index))
        {
            cancellationToken.ThrowIfCancellationRequested();
            cache.Clear();
            if (plan is not null)
            {
                while (plan.Segments[segment].End <= index)
                {
                    segment++;
                    cache.Clear();
                }
            }

            foreach ((IQpMapWriter writer, bool snapped, int block) in writers)
            {
                if (!cache.TryGetValue((block, snapped), out OffsetMap? map))
                {
                    BlockGrid grid = plan is not null
                        ? (block == plan.Segments[segment].Saliency.BlockSize ? plan.Segments[segment].Saliency : Regrid(plan.Segments[segment].Saliency, block))
                        : BlockGrid.Reduce(mask, geometry.Width, geometry.Height, block);
                    map = OffsetMap.From(grid, salient);
                    map = snapped ? map.Snap(levels) : map;
                    cache[(block, snapped)] = map;
                }

                writer.Append(index, map);
            }

            frames++;
            progress?.Report(new FrameProgress("qp", frames, masks.StoredFrameCount, Stopwatch.GetElapsedTime(started)));
        }

        return frames;
    }

    // A segment's grid on another block size: upsample to pixels, then reduce (only for the SVT map's fixed 64).
    private static BlockGrid Regrid(BlockGrid grid, int block)
    {
        float[] pixels = new float[grid.Width * grid.Height];
        grid.Upsample(pixels);
        return BlockGrid.Reduce(pixels, grid.Width, grid.Height, block);
    }
}
