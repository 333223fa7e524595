using System.Globalization;
using VmafRoi.Sdk.Tasks.Metadata;

namespace VmafRoi.Sdk.Tasks.Running;

/// <summary>The <c>vmaf-roi-score</c> command line for one item, as tokens (never one quoted string).</summary>
public static class RoiScoreArguments
{
    /// <summary>
    /// Tokens for scoring <paramref name="item"/> into <paramref name="output"/>; flags whose metadata is empty are left
    /// out so the tool's own default applies.
    /// </summary>
    public static IReadOnlyList<string> For(RoiItem item, string output, string? sidecar = null, string? report = null)
    {
        var args = new List<string>
        {
            "--reference", item.Reference,
            "--distorted", item.Distorted,
            "--saliency-model", item.SaliencyModel,
        };
        AddNumber(args, "--weight", item.Weight);
        AddNumber(args, "--threshold", item.Threshold);
        AddNumber(args, "--fade", item.Fade);
        AddText(args, "--model", item.Model);
        AddText(args, "--engine", item.Engine);
        AddText(args, "--width", item.Width?.ToString(CultureInfo.InvariantCulture));
        AddText(args, "--height", item.Height?.ToString(CultureInfo.InvariantCulture));
        AddText(args, "--pix-fmt", item.PixFmt);
        AddText(args, "--saliency-sidecar", sidecar);
        AddText(args, "--report", report);
        args.Add("--output");
        args.Add(output);
        return args;
    }

    private static void AddNumber(List<string> args, string flag, double? value) =>
        AddText(args, flag, value?.ToString("R", CultureInfo.InvariantCulture));

    private static void AddText(List<string> args, string flag, string? value)
    {
        if (value is not null)
        {
            args.Add(flag);
            args.Add(value);
        }
    }
}
