using VmafRoi.Yuv;

namespace VmafRoi.Sdk.Tasks.Metadata;

/// <summary>How to open a clip an item names: raw geometry from <c>Width</c>/<c>Height</c>/<c>PixFmt</c>, nothing for Y4M and containers.</summary>
public static class ClipOptions
{
    /// <summary>Reader options from the item's metadata; bad values become problems on <paramref name="reader"/>.</summary>
    public static FrameReaderOptions Read(MetadataReader reader)
    {
        int? width = reader.Integer(MetadataNames.Width, 1);
        int? height = reader.Integer(MetadataNames.Height, 1);
        YuvFormat? format = null;
        if (reader.Text(MetadataNames.PixFmt) is { } name)
        {
            if (YuvFormat.TryParse(name, out YuvFormat? parsed, out string? error))
            {
                format = parsed;
            }
            else
            {
                reader.Add(GateCodes.MetadataInvalid, $"PixFmt: {error}");
            }
        }

        return new FrameReaderOptions { Width = width, Height = height, Format = format };
    }

    /// <summary>Options that open <paramref name="path"/>: raw input defaults to yuv420p, as the commands do.</summary>
    public static FrameReaderOptions For(string path, FrameReaderOptions options) =>
        FrameReader.DetectKind(path, options) == InputKind.Raw
            ? options with { Kind = InputKind.Raw, Format = options.Format ?? YuvFormat.Yuv420P }
            : options;
}
