using System.Reflection;
using System.Text.Json.Serialization;
using VmafRoi.Aggregators;
using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.TestShared;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency.Tests.Sidecars;

public sealed class SidecarHeaderTests
{
    private static SidecarHeader Sample() => SidecarHeader.Create(
        "saliency_student_v1",
        "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        YuvFormat.Parse("yuv420p10le").WithSize(1920, 1080),
        ColorMatrix.Bt709,
        ColorRange.Limited,
        SidecarSampling.Uniform(240, 8),
        AggregatorSpec.Create("ema", 0.6),
        maskBits: 16);

    [Fact]
    public void Header_json_shape_is_pinned() => Snapshot.Verify(ContractJson.Serialize(Sample()));

    [Fact]
    public void Header_json_round_trips()
    {
        SidecarHeader header = Sample();
        Assert.Equal(header, ContractJson.Deserialize<SidecarHeader>(ContractJson.Serialize(header)));
    }

    [Fact]
    public void Header_is_a_versioned_json_contract_with_explicit_names_and_order()
    {
        var contract = typeof(SidecarHeader).GetCustomAttribute<JsonContractAttribute>();
        Assert.NotNull(contract);
        Assert.Equal("saliency-sidecar-header", contract.Name);
        Assert.Equal(2, contract.Version);
        PropertyInfo[] properties = typeof(SidecarHeader).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.Name != "EqualityContract")
            .ToArray();
        Assert.All(properties, p =>
        {
            string? name = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            Assert.NotNull(name);
            Assert.Matches("^[a-z0-9]+(_[a-z0-9]+)*$", name);
            Assert.NotNull(p.GetCustomAttribute<JsonPropertyOrderAttribute>());
        });
        Assert.Equal(
            Enumerable.Range(0, properties.Length),
            properties.Select(p => p.GetCustomAttribute<JsonPropertyOrderAttribute>()!.Order).Order());
    }

    [Fact]
    public void Create_lowercases_hashes_and_takes_the_mask_size_from_luma()
    {
        SidecarHeader header = Sample();
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", header.ModelSha256);
        Assert.Equal((1920, 1080), (header.MaskWidth, header.MaskHeight));
        Assert.Equal(1920 * 1080, header.GetMaskLength());
        Assert.Equal("yuv420p10le", header.GetGeometry().Format.Name);
        Assert.Equal([0, 30, 60, 90, 120, 150, 180, 210], header.GetSampling().Indices()!);
        Assert.Null(SidecarTestData.Header(aggregator: null).GetSampling().Indices());
    }

    [Fact]
    public void Per_frame_sidecars_record_no_aggregator()
    {
        SidecarHeader header = SidecarHeader.Create(
            "m", SidecarTestData.ModelA, SidecarTestData.ClipA, YuvFormat.Yuv420P.WithSize(8, 8), ColorMatrix.Bt601, ColorRange.Full,
            SidecarSampling.All, aggregator: null);
        Assert.Equal("none", header.Aggregator);
        Assert.Equal(("all", 0, 0), (header.Sampling, header.SampleCount, header.SampleTotal));
    }

    [Fact]
    public void Unknown_colour_tags_cannot_be_recorded()
    {
        Assert.Throws<InvalidInputException>(() => SidecarTestData.Header(matrix: ColorMatrix.Unknown));
        Assert.Throws<InvalidInputException>(() => SidecarHeader.RangeName(ColorRange.Unknown));
    }

    [Theory]
    [InlineData("model_sha256", "model_sha256 'abc' is not 64 lowercase hex digits")]
    [InlineData("aggregator", "aggregator 'median' is not one of none, mean, ema, max, motion-weighted")]
    [InlineData("sampling", "sampling 'uniform' with sample_count 0 and sample_total 0 is not valid (all: 0 and 0; uniform: both at least 1)")]
    [InlineData("alpha", "aggregator_alpha 0 is not in (0, 1]")]
    [InlineData("pix_fmt", "unknown pixel format 'rgb9'")]
    public void Validation_names_the_bad_field(string field, string message)
    {
        SidecarHeader good = SidecarTestData.Header();
        SidecarHeader bad = field switch
        {
            "model_sha256" => good with { ModelSha256 = "abc" },
            "aggregator" => good with { Aggregator = "median" },
            "sampling" => good with { Sampling = "uniform" },
            "alpha" => good with { AggregatorAlpha = 0 },
            _ => good with { PixFmt = "rgb9" },
        };
        var error = Assert.Throws<InvalidInputException>(bad.Validate);
        Assert.StartsWith("invalid saliency sidecar header: " + message, error.Message);
    }

    [Fact]
    public void Uniform_sampling_needs_frames_and_samples() =>
        Assert.Throws<InvalidInputException>(() => SidecarSampling.Uniform(0, 8));

    [Fact]
    public void Headers_equal_in_every_compared_field_have_no_mismatch()
    {
        Assert.Null(SidecarHeader.FindMismatch(Sample(), Sample() with { ModelId = "other", Compression = "none" }));
        Assert.Equal(
            new SidecarFieldMismatch("sample_total", "240", "241"),
            SidecarHeader.FindMismatch(Sample(), Sample() with { SampleTotal = 241 }));
    }
}
