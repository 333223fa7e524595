using VmafRoi.Aggregators;
using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency.Tests.Sidecars;

public sealed class SidecarMismatchTests : TempFolderTest
{
    private readonly string _path;

    public SidecarMismatchTests()
    {
        _path = PathOf("clip.sal");
        SidecarTestData.Write(_path, SidecarTestData.Header(), frames: 2);
    }

    [Fact]
    public void Another_model_is_a_mismatch_naming_both_hashes()
    {
        var error = Assert.Throws<SidecarMismatchException>(() => SaliencySidecarReader.Open(_path, SidecarTestData.Header(model: SidecarTestData.ModelB)));
        Assert.Equal("model_sha256", error.Field);
        Assert.Equal(SidecarTestData.ModelB, error.Expected);
        Assert.Equal(SidecarTestData.ModelA, error.Actual);
        Assert.Equal(
            $"saliency sidecar '{_path}' does not match this run: it was made for model_sha256 {SidecarTestData.ModelA}, not {SidecarTestData.ModelB}",
            error.Message);
        Assert.Equal(_path, error.Path);
        Assert.Equal(ExitCodes.InvalidInput, ExitCodeMapper.From(error));
    }

    [Fact]
    public void Another_clip_is_a_mismatch_of_the_reference_hash()
    {
        var error = Assert.Throws<SidecarMismatchException>(() => SaliencySidecarReader.Open(_path, SidecarTestData.Header(clip: SidecarTestData.ClipB)));
        Assert.Equal("reference_sha256", error.Field);
    }

    public static TheoryData<string, string> OtherRuns => new()
    {
        { "pix_fmt", "yuv444p" },
        { "color_matrix", "bt709" },
        { "mask_bits", "16" },
        { "sampling", "uniform" },
        { "aggregator", "max" },
        { "aggregator_alpha", "0.5" },
    };

    [Theory]
    [MemberData(nameof(OtherRuns))]
    public void Every_field_the_masks_depend_on_is_checked(string field, string value)
    {
        SidecarHeader expected = field switch
        {
            "pix_fmt" => SidecarTestData.Header(pixFmt: value),
            "color_matrix" => SidecarTestData.Header(matrix: ColorMatrix.Bt709),
            "mask_bits" => SidecarTestData.Header(bits: 16),
            "sampling" => SidecarTestData.Header(sampling: SidecarSampling.Uniform(10, 2)),
            "aggregator" => SidecarTestData.Header(aggregator: AggregatorSpec.Create("max")),
            _ => SidecarTestData.Header(aggregator: AggregatorSpec.Create("ema", 0.5)),
        };
        var error = Assert.Throws<SidecarMismatchException>(() => SaliencySidecarReader.Open(_path, expected));
        Assert.Equal(field, error.Field);
        Assert.Equal(value, error.Expected);
    }

    [Fact]
    public void Geometry_is_checked()
    {
        SidecarHeader expected = SidecarTestData.Header() with { Width = 38, MaskWidth = 38 };
        Assert.Equal("width", Assert.Throws<SidecarMismatchException>(() => SaliencySidecarReader.Open(_path, expected)).Field);
        expected = SidecarTestData.Header() with { MaskHeight = 20 };
        Assert.Equal("mask_height", Assert.Throws<SidecarMismatchException>(() => SaliencySidecarReader.Open(_path, expected)).Field);
    }

    [Fact]
    public void Model_name_compression_and_unused_alpha_do_not_invalidate_a_sidecar()
    {
        SidecarHeader expected = SidecarTestData.Header(compression: SidecarCompression.None) with { ModelId = "renamed" };
        Assert.Equal(2, SidecarTestData.ReadAll(_path, expected).Count);

        string mean = PathOf("mean.sal");
        SidecarTestData.Write(mean, SidecarTestData.Header(aggregator: AggregatorSpec.Create("mean", 0.6)), frames: 1);
        Assert.Single(SidecarTestData.ReadAll(mean, SidecarTestData.Header(aggregator: AggregatorSpec.Create("mean", 0.3))));
    }

    [Fact]
    public void A_header_of_another_schema_version_is_a_mismatch_not_corruption()
    {
        string path = PathOf("v1.sal");
        File.WriteAllBytes(path, SidecarFiles.WithHeaderField(SidecarTestData.Header(), "schema_version", w => w.WriteInt64(1)));
        var error = Assert.Throws<SidecarMismatchException>(() => SaliencySidecarReader.Open(path, SidecarTestData.Header()));
        Assert.Equal("schema_version", error.Field);
        Assert.Equal("2", error.Expected);
        Assert.Equal("1", error.Actual);
    }
}
