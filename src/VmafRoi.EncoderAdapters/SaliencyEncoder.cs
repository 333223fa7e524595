using System.Diagnostics;
using System.Globalization;
using System.Text;
using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters.Adapters;
using VmafRoi.EncoderAdapters.Encoding;
using VmafRoi.EncoderAdapters.Formats;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.EncoderAdapters.Prefilter;
using VmafRoi.Saliency;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;
using VmafRoi.Yuv.IO;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.EncoderAdapters;

/// <summary>What a saliency-aware encode takes. Defaults are the seed tool's where it had one.</summary>
public sealed record SaliencyEncodeRequest
{
    /// <summary>The source clip: raw YUV, Y4M or any container ffmpeg decodes.</summary>
    public required string Source { get; init; }

    /// <summary>Raw geometry (nothing for Y4M and containers).</summary>
    public FrameReaderOptions ReaderOptions { get; init; } = new();

    /// <summary>Frame rate of raw input; for Y4M and containers, when given, it must agree with the file.</summary>
    public FrameRate? FrameRate { get; init; }

    /// <summary>Seconds of the source to encode from its start; null or 0 is all of it.</summary>
    public double? Duration { get; init; }

    /// <summary>The ffmpeg encoder name (<c>libx264</c>…).</summary>
    public required string Encoder { get; init; }

    public EncodeSettings Settings { get; init; } = new();

    /// <summary>The encoded file.</summary>
    public required string Output { get; init; }

    /// <summary>ffmpeg muxer for the output; null takes it from the extension.</summary>
    public string? Format { get; init; }

    /// <summary>False makes a plain encode (no masks, no plan).</summary>
    public bool SaliencyAware { get; init; } = true;

    /// <summary>Allows a plain encode when the encoder has no ROI route, or when the encoder skipped the plan.</summary>
    public bool FallbackPlain { get; init; }

    /// <summary>An ONNX model path, or <c>default</c>.</summary>
    public string SaliencyModel { get; init; } = SaliencyModels.DefaultName;

    public ColorMatrixChoice ColorMatrix { get; init; } = ColorMatrixChoice.Auto;

    public Normalization? Normalization { get; init; }

    /// <summary>A sidecar of the source's masks to reuse or write; null keeps the masks in a temporary sidecar.</summary>
    public string? SaliencySidecar { get; init; }

    public SidecarCacheMode SidecarMode { get; init; } = SidecarCacheMode.ReadWrite;

    /// <summary>How the plan is made; its block size is replaced by the encoder's.</summary>
    public PlanOptions Plan { get; init; } = new();

    /// <summary>How the prefilter route smooths.</summary>
    public PrefilterOptions Prefilter { get; init; } = new();

    /// <summary>ffmpeg to run; null takes <c>$VMAFROI_FFMPEG</c> or PATH.</summary>
    public string? FfmpegPath { get; init; }

    /// <summary>Cap on the estimated working set in bytes; null takes the default.</summary>
    public long? MemoryLimit { get; init; }

    /// <summary>Told after every frame of each stage (<c>saliency</c>, <c>plan</c>, <c>encode</c>).</summary>
    public IProgress<FrameProgress>? Progress { get; init; }

    /// <summary>Receives one-line notes for stderr (sidecar reused, ERROR lines of a fallback).</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>
/// Saliency-aware encoding end to end: masks (a sidecar, reused when it matches) → plan → encode through the encoder's
/// mechanism → the encoder's stderr checked for a skipped plan. <see cref="Start"/> leaves the encode uncommitted, so a
/// caller can compare it first (<c>--verify</c>) and then keep or drop it.
/// </summary>
public static class SaliencyEncoder
{
    /// <summary>The stage name of the encode in progress reports.</summary>
    public const string EncodeStage = "encode";

    /// <summary>Picks the adapter for a request, applying the seed's unsupported-encoder rule.</summary>
    /// <exception cref="UsageException">No ROI route and no fallback: the seed's three-line message (exit 2).</exception>
    public static EncoderAdapter ResolveAdapter(SaliencyEncodeRequest request)
    {
        if (EncoderCatalog.Find(request.Encoder) is { } adapter)
        {
            return adapter;
        }

        if (request.SaliencyAware && !request.FallbackPlain)
        {
            throw new UsageException(EncoderCatalog.UnsupportedMessage(request.Encoder));
        }

        if (request.SaliencyAware)
        {
            request.Log?.Invoke($"ERROR: saliency ROI is not implemented for encoder '{request.Encoder}'; encoding plainly without ROI bias (fallback allowed)");
        }

        return new PlainAdapter(request.Encoder);
    }

    /// <summary>Masks, plan and the ROI encode into a temporary file; commit or dispose the session.</summary>
    public static SaliencyEncodeSession Start(SaliencyEncodeRequest request, CancellationToken cancellationToken = default)
    {
        EncoderAdapter adapter = ResolveAdapter(request);
        string muxer = OutputContainer.MuxerFor(request.Output, request.Format);
        PreparedSource prepared = PreparedSource.Prepare(request, adapter, cancellationToken);
        EncodeOutput? output = null;
        try
        {
            output = EncodeOutput.Create(request.Output, prepared.Scratch);
            bool roi = prepared.Plan is not null;
            EncoderRun run = prepared.Encode(output.EncodePath, muxer, request.Settings, roi, request.Progress, cancellationToken);
            prepared.CheckFrameCount(output.EncodePath);
            IReadOnlyList<string> warnings = roi ? run.Log.Warnings : [];
            if (warnings.Count > 0)
            {
                request.Log?.Invoke($"{(request.FallbackPlain ? "ERROR" : "error")}: {adapter.Name} left the saliency ROI plan out of the encode: {string.Join(" | ", warnings)}");
            }

            var report = new SaliencyEncodeReport
            {
                Crf = request.Settings.Crf,
                EncodeSizeBytes = output.Size,
                EncodeTimeMs = Math.Round(run.Elapsed.TotalMilliseconds, 3),
                Encoder = adapter.Name,
                EncoderVersion = run.Log.EncoderVersion ?? "unknown",
                ExitStatus = run.ExitCode,
                FfmpegVersion = prepared.Ffmpeg.Version,
                Output = request.Output,
                Plan = prepared.Plan?.ToReport(),
                Preset = request.Settings.Preset,
                RoiApplied = roi && warnings.Count == 0,
                RoiMechanism = roi ? adapter.Mechanism : RoiMechanisms.None,
                SaliencyAggregator = request.Plan.Aggregator.Name,
                SaliencyAware = roi,
                SaliencyModel = request.SaliencyModel,
                SaliencyOffset = request.Plan.SalientOffset,
                Verify = null,
            };
            return new SaliencyEncodeSession(request, adapter, prepared, output, report, warnings, muxer);
        }
        catch
        {
            output?.Dispose();
            prepared.Dispose();
            throw;
        }
    }
}

/// <summary>An encode made and checked, not yet committed: compare it (<see cref="Prepared"/> can encode more), then keep or drop it.</summary>
public sealed class SaliencyEncodeSession : IDisposable
{
    private readonly EncodeOutput _output;

    internal SaliencyEncodeSession(SaliencyEncodeRequest request, EncoderAdapter adapter, PreparedSource prepared, EncodeOutput output, SaliencyEncodeReport report, IReadOnlyList<string> warnings, string muxer)
    {
        Request = request;
        Adapter = adapter;
        Prepared = prepared;
        _output = output;
        Report = report;
        Warnings = warnings;
        Muxer = muxer;
    }

    public SaliencyEncodeRequest Request { get; }

    public EncoderAdapter Adapter { get; }

    /// <summary>The source, its masks and its plan, able to encode again (a plain encode at another CRF).</summary>
    public PreparedSource Prepared { get; }

    /// <summary>The report so far (no <c>verify</c>).</summary>
    public SaliencyEncodeReport Report { get; }

    /// <summary>The encoder's lines that show it skipped the plan (empty when it took it).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The output's muxer.</summary>
    public string Muxer { get; }

    /// <summary>The encoded bits until commit.</summary>
    public string EncodedFile => _output.EncodePath;

    /// <summary>The encoded bits under a name with the container's extension (a link in the scratch folder), for readers that go by extension.</summary>
    public string ScorableFile()
    {
        string link = Prepared.Scratch.File("roi-encode" + OutputContainer.ExtensionFor(Muxer));
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, Path.GetFullPath(EncodedFile));
        }

        return link;
    }

    /// <summary>True when the plan (if any) took effect, or a plain encode is allowed anyway.</summary>
    public bool Keep => Report.RoiApplied || !Report.SaliencyAware || Request.FallbackPlain;

    /// <summary>Moves the encode into place.</summary>
    public void Commit(CancellationToken cancellationToken = default) => _output.Commit(cancellationToken);

    public void Dispose()
    {
        _output.Dispose();
        Prepared.Dispose();
    }
}

/// <summary>
/// A source made ready to encode: its frames (trimmed to the requested duration), its masks in a sidecar, and the ROI
/// plan for one adapter; it encodes at any CRF, with or without the plan, into any file.
/// </summary>
public sealed class PreparedSource : IDisposable
{
    private PreparedSource(EncoderAdapter adapter, FfmpegInfo ffmpeg, ScratchFolder scratch, string source, FrameReaderOptions readerOptions, FrameGeometry geometry, FrameRate rate, ColorRange range, int frames)
    {
        Adapter = adapter;
        Ffmpeg = ffmpeg;
        Scratch = scratch;
        Source = source;
        ReaderOptions = readerOptions;
        Geometry = geometry;
        Rate = rate;
        Range = range;
        Frames = frames;
    }

    public EncoderAdapter Adapter { get; }

    public FfmpegInfo Ffmpeg { get; }

    /// <summary>Temporary files of this source (removed on dispose and on signals).</summary>
    public ScratchFolder Scratch { get; }

    /// <summary>The clip every encode is made from and scored against (a trimmed copy when a duration was asked).</summary>
    public string Source { get; }

    public FrameReaderOptions ReaderOptions { get; }

    public FrameGeometry Geometry { get; }

    public FrameRate Rate { get; }

    public ColorRange Range { get; }

    public int Frames { get; private set; }

    /// <summary>The sidecar with the source's masks; null for a plain source.</summary>
    public string? Sidecar { get; private set; }

    /// <summary>The saliency model the masks came from.</summary>
    public string SaliencyModel { get; private set; } = SaliencyModels.DefaultName;

    /// <summary>The ROI plan; null for a plain source.</summary>
    public RoiPlan? Plan { get; private set; }

    /// <summary>The prefilter options of a prefilter plan.</summary>
    public PrefilterOptions Prefilter { get; private set; } = new();

    /// <summary>Time spent planning (both passes), for benchmarks.</summary>
    public TimeSpan PlanTime { get; private set; }

    /// <summary>Opens the source's frames.</summary>
    public FrameSource Open(CancellationToken cancellationToken = default) => FrameReader.Open(Source, ReaderOptions, cancellationToken);

    /// <summary>Checks the request, trims the source if asked, makes (or reuses) the masks and plans them for <paramref name="adapter"/>.</summary>
    public static PreparedSource Prepare(SaliencyEncodeRequest request, EncoderAdapter adapter, CancellationToken cancellationToken = default)
    {
        FrameReader.EnsureFileExists(request.Source);
        FrameReader.EnsureRereadable(request.Source, "--src");
        string? modelFile = request.SaliencyModel == SaliencyModels.DefaultName ? null : request.SaliencyModel;
        bool aware = request.SaliencyAware && adapter.Mechanism != RoiMechanisms.None;
        if (aware)
        {
            request.Plan.Validate();
            request.Prefilter.Validate();
            if (modelFile is not null && !File.Exists(modelFile))
            {
                throw new InvalidInputException($"saliency model not found: {modelFile}", modelFile);
            }
        }

        AtomicFile.CheckTarget(request.Output, "--output", request.Source, modelFile, request.SidecarMode == SidecarCacheMode.ReadOnly ? request.SaliencySidecar : null);
        if (aware && request.SaliencySidecar is { } sidecarTarget)
        {
            SidecarTarget.Check(sidecarTarget, "--saliency-sidecar", request.SidecarMode, request.Source, modelFile, request.Output);
        }

        adapter.CodecArguments(request.Settings);
        FfmpegInfo ffmpeg = FfmpegInfo.Get(request.FfmpegPath);
        ffmpeg.Require(adapter.Name);

        FrameReaderOptions options = request.ReaderOptions with { FfmpegPath = request.FfmpegPath ?? request.ReaderOptions.FfmpegPath };
        FrameGeometry geometry;
        FrameRate rate;
        ColorRange range;
        InputKind kind;
        using (FrameSource probe = FrameReader.Open(request.Source, options, cancellationToken))
        {
            geometry = probe.Geometry;
            kind = FrameReader.DetectKind(request.Source, options);
            rate = kind == InputKind.Raw ? request.FrameRate ?? new FrameRate(24, 1) : probe.Rate;
            range = probe.Color.Range;
        }

        if (kind != InputKind.Raw && request.FrameRate is { } given && Math.Abs(given.FramesPerSecond - rate.FramesPerSecond) > rate.FramesPerSecond * 0.001)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"'{request.Source}' is {rate.FramesPerSecond:0.###} frames/s, but --framerate {given.FramesPerSecond:0.###} was given; drop --framerate for Y4M and container inputs"), request.Source);
        }

        long estimate = (aware ? ClipSaliency.EstimateWorkingSet(geometry) : 64L << 20) + (4L * geometry.FrameBytes);
        Yuv.MemoryLimit.Check(estimate, Yuv.MemoryLimit.Resolve(request.MemoryLimit), request.Source, geometry);

        ScratchFolder scratch = TempPaths.CreateFolder("vmaf-tune-");
        try
        {
            string source = request.Source;
            if (request.Duration is > 0 and double seconds)
            {
                source = Trim(request.Source, options, geometry, rate, range, seconds, scratch.File("source.y4m"), cancellationToken);
                options = new FrameReaderOptions { FfmpegPath = options.FfmpegPath };
            }

            var prepared = new PreparedSource(adapter, ffmpeg, scratch, source, options, geometry, rate, range, 0);
            if (aware)
            {
                prepared.MakePlan(request, modelFile, cancellationToken);
            }
            else
            {
                prepared.Frames = CountFrames(prepared, cancellationToken);
            }

            return prepared;
        }
        catch
        {
            scratch.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Encodes the source into <paramref name="file"/> with <paramref name="muxer"/>: through the plan's mechanism when
    /// <paramref name="roi"/> (and there is a plan), plainly otherwise; the encoder's stderr is in the result's log.
    /// </summary>
    public EncoderRun Encode(string file, string muxer, EncodeSettings settings, bool roi, IProgress<FrameProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        RoiPlan? plan = roi ? Plan : null;
        if (plan is not null && Adapter is SvtAv1Adapter { RoiMapApp: { } app })
        {
            return EncodeWithSvtApp(app, file, muxer, settings, plan, progress, cancellationToken);
        }

        var arguments = new List<string> { "-hide_banner", "-nostats", "-loglevel", "info", "-y", "-f", "yuv4mpegpipe", "-i", "pipe:0" };
        if (plan is not null && Adapter.Mechanism == RoiMechanisms.Addroi)
        {
            arguments.AddRange(["-filter_script:v", FilterScript(plan)]);
        }

        arguments.AddRange(Adapter.CodecArguments(settings));
        arguments.AddRange(["-an", "-f", muxer, file]);
        SaliencyPrefilter? prefilter = plan is not null && Adapter.Mechanism == RoiMechanisms.Prefilter ? new SaliencyPrefilter(Geometry, Prefilter) : null;
        return EncoderProcess.Run(Ffmpeg.Path, arguments, stdin => Feed(stdin, plan, prefilter, progress, cancellationToken), $"{Adapter.Name} encode", cancellationToken);
    }

    // SVT-AV1 >= 1.6 only (unverified here): the app reads the map; ffmpeg copies its IVF into the asked container.
    private EncoderRun EncodeWithSvtApp(string app, string file, string muxer, EncodeSettings settings, RoiPlan plan, IProgress<FrameProgress>? progress, CancellationToken cancellationToken)
    {
        Adapter.CheckCrf(settings.Crf);
        string map = Scratch.File("roi-map.txt");
        SvtAv1App.WriteMap(plan, map);
        string ivf = muxer == "ivf" ? file : Scratch.File("svt-app.ivf");
        string preset = SvtAv1Adapter.PresetOf(settings.Preset).ToString(CultureInfo.InvariantCulture);
        EncoderRun run = EncoderProcess.Run(app, [.. SvtAv1App.Arguments(preset, settings.Crf, map, ivf)], stdin => Feed(stdin, null, null, progress, cancellationToken), $"{SvtAv1App.Name} encode", cancellationToken);
        if (ivf != file)
        {
            ProcessResult remux = ExternalTool.Run(Ffmpeg.Path, [.. SvtAv1App.Remux(ivf, muxer, file)], cancellationToken: cancellationToken);
            if (remux.ExitCode != 0)
            {
                throw new EncodeFailedException("remux of the SvtAv1EncApp encode", remux.ExitCode, remux.StderrTail);
            }

            File.Delete(ivf);
        }

        return run;
    }

    /// <summary>Fails when an encode holds another number of frames than the source (a filter graph that dropped some).</summary>
    public void CheckFrameCount(string file)
    {
        ProcessResult count = ExternalTool.Run(Yuv.Tools.Ffmpeg.FfprobePath(Ffmpeg.Path), ["-v", "error", "-count_packets", "-select_streams", "v:0", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", file]);
        if (count.ExitCode == 0 && int.TryParse(count.StandardOutput.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int packets) && packets != Frames)
        {
            throw new EncodeFailedException($"{Adapter.Name} encode", ExitCodes.InternalError, $"the encode holds {packets} frames, the source {Frames}");
        }
    }

    public void Dispose() => Scratch.Dispose();

    private void Feed(Stream stdin, RoiPlan? plan, SaliencyPrefilter? prefilter, IProgress<FrameProgress>? progress, CancellationToken cancellationToken)
    {
        using FrameSource source = Open(cancellationToken);
        using FrameWriter writer = FrameWriter.CreateY4m(new BufferedStream(stdin, 1 << 20), Geometry, Rate, Range);
        long started = Stopwatch.GetTimestamp();
        int segment = 0;
        while (source.ReadNext() is { } frame)
        {
            using (frame)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (prefilter is not null)
                {
                    while (plan!.Segments[segment].End <= frame.Index)
                    {
                        segment++;
                    }

                    prefilter.SetSaliency(plan.Segments[segment].Saliency);
                    prefilter.Apply(frame, frame);
                }

                writer.Write(frame);
                progress?.Report(new FrameProgress(SaliencyEncoder.EncodeStage, writer.FramesWritten, Frames, Stopwatch.GetElapsedTime(started)));
            }
        }

        writer.Complete();
        if (writer.FramesWritten != Frames)
        {
            throw new InvalidInputException($"'{Source}' gave {writer.FramesWritten} frames this time, {Frames} before; was it changed during the run?", Source);
        }
    }

    private string FilterScript(RoiPlan plan)
    {
        string path = Scratch.File("roi.filter");
        if (!File.Exists(path))
        {
            using var text = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
            AddroiScript.Write(text, plan, qp => Adapter.QOffset(qp, Geometry.Format.BitDepth));
        }

        return path;
    }

    private void MakePlan(SaliencyEncodeRequest request, string? modelFile, CancellationToken cancellationToken)
    {
        string sidecar = request.SaliencySidecar ?? Scratch.File("masks.saliency.msgpack");
        ColorTags tags;
        using (FrameSource probe = Open(cancellationToken))
        {
            tags = probe.Color;
        }

        SidecarCacheResult cache;
        using (OnnxSaliencyModel model = SaliencyModels.Load(request.SaliencyModel, new SaliencyOptions { ColorMatrix = request.ColorMatrix, SourceTags = tags, Normalization = request.Normalization }))
        {
            cache = ClipMasks.OpenSidecar(model, Source, () => Open(cancellationToken), request.ColorMatrix, 8, sidecar, request.SidecarMode, cancellationToken, request.Progress);
        }

        using (cache)
        {
            if (request.SaliencySidecar is not null)
            {
                request.Log?.Invoke($"saliency sidecar {sidecar}: {cache.Outcome.ToString().ToLowerInvariant()}");
            }

            long started = Stopwatch.GetTimestamp();
            PlanOptions options = request.Plan with
            {
                BlockSize = Adapter.BlockSize,
                Regions = Adapter.Mechanism == RoiMechanisms.Addroi,
            };
            Plan = RoiPlanner.Plan(cache.Reader, () => Open(cancellationToken), Rate, options, request.Progress, cancellationToken);
            PlanTime = Stopwatch.GetElapsedTime(started);
        }

        Sidecar = sidecar;
        SaliencyModel = request.SaliencyModel;
        Prefilter = request.Prefilter;
        Frames = Plan.Frames;
        if (Plan.Levels.Values.Count(v => v != 0) > 7 && Adapter is Vp9Adapter)
        {
            throw new InvalidInputException("libvpx-vp9 takes at most 7 distinct non-zero ROI offsets; use --levels 3, 5 or 7");
        }
    }

    private static int CountFrames(PreparedSource prepared, CancellationToken cancellationToken)
    {
        using FrameSource source = prepared.Open(cancellationToken);
        if (source.FrameCount is int known)
        {
            return known;
        }

        return source.Skip(int.MaxValue);
    }

    // The first N frames of the source as Y4M, so masks, plan, encodes and scores all see the same frames.
    private static string Trim(string path, FrameReaderOptions options, FrameGeometry geometry, FrameRate rate, ColorRange range, double seconds, string target, CancellationToken cancellationToken)
    {
        int frames = Math.Max(1, (int)Math.Round(seconds * rate.FramesPerSecond, MidpointRounding.AwayFromZero));
        using FrameSource source = FrameReader.Open(path, options, cancellationToken);
        using FrameWriter writer = FrameWriter.CreateY4m(target, geometry, rate, range, atomic: false, cancellationToken: cancellationToken);
        while (writer.FramesWritten < frames && source.ReadNext() is { } frame)
        {
            using (frame)
            {
                writer.Write(frame);
            }
        }

        writer.Complete();
        return target;
    }
}
