using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters.Adapters;

namespace VmafRoi.Tuning.Tests;

/// <summary>The size match and the CRF recommendation on made-up encoders (no processes).</summary>
public sealed class SearchMathTests
{
    // Size halves every 6 CRF from 100 000 bytes at CRF 20.
    private static long SizeAt(double crf) => (long)(100_000 * Math.Pow(2, -(crf - 20) / 6));

    [Fact]
    public void A_fractional_crf_encoder_is_matched_within_the_tolerance()
    {
        var probes = new List<double>();
        MatchedSizeVerifier.Probe Encode(double crf)
        {
            probes.Add(crf);
            return new MatchedSizeVerifier.Probe(crf, SizeAt(crf), "none");
        }

        MatchedSizeVerifier.Probe? match = MatchedSizeVerifier.FindMatch(new X264Adapter(), 20, 61_000, new VerifyOptions(), Encode);

        Assert.NotNull(match);
        Assert.InRange(match.Size, 61_000 * 0.98, 61_000 * 1.02);
        Assert.True(probes.Count <= 4, string.Join(", ", probes));
    }

    [Fact]
    public void A_whole_crf_encoder_that_no_crf_matches_gives_up_with_both_sides_probed()
    {
        var probes = new List<MatchedSizeVerifier.Probe>();
        MatchedSizeVerifier.Probe Encode(double crf)
        {
            // 12 % per CRF step: the target falls between two steps.
            var probe = new MatchedSizeVerifier.Probe(crf, (long)(100_000 * Math.Pow(0.88, crf - 30)), "none");
            probes.Add(probe);
            return probe;
        }

        MatchedSizeVerifier.Probe? match = MatchedSizeVerifier.FindMatch(new SvtAv1Adapter(), 30, 50_000, new VerifyOptions(), Encode);

        Assert.Null(match);
        Assert.Contains(probes, p => p.Size > 50_000);
        Assert.Contains(probes, p => p.Size < 50_000);
        Assert.All(probes, p => Assert.Equal(Math.Floor(p.Crf), p.Crf));
    }

    [Fact]
    public void The_recommendation_interpolates_between_the_probes_around_the_target()
    {
        CrfProbe[] trace =
        [
            new() { Crf = 23, Score = 95, SizeBytes = 40_000, Vmaf = 95, VmafRoi = 95 },
            new() { Crf = 27, Score = 91, SizeBytes = 25_000, Vmaf = 91, VmafRoi = 91 },
        ];

        CrfSearchOutcome x264 = CrfSearch.Outcome(trace, 93, new X264Adapter(), scale: 2, seconds: 4);
        CrfSearchOutcome svt = CrfSearch.Outcome(trace, 93.5, new SvtAv1Adapter(), scale: 2, seconds: 4);

        Assert.Equal(25, x264.Crf);
        Assert.Equal(93, x264.PredictedScore, 6);
        Assert.Equal((long)Math.Round(2 * Math.Sqrt(40_000.0 * 25_000)), x264.PredictedSizeBytes);
        Assert.Equal(Math.Round(x264.PredictedSizeBytes * 8 / 4.0 / 1000, 3), x264.PredictedBitrateKbps);
        Assert.True(x264.TargetMet);
        Assert.Equal(24, svt.Crf);
        Assert.Equal(94, svt.PredictedScore, 6);
    }

    [Fact]
    public void A_target_no_probe_reaches_is_reported_as_missed_at_the_lowest_crf()
    {
        CrfProbe[] trace = [new() { Crf = 30, Score = 80, SizeBytes = 9_000, Vmaf = 80, VmafRoi = null }, new() { Crf = 10, Score = 89, SizeBytes = 90_000, Vmaf = 89, VmafRoi = null }];

        CrfSearchOutcome outcome = CrfSearch.Outcome(trace, 95, new X264Adapter(), 1, 1);

        Assert.False(outcome.TargetMet);
        Assert.Equal(10, outcome.Crf);
    }
}
