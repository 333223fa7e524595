using VmafRoi.TestShared;

namespace VmafRoi.Contracts.Tests;

/// <summary>The vmaf-tune reports: the seed's eleven keys, ours interleaved, all sorted, shapes pinned.</summary>
public sealed class EncodeReportJsonTests
{
    private static readonly string[] SeedKeys =
        ["crf", "encode_size_bytes", "encode_time_ms", "encoder", "encoder_version", "exit_status", "ffmpeg_version", "output", "preset", "saliency_aggregator", "saliency_aware"];

    private static SaliencyEncodeReport Sample() => new()
    {
        Crf = 23,
        EncodeSizeBytes = 123456,
        EncodeTimeMs = 1520.25,
        Encoder = "libx264",
        EncoderVersion = "x264 core 164 r3095 baee400",
        ExitStatus = 0,
        FfmpegVersion = "5.1.9-0+deb12u1",
        Output = "roi.mp4",
        Plan = new SaliencyEncodePlan
        {
            BlockSize = 16,
            Frames = 120,
            OffsetsUsed = [-4, -2, 2],
            Regions = 9,
            Segments =
            [
                new() { StartFrame = 0, EndFrame = 60, Reason = "start", MeanSaliency = 0.41, Regions = 4, OffsetsUsed = [-4, 2] },
                new() { StartFrame = 60, EndFrame = 120, Reason = "scene-cut", MeanSaliency = 0.38, Regions = 5, OffsetsUsed = [-4, -2, 2] },
            ],
        },
        Preset = "medium",
        RoiApplied = true,
        RoiMechanism = "addroi",
        SaliencyAggregator = "mean",
        SaliencyAware = true,
        SaliencyModel = "default",
        SaliencyOffset = -4,
        Verify = new SaliencyEncodeVerify
        {
            Roi = new EncodeScores { PsnrInside = 38.5, PsnrOutside = 34.25, Vmaf = 88.5, VmafMasked = 97.0, VmafRoi = 92.75 },
            Plain = new EncodeScores { PsnrInside = 36.75, PsnrOutside = 36.5, Vmaf = 90.75, VmafMasked = 96.0, VmafRoi = 93.375 },
            Delta = new EncodeScores { PsnrInside = 1.75, PsnrOutside = -2.25, Vmaf = -2.25, VmafMasked = 1.0, VmafRoi = -0.625 },
            InsideFraction = 0.25,
            MatchedBy = "crf-bisection",
            PlainCrf = 25.75,
            PlainSizeBytes = 121000,
            RegionThreshold = 0.5,
            SizeRatio = 0.980106,
            VmafModel = "vmaf_v0.6.1",
            Weight = 0.5,
        },
    };

    [Fact]
    public void Saliency_encode_report_has_schema_1_keys_sorted_like_the_seeds()
    {
        string json = ContractJson.Serialize(Sample());

        Snapshot.Verify(json);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        string[] keys = [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.All(SeedKeys, key => Assert.Contains(key, keys));
    }

    [Fact]
    public void A_plain_or_skipped_encode_writes_nulls_not_missing_keys()
    {
        string json = ContractJson.Serialize(Sample() with { Output = null, Plan = null, Verify = null, RoiApplied = false, RoiMechanism = "none", SaliencyAware = false });

        Assert.Contains("\"output\": null,", json);
        Assert.Contains("\"plan\": null,", json);
        Assert.Contains("\"verify\": null\n", json);
    }

    [Fact]
    public void Crf_search_report_has_schema_1_keys_in_pinned_order()
    {
        CrfProbe[] trace = [new() { Crf = 23, Score = 95.5, SizeBytes = 40000, Vmaf = 93.25, VmafRoi = 95.5 }, new() { Crf = 27, Score = 91.0, SizeBytes = 25000, Vmaf = 89.0, VmafRoi = 91.0 }];
        var report = new CrfSearchReport
        {
            BitrateSavingPercent = 12.5,
            Encoder = "libx264",
            Frames = 1200,
            FramesSampled = 144,
            Plain = new CrfSearchOutcome { Crf = 24.5, PredictedBitrateKbps = 1600.0, PredictedScore = 93.0, PredictedSizeBytes = 400000, TargetMet = true, Trace = trace },
            Preset = "medium",
            Result = new CrfSearchOutcome { Crf = 26.25, PredictedBitrateKbps = 1400.0, PredictedScore = 93.0, PredictedSizeBytes = 350000, TargetMet = true, Trace = trace },
            RoiMechanism = "addroi",
            SaliencyAware = true,
            Samples = 3,
            Target = 93,
            TargetKind = "vmaf_roi",
        };

        Snapshot.Verify(ContractJson.Serialize(report));
    }
}
