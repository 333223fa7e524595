using System.Runtime.InteropServices;

namespace VmafRoi.Saliency.OnnxRuntime;

/// <summary>An owned ORT object, released through the matching <c>Release*</c> entry of the API table.</summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(nint handle)
        : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    /// <summary>The raw pointer for a native call; the owner keeps this handle alive for the call's duration.</summary>
    public nint Pointer => IsClosed ? throw new ObjectDisposedException(GetType().Name) : handle;
}

internal sealed unsafe class OrtStatusHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseStatus(handle);
        return true;
    }
}

internal sealed unsafe class OrtEnvHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseEnv(handle);
        return true;
    }
}

internal sealed unsafe class OrtSessionOptionsHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseSessionOptions(handle);
        return true;
    }
}

internal sealed unsafe class OrtSessionHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseSession(handle);
        return true;
    }
}

internal sealed unsafe class OrtMemoryInfoHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseMemoryInfo(handle);
        return true;
    }
}

internal sealed unsafe class OrtValueHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseValue(handle);
        return true;
    }
}
