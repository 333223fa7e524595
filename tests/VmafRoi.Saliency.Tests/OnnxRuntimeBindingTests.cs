using VmafRoi.Saliency.OnnxRuntime;
using VmafRoi.TestShared;
using Xunit.Abstractions;

namespace VmafRoi.Saliency.Tests;

/// <summary>The C-API binding against the real pinned library: version, table, names, shapes and metadata.</summary>
public sealed class OnnxRuntimeBindingTests(ITestOutputHelper output)
{
    [Fact]
    public void Loads_the_pinned_onnx_runtime_1_30_through_the_versioned_api_table()
    {
        OrtApi api = OrtApi.Instance;
        output.WriteLine($"ONNX Runtime {api.RuntimeVersion}, API {api.Version}, from {OnnxRuntimeLibrary.Path}");
        Assert.Equal(OnnxRuntimeLibrary.PinnedVersion, api.RuntimeVersion);
        Assert.Equal(OrtApi.ApiVersion, api.Version);
        Assert.True(File.Exists(OnnxRuntimeLibrary.Path));
    }

    [Fact]
    public void Library_is_searched_beside_the_assembly_and_in_the_repository_natives_folder()
    {
        IReadOnlyList<string> candidates = OnnxRuntimeLibrary.Candidates();
        string beside = Path.Combine(Path.GetDirectoryName(typeof(OnnxRuntimeLibrary).Assembly.Location)!, "libonnxruntime.so.1");
        string natives = Path.Combine(SharedData.RepoRoot, ".natives", "onnxruntime", "linux-x64", "libonnxruntime.so.1");
        Assert.Equal(beside, candidates[0]);
        Assert.Contains(natives, candidates);
    }

    [Fact]
    public void Session_reports_names_types_symbolic_dimensions_and_metadata()
    {
        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.DefaultName);
        Assert.Equal("image", model.Input.Name);
        Assert.Equal(OrtElementType.Float, model.Input.Tensor!.ElementType);
        Assert.Equal(new long[] { 1, 3, -1, -1 }, model.Input.Tensor.Shape);
        Assert.Equal(new[] { string.Empty, string.Empty, "height", "width" }, model.Input.Tensor.SymbolicShape);
        Assert.Equal("saliency", model.Output.Name);
        Assert.Equal(new long[] { 1, 1, -1, -1 }, model.Output.Tensor!.Shape);
        Assert.Equal("vmafroi_classic_v1", model.Metadata[ModelMetadataKeys.ModelId]);
        Assert.Equal("1", model.Metadata[ModelMetadataKeys.SizeMultiple]);
    }

    [Fact]
    public void Sessions_are_shared_per_model_content_across_instances()
    {
        using OnnxSaliencyModel first = SaliencyModels.Load(SaliencyModels.DefaultName);
        using OnnxSaliencyModel second = SaliencyModels.Load(SaliencyModels.DefaultName);
        Assert.Same(SessionOf(first), SessionOf(second));
    }

    private static object? SessionOf(OnnxSaliencyModel model) =>
        typeof(OnnxSaliencyModel).GetField("_session", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(model);
}
