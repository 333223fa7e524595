namespace VmafRoi.Sdk.Tasks.Metadata;

/// <summary>Item metadata names the tasks read and write, as the SDK README documents them.</summary>
public static class MetadataNames
{
    public const string Reference = "Reference";
    public const string MinVmafRoi = "MinVmafRoi";
    public const string MinVmaf = "MinVmaf";
    public const string Weight = "Weight";
    public const string SaliencyModel = "SaliencyModel";
    public const string Threshold = "Threshold";
    public const string Fade = "Fade";
    public const string Model = "Model";
    public const string Engine = "Engine";
    public const string Width = "Width";
    public const string Height = "Height";
    public const string PixFmt = "PixFmt";
    public const string Threads = "Threads";

    /// <summary>Where a task writes (or the gate keeps) an item's JSON result.</summary>
    public const string ResultFile = "ResultFile";

    /// <summary>The item's HTML report (gates with <c>VmafRoiReport=true</c>).</summary>
    public const string ReportFile = "ReportFile";

    /// <summary>A per-clip saliency sidecar (MessagePack) to reuse or write.</summary>
    public const string Sidecar = "Sidecar";

    public const string VmafRoi = "VmafRoi";
    public const string VmafFull = "VmafFull";
    public const string VmafMasked = "VmafMasked";
    public const string Vmaf = "Vmaf";
    public const string ErrorCode = "ErrorCode";

    // Written by VmafRoiGatePrepare for VmafRoiGateReport.
    public const string GateName = "GateName";
    public const string GateId = "GateId";
    public const string InputKey = "InputKey";
    public const string StampFile = "StampFile";
    public const string Run = "Run";
}
