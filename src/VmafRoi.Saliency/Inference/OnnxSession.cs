using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OrtException = Microsoft.ML.OnnxRuntime.OnnxRuntimeException;

namespace VmafRoi.Saliency;

/// <summary>Element type and shape of a tensor input or output; a symbolic or unknown dimension is -1.</summary>
/// <param name="ElementType">The element type.</param>
/// <param name="Shape">Dimensions, -1 where not fixed.</param>
/// <param name="SymbolicShape">The symbolic name of each dimension, or an empty string.</param>
public sealed record OrtTensorInfo(TensorElementType ElementType, IReadOnlyList<long> Shape, IReadOnlyList<string> SymbolicShape)
{
    public override string ToString() =>
        $"{ElementType} [{string.Join(",", Shape.Select((d, i) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture) : SymbolicShape[i] is { Length: > 0 } s ? s : "?"))}]";
}

/// <summary>A session input or output: its name and, for tensors, type and shape (null for maps and sequences).</summary>
public sealed record OrtNodeInfo(string Name, OrtTensorInfo? Tensor);

/// <summary>
/// One <see cref="InferenceSession"/> with its first input and output, metadata read once, and ORT errors turned into
/// <see cref="OnnxModelException"/>. <c>Run</c> may be called from several threads (ORT's Run is thread-safe).
/// </summary>
internal sealed class OnnxSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    private OnnxSession(InferenceSession session, string source)
    {
        _session = session;
        Source = source;
        Inputs = Nodes(session.InputNames, session.InputMetadata);
        Outputs = Nodes(session.OutputNames, session.OutputMetadata);
        if (Inputs.Count == 0 || Outputs.Count == 0)
        {
            throw new OnnxModelException(OrtErrorCode.InvalidGraph, $"the model has {Inputs.Count} inputs and {Outputs.Count} outputs; it needs at least one of each", source);
        }

        CustomMetadata = new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal);
        _inputNames = [Inputs[0].Name];
        _outputNames = [Outputs[0].Name];
    }

    /// <summary>Where the model came from (a path, or a description of the bytes), for messages.</summary>
    public string Source { get; }

    public IReadOnlyList<OrtNodeInfo> Inputs { get; }

    public IReadOnlyList<OrtNodeInfo> Outputs { get; }

    /// <summary>The model's <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> CustomMetadata { get; }

    /// <summary>Loads a model file (from the path, so models with external weight files load too).</summary>
    public static OnnxSession FromFile(string path, SessionOptions options) =>
        Open(() => new InferenceSession(path, options), path);

    /// <summary>Loads a model from memory; <paramref name="source"/> names it in messages.</summary>
    public static OnnxSession FromBytes(byte[] model, string source, SessionOptions options) =>
        Open(() => new InferenceSession(model, options), source);

    /// <summary>Runs the model on <paramref name="input"/> (the first input) and returns the first output; the caller disposes it.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(OrtValue input)
    {
        try
        {
            return _session.Run(_runOptions, _inputNames, [input], _outputNames);
        }
        catch (OrtException e)
        {
            throw OrtRuntime.Translate(e, $"running ONNX model '{Source}'");
        }
    }

    /// <summary>Binds the first input and output to caller-owned tensors, for <see cref="Run(OrtIoBinding)"/>.</summary>
    public OrtIoBinding Bind(OrtValue input, OrtValue output)
    {
        OrtIoBinding binding = OrtRuntime.Call(_session.CreateIoBinding, $"binding ONNX model '{Source}'");
        try
        {
            binding.BindInput(_inputNames[0], input);
            binding.BindOutput(_outputNames[0], output);
            return binding;
        }
        catch (OrtException e)
        {
            binding.Dispose();
            throw OrtRuntime.Translate(e, $"binding ONNX model '{Source}'");
        }
    }

    /// <summary>Binds the first input and every output, in the session's output order, to caller-owned tensors.</summary>
    public OrtIoBinding BindAll(OrtValue input, IReadOnlyList<OrtValue> outputs)
    {
        if (outputs.Count != Outputs.Count)
        {
            throw new ArgumentException($"the model has {Outputs.Count} outputs; {outputs.Count} tensors were given", nameof(outputs));
        }

        OrtIoBinding binding = OrtRuntime.Call(_session.CreateIoBinding, $"binding ONNX model '{Source}'");
        try
        {
            binding.BindInput(_inputNames[0], input);
            for (int i = 0; i < outputs.Count; i++)
            {
                binding.BindOutput(Outputs[i].Name, outputs[i]);
            }

            return binding;
        }
        catch (OrtException e)
        {
            binding.Dispose();
            throw OrtRuntime.Translate(e, $"binding ONNX model '{Source}'");
        }
    }

    /// <summary>Runs the model on bound input and output; allocates nothing managed.</summary>
    public void Run(OrtIoBinding binding)
    {
        try
        {
            _session.RunWithBinding(_runOptions, binding);
        }
        catch (OrtException e)
        {
            throw OrtRuntime.Translate(e, $"running ONNX model '{Source}'");
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static OnnxSession Open(Func<InferenceSession> create, string source)
    {
        InferenceSession session = OrtRuntime.Call(create, $"loading ONNX model '{source}'");
        try
        {
            return new OnnxSession(session, source);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static List<OrtNodeInfo> Nodes(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        [.. names.Select(name => new OrtNodeInfo(name, TensorOf(metadata[name])))];

    private static OrtTensorInfo? TensorOf(NodeMetadata node) =>
        node.IsTensor
            ? new OrtTensorInfo(node.ElementDataType, [.. node.Dimensions.Select(d => (long)d)], [.. node.SymbolicDimensions.Select(s => s ?? string.Empty)])
            : null;
}
