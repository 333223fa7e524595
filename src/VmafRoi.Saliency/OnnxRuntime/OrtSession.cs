using System.Runtime.InteropServices;

namespace VmafRoi.Saliency.OnnxRuntime;

/// <summary>ONNX's tensor element types as ORT numbers them.</summary>
public enum OrtElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}

/// <summary>Element type and shape of a tensor input or output; a symbolic or unknown dimension is -1.</summary>
/// <param name="ElementType">The element type.</param>
/// <param name="Shape">Dimensions, -1 where not fixed.</param>
/// <param name="SymbolicShape">The symbolic name of each dimension, or an empty string.</param>
public sealed record OrtTensorInfo(OrtElementType ElementType, IReadOnlyList<long> Shape, IReadOnlyList<string> SymbolicShape)
{
    public override string ToString() =>
        $"{ElementType} [{string.Join(",", Shape.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : SymbolicShape[i] is { Length: > 0 } s ? s : "?"))}]";
}

/// <summary>A session input or output: its name and, for tensors, type and shape (null for maps and sequences).</summary>
public sealed record OrtNodeInfo(string Name, OrtTensorInfo? Tensor);

/// <summary>How to create a session.</summary>
/// <param name="IntraOpThreads">Threads inside one operator; 0 lets ORT choose (one per physical core).</param>
internal sealed record OrtSessionSettings(int IntraOpThreads);

/// <summary>
/// One ORT inference session with its inputs, outputs and metadata read once. <see cref="Run"/> may be called from
/// several threads (ORT's Run is thread-safe); the session lives as long as this object.
/// </summary>
internal sealed unsafe class OrtSession : IDisposable
{
    private readonly OrtSessionHandle _session;
    private readonly nint _inputName;
    private readonly nint _outputName;

    private OrtSession(OrtSessionHandle session, string source)
    {
        _session = session;
        Source = source;
        OrtApi api = OrtApi.Instance;
        Inputs = ReadNodes(api, input: true);
        Outputs = ReadNodes(api, input: false);
        CustomMetadata = ReadMetadata(api, out string producer, out string graph, out string description);
        ProducerName = producer;
        GraphName = graph;
        Description = description;
        if (Inputs.Count == 0 || Outputs.Count == 0)
        {
            throw new OnnxRuntimeException(OrtErrorCode.InvalidGraph, $"the model has {Inputs.Count} inputs and {Outputs.Count} outputs; it needs at least one of each", source);
        }

        // Kept as native UTF-8 for the whole session so Run allocates nothing for names.
        _inputName = Marshal.StringToCoTaskMemUTF8(Inputs[0].Name);
        _outputName = Marshal.StringToCoTaskMemUTF8(Outputs[0].Name);
    }

    /// <summary>Where the model came from (a path, or a description of the bytes), for messages.</summary>
    public string Source { get; }

    public IReadOnlyList<OrtNodeInfo> Inputs { get; }

    public IReadOnlyList<OrtNodeInfo> Outputs { get; }

    /// <summary>The model's <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> CustomMetadata { get; }

    public string ProducerName { get; }

    public string GraphName { get; }

    public string Description { get; }

    /// <summary>Loads a model file.</summary>
    public static OrtSession FromFile(string path, OrtSessionSettings settings)
    {
        OrtApi api = OrtApi.Instance;
        using OrtSessionOptionsHandle options = CreateOptions(api, settings, path);
        byte[] pathZ = OrtApi.Utf8Z(path);
        nint session;
        fixed (byte* p = pathZ)
        {
            api.Check(api.CreateSession(OrtEnvironment.Env.Pointer, p, options.Pointer, &session), $"loading ONNX model '{path}'");
        }

        return Wrap(session, path);
    }

    /// <summary>Loads a model from memory; <paramref name="source"/> names it in messages.</summary>
    public static OrtSession FromBytes(ReadOnlySpan<byte> model, string source, OrtSessionSettings settings)
    {
        OrtApi api = OrtApi.Instance;
        using OrtSessionOptionsHandle options = CreateOptions(api, settings, source);
        nint session;
        fixed (byte* data = model)
        {
            api.Check(api.CreateSessionFromArray(OrtEnvironment.Env.Pointer, data, (nuint)model.Length, options.Pointer, &session), $"loading ONNX model '{source}'");
        }

        return Wrap(session, source);
    }

    /// <summary>A float tensor over caller-owned memory, which must stay pinned and alive as long as the value.</summary>
    public static OrtValueHandle CreateTensor(float* data, int length, ReadOnlySpan<long> shape)
    {
        OrtApi api = OrtApi.Instance;
        nint value;
        fixed (long* dims = shape)
        {
            api.Check(
                api.CreateTensorWithDataAsOrtValue(OrtEnvironment.CpuMemory.Pointer, data, (nuint)length * sizeof(float), dims, (nuint)shape.Length, (int)OrtElementType.Float, &value),
                "creating an input tensor");
        }

        return new OrtValueHandle(value);
    }

    /// <summary>Runs the model on <paramref name="input"/> (the first input) and returns the first output.</summary>
    public OrtOutput Run(OrtValueHandle input)
    {
        OrtApi api = OrtApi.Instance;
        nint inputName = _inputName;
        nint outputName = _outputName;
        nint inputValue = input.Pointer;
        nint output = 0;
        bool added = false;
        try
        {
            _session.DangerousAddRef(ref added);
            api.Check(api.Run(_session.Pointer, 0, &inputName, &inputValue, 1, &outputName, 1, &output), "running ONNX model", Source);
        }
        finally
        {
            if (added)
            {
                _session.DangerousRelease();
            }
        }

        GC.KeepAlive(input);
        return new OrtOutput(output, Source);
    }

    public void Dispose()
    {
        _session.Dispose();
        Marshal.FreeCoTaskMem(_inputName);
        Marshal.FreeCoTaskMem(_outputName);
    }

    private static OrtSession Wrap(nint session, string source)
    {
        var handle = new OrtSessionHandle(session);
        try
        {
            return new OrtSession(handle, source);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static OrtSessionOptionsHandle CreateOptions(OrtApi api, OrtSessionSettings settings, string source)
    {
        nint options;
        api.Check(api.CreateSessionOptions(&options), "creating ONNX Runtime session options");
        var handle = new OrtSessionOptionsHandle(options);
        try
        {
            api.Check(api.SetIntraOpNumThreads(options, Math.Max(0, settings.IntraOpThreads)), $"setting intra-op threads for '{source}'");

            // One graph-level thread: saliency graphs are chains, and a second pool would only compete with intra-op.
            api.Check(api.SetInterOpNumThreads(options, 1), $"setting inter-op threads for '{source}'");
            api.Check(api.SetSessionLogSeverityLevel(options, 3), $"setting the log level for '{source}'");
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private List<OrtNodeInfo> ReadNodes(OrtApi api, bool input)
    {
        nuint count;
        api.Check(input ? api.SessionGetInputCount(_session.Pointer, &count) : api.SessionGetOutputCount(_session.Pointer, &count), $"reading '{Source}'");
        var nodes = new List<OrtNodeInfo>((int)count);
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            api.Check(
                input ? api.SessionGetInputName(_session.Pointer, i, OrtEnvironment.Allocator, &name) : api.SessionGetOutputName(_session.Pointer, i, OrtEnvironment.Allocator, &name),
                $"reading '{Source}'");
            string text = TakeString(api, name) ?? string.Empty;

            nint typeInfo;
            api.Check(input ? api.SessionGetInputTypeInfo(_session.Pointer, i, &typeInfo) : api.SessionGetOutputTypeInfo(_session.Pointer, i, &typeInfo), $"reading '{Source}'");
            try
            {
                nodes.Add(new OrtNodeInfo(text, ReadTensorInfo(api, typeInfo)));
            }
            finally
            {
                api.ReleaseTypeInfo(typeInfo);
            }
        }

        return nodes;
    }

    private OrtTensorInfo? ReadTensorInfo(OrtApi api, nint typeInfo)
    {
        int onnxType;
        api.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType), $"reading '{Source}'");
        if (onnxType != 1 /* ONNX_TYPE_TENSOR */)
        {
            return null;
        }

        // Owned by typeInfo: not released separately.
        nint tensorInfo;
        api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), $"reading '{Source}'");
        int elementType;
        api.Check(api.GetTensorElementType(tensorInfo, &elementType), $"reading '{Source}'");
        nuint rank;
        api.Check(api.GetDimensionsCount(tensorInfo, &rank), $"reading '{Source}'");
        long[] dims = new long[(int)rank];
        var symbols = new string[(int)rank];
        if (rank > 0)
        {
            byte*[] names = new byte*[(int)rank];
            fixed (long* d = dims)
            fixed (byte** n = names)
            {
                api.Check(api.GetDimensions(tensorInfo, d, rank), $"reading '{Source}'");
                api.Check(api.GetSymbolicDimensions(tensorInfo, n, rank), $"reading '{Source}'");
            }

            // The strings belong to the type info: copy, never free.
            for (int i = 0; i < symbols.Length; i++)
            {
                symbols[i] = OrtApi.Utf8(names[i]) ?? string.Empty;
            }
        }

        return new OrtTensorInfo((OrtElementType)elementType, dims, symbols);
    }

    private Dictionary<string, string> ReadMetadata(OrtApi api, out string producer, out string graph, out string description)
    {
        nint metadata;
        api.Check(api.SessionGetModelMetadata(_session.Pointer, &metadata), $"reading metadata of '{Source}'");
        try
        {
            byte* text;
            api.Check(api.ModelMetadataGetProducerName(metadata, OrtEnvironment.Allocator, &text), $"reading metadata of '{Source}'");
            producer = TakeString(api, text) ?? string.Empty;
            api.Check(api.ModelMetadataGetGraphName(metadata, OrtEnvironment.Allocator, &text), $"reading metadata of '{Source}'");
            graph = TakeString(api, text) ?? string.Empty;
            api.Check(api.ModelMetadataGetDescription(metadata, OrtEnvironment.Allocator, &text), $"reading metadata of '{Source}'");
            description = TakeString(api, text) ?? string.Empty;

            byte** keys;
            long count;
            api.Check(api.ModelMetadataGetCustomMetadataMapKeys(metadata, OrtEnvironment.Allocator, &keys, &count), $"reading metadata of '{Source}'");
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (keys is null)
            {
                return map;
            }

            try
            {
                for (long i = 0; i < count; i++)
                {
                    byte* value;
                    api.Check(api.ModelMetadataLookupCustomMetadataMap(metadata, OrtEnvironment.Allocator, keys[i], &value), $"reading metadata of '{Source}'");
                    map[OrtApi.Utf8(keys[i]) ?? string.Empty] = TakeString(api, value) ?? string.Empty;
                }
            }
            finally
            {
                // Each key and the array itself come from the allocator.
                for (long i = 0; i < count; i++)
                {
                    api.AllocatorFree(OrtEnvironment.Allocator, keys[i]);
                }

                api.AllocatorFree(OrtEnvironment.Allocator, keys);
            }

            return map;
        }
        finally
        {
            api.ReleaseModelMetadata(metadata);
        }
    }

    // Copies an allocator-owned string and frees it.
    private static string? TakeString(OrtApi api, byte* text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return OrtApi.Utf8(text);
        }
        finally
        {
            api.AllocatorFree(OrtEnvironment.Allocator, text);
        }
    }
}

/// <summary>
/// The first output of one run: element type, shape and a view of ORT's buffer. Dispose releases the value; the view
/// is invalid afterwards. Shapes up to rank 8 are read without allocating.
/// </summary>
internal unsafe ref struct OrtOutput
{
    private nint _value;
    private fixed long _dims[8];

    public OrtOutput(nint value, string source)
    {
        _value = value;
        OrtApi api = OrtApi.Instance;
        try
        {
            int isTensor;
            api.Check(api.IsTensor(value, &isTensor), "reading the output of", source);
            if (isTensor == 0)
            {
                throw new OnnxRuntimeException(OrtErrorCode.InvalidGraph, "the first output is not a tensor", source);
            }

            nint info;
            api.Check(api.GetTensorTypeAndShape(value, &info), "reading the output of", source);
            try
            {
                int elementType;
                api.Check(api.GetTensorElementType(info, &elementType), "reading the output of", source);
                ElementType = (OrtElementType)elementType;
                nuint rank;
                api.Check(api.GetDimensionsCount(info, &rank), "reading the output of", source);
                if (rank > 8)
                {
                    throw new OnnxRuntimeException(OrtErrorCode.InvalidGraph, $"the first output has rank {rank}", source);
                }

                Rank = (int)rank;
                fixed (long* d = _dims)
                {
                    api.Check(api.GetDimensions(info, d, rank), "reading the output of", source);
                }
            }
            finally
            {
                api.ReleaseTensorTypeAndShapeInfo(info);
            }

            void* data;
            api.Check(api.GetTensorMutableData(value, &data), "reading the output of", source);
            Data = data;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public OrtElementType ElementType { get; }

    public int Rank { get; }

    /// <summary>ORT's buffer; read it as <see cref="ElementType"/>.</summary>
    public void* Data { get; }

    public readonly long Dim(int axis) => (uint)axis < (uint)Rank ? _dims[axis] : throw new ArgumentOutOfRangeException(nameof(axis));

    /// <summary>Elements in the tensor.</summary>
    public readonly long ElementCount
    {
        get
        {
            long count = 1;
            for (int i = 0; i < Rank; i++)
            {
                count *= _dims[i];
            }

            return count;
        }
    }

    /// <summary>The shape as text, for messages.</summary>
    public readonly string ShapeText()
    {
        var parts = new string[Rank];
        for (int i = 0; i < Rank; i++)
        {
            parts[i] = _dims[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return $"[{string.Join(",", parts)}]";
    }

    public void Dispose()
    {
        if (_value != 0)
        {
            OrtApi.Instance.ReleaseValue(_value);
            _value = 0;
        }
    }
}
