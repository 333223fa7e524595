using System.Globalization;
using System.Runtime.ExceptionServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VmafRoi.Contracts;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency;

/// <summary>How frames reach a model's input.</summary>
public enum InputSizing
{
    /// <summary>The input takes any H×W: frames go in at their own size.</summary>
    Native,

    /// <summary>The input takes any H×W that is a multiple of <see cref="OnnxSaliencyModel.SizeMultiple"/>: zero-pad, then crop the output.</summary>
    PadToMultiple,

    /// <summary>The input has a fixed H×W: resize bilinearly in, and the output back out.</summary>
    Resize,
}

/// <summary>
/// A saliency model run by ONNX Runtime under the seed contract: the session's first input takes float32 NCHW RGB
/// <c>[1,3,H,W]</c>, normalised as the model asks; the first output, squeezed, must be H×W and finite, and is clipped
/// to [0,1]. Fixed-size inputs are fed by bilinear resizing, size-multiple inputs by zero padding. One instance holds
/// its own buffers; <see cref="Predict"/> is serialised per instance, and sessions are shared across instances.
/// <para>
/// The default model, <see cref="VmafRoiV2Model"/>, derives from this class so that <see cref="SaliencyModels.Load"/>
/// keeps its return type: its ONNX members (<see cref="Input"/>, <see cref="Output"/>, <see cref="Metadata"/>, sizing)
/// describe the classic graph it runs for its objects cue.
/// </para>
/// </summary>
public class OnnxSaliencyModel : ISaliencyModel
{
    // Marks a shape mismatch on the exception, so size-multiple inference can tell it from other failures.
    private const string ShapeMismatchKey = "vmafroi.shape_mismatch";

    // Size multiples tried, in order, when metadata is silent; 1 means the frame's own size.
    private static readonly int[] ProbeMultiples = [1, 8, 16, 32, 64];

    // A fixed input larger than this per side is not a saliency model input (and would not fit an int-sized buffer).
    private const int MaxFixedSide = 8192;

    private readonly OnnxSession _session;
    private readonly SaliencyOptions _options;
    private readonly RgbNormalization _normalization;
    private readonly Lock _sync = new();
    private readonly Dictionary<(int Width, int Height), Workspace> _workspaces = [];
    private int? _multiple;
    private bool _disposed;

    internal OnnxSaliencyModel(OnnxSession session, string id, string sha256, string source, SaliencyOptions options)
    {
        _session = session;
        _options = options;
        Id = id;
        Sha256 = sha256;
        Source = source;
        Input = session.Inputs[0];
        Output = session.Outputs[0];
        CheckInput();
        Normalization = ResolveNormalization();
        _normalization = RgbNormalization.For(Normalization);
        (Sizing, FixedHeight, FixedWidth, _multiple) = ResolveSizing();
    }

    public string Id { get; }

    public string Sha256 { get; }

    /// <summary>The model file as given, or <c>default</c> for the embedded model; used in messages.</summary>
    public string Source { get; }

    /// <summary>The session's first input, which receives the frame.</summary>
    public OrtNodeInfo Input { get; }

    /// <summary>The session's first output, which is the mask.</summary>
    public OrtNodeInfo Output { get; }

    /// <summary>The model's <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _session.CustomMetadata;

    /// <summary>The normalisation in use: the option, else the model's metadata, else ImageNet.</summary>
    public Normalization Normalization { get; }

    public InputSizing Sizing { get; private set; }

    /// <summary>The fixed input height for <see cref="InputSizing.Resize"/>, else 0.</summary>
    public int FixedHeight { get; }

    /// <summary>The fixed input width for <see cref="InputSizing.Resize"/>, else 0.</summary>
    public int FixedWidth { get; }

    /// <summary>
    /// The padding multiple; 1 for native sizing. Null while it is not known: metadata is silent and no frame so far
    /// could tell (a frame whose size is a multiple of 8 fits a model that needs 8 as well as one that needs nothing).
    /// </summary>
    public int? SizeMultiple => Sizing == InputSizing.Resize ? null : _multiple;

    public virtual void Predict(YuvFrame frame, Span<float> mask)
    {
        ArgumentNullException.ThrowIfNull(frame);
        FrameGeometry geometry = frame.Geometry;
        CheckMask(mask, geometry.Width, geometry.Height);
        YuvToRgbConversion conversion = YuvToRgbConversion.Resolve(_options.ColorMatrix, _options.SourceTags, geometry.Format, geometry.Height);
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Run(geometry.Width, geometry.Height, mask, new FrameInput(frame, conversion, _normalization));
        }
    }

    /// <summary>
    /// The mask of an RGB image given as float planes in [0,1] (R plane, G plane, B plane; <c>3·width·height</c>
    /// values); the model's normalisation is applied here.
    /// </summary>
    public virtual void PredictRgb(ReadOnlySpan<float> rgb, int width, int height, Span<float> mask)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        int plane = width * height;
        if (rgb.Length < 3 * plane)
        {
            throw new ArgumentException($"{width}x{height} RGB needs {3 * plane} floats, got {rgb.Length}", nameof(rgb));
        }

        CheckMask(mask, width, height);
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Run(width, height, mask, new RgbInput(rgb[..(3 * plane)], width, height, _normalization));
        }
    }

    /// <summary>Sees a frame without masking it; a model of single frames has nothing to do (see <see cref="ISaliencyModel.Observe"/>).</summary>
    public virtual void Observe(YuvFrame frame)
    {
    }

    /// <summary>Forgets earlier frames; a model of single frames has nothing to forget (see <see cref="ISaliencyModel.Reset"/>).</summary>
    public virtual void Reset()
    {
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"{Id} ({Source}, {Input.Tensor}, {Normalization}, {Sizing})";

    /// <summary>Releases the tensors and bindings of every frame size.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (Workspace workspace in _workspaces.Values)
            {
                workspace.Dispose();
            }

            _workspaces.Clear();
        }
    }

    /// <summary>Writes one normalised input image into the model buffer; a struct, so a frame costs no allocation.</summary>
    private interface IInputSource
    {
        /// <summary>Says what is being predicted, for error messages.</summary>
        string Describe();

        void Fill(Span<float> destination, int rowStride, int planeStride);
    }

    private static void CheckMask(Span<float> mask, int width, int height)
    {
        if (mask.Length < width * height)
        {
            throw new ArgumentException($"the mask holds {mask.Length} floats; a {width}x{height} frame needs {width * height}", nameof(mask));
        }
    }

    private void Run<TSource>(int width, int height, Span<float> mask, TSource source)
        where TSource : IInputSource, allows ref struct
    {
        if (Sizing != InputSizing.Resize && _multiple is null)
        {
            Infer(width, height, mask, source);
            return;
        }

        Workspace ws = WorkspaceFor(width, height);
        if (Sizing == InputSizing.Resize)
        {
            // Normalise at frame size, then resize each channel into the fixed input.
            source.Fill(ws.Frame, width, width * height);
            for (int c = 0; c < 3; c++)
            {
                Bilinear.Resize(ws.Frame.AsSpan(c * width * height, width * height), width, height, ws.Input.AsSpan(c * ws.InputPlane, ws.InputPlane), ws.InputWidth, ws.InputHeight);
            }
        }
        else
        {
            // Padding stays zero: it was zeroed once and frames only ever write the top-left W×H.
            source.Fill(ws.Input, ws.InputWidth, ws.InputPlane);
        }

        if (ws.Binding is { } binding)
        {
            // Input and output are bound to our arrays: a frame allocates nothing.
            _session.Run(binding);
            ReadMask(ws.Output, ws, width, height, mask, source);
            return;
        }

        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(ws.Tensor);
        long[] shape = CheckOutput(outputs[0], ws);
        ReadMask(outputs[0].GetTensorDataAsSpan<float>()[..ws.InputPlane], ws, width, height, mask, source);

        // The output is known good for this input size: later frames run into our own buffer.
        ws.Bind(_session, shape);
    }

    // No metadata: try the frame as is, then zero-padded to 8, 16, 32, 64; keep the first that gives an H×W output.
    private void Infer<TSource>(int width, int height, Span<float> mask, TSource source)
        where TSource : IInputSource, allows ref struct
    {
        ExceptionDispatchInfo? first = null;
        int[] candidates = ProbeMultiples;
        for (int k = 0; k < candidates.Length; k++)
        {
            int multiple = candidates[k];
            if (multiple > 1 && width % multiple == 0 && height % multiple == 0)
            {
                continue;
            }

            _multiple = multiple;
            Sizing = multiple == 1 ? InputSizing.Native : InputSizing.PadToMultiple;
            try
            {
                Run(width, height, mask, source);

                // A size that the next candidate also divides cannot tell the two apart: decide again on a later frame.
                int paddedWidth = RoundUp(width, multiple);
                int paddedHeight = RoundUp(height, multiple);
                if (k + 1 < candidates.Length && paddedWidth % candidates[k + 1] == 0 && paddedHeight % candidates[k + 1] == 0)
                {
                    _multiple = null;
                }

                return;
            }
            catch (MaskException ex) when (ex is OnnxModelException || ex.Data.Contains(ShapeMismatchKey))
            {
                first ??= ExceptionDispatchInfo.Capture(ex);
                DropWorkspace(width, height);
            }
        }

        _multiple = null;
        Sizing = InputSizing.Native;
        first!.Throw();
    }

    /// <summary>The output's shape, once it is a float tensor that squeezes to the input's H×W.</summary>
    private long[] CheckOutput(OrtValue output, Workspace ws)
    {
        if (output.OnnxType != OnnxValueType.ONNX_TYPE_TENSOR)
        {
            throw new OnnxModelException(OrtErrorCode.InvalidGraph, $"the first output is a {output.OnnxType}, not a tensor", $"running ONNX model '{Source}'");
        }

        OrtTensorTypeAndShapeInfo info = output.GetTensorTypeAndShape();
        if (info.ElementDataType != TensorElementType.Float)
        {
            throw new MaskException($"saliency model '{Source}': output '{Output.Name}' is {info.ElementDataType}; a saliency model outputs float32");
        }

        long[] shape = info.Shape;

        if (!SqueezesTo(shape, ws.InputHeight, ws.InputWidth))
        {
            var error = new MaskException(
                $"saliency model '{Source}': output '{Output.Name}' has shape [{string.Join(",", shape)}], which does not squeeze to the input's {ws.InputHeight}x{ws.InputWidth} (height x width)");
            error.Data[ShapeMismatchKey] = true;
            throw error;
        }

        return shape;
    }

    private void ReadMask<TSource>(ReadOnlySpan<float> data, Workspace ws, int width, int height, Span<float> mask, TSource source)
        where TSource : IInputSource, allows ref struct
    {
        if (Sizing == InputSizing.Resize)
        {
            CheckFinite(data, ws.InputWidth, ws.InputHeight, ws.InputWidth, source);
            Bilinear.Resize(data, ws.InputWidth, ws.InputHeight, mask, width, height);
            Clip(mask[..(width * height)]);
            return;
        }

        // Native or padded: take the top-left W×H.
        CheckFinite(data, width, height, ws.InputWidth, source);
        for (int y = 0; y < height; y++)
        {
            data.Slice(y * ws.InputWidth, width).CopyTo(mask.Slice(y * width, width));
        }

        Clip(mask[..(width * height)]);
    }

    // "Squeezed must be exactly H×W": every axis but the spatial ones has size 1.
    private static bool SqueezesTo(long[] shape, int height, int width)
    {
        if (shape.Length < 2)
        {
            return false;
        }

        for (int axis = 0; axis < shape.Length - 2; axis++)
        {
            if (shape[axis] != 1)
            {
                return false;
            }
        }

        return shape[^2] == height && shape[^1] == width;
    }

    private void CheckFinite<TSource>(ReadOnlySpan<float> data, int width, int height, int stride, TSource source)
        where TSource : IInputSource, allows ref struct
    {
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<float> row = data.Slice(y * stride, width);
            for (int x = 0; x < row.Length; x++)
            {
                if (!float.IsFinite(row[x]))
                {
                    throw new MaskException(
                        $"saliency model '{Source}' produced a non-finite value ({row[x].ToString(CultureInfo.InvariantCulture)}) at output pixel y={y}, x={x} for {source.Describe()}");
                }
            }
        }
    }

    private static void Clip(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Clamp(values[i], 0f, 1f);
        }
    }

    private Workspace WorkspaceFor(int width, int height)
    {
        (int inputWidth, int inputHeight) = Sizing switch
        {
            InputSizing.Resize => (FixedWidth, FixedHeight),
            InputSizing.PadToMultiple => (RoundUp(width, _multiple!.Value), RoundUp(height, _multiple.Value)),
            _ => (width, height),
        };
        if (_workspaces.TryGetValue((width, height), out Workspace? ws))
        {
            if (ws.InputWidth == inputWidth && ws.InputHeight == inputHeight)
            {
                return ws;
            }

            // The padding multiple was settled after this buffer was made.
            DropWorkspace(width, height);
        }

        ws = new Workspace(inputWidth, inputHeight, Sizing == InputSizing.Resize ? 3 * width * height : 0);

        // A frame size seldom changes within a stream; keep a few sizes at most so memory stays bounded.
        if (_workspaces.Count >= 4)
        {
            foreach (Workspace old in _workspaces.Values)
            {
                old.Dispose();
            }

            _workspaces.Clear();
        }

        _workspaces[(width, height)] = ws;
        return ws;
    }

    private void DropWorkspace(int width, int height)
    {
        if (_workspaces.Remove((width, height), out Workspace? ws))
        {
            ws.Dispose();
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private void CheckInput()
    {
        OrtTensorInfo? tensor = Input.Tensor;
        bool ok = tensor is { ElementType: TensorElementType.Float, Shape.Count: 4 }
            && tensor.Shape[0] is 1 or -1
            && tensor.Shape[1] is 3 or -1;
        if (!ok)
        {
            throw new MaskException(
                $"saliency model '{Source}': its first input '{Input.Name}' is {(tensor?.ToString() ?? "not a tensor")}; a saliency model takes float32 [1,3,H,W] (NCHW RGB)");
        }

        if (Output.Tensor is { } output && output.ElementType != TensorElementType.Float)
        {
            throw new MaskException($"saliency model '{Source}': its first output '{Output.Name}' is {output}; a saliency model outputs float32 [1,1,H,W]");
        }
    }

    private Normalization ResolveNormalization()
    {
        if (_options.Normalization is { } chosen)
        {
            return chosen;
        }

        if (!Metadata.TryGetValue(ModelMetadataKeys.Normalization, out string? value))
        {
            return Normalization.ImageNet;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "imagenet" => Normalization.ImageNet,
            "unit" => Normalization.Unit,
            _ => throw new MaskException($"saliency model '{Source}': metadata {ModelMetadataKeys.Normalization}='{value}' is not 'imagenet' or 'unit'"),
        };
    }

    private (InputSizing Sizing, int Height, int Width, int? Multiple) ResolveSizing()
    {
        IReadOnlyList<long> shape = Input.Tensor!.Shape;
        long h = shape[2];
        long w = shape[3];
        if (h > 0 && w > 0)
        {
            if (h > MaxFixedSide || w > MaxFixedSide)
            {
                throw new MaskException($"saliency model '{Source}': input '{Input.Name}' is fixed at {h}x{w} (height x width); a fixed input may be at most {MaxFixedSide} per side");
            }

            return (InputSizing.Resize, (int)h, (int)w, null);
        }

        if (h > 0 || w > 0)
        {
            throw new MaskException($"saliency model '{Source}': input '{Input.Name}' fixes one spatial size but not the other ({Input.Tensor}); fix both or neither");
        }

        int? multiple = _options.SizeMultiple;
        if (multiple is null && Metadata.TryGetValue(ModelMetadataKeys.SizeMultiple, out string? text))
        {
            multiple = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m is >= 1 and <= SaliencyOptions.MaxSizeMultiple
                ? m
                : throw new MaskException(
                    $"saliency model '{Source}': metadata {ModelMetadataKeys.SizeMultiple}='{text}' is not an integer from 1 to {SaliencyOptions.MaxSizeMultiple}");
        }

        if (multiple is < 1 or > SaliencyOptions.MaxSizeMultiple)
        {
            throw new MaskException($"saliency model '{Source}': size multiple {multiple} is not an integer from 1 to {SaliencyOptions.MaxSizeMultiple}");
        }

        return (multiple is null or 1 ? InputSizing.Native : InputSizing.PadToMultiple, 0, 0, multiple);
    }

    /// <summary>A YUV frame, converted by the one YUV→RGB converter.</summary>
    private readonly struct FrameInput(YuvFrame frame, YuvToRgbConversion conversion, RgbNormalization normalization) : IInputSource
    {
        public string Describe() => $"frame {frame.Index}";

        public void Fill(Span<float> destination, int rowStride, int planeStride) =>
            YuvToRgb.Convert(frame, conversion, normalization, destination, rowStride, planeStride);
    }

    /// <summary>Planar RGB in [0,1], normalised on the way in.</summary>
    private readonly ref struct RgbInput(ReadOnlySpan<float> rgb, int width, int height, RgbNormalization normalization) : IInputSource
    {
        private readonly ReadOnlySpan<float> _rgb = rgb;

        public string Describe() => "image";

        public void Fill(Span<float> destination, int rowStride, int planeStride)
        {
            int plane = width * height;
            for (int c = 0; c < 3; c++)
            {
                float mean = normalization.MeanOf(c);
                float std = normalization.StdOf(c);
                for (int y = 0; y < height; y++)
                {
                    ReadOnlySpan<float> src = _rgb.Slice((c * plane) + (y * width), width);
                    Span<float> dst = destination.Slice((c * planeStride) + (y * rowStride), width);
                    for (int x = 0; x < width; x++)
                    {
                        dst[x] = (src[x] - mean) / std;
                    }
                }
            }
        }
    }

    /// <summary>Pinned buffers and the ORT tensor over them for one frame size.</summary>
    private sealed class Workspace : IDisposable
    {
        public Workspace(int inputWidth, int inputHeight, int frameFloats)
        {
            InputWidth = inputWidth;
            InputHeight = inputHeight;
            InputPlane = inputWidth * inputHeight;

            // ORT reads the array in place (the tensor pins it for its whole life); zeroed, which is the padding.
            Input = new float[3 * InputPlane];
            Frame = frameFloats > 0 ? new float[frameFloats] : [];
            Tensor = OrtValue.CreateTensorValueFromMemory(Input, [1, 3, inputHeight, inputWidth]);
        }

        public int InputWidth { get; }

        public int InputHeight { get; }

        public int InputPlane { get; }

        public float[] Input { get; }

        /// <summary>The frame at its own size, for fixed-size models.</summary>
        public float[] Frame { get; }

        public OrtValue Tensor { get; }

        /// <summary>The output buffer once <see cref="Bind"/> has run; H×W floats.</summary>
        public float[] Output { get; private set; } = [];

        /// <summary>Input and output bound to this workspace's arrays, after the first good run; null before.</summary>
        public OrtIoBinding? Binding { get; private set; }

        private OrtValue? OutputTensor { get; set; }

        public void Bind(OnnxSession session, long[] shape)
        {
            Output = new float[InputPlane];
            OutputTensor = OrtValue.CreateTensorValueFromMemory(Output, shape);
            Binding = session.Bind(Tensor, OutputTensor);
        }

        public void Dispose()
        {
            Binding?.Dispose();
            OutputTensor?.Dispose();
            Tensor.Dispose();
        }
    }
}
