using Microsoft.Build.Framework;
using VmafRoi.Contracts;
using VmafRoi.Sdk.Tasks;
using VmafRoi.Sdk.Tasks.Metadata;
using VmafRoi.Sdk.Tests.Infrastructure;

namespace VmafRoi.Sdk.Tests.Tasks;

/// <summary>Bad VmafQualityGate metadata fails with one coded error naming the item, and never stops the other items.</summary>
public sealed class GateMetadataTests : IDisposable
{
    private readonly GateProject _project = new();

    public GateMetadataTests()
    {
        Clips.Y4m(_project.File("ref.y4m"));
        Clips.Y4m(_project.File("dis.y4m"), noise: 8);
    }

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Item_without_a_reference_is_VRQ002()
    {
        (BuildEngineStub engine, ITaskItem[] items) = _project.Prepare(GateProject.Item("dis.y4m", ("MinVmafRoi", "80")));

        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("VRQ002", error.Code);
        Assert.Equal("VmafQualityGate 'dis.y4m': has no Reference metadata (the reference clip to score against)", error.Message);
        Assert.Equal("/stub/Gate.proj", error.File);
        Assert.Equal(VmafRoiGatePrepare.RunInvalid, Assert.Single(items).GetMetadata(MetadataNames.Run));
    }

    [Theory]
    [InlineData("missing.y4m", "ref.y4m", "distorted clip not found: missing.y4m")]
    [InlineData("dis.y4m", "nowhere/ref.y4m", "reference not found: nowhere/ref.y4m")]
    public void Missing_clip_is_VRQ003_naming_the_file(string distorted, string reference, string message)
    {
        (BuildEngineStub engine, _) = _project.Prepare(GateProject.Item(distorted, ("Reference", reference), ("MinVmafRoi", "80")));

        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("VRQ003", error.Code);
        Assert.Equal($"VmafQualityGate '{distorted}': {message}", error.Message);
    }

    [Theory]
    [InlineData(null, null, "has no bar: set MinVmafRoi and/or MinVmaf (a VMAF score in [0, 100])")]
    [InlineData("101", null, "MinVmafRoi must be in [0, 100], got 101")]
    [InlineData(null, "-1", "MinVmaf must be in [0, 100], got -1")]
    [InlineData("high", null, "MinVmafRoi must be a number in [0, 100], got 'high'")]
    public void Missing_or_out_of_range_bar_is_VRQ004(string? minRoi, string? minVmaf, string message)
    {
        var item = GateProject.Item("dis.y4m", ("Reference", "ref.y4m"));
        item.SetMetadata("MinVmafRoi", minRoi ?? string.Empty);
        item.SetMetadata("MinVmaf", minVmaf ?? string.Empty);

        (BuildEngineStub engine, _) = _project.Prepare(item);

        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("VRQ004", error.Code);
        Assert.Equal("VmafQualityGate 'dis.y4m': " + message, error.Message);
    }

    [Theory]
    [InlineData("Weight", "1.5", "Weight must be in [0, 1], got 1.5")]
    [InlineData("Threshold", "-0.1", "Threshold must be in [0, 1], got -0.1")]
    [InlineData("Fade", "soft", "Fade must be a number in [0, 1], got 'soft'")]
    [InlineData("Engine", "gpu", "Engine must be one of auto, libvmaf, ffmpeg, managed, got 'gpu'")]
    [InlineData("PixFmt", "rgb24", "PixFmt: ")]
    [InlineData("Model", "version=../x", "Model: VMAF model version '../x' is not a bare model name")]
    public void Other_bad_metadata_is_VRQ005(string name, string value, string message)
    {
        (BuildEngineStub engine, _) = _project.Prepare(GateProject.Item("dis.y4m", ("Reference", "ref.y4m"), ("MinVmafRoi", "80"), (name, value)));

        BuildErrorEventArgs error = Assert.Single(engine.Errors, e => e.Message!.Contains(name, StringComparison.Ordinal));
        Assert.Equal("VRQ005", error.Code);
        Assert.StartsWith("VmafQualityGate 'dis.y4m': " + message, error.Message);
    }

    [Theory]
    [InlineData("64", "", "Width and Height go together (raw YUV input needs both)")]
    [InlineData("0", "36", "Width must be a whole number of at least 1, got '0'")]
    public void Bad_raw_size_is_VRQ005(string width, string height, string message)
    {
        (BuildEngineStub engine, _) = _project.Prepare(GateProject.Item("dis.y4m", ("Reference", "ref.y4m"), ("MinVmafRoi", "80"), ("Width", width), ("Height", height)));

        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("VRQ005", error.Code);
        Assert.Equal("VmafQualityGate 'dis.y4m': " + message, error.Message);
    }

    [Fact]
    public void Missing_saliency_model_file_is_VRQ003()
    {
        (BuildEngineStub engine, _) = _project.Prepare(GateProject.Item("dis.y4m", ("Reference", "ref.y4m"), ("MinVmafRoi", "80"), ("SaliencyModel", "models/mine.onnx")));

        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("VRQ003", error.Code);
        Assert.Equal("VmafQualityGate 'dis.y4m': saliency model not found: models/mine.onnx", error.Message);
    }

    [Fact]
    public void Two_items_for_the_same_pair_are_VRQ009_and_the_first_still_runs()
    {
        (BuildEngineStub engine, ITaskItem[] items) = _project.Prepare(
            GateProject.Item("dis.y4m", ("Reference", "ref.y4m"), ("MinVmafRoi", "80")),
            GateProject.Item("./dis.y4m", ("Reference", "ref.y4m"), ("MinVmaf", "70")));

        BuildErrorEventArgs error = Assert.Single(engine.Errors);
        Assert.Equal("VRQ009", error.Code);
        Assert.StartsWith("VmafQualityGate './dis.y4m': scores the same clips as the item 'dis.y4m'", error.Message);
        Assert.Equal([VmafRoiGatePrepare.RunScore, VmafRoiGatePrepare.RunInvalid], items.Select(i => i.GetMetadata(MetadataNames.Run)));
    }

    [Fact]
    public void Invalid_item_reaches_the_summary_as_an_error_next_to_the_valid_ones()
    {
        (_, ITaskItem[] items) = _project.Prepare(
            GateProject.Item("dis.y4m", ("Reference", "ref.y4m"), ("MinVmafRoi", "80")),
            GateProject.Item("dis.y4m", ("MinVmafRoi", "80")));
        _project.ScoreAsTheToolWould(items, _ => 91);

        (BuildEngineStub engine, GateSummary summary) = _project.Report(items);

        Assert.Empty(engine.Errors);
        Assert.False(summary.Passed);
        Assert.Equal([GateItemSummary.Pass, GateItemSummary.Error], summary.Items.Select(i => i.Verdict));
        Assert.Equal([null, "VRQ002"], summary.Items.Select(i => i.ErrorCode));
        Assert.Equal([GateItemSummary.Scored, GateItemSummary.NotRun], summary.Items.Select(i => i.Run));
    }
}
