using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VmafRoi.TestShared;
using VmafRoi.Yuv;
using Xunit.Abstractions;

namespace VmafRoi.Saliency.Tests;

/// <summary>ONNX Runtime through the Microsoft.ML.OnnxRuntime package: version, natives, names, shapes, metadata, session options.</summary>
public sealed class OnnxRuntimePackageTests(ITestOutputHelper output)
{
    [Fact]
    public void Runs_onnx_runtime_1_32_from_the_package()
    {
        output.WriteLine($"ONNX Runtime {OrtRuntime.Version}");
        Assert.Equal("1.32.0", OrtRuntime.Version);
        Assert.Equal("1.32.0", typeof(InferenceSession).Assembly.GetName().Version!.ToString(3));
    }

    [Fact]
    public void A_build_carries_the_natives_of_this_machine_only()
    {
        string runtimes = Path.Combine(AppContext.BaseDirectory, "runtimes");
        string rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        Assert.True(File.Exists(Path.Combine(runtimes, rid, "native", "libonnxruntime.so")), $"no ORT native for {rid} under {runtimes}");
        Assert.Equal([rid], Directory.GetDirectories(runtimes).Select(Path.GetFileName).Where(d => Directory.Exists(Path.Combine(runtimes, d!, "native"))));
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "onnxruntime.dll")), "the Windows library is copied beside a Linux build");
    }

    [Fact]
    public void Session_reports_names_types_symbolic_dimensions_and_metadata()
    {
        using OnnxSaliencyModel model = SaliencyModels.Load(SaliencyModels.ClassicName);
        Assert.Equal("image", model.Input.Name);
        Assert.Equal(TensorElementType.Float, model.Input.Tensor!.ElementType);
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
        using OnnxSaliencyModel first = SaliencyModels.Load(SaliencyModels.ClassicName);
        using OnnxSaliencyModel second = SaliencyModels.Load(SaliencyModels.ClassicName);
        Assert.Same(SessionOf(first), SessionOf(second));
    }

    [Fact]
    public void Caller_session_options_with_an_execution_provider_give_their_own_session_and_the_same_masks()
    {
        using var session = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        session.AppendExecutionProvider_CPU(useArena: 0);
        using OnnxSaliencyModel ours = SaliencyModels.Load(SaliencyModels.ClassicName);
        using OnnxSaliencyModel theirs = SaliencyModels.Load(SaliencyModels.ClassicName, new SaliencyOptions { SessionOptions = session });
        using OnnxSaliencyModel again = SaliencyModels.Load(SaliencyModels.ClassicName, new SaliencyOptions { SessionOptions = session });

        Assert.NotSame(SessionOf(ours), SessionOf(theirs));
        Assert.Same(SessionOf(theirs), SessionOf(again));

        using YuvFrame frame = TestImages.RandomFrame(new FrameGeometry(64, 48, YuvFormat.Yuv420P), 7);
        float[] a = new float[64 * 48];
        float[] b = new float[64 * 48];
        ours.Predict(frame, a);
        theirs.Predict(frame, b);
        Assert.Equal(a, b, (x, y) => Math.Abs(x - y) <= 1e-5f);
    }

    private static object? SessionOf(OnnxSaliencyModel model) =>
        typeof(OnnxSaliencyModel).GetField("_session", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(model);
}
