using VmafRoi.TestShared;

namespace VmafRoi.Contracts.Tests;

public sealed class ContractJsonTests
{
    [Theory]
    [InlineData(80.0, "80.0")]
    [InlineData(87.0, "87.0")]
    [InlineData(91.25, "91.25")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(76.66890519623612, "76.66890519623612")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012345.0, "123456789012345.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0.0")]
    public void Doubles_are_written_as_python_repr(double value, string expected)
    {
        Assert.Equal(expected, ContractJson.FormatDouble(value));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_finite_numbers_are_never_written(double value)
    {
        Assert.Throws<InvalidScoreException>(() => ContractJson.FormatDouble(value));
    }

    [Fact]
    public void Roi_score_json_has_schema_1_keys_in_pinned_order()
    {
        var result = new RoiScoreResult
        {
            VmafFull = 80.0,
            VmafMasked = 90.0,
            Weight = 0.5,
            VmafRoi = 85.0,
            Model = "vmaf_v0.6.1",
            SaliencyModel = "synthetic",
            Reference = "path/to/ref.yuv",
            Distorted = "path/to/dis.yuv",
        };

        Snapshot.Verify(ContractJson.Serialize(result));
    }

    [Fact]
    public void Roi_score_json_with_pooling_and_frames_has_schema_2_keys_in_pinned_order()
    {
        var result = new RoiScoreResult
        {
            Method = RoiScoreResult.Pooled,
            VmafFull = 80.0,
            VmafPooled = 92.5,
            Weight = 0.5,
            VmafRoi = 86.25,
            Model = "vmaf_v0.6.1",
            SaliencyModel = "default",
            Reference = "path/to/ref.yuv",
            Distorted = "path/to/dis.yuv",
            Frames =
            [
                new RoiFrameResult { Index = 0, VmafFull = 79.0, VmafPooled = 92.0, VmafRoi = 85.5, MaskMean = 0.25 },
                new RoiFrameResult { Index = 1, VmafFull = 81.0, VmafPooled = 93.0, VmafRoi = 87.0, MaskMean = 0.5 },
            ],
        };

        Snapshot.Verify(ContractJson.Serialize(result));
        RoiScoreResult back = ContractJson.Deserialize<RoiScoreResult>(ContractJson.Serialize(result));
        Assert.Equal(2, back.SchemaVersion);
        Assert.Equal(result.Frames[1], back.Frames![1]);
    }
}
