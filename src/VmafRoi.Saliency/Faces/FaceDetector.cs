using Microsoft.ML.OnnxRuntime;
using VmafRoi.Contracts;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency;

/// <summary>A face found in a frame: its box in luma pixels (<c>[X0, X1) × [Y0, Y1)</c>) and the detector's confidence in [0,1].</summary>
public readonly record struct FaceDetection(float X0, float Y0, float X1, float Y1, float Score)
{
    public float Width => X1 - X0;

    public float Height => Y1 - Y0;

    public float CenterX => (X0 + X1) / 2;

    public float CenterY => (Y0 + Y1) / 2;

    /// <summary>Intersection over union with another box.</summary>
    public float Iou(FaceDetection other)
    {
        float w = Math.Min(X1, other.X1) - Math.Max(X0, other.X0);
        float h = Math.Min(Y1, other.Y1) - Math.Max(Y0, other.Y0);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        float inner = w * h;
        return inner / ((Width * Height) + (other.Width * other.Height) - inner);
    }
}

/// <summary>
/// MediaPipe BlazeFace (the back-camera, full-range 256×256 model, for faces near and far) run by ONNX Runtime, with our
/// own anchor decoding and weighted overlap merging. The frame's picture (inside any letterbox or pillarbox bars) is fed
/// whole, letterboxed to a square, and, when it is wider or taller than <see cref="V2Design.TileAspect"/>, also as
/// square tiles along its longer side, so a small face in a wide frame is seen at a useful size. Calls are serialised.
/// </summary>
public sealed class FaceDetector : IDisposable
{
    /// <summary>The embedded detectors' id.</summary>
    public const string ModelId = "blazeface_back_256x256";

    // Both networks have the same two heads: 16×16 cells with 2 anchors each, then 8×8 cells with 6 anchors each.
    private static readonly (int Cells, int Anchors)[] Heads = [(16, 2), (8, 6)];

    // Most confident first; a comparer made once, so sorting allocates nothing.
    private static readonly Comparer<FaceDetection> ByScore = Comparer<FaceDetection>.Create((a, b) => b.Score.CompareTo(a.Score));

    private readonly Network _network;
    private readonly float[][] _outputs;
    private readonly OrtValue[] _outputTensors;
    private readonly List<FaceDetection> _candidates = [];
    private readonly Lock _sync = new();
    private readonly SaliencyOptions _options;
    private WorkingFrame? _frame;
    private bool _disposed;

    private FaceDetector(OnnxSession session, string sha256, SaliencyOptions options)
    {
        _options = options;
        Sha256 = sha256;
        _outputs = [new float[512], new float[384], new float[512 * 16], new float[384 * 16]];
        _outputTensors =
        [
            OrtValue.CreateTensorValueFromMemory(_outputs[0], [1, 512, 1]),
            OrtValue.CreateTensorValueFromMemory(_outputs[1], [1, 384, 1]),
            OrtValue.CreateTensorValueFromMemory(_outputs[2], [1, 512, 16]),
            OrtValue.CreateTensorValueFromMemory(_outputs[3], [1, 384, 16]),
        ];
        _network = new Network(session, V2Design.FaceInput, _outputTensors);
    }

    /// <summary>Lower-case hex sha256 of the detector's ONNX bytes.</summary>
    public string Sha256 { get; }

    /// <summary>Detections below this confidence are dropped (0.5 by default, MediaPipe's own threshold).</summary>
    public float MinScore { get; init; } = V2Design.FaceMinScore;

    /// <summary>Opens the embedded BlazeFace model; sessions are shared as for every saliency model.</summary>
    /// <exception cref="MaskException">The model is missing from the assembly or ONNX Runtime cannot load it.</exception>
    public static FaceDetector Load(SaliencyOptions? options = null)
    {
        options ??= SaliencyOptions.Default;
        (byte[] bytes, string sha) = EmbeddedModels.BlazeFace;
        OnnxSession session = SaliencyModels.SessionFor(sha, options, settings => OnnxSession.FromBytes(bytes, $"embedded face detector ({ModelId})", settings));
        return new FaceDetector(session, sha, options);
    }

    /// <summary>The faces in <paramref name="frame"/>, most confident first, in luma pixels.</summary>
    public IReadOnlyList<FaceDetection> Detect(YuvFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            FrameGeometry g = frame.Geometry;
            if (_frame is null || _frame.SourceWidth != g.Width || _frame.SourceHeight != g.Height)
            {
                _frame = new WorkingFrame(g.Width, g.Height);
            }

            _frame.Load(frame, YuvToRgbConversion.Resolve(_options.ColorMatrix, _options.SourceTags, g.Format, g.Height));
            var found = new List<FaceDetection>();
            Detect(_frame, Letterbox.Find(_frame.Luma, _frame.Width, _frame.Height), found);
            for (int i = 0; i < found.Count; i++)
            {
                FaceDetection d = found[i];
                float f = _frame.Factor;
                found[i] = d with { X0 = d.X0 * f, Y0 = d.Y0 * f, X1 = d.X1 * f, Y1 = d.Y1 * f };
            }

            return found;
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _network.Dispose();
            foreach (OrtValue tensor in _outputTensors)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>
    /// The faces inside <paramref name="content"/> of a working frame, in working pixels, into <paramref name="found"/>.
    /// With a <paramref name="phase"/> (consecutive frames of a clip), a wide picture's tiles take turns: only those
    /// with <c>t % TileCycle == phase % TileCycle</c> run (the whole picture always does); without one, every tile runs.
    /// <paramref name="tilesRun"/> receives the tiles that ran (empty when the picture needs none).
    /// </summary>
    internal void Detect(WorkingFrame frame, ContentRect content, List<FaceDetection> found, int? phase = null, List<(float X, float Y, float Side)>? tilesRun = null)
    {
        found.Clear();
        _candidates.Clear();
        tilesRun?.Clear();
        int shortSide = Math.Min(content.Width, content.Height);
        int longSide = Math.Max(content.Width, content.Height);
        if (shortSide < 8)
        {
            return;
        }

        // The whole picture, letterboxed into one square.
        float cx = (content.X0 + content.X1) / 2f;
        float cy = (content.Y0 + content.Y1) / 2f;
        RunTile(_network, frame, content, cx - (longSide / 2f), cy - (longSide / 2f), longSide);

        // Square tiles along the longer side, evenly spread from one end to the other.
        if (longSide > V2Design.TileAspect * shortSide)
        {
            int tiles = (longSide + shortSide - 1) / shortSide;
            for (int t = 0; t < tiles; t++)
            {
                if (phase is int p && t % V2Design.TileCycle != p % V2Design.TileCycle)
                {
                    continue;
                }

                float along = (longSide - shortSide) * t / (float)(tiles - 1);
                (float x, float y) = content.Width >= content.Height ? (content.X0 + along, (float)content.Y0) : (content.X0, content.Y0 + along);
                RunTile(_network, frame, content, x, y, shortSide);
                tilesRun?.Add((x, y, shortSide));
            }
        }

        Merge(_candidates, found);
    }

    // Samples the square [x, x+side)² of the working RGB into the network's input (NHWC, [-1,1]; outside the picture
    // mid-grey), runs it, decodes.
    private void RunTile(Network network, WorkingFrame frame, ContentRect content, float x, float y, float side)
    {
        int size = network.Size;
        int plane = frame.Width * frame.Height;
        float[] rgb = frame.Rgb;
        float step = side / size;
        Span<float> input = network.Input;
        for (int v = 0; v < size; v++)
        {
            float sy = y + ((v + 0.5f) * step) - 0.5f;
            bool rowInside = sy >= content.Y0 - 0.5f && sy <= content.Y1 - 0.5f;
            float py = Math.Clamp(sy, content.Y0, content.Y1 - 1);
            int y0 = (int)py;
            int y1 = Math.Min(y0 + 1, content.Y1 - 1);
            float fy = py - y0;
            int row = v * size * 3;
            for (int u = 0; u < size; u++)
            {
                float sx = x + ((u + 0.5f) * step) - 0.5f;
                int o = row + (u * 3);
                if (!rowInside || sx < content.X0 - 0.5f || sx > content.X1 - 0.5f)
                {
                    input[o] = 0;
                    input[o + 1] = 0;
                    input[o + 2] = 0;
                    continue;
                }

                float px = Math.Clamp(sx, content.X0, content.X1 - 1);
                int x0 = (int)px;
                int x1 = Math.Min(x0 + 1, content.X1 - 1);
                float fx = px - x0;
                int a = (y0 * frame.Width) + x0;
                int b = (y0 * frame.Width) + x1;
                int c = (y1 * frame.Width) + x0;
                int d = (y1 * frame.Width) + x1;
                for (int ch = 0; ch < 3; ch++)
                {
                    int p = ch * plane;
                    float top = rgb[p + a] + ((rgb[p + b] - rgb[p + a]) * fx);
                    float bottom = rgb[p + c] + ((rgb[p + d] - rgb[p + c]) * fx);
                    input[o + ch] = (2 * (top + ((bottom - top) * fy))) - 1;
                }
            }
        }

        network.Run();
        Decode(size, x, y, side);
    }

    // Anchor k of cell (i, j) in a head of n×n cells sits at ((j+½)/n, (i+½)/n) of the tile; the network gives the box
    // centre offset, width and height in input pixels relative to it, and a logit for the score.
    private void Decode(int size, float x, float y, float side)
    {
        for (int head = 0; head < Heads.Length; head++)
        {
            (int cells, int anchors) = Heads[head];
            float[] scores = _outputs[head];
            float[] boxes = _outputs[head + 2];
            for (int i = 0; i < cells; i++)
            {
                for (int j = 0; j < cells; j++)
                {
                    for (int k = 0; k < anchors; k++)
                    {
                        int n = (((i * cells) + j) * anchors) + k;
                        float logit = Math.Clamp(scores[n], -80f, 80f);
                        float score = 1f / (1f + MathF.Exp(-logit));
                        if (!(score >= MinScore))
                        {
                            continue;
                        }

                        int b = n * 16;
                        float centreX = ((j + 0.5f) / cells) + (boxes[b] / size);
                        float centreY = ((i + 0.5f) / cells) + (boxes[b + 1] / size);
                        float w = boxes[b + 2] / size;
                        float h = boxes[b + 3] / size;
                        if (!(w > 0 && h > 0 && float.IsFinite(centreX) && float.IsFinite(centreY) && float.IsFinite(w) && float.IsFinite(h)))
                        {
                            continue;
                        }

                        _candidates.Add(new FaceDetection(
                            x + ((centreX - (w / 2)) * side),
                            y + ((centreY - (h / 2)) * side),
                            x + ((centreX + (w / 2)) * side),
                            y + ((centreY + (h / 2)) * side),
                            score));
                    }
                }
            }
        }
    }

    // Weighted merging, as MediaPipe's: the most confident candidate and every other overlapping it by IoU ≥ 0.3
    // become one box, the score-weighted mean of theirs, with the highest score.
    private static void Merge(List<FaceDetection> candidates, List<FaceDetection> found)
    {
        candidates.Sort(ByScore);
        Span<bool> used = candidates.Count <= 1024 ? stackalloc bool[candidates.Count] : new bool[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            if (used[i])
            {
                continue;
            }

            FaceDetection best = candidates[i];
            double weight = 0, x0 = 0, y0 = 0, x1 = 0, y1 = 0;
            for (int j = i; j < candidates.Count; j++)
            {
                if (used[j] || best.Iou(candidates[j]) < V2Design.FaceNmsIou)
                {
                    continue;
                }

                FaceDetection c = candidates[j];
                used[j] = true;
                weight += c.Score;
                x0 += c.Score * c.X0;
                y0 += c.Score * c.Y0;
                x1 += c.Score * c.X1;
                y1 += c.Score * c.Y1;
            }

            found.Add(new FaceDetection((float)(x0 / weight), (float)(y0 / weight), (float)(x1 / weight), (float)(y1 / weight), best.Score));
        }
    }

    /// <summary>The BlazeFace network: its session, its input bound to our buffer and the outputs bound to theirs.</summary>
    private sealed class Network : IDisposable
    {
        private readonly OnnxSession _session;
        private readonly OrtValue _input;
        private readonly OrtIoBinding _binding;

        public Network(OnnxSession session, int size, OrtValue[] outputs)
        {
            _session = session;
            Size = size;
            CheckShape(session, size);
            Input = new float[size * size * 3];
            _input = OrtValue.CreateTensorValueFromMemory(Input, [1, size, size, 3]);
            try
            {
                _binding = session.BindAll(_input, outputs);
            }
            catch
            {
                _input.Dispose();
                throw;
            }
        }

        public int Size { get; }

        /// <summary>NHWC RGB in [-1,1].</summary>
        public float[] Input { get; }

        public void Run() => _session.Run(_binding);

        public void Dispose()
        {
            _binding.Dispose();
            _input.Dispose();
        }

        private static void CheckShape(OnnxSession session, int size)
        {
            bool ok = session.Inputs[0].Tensor is { Shape: [1, var h, var w, 3] } && h == size && w == size
                && session.Outputs.Count == 4
                && session.Outputs[0].Tensor is { Shape: [1, 512, 1] }
                && session.Outputs[1].Tensor is { Shape: [1, 384, 1] }
                && session.Outputs[2].Tensor is { Shape: [1, 512, 16] }
                && session.Outputs[3].Tensor is { Shape: [1, 384, 16] };
            if (!ok)
            {
                throw new MaskException($"face detector '{session.Source}': expected input [1,{size},{size},3] and outputs [1,512,1], [1,384,1], [1,512,16], [1,384,16]; got {session.Inputs[0].Tensor} and {string.Join(", ", session.Outputs.Select(o => o.Tensor?.ToString() ?? o.Name))}");
            }
        }
    }
}
