using VmafRoi.VmafRunner.Engine.Features.OptionTable;

namespace VmafRoi.VmafRunner.Engine.Features.Cambi;

/// <summary>CAMBI's options (libvmaf 3.2.0 <c>cambi.c</c>, 05-cambi.md), validated, with the values the kernel uses.</summary>
public sealed class CambiOptions
{
    public const string Bt1886 = "bt1886";
    public const string Pq = "pq";

    private const double DefaultTopK = 0.6;

    private CambiOptions(ExtractorOptionValues values)
    {
        Values = values;
        MaxValue = values.Number("cambi_max_val");
        EncWidth = values.Int("enc_width");
        EncHeight = values.Int("enc_height");
        EncBitDepth = values.Int("enc_bitdepth");
        SrcWidth = values.Int("src_width");
        SrcHeight = values.Int("src_height");
        WindowSize = values.Int("window_size");
        double topk = values.Number("topk");
        TopK = topk != DefaultTopK ? topk : values.Number("cambi_topk");
        TviThreshold = values.Number("tvi_threshold");
        VisibilityLuminanceThreshold = values.Number("cambi_vis_lum_threshold");
        MaxLogContrast = values.Int("max_log_contrast");
        HeatmapsPath = values.Text("heatmaps_path");
        FullReference = values.Bool("full_ref");
        string cambiEotf = values.Text("cambi_eotf")!;
        Eotf = cambiEotf != Bt1886 ? cambiEotf : values.Text("eotf")!;
        HighResSpeedup = values.Int("cambi_high_res_speedup");
    }

    /// <summary>The option table, in libvmaf's order.</summary>
    public static IReadOnlyList<ExtractorOption> Table { get; } =
    [
        ExtractorOption.Double("cambi_max_val", "cmxv", 1000.0, 0.0, 1000.0, true, "upper clip of the score"),
        ExtractorOption.Int("enc_width", "encw", 0, 180, 7680, true, "processing width (0: the input width)"),
        ExtractorOption.Int("enc_height", "ench", 0, 150, 7680, true, "processing height (0: the input height)"),
        ExtractorOption.Int("enc_bitdepth", "encbd", 0, 6, 16, true, "encoding bit depth (0: the input's); below 10 enables anti-dithering"),
        ExtractorOption.Int("src_width", "srcw", 0, 320, 7680, true, "full_ref only: reference processing width"),
        ExtractorOption.Int("src_height", "srch", 0, 200, 4320, true, "full_ref only: reference processing height"),
        ExtractorOption.Int("window_size", "ws", 65, 15, 127, true, "window at 4K (65 is about one degree), scaled with the resolution"),
        ExtractorOption.Double("topk", null, DefaultTopK, 0.0001, 1.0, true, "share of the highest c-values pooled (used when not 0.6)"),
        ExtractorOption.Double("cambi_topk", "ctpk", DefaultTopK, 0.0001, 1.0, true, "share of the highest c-values pooled"),
        ExtractorOption.Double("tvi_threshold", "tvit", 0.019, 0.0001, 1.0, true, "visibility threshold dL/L"),
        ExtractorOption.Double("cambi_vis_lum_threshold", "vlt", 0.0, 0.0, 300.0, true, "luminance (cd/m2) below which banding is ignored"),
        ExtractorOption.Int("max_log_contrast", "mlc", 2, 0, 5, true, "2^mlc contrast steps (10-bit codes) are considered"),
        ExtractorOption.Text("heatmaps_path", null, null, null, false, "folder for per-scale c-value heat maps (see ICambiHeatmapSink)"),
        ExtractorOption.Bool("full_ref", null, false, false, "also score the reference and report the difference"),
        ExtractorOption.Text("eotf", null, Bt1886, [Bt1886, Pq], true, "EOTF of the visibility thresholds"),
        ExtractorOption.Text("cambi_eotf", "ceot", Bt1886, [Bt1886, Pq], true, "EOTF of the visibility thresholds (wins when not bt1886)"),
        ExtractorOption.Int("cambi_high_res_speedup", "hrs", 0, 0, 2160, true, "1080/1440/2160: smallest resolution at which CAMBI runs at half size"),
    ];

    /// <summary>All defaults.</summary>
    public static CambiOptions Default { get; } = Parse(null);

    /// <summary>The validated values (names, suffix, de-duplication key).</summary>
    public ExtractorOptionValues Values { get; }

    public double MaxValue { get; }

    public int EncWidth { get; }

    public int EncHeight { get; }

    public int EncBitDepth { get; }

    public int SrcWidth { get; }

    public int SrcHeight { get; }

    public int WindowSize { get; }

    /// <summary>The pooled share in effect: <c>topk</c> when set, else <c>cambi_topk</c>.</summary>
    public double TopK { get; }

    public double TviThreshold { get; }

    public double VisibilityLuminanceThreshold { get; }

    public int MaxLogContrast { get; }

    public string? HeatmapsPath { get; }

    public bool FullReference { get; }

    /// <summary>The EOTF in effect: <c>cambi_eotf</c> when not bt1886, else <c>eotf</c>.</summary>
    public string Eotf { get; }

    public int HighResSpeedup { get; }

    /// <summary>Validates options given by name or alias (see <see cref="ExtractorOptionValues.Parse"/>).</summary>
    /// <exception cref="VmafRoi.Contracts.InvalidInputException">An unknown option or a bad value.</exception>
    public static CambiOptions Parse(IReadOnlyDictionary<string, object>? values) =>
        new(ExtractorOptionValues.Parse(CambiExtractor.ExtractorName, Table, values));
}
