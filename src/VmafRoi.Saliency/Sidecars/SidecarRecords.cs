using MessagePack;

namespace VmafRoi.Saliency.Sidecars;

/// <summary>One frame map of a sidecar file (docs/sidecar.md, "Frame maps"), as MessagePack-CSharp writes it.</summary>
[MessagePackObject]
public sealed class SidecarFrameRecord
{
    /// <summary>Always <c>frame</c>.</summary>
    [Key("kind")]
    public string Kind { get; } = "frame";

    /// <summary>The frame's index in the reference clip.</summary>
    [Key("frame")]
    public int Frame { get; init; }

    /// <summary>SHA-256 of the uncompressed quantised samples (32 bytes).</summary>
    [Key("sha256")]
    public byte[] Sha256 { get; init; } = [];

    /// <summary>The quantised samples, stored as the header's <c>compression</c> says.</summary>
    [Key("data")]
    public ReadOnlyMemory<byte> Data { get; init; }
}

/// <summary>The footer map that ends a sidecar file (docs/sidecar.md, "Footer map").</summary>
[MessagePackObject]
public sealed class SidecarFooterRecord
{
    /// <summary>Always <c>end</c>.</summary>
    [Key("kind")]
    public string Kind { get; } = "end";

    /// <summary>How many frame maps the file holds.</summary>
    [Key("frame_count")]
    public int FrameCount { get; init; }

    /// <summary>SHA-256 over the stored <c>data</c> bytes of every frame, in file order (32 bytes).</summary>
    [Key("frames_sha256")]
    public byte[] FramesSha256 { get; init; } = [];
}
