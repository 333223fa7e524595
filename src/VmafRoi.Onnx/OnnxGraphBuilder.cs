using Google.Protobuf;
using VmafRoi.Onnx.Proto;

namespace VmafRoi.Onnx;

/// <summary>Settings written into the model around the graph.</summary>
public sealed record OnnxModelOptions
{
    /// <summary>Default-domain opset; 17 pairs with IR 8 (ONNX 1.12).</summary>
    public int Opset { get; init; } = 17;

    public long IrVersion { get; init; } = 8;

    public string ProducerName { get; init; } = "VmafRoi.Onnx";

    public string ProducerVersion { get; init; } = "1";

    public string DocString { get; init; } = string.Empty;

    public long ModelVersion { get; init; } = 1;

    /// <summary>Key/value pairs for <c>metadata_props</c>, written in the given order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];
}

/// <summary>
/// Builds an ONNX graph node by node in topological order. Each call that makes a value returns its generated name,
/// so graphs read like expressions: <c>var y = g.Node("Mul", x, g.Scalar(2f));</c>.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    public OnnxGraphBuilder(string graphName)
    {
        ArgumentException.ThrowIfNullOrEmpty(graphName);
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>Nodes added so far.</summary>
    public int NodeCount => _graph.Node.Count;

    /// <summary>Declares a graph input; returns its name.</summary>
    public string Input(string name, TensorElementType type, params Dim[] shape)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, type, shape));
        return name;
    }

    /// <summary>Declares a graph output. The value must be produced by a node named with <paramref name="name"/>.</summary>
    public void Output(string name, TensorElementType type, params Dim[] shape) =>
        _graph.Output.Add(ValueInfo(name, type, shape));

    /// <summary>A float initializer of the given shape.</summary>
    public string Constant(ReadOnlySpan<float> values, params long[] dims) => AddInitializer(OnnxTensors.Float(NextName("c"), values, dims));

    /// <summary>A float scalar initializer (empty shape), broadcast by the elementwise ops.</summary>
    public string Scalar(float value) => Constant([value]);

    /// <summary>A 1-D int64 initializer, for shapes, axes, pads, sizes and slice bounds.</summary>
    public string Int64s(params long[] values) => AddInitializer(OnnxTensors.Int64(NextName("c"), values, values.Length));

    /// <summary>Adds a node with one generated output name; returns that name.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes)
    {
        string output = NextName(opType.ToLowerInvariant());
        Node(opType, inputs, [output], attributes);
        return output;
    }

    /// <summary>Adds a node with one output and no attributes.</summary>
    public string Node(string opType, params string[] inputs) => Node(opType, (IReadOnlyList<string>)inputs);

    /// <summary>Adds a node with explicit output names (use this for graph outputs).</summary>
    public void Node(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params AttributeProto[] attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        var node = new NodeProto { OpType = opType, Name = $"n{_graph.Node.Count}_{opType}" };
        node.Input.AddRange(inputs);
        foreach (string output in outputs)
        {
            Claim(output);
            node.Output.Add(output);
        }

        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
    }

    /// <summary>The model around a copy of the graph as built so far.</summary>
    public ModelProto ToModel(OnnxModelOptions? options = null)
    {
        options ??= new OnnxModelOptions();
        var model = new ModelProto
        {
            IrVersion = options.IrVersion,
            ProducerName = options.ProducerName,
            ProducerVersion = options.ProducerVersion,
            ModelVersion = options.ModelVersion,
            Graph = _graph.Clone(),
        };
        if (options.DocString.Length > 0)
        {
            model.DocString = options.DocString;
        }

        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = options.Opset });
        foreach ((string key, string value) in options.Metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    /// <summary>The serialized model.</summary>
    public byte[] ToBytes(OnnxModelOptions? options = null) => ToModel(options).ToByteArray();

    private string AddInitializer(TensorProto tensor)
    {
        Claim(tensor.Name);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private string NextName(string prefix)
    {
        string name;
        do
        {
            name = $"{prefix}{++_counter}";
        }
        while (_names.Contains(name));

        return name;
    }

    private void Claim(string name)
    {
        if (!_names.Add(name))
        {
            throw new ArgumentException($"the value name '{name}' is already used in graph '{_graph.Name}'", nameof(name));
        }
    }

    private static ValueInfoProto ValueInfo(string name, TensorElementType type, Dim[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (Dim d in shape)
        {
            tensorShape.Dim.Add(d.IsSymbolic ? new TensorShapeProto.Types.Dimension { DimParam = d.Symbol } : new TensorShapeProto.Types.Dimension { DimValue = d.Value });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }
}
