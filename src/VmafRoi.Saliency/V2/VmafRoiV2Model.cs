using System.Security.Cryptography;
using System.Text;
using VmafRoi.Contracts;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency;

/// <summary>
/// <c>vmafroi_v2</c>, the default saliency model: where people look in real video. Four cues on a coarse map grid,
/// combined and smoothed over time, then upsampled to the frame (docs/saliency.md gives the formula):
/// <list type="bullet">
/// <item>faces (MediaPipe BlazeFace through ONNX Runtime), as a soft head-and-shoulders prior weighted by confidence;</item>
/// <item>motion contrast against the previous frame with the global pan removed;</item>
/// <item>objects and contrast: the classic_v1 graph on the picture inside any letterbox or pillarbox bars (bars are 0);</item>
/// <item>a weak centre prior as a tie-breaker.</item>
/// </list>
/// <para>
/// The model is <b>stateful per clip</b>: motion and smoothing use the frame before. Give one instance the frames of one
/// clip in order. A frame whose <see cref="YuvFrame.Index"/> does not follow the last one (a sampled frame, a seek, a
/// new clip, another size) starts afresh: no motion cue and no smoothing for it, the same mask as a still image would
/// get. A sampled caller that can read the frame before its sample passes it to <see cref="Observe"/> first to get the
/// motion cue back. <see cref="Reset"/> forgets everything. <see cref="Predict"/> is serialised per instance.
/// </para>
/// <para>
/// It is an <see cref="OnnxSaliencyModel"/> so that <see cref="SaliencyModels.Load"/> keeps its return type; the ONNX
/// members it inherits (<see cref="OnnxSaliencyModel.Input"/>, metadata, sizing) are those of the classic graph.
/// </para>
/// </summary>
public sealed class VmafRoiV2Model : OnnxSaliencyModel
{
    /// <summary>The id the model reports (and sidecars record).</summary>
    public const string ModelId = "vmafroi_v2";

    private static readonly Lazy<string> Sha256Lazy = new(ComputeSha256);

    private readonly FaceDetector _faces;
    private readonly SaliencyOptions _options;
    private readonly Lock _sync = new();
    private readonly List<FaceDetection> _found = [];
    private readonly List<FaceDetection> _lastFaces = [];
    private readonly List<(float X, float Y, float Side)> _tilesRun = [];
    private ClipState? _state;
    private bool _disposed;

    internal VmafRoiV2Model(OnnxSession classic, FaceDetector faces, SaliencyOptions options)
        : base(classic, ModelId, Sha256Lazy.Value, SaliencyModels.DefaultName, options)
    {
        _faces = faces;
        _options = options;
    }

    /// <summary>The faces found in the last frame, in luma pixels, most confident first (valid until the next frame).</summary>
    public IReadOnlyList<FaceDetection> LastFaces => _lastFaces;

    /// <summary>The global shift (pan) removed before motion contrast in the last frame, in luma pixels; null when there was no previous frame.</summary>
    public (float Dx, float Dy)? LastShift { get; private set; }

    /// <summary>For development: output one cue map (<c>faces</c>, <c>motion</c>, <c>objects</c>) instead of the combination; null (the default) combines.</summary>
    internal string? OutputCue { get; set; }

    /// <summary>Milliseconds spent per stage since it was set, for the benchmark; null (the default) measures nothing.</summary>
    internal Dictionary<string, double>? StageTimes { get; set; }

    /// <summary>The mask of the next frame of the clip (see the class notes on frame order).</summary>
    public override void Predict(YuvFrame frame, Span<float> mask)
    {
        ArgumentNullException.ThrowIfNull(frame);
        FrameGeometry g = frame.Geometry;
        CheckMask(mask, g.Width, g.Height);
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ClipState state = Enter(frame);
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            state.Frame.Load(frame, YuvToRgbConversion.Resolve(_options.ColorMatrix, _options.SourceTags, g.Format, g.Height));
            Stage("load", ref start);
            Compute(state, mask, state.HasPrevious ? frame.Index : null);
            state.LastIndex = frame.Index;
        }
    }

    /// <summary>
    /// The mask of a still RGB image (planar floats in [0,1]: R, G, B planes of <c>width·height</c>): faces, objects
    /// and the centre prior, no motion. It does not join a clip: the next frame starts afresh.
    /// </summary>
    public override void PredictRgb(ReadOnlySpan<float> rgb, int width, int height, Span<float> mask)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (rgb.Length < 3 * width * height)
        {
            throw new ArgumentException($"{width}x{height} RGB needs {3 * width * height} floats, got {rgb.Length}", nameof(rgb));
        }

        CheckMask(mask, width, height);
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ClipState state = StateFor(width, height);
            state.Forget();
            state.Frame.LoadRgb(rgb);
            Compute(state, mask, phase: null);
            state.Forget();
        }
    }

    /// <summary>
    /// Lets the model see a frame it need not mask, so the next frame has its motion cue: for callers that mask only
    /// sampled frames, pass the frame just before each sample here first. Cheap (the frame is only box-averaged).
    /// </summary>
    public override void Observe(YuvFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            FrameGeometry g = frame.Geometry;
            ClipState state = Enter(frame);

            // The smoothed map belongs to a frame that was not masked just before this one's successor: drop it.
            state.Forget();
            state.Frame.Load(frame, YuvToRgbConversion.Resolve(_options.ColorMatrix, _options.SourceTags, g.Format, g.Height));
            state.Frame.MapLuma.CopyTo(state.PreviousLuma, 0);
            state.HasPrevious = true;
            state.LastIndex = frame.Index;
        }
    }

    /// <summary>Forgets the previous frames: the next frame starts a new clip.</summary>
    public override void Reset()
    {
        lock (_sync)
        {
            _state?.Forget();
        }
    }

    public override string ToString() => $"{ModelId} (faces {_faces.Sha256[..12]}, classic {EmbeddedModels.Classic.Sha256[..12]})";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_sync)
            {
                if (!_disposed)
                {
                    _disposed = true;
                    _faces.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>The model's sha256: over its id, the design constants and the two embedded ONNX files' sha256s.</summary>
    internal static string ComputeSha256()
    {
        string text = $"{ModelId}\n{V2Design.Describe()}classic={EmbeddedModels.Classic.Sha256}\nblazeface={EmbeddedModels.BlazeFace.Sha256}\n";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    // Whether a face lies outside every tile that ran (a small face is only seen in its tile), when tiles ran at all.
    private static bool NotLookedAt(List<(float X, float Y, float Side)> tiles, FaceDetection face)
    {
        if (tiles.Count == 0)
        {
            return false;
        }

        foreach ((float x, float y, float side) in tiles)
        {
            if (face.CenterX >= x && face.CenterX < x + side && face.CenterY >= y && face.CenterY < y + side)
            {
                return false;
            }
        }

        return true;
    }

    // Whether a face of the last frame is among this frame's: a centre within a face width of where it was.
    private static bool SeenAgain(List<FaceDetection> found, FaceDetection before)
    {
        foreach (FaceDetection f in found)
        {
            if (MathF.Abs(f.CenterX - before.CenterX) < Math.Max(f.Width, before.Width) && MathF.Abs(f.CenterY - before.CenterY) < Math.Max(f.Height, before.Height))
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckMask(Span<float> mask, int width, int height)
    {
        if (mask.Length < width * height)
        {
            throw new ArgumentException($"the mask holds {mask.Length} floats; a {width}x{height} frame needs {width * height}", nameof(mask));
        }
    }

    // The state of this frame's clip: a frame that does not follow the last one starts afresh.
    private ClipState Enter(YuvFrame frame)
    {
        ClipState state = StateFor(frame.Geometry.Width, frame.Geometry.Height);
        if (state.LastIndex is not int last || frame.Index != last + 1)
        {
            state.Forget();
        }

        return state;
    }

    private ClipState StateFor(int width, int height)
    {
        if (_state is null || _state.Frame.SourceWidth != width || _state.Frame.SourceHeight != height)
        {
            _state = new ClipState(new WorkingFrame(width, height));
        }

        return _state;
    }

    // phase: the frame's index when it follows the last one (face tiles take turns), else null (every tile runs).
    private void Compute(ClipState state, Span<float> mask, int? phase)
    {
        WorkingFrame wf = state.Frame;
        int mw = wf.MapWidth;
        int mh = wf.MapHeight;
        int cells = mw * mh;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        ContentRect content = Letterbox.Find(wf.Luma, wf.Width, wf.Height);
        ContentRect map = content.Reduce(wf.MapFactor, mw, mh);

        // Objects and contrast: the classic graph on the picture alone, stretched to [0,1] inside it.
        Objects(state, map);
        Stage("objects", ref start);

        // Faces: this frame's, and for a few frames, fading, those it missed that were seen just before.
        _faces.Detect(wf, content, _found, phase, _tilesRun);
        List<(FaceDetection Face, float Weight)> shown = state.NextFaces;
        shown.Clear();
        foreach (FaceDetection face in _found)
        {
            shown.Add((face, 1f));
        }

        float last = MathF.Pow(V2Design.FaceCarryFade, V2Design.FaceCarryFrames) * 0.999f;
        foreach ((FaceDetection face, float weight) in state.ShownFaces)
        {
            // A face in a tile not looked at this frame stays as it was (the whole picture may see it smaller and less
            // surely; faces combine by maximum); one looked for and missed fades.
            if (NotLookedAt(_tilesRun, face))
            {
                shown.Add((face, weight));
                continue;
            }

            float faded = weight * V2Design.FaceCarryFade;
            if (faded >= last && !SeenAgain(_found, face))
            {
                shown.Add((face, faded));
            }
        }

        (state.ShownFaces, state.NextFaces) = (shown, state.ShownFaces);
        FacePrior.Render(shown, 1f / wf.MapFactor, content.Width, state.Faces, state.Body, mw, mh);
        float faceMax = 0;
        for (int i = 0; i < cells; i++)
        {
            faceMax = Math.Max(faceMax, state.Faces[i]);
        }

        _lastFaces.Clear();
        foreach (FaceDetection f in _found)
        {
            _lastFaces.Add(f with { X0 = f.X0 * wf.Factor, Y0 = f.Y0 * wf.Factor, X1 = f.X1 * wf.Factor, Y1 = f.Y1 * wf.Factor });
        }
        Stage("faces", ref start);

        // Motion contrast against the previous frame, weighted by how trustworthy it is, averaged over time.
        if (state.HasPrevious)
        {
            state.Motion.Compute(state.PreviousLuma, wf.MapLuma, map, state.MotionNow);
            float weight = state.Motion.Reliability;
            for (int i = 0; i < cells; i++)
            {
                state.Moving[i] = (V2Design.MotionKeep * state.Moving[i]) + ((1 - V2Design.MotionKeep) * weight * state.MotionNow[i]);
            }

            LastShift = (state.Motion.Shift.Dx * wf.MapFactor * wf.Factor, state.Motion.Shift.Dy * wf.MapFactor * wf.Factor);
        }
        else
        {
            Array.Clear(state.Moving);
            LastShift = null;
        }

        Stage("motion", ref start);

        // Soft OR of the weighted cues inside the picture; 0 on the bars. A face present turns the static cues down.
        float motionWeight = V2Design.MotionWeight;
        Span<float> combined = state.Combined;
        combined.Clear();
        float max = 0;
        float cx = (map.X0 + map.X1) / 2f;
        float cy = (map.Y0 + map.Y1) / 2f;
        float sx = V2Design.CentreSigma * map.Width;
        float sy = V2Design.CentreSigma * map.Height;
        for (int y = map.Y0; y < map.Y1; y++)
        {
            float dy = (y + 0.5f - cy) / sy;
            for (int x = map.X0; x < map.X1; x++)
            {
                float dx = (x + 0.5f - cx) / sx;
                float centre = MathF.Exp(-0.5f * ((dx * dx) + (dy * dy)));
                int i = (y * mw) + x;
                float others = 1 - (V2Design.FaceDominance * faceMax * (1 - state.Body[i]));
                float objectWeight = V2Design.ObjectWeight * others;
                float centreWeight = V2Design.CentreWeight * others;
                float keep = (1 - (V2Design.FaceWeight * state.Faces[i]))
                    * (1 - (V2Design.BodyWeight * state.Body[i] * (V2Design.BodyFloor + ((1 - V2Design.BodyFloor) * state.Objects[i]))))
                    * (1 - (motionWeight * state.Moving[i]))
                    * (1 - (objectWeight * state.Objects[i]))
                    * (1 - (centreWeight * centre));
                float s = 1 - keep;
                combined[i] = s;
                max = Math.Max(max, s);
            }
        }

        if (max > 0)
        {
            for (int i = 0; i < cells; i++)
            {
                combined[i] = MathF.Pow(combined[i] / max, V2Design.Gamma);
            }
        }

        // Temporal smoothing.
        if (state.HasSmoothed)
        {
            for (int i = 0; i < cells; i++)
            {
                combined[i] = (V2Design.Smoothing * combined[i]) + ((1 - V2Design.Smoothing) * state.Smoothed[i]);
            }
        }

        combined.CopyTo(state.Smoothed);
        state.HasSmoothed = true;
        if (OutputCue is { } cue)
        {
            (cue switch { "faces" => state.Faces, "body" => state.Body, "motion" => state.Moving, _ => state.Objects }).CopyTo(combined);
        }

        wf.MapLuma.CopyTo(state.PreviousLuma, 0);
        state.HasPrevious = true;

        Stage("combine", ref start);

        // Every cell is in [0,1], and bilinear weights are convex: the mask needs no clipping.
        PlaneResampling.Upsample(combined, mw, mh, mask, wf.SourceWidth, wf.SourceHeight, state.Rows);
        Stage("upsample", ref start);
    }

    private void Stage(string name, ref long start)
    {
        if (StageTimes is { } times)
        {
            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            times[name] = times.GetValueOrDefault(name) + System.Diagnostics.Stopwatch.GetElapsedTime(start, now).TotalMilliseconds;
            start = now;
        }
    }

    private void Objects(ClipState state, ContentRect map)
    {
        WorkingFrame wf = state.Frame;
        int mw = wf.MapWidth;
        int plane = mw * wf.MapHeight;
        int cw = map.Width;
        int ch = map.Height;
        Array.Clear(state.Objects);
        if (cw < 8 || ch < 8)
        {
            return;
        }

        int cropPlane = cw * ch;
        Span<float> crop = state.Crop.AsSpan(0, 3 * cropPlane);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < ch; y++)
            {
                wf.MapRgb.AsSpan((c * plane) + ((map.Y0 + y) * mw) + map.X0, cw).CopyTo(crop.Slice((c * cropPlane) + (y * cw), cw));
            }
        }

        Span<float> output = state.CropMask.AsSpan(0, cropPlane);
        base.PredictRgb(crop, cw, ch, output);
        float lo = float.MaxValue;
        float hi = float.MinValue;
        foreach (float v in output)
        {
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }

        float range = hi - lo;
        for (int y = 0; y < ch; y++)
        {
            for (int x = 0; x < cw; x++)
            {
                state.Objects[((map.Y0 + y) * mw) + map.X0 + x] = range > 1e-6f ? (output[(y * cw) + x] - lo) / range : 0;
            }
        }
    }

    /// <summary>Buffers and the temporal state of one clip at one frame size.</summary>
    private sealed class ClipState
    {
        public ClipState(WorkingFrame frame)
        {
            Frame = frame;
            int cells = frame.MapWidth * frame.MapHeight;
            Objects = new float[cells];
            Body = new float[cells];
            Faces = new float[cells];
            MotionNow = new float[cells];
            Moving = new float[cells];
            Combined = new float[cells];
            Smoothed = new float[cells];
            PreviousLuma = new float[cells];
            Crop = new float[3 * cells];
            CropMask = new float[cells];
            Rows = new float[frame.MapHeight * frame.SourceWidth];
            Motion = new MotionContrast(frame.MapWidth, frame.MapHeight);
        }

        public WorkingFrame Frame { get; }

        public MotionContrast Motion { get; }

        public float[] Objects { get; }

        public float[] Body { get; }

        /// <summary>The faces drawn into the last map, with their weights (1 when seen in that frame).</summary>
        public List<(FaceDetection Face, float Weight)> ShownFaces { get; set; } = [];

        /// <summary>A spare list, swapped with <see cref="ShownFaces"/> each frame.</summary>
        public List<(FaceDetection Face, float Weight)> NextFaces { get; set; } = [];

        public float[] Faces { get; }

        public float[] MotionNow { get; }

        public float[] Moving { get; }

        public float[] Combined { get; }

        public float[] Smoothed { get; }

        public float[] PreviousLuma { get; }

        public float[] Crop { get; }

        public float[] CropMask { get; }

        public float[] Rows { get; }

        public bool HasPrevious { get; set; }

        public bool HasSmoothed { get; set; }

        public int? LastIndex { get; set; }

        public void Forget()
        {
            HasPrevious = false;
            HasSmoothed = false;
            LastIndex = null;
            ShownFaces.Clear();
            Array.Clear(Faces);
            Array.Clear(Moving);
        }
    }
}
