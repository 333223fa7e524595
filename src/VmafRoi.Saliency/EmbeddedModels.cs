using System.Security.Cryptography;
using VmafRoi.Contracts;

namespace VmafRoi.Saliency;

/// <summary>
/// The ONNX files compiled into this assembly: the classic graph (generated from C# at build) and MediaPipe BlazeFace
/// (fetched by <c>eng/setup.sh</c>, pinned by sha256 in <c>eng/models/models.lock</c>; Apache-2.0, see
/// <c>saliency-models/THIRD-PARTY-NOTICES.md</c>). Each is read once, with its sha256.
/// </summary>
internal static class EmbeddedModels
{
    public const string ClassicResource = "VmafRoi.Saliency.Models.vmafroi_classic_v1.onnx";

    public const string BlazeFaceResource = "VmafRoi.Saliency.Models.blazeface_back_256x256.onnx";

    private static readonly Lazy<(byte[] Bytes, string Sha256)> ClassicLazy = new(() => Read(ClassicResource));

    private static readonly Lazy<(byte[] Bytes, string Sha256)> BlazeFaceLazy = new(() => Read(BlazeFaceResource));

    public static (byte[] Bytes, string Sha256) Classic => ClassicLazy.Value;

    /// <summary>BlazeFace's back-camera (full-range) model, 256×256: faces near and far.</summary>
    public static (byte[] Bytes, string Sha256) BlazeFace => BlazeFaceLazy.Value;

    private static (byte[], string) Read(string resource)
    {
        using Stream stream = typeof(EmbeddedModels).Assembly.GetManifestResourceStream(resource)
            ?? throw new MaskException($"the embedded model {resource} is missing from {typeof(EmbeddedModels).Assembly.GetName().Name}; rebuild VmafRoi.Saliency after eng/setup.sh");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        byte[] bytes = memory.ToArray();
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
