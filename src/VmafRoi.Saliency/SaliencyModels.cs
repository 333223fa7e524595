using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using VmafRoi.Contracts;

namespace VmafRoi.Saliency;

/// <summary>
/// Opens saliency models: the built-in ones by name (<c>default</c> and <c>vmafroi_v2</c>, or <c>classic_v1</c>) or an
/// ONNX file by path. Built-in names win over a file of the same name in the working folder.
/// </summary>
public static class SaliencyModels
{
    /// <summary>The name that selects the default model (vmafroi_v2).</summary>
    public const string DefaultName = "default";

    /// <summary>The id the default model reports.</summary>
    public const string DefaultModelId = VmafRoiV2Model.ModelId;

    /// <summary>The name that selects the previous default, the classic contrast graph.</summary>
    public const string ClassicName = "classic_v1";

    /// <summary>The id the classic model reports.</summary>
    public const string ClassicModelId = "vmafroi_classic_v1";

    // One session per model content and session settings per process, reused by every model instance and frame.
    private static readonly ConcurrentDictionary<SessionKey, Lazy<OnnxSession>> Sessions = new();

    /// <summary>The names that select a built-in model: <c>default</c>, <c>vmafroi_v2</c>, <c>classic_v1</c>, <c>vmafroi_classic_v1</c>.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = [DefaultName, DefaultModelId, ClassicName, ClassicModelId];

    /// <summary>True when <paramref name="name"/> selects a built-in model rather than a file.</summary>
    public static bool IsBuiltIn(string name) => BuiltInNames.Contains(name);

    /// <summary>
    /// Opens <paramref name="pathOrName"/>: <c>default</c> or <c>vmafroi_v2</c> for the default model (a
    /// <see cref="VmafRoiV2Model"/>), <c>classic_v1</c> or <c>vmafroi_classic_v1</c> for the classic graph, else an ONNX
    /// file. vmafroi_v2 is stateful per clip: give an instance one clip's frames in order (see <see cref="VmafRoiV2Model"/>).
    /// </summary>
    /// <exception cref="InvalidInputException">The file does not exist (<c>saliency model not found: P</c>), or an input normalisation other than unit was asked of vmafroi_v2.</exception>
    /// <exception cref="OnnxModelException">ONNX Runtime rejected the model.</exception>
    /// <exception cref="OnnxRuntimeMissingException">The ONNX Runtime native library cannot be loaded.</exception>
    /// <exception cref="MaskException">
    /// The path is not a regular file or is larger than 1 GiB, or the model breaks the input contract or has invalid metadata.
    /// </exception>
    public static OnnxSaliencyModel Load(string pathOrName, SaliencyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pathOrName);
        options ??= SaliencyOptions.Default;
        if (pathOrName is DefaultName or DefaultModelId)
        {
            return LoadDefault(options);
        }

        if (pathOrName is ClassicName or ClassicModelId)
        {
            return new OnnxSaliencyModel(ClassicSession(options), ClassicModelId, EmbeddedModels.Classic.Sha256, ClassicName, options);
        }

        // Before anything opens it: a FIFO would block, a device never end.
        ModelFile.Check(pathOrName);
        string sha256 = Sha256Of(pathOrName);
        string id = Path.GetFileNameWithoutExtension(pathOrName);
        OnnxSession fileSession = SessionFor(sha256, options, settings => OnnxSession.FromFile(pathOrName, settings));
        return new OnnxSaliencyModel(fileSession, id, sha256, pathOrName, options);
    }

    /// <summary>Opens the default model, vmafroi_v2, typed as itself (for <see cref="VmafRoiV2Model.LastFaces"/> and the like).</summary>
    /// <exception cref="InvalidInputException">An input normalisation other than unit was asked for: the model converts frames itself.</exception>
    public static VmafRoiV2Model LoadDefault(SaliencyOptions? options = null)
    {
        options ??= SaliencyOptions.Default;
        if (options.Normalization is { } n && n != Normalization.Unit)
        {
            throw new InvalidInputException($"--saliency-normalization {n.ToString().ToLowerInvariant()} does not apply to the built-in {DefaultModelId} model, which converts frames itself; leave it at auto");
        }

        SaliencyOptions own = options with { Normalization = null, SizeMultiple = null };
        FaceDetector faces = FaceDetector.Load(own);
        try
        {
            return new VmafRoiV2Model(ClassicSession(own), faces, own);
        }
        catch
        {
            faces.Dispose();
            throw;
        }
    }

    private static OnnxSession ClassicSession(SaliencyOptions options)
    {
        (byte[] bytes, string sha) = EmbeddedModels.Classic;
        return SessionFor(sha, options, settings => OnnxSession.FromBytes(bytes, $"{ClassicName} ({ClassicModelId})", settings));
    }

    /// <summary>The classic_v1 graph's ONNX bytes (a copy), e.g. to write it out for other tools.</summary>
    public static byte[] ClassicModelBytes() => (byte[])EmbeddedModels.Classic.Bytes.Clone();

    /// <summary>The classic_v1 graph's sha256.</summary>
    public static string ClassicModelSha256 => EmbeddedModels.Classic.Sha256;

    /// <summary>
    /// The classic_v1 graph's ONNX bytes, as before vmafroi_v2 became the default (which is not one ONNX file); the same
    /// as <see cref="ClassicModelBytes"/>.
    /// </summary>
    public static byte[] DefaultModelBytes() => ClassicModelBytes();

    /// <summary>The default model's sha256, as <c>Load("default").Sha256</c> reports it and sidecars record it.</summary>
    public static string DefaultModelSha256 => VmafRoiV2Model.ComputeSha256();

    /// <summary>Lower-case hex sha256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    internal static OnnxSession SessionFor(string sha256, SaliencyOptions options, Func<SessionOptions, OnnxSession> create)
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
}
