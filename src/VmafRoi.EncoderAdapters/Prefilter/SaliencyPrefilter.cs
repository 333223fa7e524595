using System.Globalization;
using VmafRoi.Blend;
using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.Yuv;

namespace VmafRoi.EncoderAdapters.Prefilter;

/// <summary>How the saliency prefilter smooths.</summary>
public sealed record PrefilterOptions
{
    /// <summary>Binomial blur passes (each σ ≈ 1 pixel; n passes σ ≈ √n): 1 to 4.</summary>
    public int Passes { get; init; } = 1;

    /// <summary>How far a non-salient pixel moves towards its blur, in (0, 1]: 1 replaces it, 0.5 goes half way.</summary>
    public float Strength { get; init; } = 0.5f;

    /// <summary>Saliency below this is smoothed fully; the ROI score's threshold, so only what it counts as background changes.</summary>
    public float Threshold { get; init; } = MaskAlpha.DefaultThreshold;

    /// <summary>Soft band above <see cref="Threshold"/> where smoothing fades out.</summary>
    public float Fade { get; init; } = MaskAlpha.DefaultFade;

    public void Validate()
    {
        if (Passes is < 1 or > 4)
        {
            throw new InvalidInputException($"--prefilter-passes must be 1 to 4, got {Passes}");
        }

        if (!(Strength is > 0 and <= 1))
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"--prefilter-strength must be in (0, 1], got {Strength}"));
        }

        if (!(Threshold is >= 0 and <= 1) || !(Fade is >= 0 and <= 1))
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"--prefilter-threshold and --prefilter-fade must be in [0, 1], got {Threshold} and {Fade}"));
        }
    }
}

/// <summary>
/// Saliency-guided smoothing for encoders that take no per-block map (libsvtav1, libaom-av1 here): each pixel is mixed
/// between the frame and its binomial blur by the alpha of the segment's saliency (<see cref="MaskAlpha"/>, the ROI
/// score's threshold and fade: 1 keeps the pixel, 0 takes the blur; chroma takes the alpha of its luma position as
/// <see cref="ChromaAlpha"/> maps it), in integers at native bit depth (<see cref="WeightBlend"/>), every plane. The
/// encoder then spends fewer bits on the smoothed background. Memory is a few frames, whatever the clip length.
/// </summary>
public sealed class SaliencyPrefilter
{
    private readonly FrameGeometry _geometry;
    private readonly PrefilterOptions _options;
    private readonly VectorWidth _vectorWidth;
    private readonly int[] _columns;
    private readonly int[] _rows;
    private readonly float[] _chromaAlpha;
    private readonly ushort[] _lumaWeights;
    private readonly ushort[] _chromaWeights;
    private readonly BinomialBlur _luma;
    private readonly BinomialBlur? _chroma;
    private readonly YuvFrame _blurred;
    private readonly YuvFrame _scratch;
    private readonly float[] _mask;
    private readonly float[] _alpha;
    private BlockGrid? _current;

    public SaliencyPrefilter(FrameGeometry geometry, PrefilterOptions? options = null, VectorWidth vectorWidth = VectorWidth.Auto)
    {
        _geometry = geometry;
        _options = options ?? new PrefilterOptions();
        _options.Validate();
        _vectorWidth = vectorWidth;
        PlaneSize chromaPlane = geometry.ChromaPlane;
        _columns = chromaPlane.Width > 0 ? ChromaAlpha.IndexMap(geometry.Width, chromaPlane.Width) : [];
        _rows = chromaPlane.Height > 0 ? ChromaAlpha.IndexMap(geometry.Height, chromaPlane.Height) : [];
        _chromaAlpha = new float[chromaPlane.Samples];
        _lumaWeights = new ushort[geometry.Luma.Samples];
        _chromaWeights = new ushort[chromaPlane.Samples];
        _luma = new BinomialBlur(geometry.Width, geometry.Height, vectorWidth);
        PlaneSize chroma = geometry.ChromaPlane;
        _chroma = geometry.PlaneCount > 1 ? new BinomialBlur(chroma.Width, chroma.Height, vectorWidth) : null;
        _blurred = new YuvFrame(geometry);
        _scratch = new YuvFrame(geometry);
        _mask = new float[geometry.Luma.Samples];
        _alpha = new float[geometry.Luma.Samples];
    }

    /// <summary>Share of luma pixels the current saliency leaves untouched (alpha 1).</summary>
    public double KeptFraction { get; private set; } = 1;

    /// <summary>Sets the saliency the next frames are filtered with (a segment's aggregate).</summary>
    public void SetSaliency(BlockGrid saliency)
    {
        if (ReferenceEquals(saliency, _current))
        {
            return;
        }

        if (saliency.Width != _geometry.Width || saliency.Height != _geometry.Height)
        {
            throw new ArgumentException($"saliency of {saliency.Width}x{saliency.Height} for {_geometry} frames", nameof(saliency));
        }

        saliency.Upsample(_mask);
        MaskAlpha.Compute(_mask, _alpha, _options.Threshold, _options.Fade);
        if (_options.Strength < 1f)
        {
            float keep = 1f - _options.Strength;
            for (int i = 0; i < _alpha.Length; i++)
            {
                _alpha[i] = keep + (_options.Strength * _alpha[i]);
            }
        }

        KeptFraction = _alpha.Count(a => a >= 1f) / (double)_alpha.Length;
        WeightBlend.FromAlpha(_alpha, _lumaWeights);
        if (_geometry.PlaneCount > 1)
        {
            ChromaAlpha.Resample(_alpha, _geometry.Width, _columns, _rows, _chromaAlpha, _vectorWidth);
            WeightBlend.FromAlpha(_chromaAlpha, _chromaWeights);
        }

        _current = saliency;
    }

    /// <summary>Writes the filtered <paramref name="source"/> into <paramref name="destination"/> (may be the same frame).</summary>
    public void Apply(YuvFrame source, YuvFrame destination)
    {
        if (_current is null)
        {
            throw new InvalidOperationException("SetSaliency must be called before the first frame");
        }

        for (int plane = 0; plane < _geometry.PlaneCount; plane++)
        {
            BinomialBlur blur = plane == 0 ? _luma : _chroma!;
            for (int pass = 0; pass < _options.Passes; pass++)
            {
                // Passes alternate between the two buffers and end in _blurred.
                bool last = pass == _options.Passes - 1;
                YuvFrame input = pass == 0 ? source : ((_options.Passes - pass) % 2 == 0 ? _blurred : _scratch);
                YuvFrame output = last ? _blurred : ((_options.Passes - pass) % 2 == 0 ? _scratch : _blurred);
                if (_geometry.Format.BytesPerSample == 1)
                {
                    blur.Apply(input.Plane8(plane), output.Plane8(plane));
                }
                else
                {
                    blur.Apply(input.Plane16(plane), output.Plane16(plane));
                }
            }
        }

        for (int plane = 0; plane < _geometry.PlaneCount; plane++)
        {
            ReadOnlySpan<ushort> weights = plane == 0 ? _lumaWeights : _chromaWeights;
            if (_geometry.Format.BytesPerSample == 1)
            {
                WeightBlend.Blend(_blurred.Plane8(plane), source.Plane8(plane), weights, destination.Plane8(plane), _vectorWidth);
            }
            else
            {
                WeightBlend.Blend(_blurred.Plane16(plane), source.Plane16(plane), weights, destination.Plane16(plane));
            }
        }

        destination.Index = source.Index;
    }
}
