using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters;
using VmafRoi.EncoderAdapters.Adapters;
using VmafRoi.EncoderAdapters.Encoding;
using VmafRoi.Yuv;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Tuning;

/// <summary>What to search for.</summary>
public sealed record CrfSearchRequest
{
    /// <summary>The clip, encoder, settings and saliency plan (its <c>Output</c> and <c>Settings.Crf</c> are not used).</summary>
    public required SaliencyEncodeRequest Encode { get; init; }

    /// <summary>The score to reach.</summary>
    public required double Target { get; init; }

    /// <summary><see cref="TargetKinds.VmafRoi"/> or <see cref="TargetKinds.Vmaf"/>.</summary>
    public string TargetKind { get; init; } = TargetKinds.VmafRoi;

    /// <summary>Also search without saliency ROI and report the saving.</summary>
    public bool ComparePlain { get; init; }

    /// <summary>Segments sampled from the clip.</summary>
    public int Samples { get; init; } = 3;

    /// <summary>Length of each sample.</summary>
    public double SampleSeconds { get; init; } = 2;

    /// <summary>Most encodes per search.</summary>
    public int MaxProbes { get; init; } = 8;

    /// <summary>The CRF of the first probe; null starts at the encoder's usual default.</summary>
    public double? StartCrf { get; init; }

    /// <summary>How probes are scored (its <c>Source</c>, <c>SaliencyModel</c> and <c>Sidecar</c> are filled in).</summary>
    public ScoreSetup Scoring { get; init; } = new() { Source = string.Empty };
}

/// <summary>The metrics a CRF search can target.</summary>
public static class TargetKinds
{
    public const string VmafRoi = "vmaf_roi";
    public const string Vmaf = "vmaf";
}

/// <summary>
/// The highest CRF whose encode meets a VMAF or ROI-VMAF target (ab-av1 and Av1an do this for plain VMAF; here with
/// saliency ROI too). A few segments of the clip are encoded at candidate CRFs and scored; the search brackets the
/// target (steps from the encoder's usual CRF, then interpolation on the score) and interpolates between the two probes
/// around it: score linearly, size linearly in log. The size is scaled from the samples to the whole clip.
/// </summary>
public static class CrfSearch
{
    public static CrfSearchReport Run(CrfSearchRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        SaliencyEncodeRequest encode = request.Encode;
        EncoderAdapter adapter = SaliencyEncoder.ResolveAdapter(encode with { FallbackPlain = encode.FallbackPlain || !encode.SaliencyAware });
        bool needsMasks = encode.SaliencyAware || request.TargetKind == TargetKinds.VmafRoi;
        using ScratchFolder scratch = TempPaths.CreateFolder("vmaf-tune-search-");
        FrameReader.EnsureFileExists(encode.Source);
        (string samples, int frames, int sampled, FrameRate rate) = SampleClip(encode, request, scratch, cancellationToken);

        // The samples are the source from here on: masks, plan, encodes and scores all see the same frames.
        SaliencyEncodeRequest onSamples = encode with
        {
            Source = samples,
            ReaderOptions = new FrameReaderOptions { FfmpegPath = encode.FfmpegPath },
            FrameRate = null,
            Duration = null,
            SaliencyAware = needsMasks && adapter.Mechanism != RoiMechanisms.None,
            SaliencySidecar = null,
            Output = scratch.File("probe.out"),
        };
        using PreparedSource prepared = PreparedSource.Prepare(onSamples, adapter, cancellationToken);
        ScoreSetup scoring = request.Scoring with
        {
            Source = samples,
            SourceOptions = onSamples.ReaderOptions,
            SaliencyModel = prepared.Sidecar is null ? null : prepared.SaliencyModel,
            Sidecar = prepared.Sidecar,
        };
        if (request.TargetKind == TargetKinds.VmafRoi && prepared.Sidecar is null)
        {
            throw new UsageException($"a vmaf_roi target needs saliency masks, which {adapter.Name} does not get here; search --target-vmaf instead");
        }

        double scale = (double)frames / sampled;
        double seconds = frames / (rate.FramesPerSecond > 0 ? rate.FramesPerSecond : FrameRate.Default.FramesPerSecond);
        bool roi = encode.SaliencyAware && prepared.Plan is not null;
        CrfSearchOutcome result = Search(request, adapter, prepared, scoring, roi, scale, seconds, scratch, cancellationToken);
        CrfSearchOutcome? plain = request.ComparePlain && roi
            ? Search(request, adapter, prepared, scoring, roi: false, scale, seconds, scratch, cancellationToken)
            : null;
        return new CrfSearchReport
        {
            BitrateSavingPercent = plain is null ? null : Math.Round(100 * (1 - ((double)result.PredictedSizeBytes / plain.PredictedSizeBytes)), 3),
            Encoder = adapter.Name,
            Frames = frames,
            FramesSampled = sampled,
            Plain = plain,
            Preset = encode.Settings.Preset,
            Result = result,
            RoiMechanism = roi ? adapter.Mechanism : RoiMechanisms.None,
            SaliencyAware = roi,
            Samples = sampled == frames ? 1 : request.Samples,
            Target = request.Target,
            TargetKind = request.TargetKind,
        };
    }

    /// <summary>
    /// One search: probes from the start CRF, stepping until the target is bracketed, then interpolating on the score,
    /// until the bracket is one CRF step wide (half a step for fractional CRFs) or the probes run out.
    /// </summary>
    public static CrfSearchOutcome Search(CrfSearchRequest request, EncoderAdapter adapter, PreparedSource prepared, ScoreSetup scoring, bool roi, double scale, double seconds, ScratchFolder scratch, CancellationToken cancellationToken = default)
    {
        string muxer = "matroska";
        var trace = new List<CrfProbe>();
        double resolution = adapter.FractionalCrf ? 0.5 : 1;
        double step = adapter.MaxCrf > 51 ? 6 : 4;
        double crf = Round(adapter, request.StartCrf ?? adapter.DefaultCrf);
        for (int i = 0; i < request.MaxProbes; i++)
        {
            string file = scratch.File(string.Create(CultureInfo.InvariantCulture, $"probe-{(roi ? "roi" : "plain")}-{i}.mkv"));
            EncoderRun run = prepared.Encode(file, muxer, request.Encode.Settings with { Crf = crf }, roi, cancellationToken: cancellationToken);
            if (roi && run.Log.Warnings.Count > 0)
            {
                throw new RoiNotAppliedException($"{adapter.Name} left the saliency ROI plan out of the probe at crf {EncoderAdapter.Format(crf)}: {string.Join(" | ", run.Log.Warnings)}", string.Join('\n', run.Log.Warnings));
            }

            long size = new FileInfo(file).Length;
            CrfProbe probe;
            if (request.TargetKind == TargetKinds.VmafRoi || scoring.Sidecar is not null)
            {
                EncodeScores scores = RoiScoring.Score(scoring, file, cancellationToken).Scores;
                double score = request.TargetKind == TargetKinds.VmafRoi ? scores.VmafRoi : scores.Vmaf;
                probe = new CrfProbe { Crf = crf, Score = score, SizeBytes = size, Vmaf = scores.Vmaf, VmafRoi = scores.VmafRoi };
            }
            else
            {
                double vmaf = RoiScoring.Vmaf(scoring, file, cancellationToken);
                probe = new CrfProbe { Crf = crf, Score = vmaf, SizeBytes = size, Vmaf = vmaf, VmafRoi = null };
            }

            File.Delete(file);
            trace.Add(probe);
            request.Encode.Log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"crf-search ({(roi ? "roi" : "plain")}): crf {EncoderAdapter.Format(crf)} -> {request.TargetKind} {probe.Score:F3}, {size} bytes"));

            (CrfProbe? ok, CrfProbe? bad) = Bracket(trace, request.Target);
            double next;
            if (ok is not null && bad is not null)
            {
                if (bad.Crf - ok.Crf <= resolution)
                {
                    break;
                }

                double t = (ok.Score - request.Target) / (ok.Score - bad.Score);
                next = Round(adapter, ok.Crf + ((bad.Crf - ok.Crf) * Math.Clamp(t, 0.15, 0.85)));
                if (next <= ok.Crf || next >= bad.Crf)
                {
                    next = Round(adapter, (ok.Crf + bad.Crf) / 2);
                }
            }
            else if (ok is not null)
            {
                next = Round(adapter, Math.Min(adapter.MaxCrf, ok.Crf + step));
            }
            else
            {
                next = Round(adapter, Math.Max(adapter.MinCrf, bad!.Crf - step));
            }

            if (trace.Any(p => p.Crf == next))
            {
                break;
            }

            crf = next;
        }

        return Outcome(trace, request.Target, adapter, scale, seconds);
    }

    /// <summary>The recommendation from a finished trace.</summary>
    public static CrfSearchOutcome Outcome(IReadOnlyList<CrfProbe> trace, double target, EncoderAdapter adapter, double scale, double seconds)
    {
        (CrfProbe? ok, CrfProbe? bad) = Bracket(trace, target);
        double crf;
        double score;
        double size;
        bool met = ok is not null;
        if (ok is not null && bad is not null)
        {
            double t = (ok.Score - target) / (ok.Score - bad.Score);
            crf = ok.Crf + ((bad.Crf - ok.Crf) * t);
            crf = adapter.FractionalCrf ? Math.Floor(crf * 100) / 100 : Math.Floor(crf);
            crf = Math.Max(crf, ok.Crf);
            double u = (crf - ok.Crf) / (bad.Crf - ok.Crf);
            score = ok.Score + ((bad.Score - ok.Score) * u);
            size = Math.Exp(Math.Log(ok.SizeBytes) + ((Math.Log(bad.SizeBytes) - Math.Log(ok.SizeBytes)) * u));
        }
        else if (ok is not null)
        {
            (crf, score, size) = (ok.Crf, ok.Score, ok.SizeBytes);
        }
        else
        {
            CrfProbe best = trace.MinBy(p => p.Crf)!;
            (crf, score, size) = (best.Crf, best.Score, best.SizeBytes);
        }

        long predicted = (long)Math.Round(size * scale);
        return new CrfSearchOutcome
        {
            Crf = crf,
            PredictedBitrateKbps = Math.Round(predicted * 8 / seconds / 1000, 3),
            PredictedScore = Math.Round(score, 6),
            PredictedSizeBytes = predicted,
            TargetMet = met,
            Trace = trace,
        };
    }

    // The highest CRF that met the target and the lowest CRF above it that missed it.
    private static (CrfProbe? Ok, CrfProbe? Bad) Bracket(IReadOnlyList<CrfProbe> trace, double target)
    {
        CrfProbe? ok = trace.Where(p => p.Score >= target).MaxBy(p => p.Crf);
        CrfProbe? bad = trace.Where(p => p.Score < target && (ok is null || p.Crf > ok.Crf)).MinBy(p => p.Crf);
        return (ok, bad);
    }

    private static double Round(EncoderAdapter adapter, double crf) =>
        Math.Clamp(adapter.FractionalCrf ? Math.Round(crf, 2) : Math.Round(crf), adapter.MinCrf, adapter.MaxCrf);

    private static void Validate(CrfSearchRequest request)
    {
        if (request.TargetKind is not (TargetKinds.VmafRoi or TargetKinds.Vmaf))
        {
            throw new UsageException($"unknown target kind '{request.TargetKind}'");
        }

        if (!double.IsFinite(request.Target) || request.Target is < 0 or > 100)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"the target must be a VMAF score in [0, 100], got {request.Target}"));
        }

        if (request.Samples < 1 || !double.IsFinite(request.SampleSeconds) || request.SampleSeconds <= 0 || request.MaxProbes < 2)
        {
            throw new InvalidInputException("--samples must be at least 1, --sample-seconds above 0 and --max-probes at least 2");
        }
    }

    // Samples spread evenly over the clip, written back to back as one Y4M; the whole clip when it is not much longer.
    private static (string Path, int Frames, int Sampled, FrameRate Rate) SampleClip(SaliencyEncodeRequest encode, CrfSearchRequest request, ScratchFolder scratch, CancellationToken cancellationToken)
    {
        FrameReaderOptions options = encode.ReaderOptions with { FfmpegPath = encode.FfmpegPath ?? encode.ReaderOptions.FfmpegPath };
        FrameReader.EnsureRereadable(encode.Source, "--src");
        int total;
        FrameGeometry geometry;
        FrameRate rate;
        ColorRange range;
        using (FrameSource probe = FrameReader.Open(encode.Source, options, cancellationToken))
        {
            geometry = probe.Geometry;
            bool raw = FrameReader.DetectKind(encode.Source, options) == InputKind.Raw;
            rate = raw ? encode.FrameRate ?? new FrameRate(24, 1) : probe.Rate;
            range = probe.Color.Range;
            total = probe.FrameCount ?? probe.Skip(int.MaxValue);
        }

        if (encode.Duration is > 0 and double seconds)
        {
            total = Math.Min(total, Math.Max(1, (int)Math.Round(seconds * rate.FramesPerSecond)));
        }

        int length = Math.Max(1, (int)Math.Round(request.SampleSeconds * rate.FramesPerSecond));
        var windows = new List<(int Start, int End)>();
        if ((long)request.Samples * length * 3 / 2 >= total)
        {
            windows.Add((0, total));
        }
        else
        {
            for (int k = 0; k < request.Samples; k++)
            {
                int start = (int)(((k + 0.5) * total / request.Samples) - (length / 2.0));
                start = Math.Clamp(start, 0, total - length);
                windows.Add((start, start + length));
            }
        }

        string path = scratch.File("samples.y4m");
        using FrameSource source = FrameReader.Open(encode.Source, options, cancellationToken);
        using FrameWriter writer = FrameWriter.CreateY4m(path, geometry, rate, range, atomic: false, cancellationToken: cancellationToken);
        int index = 0;
        foreach ((int start, int end) in windows)
        {
            index += source.Skip(start - index);
            while (index < end && source.ReadNext() is { } frame)
            {
                using (frame)
                {
                    writer.Write(frame);
                }

                index++;
            }
        }

        writer.Complete();
        return (path, total, writer.FramesWritten, rate);
    }
}
