using System.Collections.Concurrent;
using System.Security.Cryptography;
using VmafRoi.Contracts;
using VmafRoi.Saliency.OnnxRuntime;

namespace VmafRoi.Saliency;

/// <summary>Opens saliency models: <c>default</c> (the embedded classic_v1 graph) or an ONNX file.</summary>
public static class SaliencyModels
{
    /// <summary>The name that selects the embedded default model.</summary>
    public const string DefaultName = "default";

    /// <summary>The id the default model reports.</summary>
    public const string DefaultModelId = "vmafroi_classic_v1";

    /// <summary>The manifest resource that holds the default model's ONNX bytes (generated at build).</summary>
    internal const string DefaultModelResource = "VmafRoi.Saliency.Models.vmafroi_classic_v1.onnx";

    // One session per model content and thread setting per process, reused by every model instance and frame.
    private static readonly ConcurrentDictionary<(string Sha256, int Threads), Lazy<OrtSession>> Sessions = new();

    private static readonly Lazy<(byte[] Bytes, string Sha256)> DefaultModel = new(ReadDefaultModel);

    /// <summary>
    /// Opens <paramref name="pathOrDefault"/>: <c>default</c> for the embedded model, else an ONNX file.
    /// </summary>
    /// <exception cref="InvalidInputException">The file does not exist (<c>saliency model not found: P</c>).</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The ONNX Runtime library is missing.</exception>
    /// <exception cref="MaskException">The model breaks the input contract or has invalid metadata.</exception>
    public static OnnxSaliencyModel Load(string pathOrDefault, SaliencyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pathOrDefault);
        options ??= SaliencyOptions.Default;
        if (pathOrDefault == DefaultName)
        {
            (byte[] bytes, string sha) = DefaultModel.Value;
            OrtSession session = SessionFor(sha, options, () => OrtSession.FromBytes(bytes, $"{DefaultName} ({DefaultModelId})", Settings(options)));
            return new OnnxSaliencyModel(session, DefaultModelId, sha, DefaultName, options);
        }

        if (!File.Exists(pathOrDefault))
        {
            throw new InvalidInputException($"saliency model not found: {pathOrDefault}", pathOrDefault);
        }

        string sha256 = Sha256Of(pathOrDefault);
        string id = Path.GetFileNameWithoutExtension(pathOrDefault);

        // From the path, not from bytes, so models with external weight files load too.
        OrtSession fileSession = SessionFor(sha256, options, () => OrtSession.FromFile(pathOrDefault, Settings(options)));
        return new OnnxSaliencyModel(fileSession, id, sha256, pathOrDefault, options);
    }

    /// <summary>The default model's ONNX bytes (a copy), e.g. to write it out for other tools.</summary>
    public static byte[] DefaultModelBytes() => (byte[])DefaultModel.Value.Bytes.Clone();

    /// <summary>The default model's sha256.</summary>
    public static string DefaultModelSha256 => DefaultModel.Value.Sha256;

    /// <summary>Lower-case hex sha256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static OrtSessionSettings Settings(SaliencyOptions options) => new(options.IntraOpThreads);

    private static OrtSession SessionFor(string sha256, SaliencyOptions options, Func<OrtSession> create)
    {
        var key = (sha256, Math.Max(0, options.IntraOpThreads));
        Lazy<OrtSession> lazy = Sessions.GetOrAdd(key, _ => new Lazy<OrtSession>(create, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed load is not cached: the next call retries (e.g. after the library is installed).
            Sessions.TryRemove(new KeyValuePair<(string, int), Lazy<OrtSession>>(key, lazy));
            throw;
        }
    }

    private static (byte[], string) ReadDefaultModel()
    {
        using Stream stream = typeof(SaliencyModels).Assembly.GetManifestResourceStream(DefaultModelResource)
            ?? throw new MaskException($"the default saliency model is missing from {typeof(SaliencyModels).Assembly.GetName().Name} (resource {DefaultModelResource}); rebuild VmafRoi.Saliency");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        byte[] bytes = memory.ToArray();
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
