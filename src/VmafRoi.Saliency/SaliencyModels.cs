using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using VmafRoi.Contracts;

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

    // One session per model content and session settings per process, reused by every model instance and frame.
    private static readonly ConcurrentDictionary<SessionKey, Lazy<OnnxSession>> Sessions = new();

    private static readonly Lazy<(byte[] Bytes, string Sha256)> DefaultModel = new(ReadDefaultModel);

    /// <summary>
    /// Opens <paramref name="pathOrDefault"/>: <c>default</c> for the embedded model, else an ONNX file.
    /// </summary>
    /// <exception cref="InvalidInputException">The file does not exist (<c>saliency model not found: P</c>).</exception>
    /// <exception cref="OnnxModelException">ONNX Runtime rejected the model.</exception>
    /// <exception cref="OnnxRuntimeMissingException">The ONNX Runtime native library cannot be loaded.</exception>
    /// <exception cref="MaskException">
    /// The path is not a regular file or is larger than 1 GiB, or the model breaks the input contract or has invalid metadata.
    /// </exception>
    public static OnnxSaliencyModel Load(string pathOrDefault, SaliencyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pathOrDefault);
        options ??= SaliencyOptions.Default;
        if (pathOrDefault == DefaultName)
        {
            (byte[] bytes, string sha) = DefaultModel.Value;
            OnnxSession session = SessionFor(sha, options, settings => OnnxSession.FromBytes(bytes, $"{DefaultName} ({DefaultModelId})", settings));
            return new OnnxSaliencyModel(session, DefaultModelId, sha, DefaultName, options);
        }

        // Before anything opens it: a FIFO would block, a device never end.
        ModelFile.Check(pathOrDefault);
        string sha256 = Sha256Of(pathOrDefault);
        string id = Path.GetFileNameWithoutExtension(pathOrDefault);
        OnnxSession fileSession = SessionFor(sha256, options, settings => OnnxSession.FromFile(pathOrDefault, settings));
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

    private static OnnxSession SessionFor(string sha256, SaliencyOptions options, Func<SessionOptions, OnnxSession> create)
    {
        var key = new SessionKey(sha256, options.SessionOptions is null ? Math.Max(0, options.IntraOpThreads) : -1, options.SessionOptions);
        Lazy<OnnxSession> lazy = Sessions.GetOrAdd(key, _ => new Lazy<OnnxSession>(() => CreateSession(options, create), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed load is not cached: the next call retries (e.g. after the library is installed).
            Sessions.TryRemove(new KeyValuePair<SessionKey, Lazy<OnnxSession>>(key, lazy));
            throw;
        }
    }

    private static OnnxSession CreateSession(SaliencyOptions options, Func<SessionOptions, OnnxSession> create)
    {
        if (options.SessionOptions is { } given)
        {
            return create(given);
        }

        // ORT copies the options into the session, so ours live only as long as the load.
        using SessionOptions ours = OrtRuntime.Call(() => new SessionOptions(), "creating ONNX Runtime session options");
        ours.IntraOpNumThreads = Math.Max(0, options.IntraOpThreads);

        // One graph-level thread: saliency graphs are chains, and a second pool would only compete with intra-op.
        ours.InterOpNumThreads = 1;
        ours.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
        return create(ours);
    }

    /// <summary>A session per model content and settings: the thread count for ours, the instance for a caller's options.</summary>
    private readonly record struct SessionKey(string Sha256, int Threads, SessionOptions? Options);

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
