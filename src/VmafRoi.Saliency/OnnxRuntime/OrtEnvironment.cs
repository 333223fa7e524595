namespace VmafRoi.Saliency.OnnxRuntime;

/// <summary>The process-wide ORT environment, CPU memory description and default allocator, made once.</summary>
internal static unsafe class OrtEnvironment
{
    // ORT_LOGGING_LEVEL_ERROR: failures come back as statuses with messages, so ORT's own warnings stay off stderr.
    private const int LogSeverityError = 3;

    private static readonly Lazy<State> Shared = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static OrtEnvHandle Env => Shared.Value.Env;

    /// <summary>CPU memory (arena allocator, default memory type) for tensors over our own buffers.</summary>
    public static OrtMemoryInfoHandle CpuMemory => Shared.Value.CpuMemory;

    /// <summary>ORT's default CPU allocator; strings it returns are freed through it. Never released.</summary>
    public static nint Allocator => Shared.Value.Allocator;

    private static State Create()
    {
        OrtApi api = OrtApi.Instance;
        byte[] logId = OrtApi.Utf8Z("vmafroi");
        nint env;
        fixed (byte* id = logId)
        {
            api.Check(api.CreateEnv(LogSeverityError, id, &env), "creating the ONNX Runtime environment");
        }

        nint memory;
        api.Check(api.CreateCpuMemoryInfo(1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */, &memory), "describing CPU memory for ONNX Runtime");
        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "getting ONNX Runtime's default allocator");
        return new State(new OrtEnvHandle(env), new OrtMemoryInfoHandle(memory), allocator);
    }

    private sealed record State(OrtEnvHandle Env, OrtMemoryInfoHandle CpuMemory, nint Allocator);
}
