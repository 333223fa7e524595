namespace VmafRoi.VmafRunner.Engine.Features.Cambi;

/// <summary>
/// Receives CAMBI's per-scale c-value maps of the distorted picture, in libvmaf's <c>heatmaps_path</c> encoding
/// (<c>u16(65535 / (max_weight · ws² / 4) · c)</c>, row-major). libvmaf appends them to
/// <c>&lt;heatmaps_path&gt;/cambi_heatmap_scale_&lt;s&gt;_&lt;w&gt;x&lt;h&gt;_16b.gray</c> at frame offset
/// <c>frame · w · h · 2</c>; where they go is the caller's choice.
/// </summary>
public interface ICambiHeatmapSink
{
    /// <param name="frameIndex">The frame index given to the extractor.</param>
    /// <param name="scale">0..4.</param>
    /// <param name="width">The map's width. libvmaf names the file after the enc size halved per scale, which differs only with the high-resolution speed-up.</param>
    /// <param name="height">The map's height.</param>
    /// <param name="values"><c>width · height</c> values.</param>
    void Write(int frameIndex, int scale, int width, int height, ReadOnlySpan<ushort> values);
}
