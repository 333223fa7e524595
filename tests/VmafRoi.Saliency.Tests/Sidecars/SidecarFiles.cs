using System.IO.Compression;
using System.Security.Cryptography;
using VmafRoi.Saliency.Sidecars;

namespace VmafRoi.Saliency.Tests.Sidecars;

/// <summary>Builds sidecar bytes by hand, following docs/sidecar.md, so tests can break one rule at a time.</summary>
internal static class SidecarFiles
{
    /// <summary>The header fields in file order, as (key, writer) pairs.</summary>
    public static List<(string Key, Action<Pack> Value)> HeaderFields(SidecarHeader h) =>
    [
        ("kind", w => w.WriteString("header")),
        ("format", w => w.WriteString(h.Format)),
        ("schema_version", w => w.WriteInt64(h.SchemaVersion)),
        ("model_id", w => w.WriteString(h.ModelId)),
        ("model_sha256", w => w.WriteString(h.ModelSha256)),
        ("reference_sha256", w => w.WriteString(h.ReferenceSha256)),
        ("width", w => w.WriteInt64(h.Width)),
        ("height", w => w.WriteInt64(h.Height)),
        ("pix_fmt", w => w.WriteString(h.PixFmt)),
        ("color_matrix", w => w.WriteString(h.ColorMatrix)),
        ("color_range", w => w.WriteString(h.ColorRange)),
        ("sampling", w => w.WriteString(h.Sampling)),
        ("sample_count", w => w.WriteInt64(h.SampleCount)),
        ("sample_total", w => w.WriteInt64(h.SampleTotal)),
        ("aggregator", w => w.WriteString(h.Aggregator)),
        ("aggregator_alpha", w => w.WriteDouble(h.AggregatorAlpha)),
        ("mask_bits", w => w.WriteInt64(h.MaskBits)),
        ("mask_width", w => w.WriteInt64(h.MaskWidth)),
        ("mask_height", w => w.WriteInt64(h.MaskHeight)),
        ("compression", w => w.WriteString(h.Compression)),
        ("normalization", w => w.WriteString(h.Normalization)),
    ];

    public static void WriteMap(Pack w, IReadOnlyList<(string Key, Action<Pack> Value)> fields)
    {
        w.WriteMapHeader((uint)fields.Count);
        foreach ((string key, Action<Pack> value) in fields)
        {
            w.WriteString(key);
            value(w);
        }
    }

    /// <summary>The stored levels of <see cref="SidecarTestData.Mask"/> for frame <paramref name="index"/>.</summary>
    public static byte[] Levels(int index, int bits = 8)
    {
        float[] mask = SidecarTestData.Mask(index);
        if (bits == 8)
        {
            var levels = new byte[mask.Length];
            MaskQuantisation.Quantise(mask, levels);
            return levels;
        }

        var words = new ushort[mask.Length];
        MaskQuantisation.Quantise(mask, words);
        return words.SelectMany(v => new[] { (byte)v, (byte)(v >> 8) }).ToArray();
    }

    public static byte[] Zlib(byte[] raw)
    {
        using var memory = new MemoryStream();
        using (var zlib = new ZLibStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return memory.ToArray();
    }

    public static List<(string Key, Action<Pack> Value)> FrameFields(int index, byte[] levels, byte[] stored) =>
    [
        ("kind", w => w.WriteString("frame")),
        ("frame", w => w.WriteInt64(index)),
        ("sha256", w => w.WriteBinary(SHA256.HashData(levels))),
        ("data", w => w.WriteBinary(stored)),
    ];

    public static List<(string Key, Action<Pack> Value)> FooterFields(int count, IEnumerable<byte[]> stored) =>
    [
        ("kind", w => w.WriteString("end")),
        ("frame_count", w => w.WriteInt64(count)),
        ("frames_sha256", w => w.WriteBinary(SHA256.HashData(stored.SelectMany(s => s).ToArray()))),
    ];

    /// <summary>A complete, valid zlib sidecar of <paramref name="frames"/> frames, with hooks to alter any map.</summary>
    public static byte[] Build(
        SidecarHeader header,
        int frames = 2,
        Func<List<(string, Action<Pack>)>, List<(string, Action<Pack>)>>? header2 = null,
        Func<int, List<(string, Action<Pack>)>, List<(string, Action<Pack>)>>? frame2 = null,
        Func<List<(string, Action<Pack>)>, List<(string, Action<Pack>)>>? footer2 = null,
        Func<int, byte[], byte[]>? store = null)
    {
        var stored = new List<byte[]>();
        return Pack.Encode(w =>
        {
            WriteMap(w, (header2 ?? (f => f))(HeaderFields(header)));
            for (int i = 0; i < frames; i++)
            {
                byte[] levels = Levels(i, header.MaskBits);
                byte[] data = (store ?? ((_, raw) => header.Compression == SidecarCompression.None ? raw : Zlib(raw)))(i, levels);
                stored.Add(data);
                WriteMap(w, (frame2 ?? ((_, f) => f))(i, FrameFields(i, levels, data)));
            }

            WriteMap(w, (footer2 ?? (f => f))(FooterFields(frames, stored)));
        });
    }

    public static byte[] WithHeaderField(SidecarHeader header, string key, Action<Pack> value) =>
        Build(header, header2: fields => fields.Select(f => f.Item1 == key ? (key, value) : f).ToList());
}
