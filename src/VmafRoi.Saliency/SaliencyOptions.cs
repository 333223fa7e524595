using Microsoft.ML.OnnxRuntime;
using VmafRoi.Contracts;
using VmafRoi.Yuv;

namespace VmafRoi.Saliency;

/// <summary>How a saliency model turns frames into model input.</summary>
public sealed record SaliencyOptions
{
    public static SaliencyOptions Default { get; } = new();

    /// <summary>YUV→RGB matrix; <see cref="ColorMatrixChoice.Auto"/> uses <see cref="SourceTags"/>, else the height rule.</summary>
    public ColorMatrixChoice ColorMatrix { get; init; } = ColorMatrixChoice.Auto;

    /// <summary>The source stream's colour tags (<c>FrameSource.Color</c>); they decide the matrix under auto and full range.</summary>
    public ColorTags SourceTags { get; init; } = ColorTags.None;

    /// <summary>Model-input normalisation; null takes the model's <c>vmafroi.normalization</c> metadata, else ImageNet.</summary>
    public Normalization? Normalization { get; init; }

    /// <summary>Threads inside one ONNX operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Pad model input to a multiple of this (1 to <see cref="MaxSizeMultiple"/>); null takes <c>vmafroi.size_multiple</c>, else it is inferred.</summary>
    public int? SizeMultiple { get; init; }

    /// <summary>
    /// ONNX Runtime session options for the model's session: execution providers (CUDA, DirectML, OpenVINO … from their
    /// ORT packages), graph optimisation, threads. Null uses ours: CPU, <see cref="IntraOpThreads"/>, one inter-op
    /// thread, errors-only logging. Given options are used as they are (<see cref="IntraOpThreads"/> is then ignored);
    /// the caller keeps and disposes them. Sessions are shared per model content and per options instance.
    /// </summary>
    public SessionOptions? SessionOptions { get; init; }

    /// <summary>The largest padding multiple a model or caller may ask for (a larger one pads a frame beyond reason).</summary>
    public const int MaxSizeMultiple = 1024;

    /// <summary>Parses <c>--saliency-normalization auto|imagenet|unit</c>; <c>auto</c> is null (model metadata, else ImageNet).</summary>
    /// <exception cref="InvalidInputException">Any other value.</exception>
    public static Normalization? ParseNormalization(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => null,
        "imagenet" => Saliency.Normalization.ImageNet,
        "unit" => Saliency.Normalization.Unit,
        _ => throw new InvalidInputException($"--saliency-normalization must be auto, imagenet or unit, got '{text}'"),
    };

    /// <summary>Parses <c>--color-matrix auto|bt601|bt709</c>.</summary>
    /// <exception cref="InvalidInputException">Any other value.</exception>
    public static ColorMatrixChoice ParseColorMatrix(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => ColorMatrixChoice.Auto,
        "bt601" or "bt.601" => ColorMatrixChoice.Bt601,
        "bt709" or "bt.709" => ColorMatrixChoice.Bt709,
        _ => throw new InvalidInputException($"--color-matrix must be auto, bt601 or bt709, got '{text}'"),
    };
}
