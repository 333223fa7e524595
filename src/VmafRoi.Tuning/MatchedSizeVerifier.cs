using System.Globalization;
using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters;
using VmafRoi.EncoderAdapters.Adapters;
using VmafRoi.Yuv;

namespace VmafRoi.Tuning;

/// <summary>How a ROI encode is compared with a plain one.</summary>
public sealed record VerifyOptions
{
    /// <summary>The plain encode must be within this share of the ROI encode's size (±2 %).</summary>
    public double SizeTolerance { get; init; } = 0.02;

    /// <summary>Most plain encodes the CRF search for the matching size may make.</summary>
    public int MaxEncodes { get; init; } = 8;

    /// <summary>Told one line per plain encode (its CRF and size).</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>
/// <c>--verify</c>: what ROI encoding bought at equal bits. A plain encode of the same encoder and settings is matched to
/// the ROI encode's size by a CRF search (secant steps in log-size, then bisection), both are scored the same way
/// (<see cref="RoiScoring"/>), and the report gives both and their difference. An encoder that takes whole CRFs only may
/// have no CRF within the tolerance: the plain scores are then interpolated in log-size between the two encodes around
/// the ROI size (<c>matched_by: interpolated</c>).
/// </summary>
public static class MatchedSizeVerifier
{
    /// <summary>A plain encode made while matching the size.</summary>
    /// <param name="Crf">Its CRF.</param>
    /// <param name="Size">Its size in bytes.</param>
    /// <param name="File">Where it is.</param>
    public sealed record Probe(double Crf, long Size, string File);

    /// <summary>Compares the session's ROI encode with plain encodes of the same source and settings.</summary>
    public static SaliencyEncodeVerify Verify(SaliencyEncodeSession session, ScoreSetup scoring, VerifyOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new VerifyOptions();
        PreparedSource prepared = session.Prepared;
        EncoderAdapter adapter = session.Adapter;
        long target = session.Report.EncodeSizeBytes;
        var probes = new List<Probe>();
        Probe Encode(double crf)
        {
            string file = prepared.Scratch.File(string.Create(CultureInfo.InvariantCulture, $"plain-{probes.Count}{EncoderAdapters.Encoding.OutputContainer.ExtensionFor(session.Muxer)}"));
            prepared.Encode(file, session.Muxer, session.Request.Settings with { Crf = crf }, roi: false, cancellationToken: cancellationToken);
            var probe = new Probe(crf, new FileInfo(file).Length, file);
            probes.Add(probe);
            options.Log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"verify: plain {adapter.Name} at crf {EncoderAdapter.Format(crf)}: {probe.Size} bytes (ROI encode {target})"));
            return probe;
        }

        Probe? matched = FindMatch(adapter, session.Request.Settings.Crf, target, options, Encode);
        (EncodeScores roi, double insideFraction) = RoiScoring.Score(scoring, session.ScorableFile(), cancellationToken);
        EncodeScores plain;
        double plainCrf;
        long plainSize;
        string matchedBy;
        if (matched is not null)
        {
            plain = RoiScoring.Score(scoring, matched.File, cancellationToken).Scores;
            (plainCrf, plainSize, matchedBy) = (matched.Crf, matched.Size, "crf-bisection");
        }
        else
        {
            // The closest encodes above and below the ROI size, interpolated in log-size.
            Probe? above = probes.Where(p => p.Size > target).MinBy(p => p.Size);
            Probe? below = probes.Where(p => p.Size < target).MaxBy(p => p.Size);
            if (above is null || below is null)
            {
                Probe closest = probes.MinBy(p => Math.Abs(Math.Log((double)p.Size / target)))!;
                plain = RoiScoring.Score(scoring, closest.File, cancellationToken).Scores;
                (plainCrf, plainSize, matchedBy) = (closest.Crf, closest.Size, "closest");
            }
            else
            {
                EncodeScores a = RoiScoring.Score(scoring, above.File, cancellationToken).Scores;
                EncodeScores b = RoiScoring.Score(scoring, below.File, cancellationToken).Scores;
                double t = (Math.Log(target) - Math.Log(above.Size)) / (Math.Log(below.Size) - Math.Log(above.Size));
                plain = Lerp(a, b, t);
                (plainCrf, plainSize, matchedBy) = (above.Crf + ((below.Crf - above.Crf) * t), target, "interpolated");
            }
        }

        foreach (Probe probe in probes)
        {
            File.Delete(probe.File);
        }

        return new SaliencyEncodeVerify
        {
            Roi = roi,
            Plain = plain,
            Delta = Difference(roi, plain),
            InsideFraction = Math.Round(insideFraction, 6),
            MatchedBy = matchedBy,
            PlainCrf = Math.Round(plainCrf, 3),
            PlainSizeBytes = plainSize,
            RegionThreshold = scoring.RegionThreshold,
            SizeRatio = Math.Round((double)plainSize / target, 6),
            VmafModel = scoring.Model,
            Weight = scoring.Weight,
        };
    }

    /// <summary>
    /// Searches the plain CRF whose size is within the tolerance of <paramref name="target"/>, starting at the ROI CRF;
    /// null when none is (whole-CRF encoders, or the range ran out), with the probes made left in the list.
    /// </summary>
    public static Probe? FindMatch(EncoderAdapter adapter, double startCrf, long target, VerifyOptions options, Func<double, Probe> encode)
    {
        var probes = new List<Probe>();
        double crf = startCrf;
        for (int i = 0; i < options.MaxEncodes; i++)
        {
            Probe probe = encode(crf);
            probes.Add(probe);
            if (Math.Abs(((double)probe.Size / target) - 1) <= options.SizeTolerance)
            {
                return probe;
            }

            // Size falls as CRF rises: above the target means a higher CRF is needed.
            Probe? low = probes.Where(p => p.Size > target).MaxBy(p => p.Crf);
            Probe? high = probes.Where(p => p.Size < target).MinBy(p => p.Crf);
            double next;
            if (low is not null && high is not null)
            {
                double t = (Math.Log(target) - Math.Log(low.Size)) / (Math.Log(high.Size) - Math.Log(low.Size));
                next = low.Crf + ((high.Crf - low.Crf) * Math.Clamp(t, 0.1, 0.9));
            }
            else
            {
                // Aim at the target along log-size: the slope of the last two probes, else about 6 CRF steps per
                // halving (x264/x265); overshoot a little so the next probe brackets the target.
                double slope = -Math.Log(2) / 6;
                if (probes.Count >= 2)
                {
                    Probe a = probes[^2];
                    double measured = (Math.Log(probe.Size) - Math.Log(a.Size)) / (probe.Crf - a.Crf);
                    if (double.IsFinite(measured) && measured < -0.005)
                    {
                        slope = measured;
                    }
                }

                double step = 1.15 * (Math.Log(target) - Math.Log(probe.Size)) / slope;
                next = crf + Math.Clamp(step, -12, 12);
                if (!adapter.FractionalCrf && Math.Abs(next - crf) < 1)
                {
                    next = crf + Math.Sign(step);
                }
            }

            next = Math.Clamp(adapter.FractionalCrf ? Math.Round(next, 2) : Math.Round(next), adapter.MinCrf, adapter.MaxCrf);
            if (probes.Any(p => p.Crf == next) || (low is not null && high is not null && !adapter.FractionalCrf && high.Crf - low.Crf <= 1))
            {
                return null;
            }

            crf = next;
        }

        return null;
    }

    private static EncodeScores Lerp(EncodeScores a, EncodeScores b, double t) => new()
    {
        PsnrInside = a.PsnrInside + ((b.PsnrInside - a.PsnrInside) * t),
        PsnrOutside = a.PsnrOutside + ((b.PsnrOutside - a.PsnrOutside) * t),
        Vmaf = a.Vmaf + ((b.Vmaf - a.Vmaf) * t),
        VmafMasked = a.VmafMasked + ((b.VmafMasked - a.VmafMasked) * t),
        VmafRoi = a.VmafRoi + ((b.VmafRoi - a.VmafRoi) * t),
    };

    private static EncodeScores Difference(EncodeScores roi, EncodeScores plain) => new()
    {
        PsnrInside = roi.PsnrInside - plain.PsnrInside,
        PsnrOutside = roi.PsnrOutside - plain.PsnrOutside,
        Vmaf = roi.Vmaf - plain.Vmaf,
        VmafMasked = roi.VmafMasked - plain.VmafMasked,
        VmafRoi = roi.VmafRoi - plain.VmafRoi,
    };
}
