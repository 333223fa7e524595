namespace VmafRoi.Saliency;

/// <summary>The ONNX <c>metadata_props</c> keys VmafRoi reads from a saliency model.</summary>
public static class ModelMetadataKeys
{
    /// <summary><c>imagenet</c> or <c>unit</c>: how the model wants its RGB input.</summary>
    public const string Normalization = "vmafroi.normalization";

    /// <summary>A positive integer: input height and width are zero-padded to a multiple of it.</summary>
    public const string SizeMultiple = "vmafroi.size_multiple";

    /// <summary>Informational: the id the model calls itself.</summary>
    public const string ModelId = "vmafroi.model_id";
}
