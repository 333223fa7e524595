using VmafRoi.Contracts;
using VmafRoi.TestShared;

namespace VmafRoi.Sdk.Tests.Contracts;

/// <summary>The gate summary's JSON is a public contract: keys, order and number format are pinned by a snapshot.</summary>
public sealed class GateSummaryJsonTests
{
    [Fact]
    public void Gate_summary_json_has_schema_1_keys_in_pinned_order()
    {
        var summary = new GateSummary
        {
            Passed = false,
            ItemCount = 3,
            FailedCount = 2,
            ScoredCount = 1,
            ReusedCount = 1,
            Items =
            [
                new GateItemSummary
                {
                    Name = "clips/good.mp4",
                    Reference = "clips/ref.y4m",
                    Distorted = "clips/good.mp4",
                    Verdict = GateItemSummary.Pass,
                    Run = GateItemSummary.Reused,
                    VmafRoi = 93.25,
                    VmafFull = 91.5,
                    VmafMasked = 95.0,
                    MinVmafRoi = 90,
                    Result = "items/good.mp4-0123456789.roi-score.json",
                    InputKey = "0ff796dadb753d8a30fb9eef03d4863f81236810d0def82313679a410da908f4",
                },
                new GateItemSummary
                {
                    Name = "clips/rough.mp4",
                    Reference = "clips/ref.y4m",
                    Distorted = "clips/rough.mp4",
                    Verdict = GateItemSummary.Fail,
                    Run = GateItemSummary.Scored,
                    VmafRoi = 70.0,
                    VmafFull = 66.5,
                    VmafMasked = 73.5,
                    MinVmafRoi = 90,
                    MinVmaf = 60,
                    Result = "items/rough.mp4-9876543210.roi-score.json",
                    InputKey = "97b42eb0e4556f4a804e9cdb934b840a110b68df0e47ad049029c52147df85f3",
                    ErrorCode = "VRQ001",
                },
                new GateItemSummary
                {
                    Name = "clips/missing.mp4",
                    Reference = "clips/ref.y4m",
                    Distorted = "clips/missing.mp4",
                    Verdict = GateItemSummary.Error,
                    Run = GateItemSummary.NotRun,
                    MinVmaf = 60,
                    ErrorCode = "VRQ003",
                },
            ],
        };

        Snapshot.Verify(ContractJson.Serialize(summary));
    }
}
