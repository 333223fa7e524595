using VmafRoi.Contracts;
using VmafRoi.VmafRunner;
using VmafRoi.Saliency;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.Yuv;

namespace VmafRoi.Roi;

/// <summary>How ROI scoring gets saliency masks from a model, optionally through a per-clip sidecar cache.</summary>
public sealed record SaliencyMaskOptions
{
    /// <summary>An ONNX model path, or a built-in name: <c>default</c> (vmafroi_v2) or <c>classic_v1</c>.</summary>
    public required string Model { get; init; }

    public ColorMatrixChoice ColorMatrix { get; init; } = ColorMatrixChoice.Auto;

    /// <summary>Input normalisation; null takes the model's metadata, else ImageNet (the seed contract).</summary>
    public Normalization? Normalization { get; init; }

    /// <summary>ONNX Runtime intra-op threads; 0 lets ORT decide.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>A sidecar to reuse or write; null computes masks without caching.</summary>
    public string? SidecarPath { get; init; }

    public SidecarCacheMode SidecarMode { get; init; } = SidecarCacheMode.ReadWrite;

    /// <summary>Mask quantisation (8 or 16 bits). Every mask goes through it, cached or not, so both score the same.</summary>
    public int MaskBits { get; init; } = 8;

    /// <summary>Receives one-line notes (sidecar reused, replaced…); null ignores them.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Told after every frame while a sidecar is filled; null reports nothing.</summary>
    public IProgress<FrameProgress>? Progress { get; init; }
}

/// <summary>Opens the mask provider a saliency request describes.</summary>
public static class SaliencyMasks
{
    /// <summary>A provider that yields one quantised mask per reference frame, in order.</summary>
    public static IMaskProvider Open(SaliencyMaskOptions options, VmafInput reference)
    {
        if (options.MaskBits is not (8 or 16))
        {
            throw new InvalidInputException($"--mask-bits must be 8 or 16, got {options.MaskBits}");
        }

        FrameGeometry geometry;
        ColorTags tags;
        using (FrameSource source = reference.Open())
        {
            geometry = source.Geometry;
            tags = source.Color;
        }

        OnnxSaliencyModel model = SaliencyModels.Load(options.Model, new SaliencyOptions
        {
            ColorMatrix = options.ColorMatrix,
            SourceTags = tags,
            Normalization = options.Normalization,
            IntraOpThreads = options.IntraOpThreads,
        });
        string name = options.Model;
        if (options.SidecarPath is null)
        {
            return new ModelMasks(model, name, options.MaskBits);
        }

        try
        {
            SidecarCacheResult cache = ClipMasks.OpenSidecar(model, reference.Path, reference.Open, options.ColorMatrix, options.MaskBits, options.SidecarPath, options.SidecarMode, progress: options.Progress);
            options.Log?.Invoke(cache.Outcome switch
            {
                SidecarCacheOutcome.Reused => $"saliency sidecar {options.SidecarPath}: reused",
                SidecarCacheOutcome.Created => $"saliency sidecar {options.SidecarPath}: written",
                _ => $"saliency sidecar {options.SidecarPath}: replaced ({cache.Reason})",
            });
            model.Dispose();
            return new SidecarMasks(cache, name);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private sealed class ModelMasks(OnnxSaliencyModel model, string name, int bits) : IMaskProvider
    {
        public string Name => name;

        public void MaskFor(YuvFrame reference, Span<float> mask)
        {
            ClipMasks.Predict(model, reference, mask, bits);
        }

        public void Dispose() => model.Dispose();
    }

    /// <summary>Masks read from an existing sidecar made for <paramref name="referencePath"/> (checked by content hash and geometry).</summary>
    public static IMaskProvider FromSidecar(string sidecarPath, string referencePath, FrameGeometry geometry) =>
        new SidecarMasks(ClipMasks.OpenSidecarFor(sidecarPath, referencePath, geometry), sidecarPath, owner: null);

    private sealed class SidecarMasks(SaliencySidecarReader reader, string name, IDisposable? owner) : IMaskProvider
    {
        public SidecarMasks(SidecarCacheResult cache, string name)
            : this(cache.Reader, name, cache)
        {
        }

        public string Name => name;

        public void MaskFor(YuvFrame reference, Span<float> mask)
        {
            if (!reader.TryReadNext(mask, out int index) || index != reference.Index)
            {
                throw new InvalidInputException($"saliency sidecar '{reader.Path}' has no mask for frame {reference.Index} of the reference");
            }
        }

        public void Skip(YuvFrame reference)
        {
            float[] scratch = System.Buffers.ArrayPool<float>.Shared.Rent(reference.Geometry.Luma.Samples);
            try
            {
                MaskFor(reference, scratch.AsSpan(0, reference.Geometry.Luma.Samples));
            }
            finally
            {
                System.Buffers.ArrayPool<float>.Shared.Return(scratch);
            }
        }

        public void Dispose() => (owner ?? reader).Dispose();
    }
}
