using System.Runtime.InteropServices;
using System.Text;

namespace VmafRoi.Saliency.OnnxRuntime;

/// <summary>
/// ONNX Runtime's C API: <c>OrtGetApiBase() → GetApi(version) → OrtApi</c>, a table of function pointers. The table
/// only ever grows, so each entry's index is fixed; the indices below were counted from <c>struct OrtApi</c> in
/// <c>include/onnxruntime/core/session/onnxruntime_c_api.h</c> and are checked at load (see <see cref="SelfCheck"/>).
/// Every pointer argument is an opaque <see cref="nint"/>; strings are UTF-8.
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary>The API version the pinned release (1.30) implements; older libraries are asked for less.</summary>
    public const uint ApiVersion = 30;

    /// <summary>Every entry used here exists from API 13 (ORT 1.13) on.</summary>
    public const uint MinimumApiVersion = 13;

    private static readonly Lazy<OrtApi> Shared = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly nint* _table;

    private OrtApi(nint* table, uint version, string runtimeVersion)
    {
        _table = table;
        Version = version;
        RuntimeVersion = runtimeVersion;
    }

    /// <summary>The table of the loaded library; loads it on first use.</summary>
    /// <exception cref="OnnxRuntimeNotFoundException">The library is missing or too old.</exception>
    public static OrtApi Instance => Shared.Value;

    /// <summary>The API version the table was obtained for.</summary>
    public uint Version { get; }

    /// <summary>The library's own version string, e.g. <c>1.30.0</c>.</summary>
    public string RuntimeVersion { get; }

    // Indices into struct OrtApi (0-based, header order).
    public delegate* unmanaged<int, byte*, nint> CreateStatus => (delegate* unmanaged<int, byte*, nint>)_table[0];

    public delegate* unmanaged<nint, int> GetErrorCode => (delegate* unmanaged<nint, int>)_table[1];

    public delegate* unmanaged<nint, byte*> GetErrorMessage => (delegate* unmanaged<nint, byte*>)_table[2];

    public delegate* unmanaged<int, byte*, nint*, nint> CreateEnv => (delegate* unmanaged<int, byte*, nint*, nint>)_table[3];

    public delegate* unmanaged<nint, byte*, nint, nint*, nint> CreateSession => (delegate* unmanaged<nint, byte*, nint, nint*, nint>)_table[7];

    public delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray => (delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)_table[8];

    public delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run => (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)_table[9];

    public delegate* unmanaged<nint*, nint> CreateSessionOptions => (delegate* unmanaged<nint*, nint>)_table[10];

    public delegate* unmanaged<nint, int, nint> SetSessionLogSeverityLevel => (delegate* unmanaged<nint, int, nint>)_table[22];

    public delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel => (delegate* unmanaged<nint, int, nint>)_table[23];

    public delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads => (delegate* unmanaged<nint, int, nint>)_table[24];

    public delegate* unmanaged<nint, int, nint> SetInterOpNumThreads => (delegate* unmanaged<nint, int, nint>)_table[25];

    public delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount => (delegate* unmanaged<nint, nuint*, nint>)_table[30];

    public delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount => (delegate* unmanaged<nint, nuint*, nint>)_table[31];

    public delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo => (delegate* unmanaged<nint, nuint, nint*, nint>)_table[33];

    public delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo => (delegate* unmanaged<nint, nuint, nint*, nint>)_table[34];

    public delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName => (delegate* unmanaged<nint, nuint, nint, byte**, nint>)_table[36];

    public delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName => (delegate* unmanaged<nint, nuint, nint, byte**, nint>)_table[37];

    public delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue => (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)_table[49];

    public delegate* unmanaged<nint, int*, nint> IsTensor => (delegate* unmanaged<nint, int*, nint>)_table[50];

    public delegate* unmanaged<nint, void**, nint> GetTensorMutableData => (delegate* unmanaged<nint, void**, nint>)_table[51];

    public delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo => (delegate* unmanaged<nint, nint*, nint>)_table[55];

    public delegate* unmanaged<nint, int*, nint> GetOnnxTypeFromTypeInfo => (delegate* unmanaged<nint, int*, nint>)_table[56];

    public delegate* unmanaged<nint, int*, nint> GetTensorElementType => (delegate* unmanaged<nint, int*, nint>)_table[60];

    public delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount => (delegate* unmanaged<nint, nuint*, nint>)_table[61];

    public delegate* unmanaged<nint, long*, nuint, nint> GetDimensions => (delegate* unmanaged<nint, long*, nuint, nint>)_table[62];

    public delegate* unmanaged<nint, byte**, nuint, nint> GetSymbolicDimensions => (delegate* unmanaged<nint, byte**, nuint, nint>)_table[63];

    public delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape => (delegate* unmanaged<nint, nint*, nint>)_table[65];

    public delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo => (delegate* unmanaged<int, int, nint*, nint>)_table[69];

    public delegate* unmanaged<nint, void*, nint> AllocatorFree => (delegate* unmanaged<nint, void*, nint>)_table[76];

    public delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions => (delegate* unmanaged<nint*, nint>)_table[78];

    public delegate* unmanaged<nint, void> ReleaseEnv => (delegate* unmanaged<nint, void>)_table[92];

    public delegate* unmanaged<nint, void> ReleaseStatus => (delegate* unmanaged<nint, void>)_table[93];

    public delegate* unmanaged<nint, void> ReleaseMemoryInfo => (delegate* unmanaged<nint, void>)_table[94];

    public delegate* unmanaged<nint, void> ReleaseSession => (delegate* unmanaged<nint, void>)_table[95];

    public delegate* unmanaged<nint, void> ReleaseValue => (delegate* unmanaged<nint, void>)_table[96];

    public delegate* unmanaged<nint, void> ReleaseTypeInfo => (delegate* unmanaged<nint, void>)_table[98];

    public delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo => (delegate* unmanaged<nint, void>)_table[99];

    public delegate* unmanaged<nint, void> ReleaseSessionOptions => (delegate* unmanaged<nint, void>)_table[100];

    public delegate* unmanaged<nint, nint*, nint> SessionGetModelMetadata => (delegate* unmanaged<nint, nint*, nint>)_table[111];

    public delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetProducerName => (delegate* unmanaged<nint, nint, byte**, nint>)_table[112];

    public delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetGraphName => (delegate* unmanaged<nint, nint, byte**, nint>)_table[113];

    public delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetDescription => (delegate* unmanaged<nint, nint, byte**, nint>)_table[115];

    public delegate* unmanaged<nint, nint, byte*, byte**, nint> ModelMetadataLookupCustomMetadataMap => (delegate* unmanaged<nint, nint, byte*, byte**, nint>)_table[116];

    public delegate* unmanaged<nint, void> ReleaseModelMetadata => (delegate* unmanaged<nint, void>)_table[118];

    public delegate* unmanaged<nint, nint, byte***, long*, nint> ModelMetadataGetCustomMetadataMapKeys => (delegate* unmanaged<nint, nint, byte***, long*, nint>)_table[123];

    /// <summary>Throws <see cref="OnnxRuntimeException"/> for a non-null status, releasing it.</summary>
    public void Check(nint status, string context)
    {
        if (status == 0)
        {
            return;
        }

        using var owned = new OrtStatusHandle(status);
        int code = GetErrorCode(status);
        string message = Utf8(GetErrorMessage(status)) ?? string.Empty;
        throw new OnnxRuntimeException((OrtErrorCode)code, message, context);
    }

    /// <summary>Like <see cref="Check(nint, string)"/>, but builds the context "<c>action 'subject'</c>" only on failure.</summary>
    public void Check(nint status, string action, string subject)
    {
        if (status != 0)
        {
            Check(status, $"{action} '{subject}'");
        }
    }

    /// <summary>Reads a NUL-terminated UTF-8 string, or null for a null pointer.</summary>
    public static string? Utf8(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="text"/>, for pinning with <c>fixed</c>.</summary>
    public static byte[] Utf8Z(string text)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static OrtApi Create()
    {
        nint handle = OnnxRuntimeLibrary.Handle;
        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out nint getApiBase))
        {
            throw new OnnxRuntimeNotFoundException($"'{OnnxRuntimeLibrary.Path}' is not ONNX Runtime (it exports no OrtGetApiBase)", [OnnxRuntimeLibrary.Path]);
        }

        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
        nint* apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
        var getApi = (delegate* unmanaged<uint, nint*>)apiBase[0];
        var getVersionString = (delegate* unmanaged<byte*>)apiBase[1];
        string runtimeVersion = Utf8(getVersionString()) ?? "unknown";

        for (uint version = ApiVersion; version >= MinimumApiVersion; version--)
        {
            nint* table = getApi(version);
            if (table is not null)
            {
                var api = new OrtApi(table, version, runtimeVersion);
                api.SelfCheck();
                return api;
            }
        }

        throw new OnnxRuntimeNotFoundException(
            $"'{OnnxRuntimeLibrary.Path}' is ONNX Runtime {runtimeVersion}, which offers none of API versions {MinimumApiVersion}..{ApiVersion}",
            [OnnxRuntimeLibrary.Path]);
    }

    // A status made and read back through entries 0, 1, 2 and 93 proves the table is the one we think it is.
    private void SelfCheck()
    {
        byte[] probe = Utf8Z("vmafroi probe");
        nint status;
        fixed (byte* text = probe)
        {
            status = CreateStatus((int)OrtErrorCode.NotImplemented, text);
        }

        try
        {
            if (status == 0 || GetErrorCode(status) != (int)OrtErrorCode.NotImplemented || Utf8(GetErrorMessage(status)) != "vmafroi probe")
            {
                throw new OnnxRuntimeNotFoundException(
                    $"'{OnnxRuntimeLibrary.Path}' (ONNX Runtime {RuntimeVersion}) does not lay out its C API as expected",
                    [OnnxRuntimeLibrary.Path]);
            }
        }
        finally
        {
            if (status != 0)
            {
                ReleaseStatus(status);
            }
        }
    }
}
