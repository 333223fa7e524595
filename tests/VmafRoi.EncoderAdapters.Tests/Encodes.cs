using VmafRoi.EncoderAdapters.Adapters;
using VmafRoi.TestShared;

namespace VmafRoi.EncoderAdapters.Tests;

/// <summary>Small real encodes of a shared natural clip for the adapter tests.</summary>
internal static class Encodes
{
    /// <summary>carphone, first 16 frames (176x144): a few real encodes per second even on a loaded machine.</summary>
    public static string Clip => NaturalClips.Carphone(16);

    public static SaliencyEncodeRequest Request(TempFolder folder, string encoder, string preset = "medium", string? tune = null, bool forceAq = true, double crf = 30, params string[] extra) => new()
    {
        Source = Clip,
        Encoder = encoder,
        Output = folder.File($"out-{Guid.NewGuid():N}.mkv"),
        Settings = new EncodeSettings { Preset = preset, Tune = tune, Crf = crf, ForceAq = forceAq, ExtraArguments = extra },
        Plan = new Planning.PlanOptions { SalientOffset = -6 },
    };

    /// <summary>A plain encode of the same request at the same settings, for A/B comparisons.</summary>
    public static byte[] Plain(SaliencyEncodeSession session, TempFolder folder)
    {
        string file = folder.File($"plain-{Guid.NewGuid():N}.mkv");
        session.Prepared.Encode(file, "matroska", session.Request.Settings, roi: false);
        return File.ReadAllBytes(file);
    }
}
