using System.CommandLine;
using VmafRoi.Aggregators;
using VmafRoi.Cli;
using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters.Formats;
using VmafRoi.EncoderAdapters.Planning;
using VmafRoi.Saliency;
using VmafRoi.Yuv;

namespace VmafRoi.Tools.Roi;

/// <summary><c>vmaf-roi qp</c>: seed 000's per-block QP-offset sidecars, for every frame, in layouts encoders really read.</summary>
public static class QpCommand
{
    /// <summary>The command; progress is drawn on stderr only when <paramref name="stderrIsTerminal"/>.</summary>
    public static Command Create(bool stderrIsTerminal = false)
    {
        var input = new Option<string>("--input") { Description = "the clip: raw YUV (with --width/--height/--pix-fmt), Y4M or any container", Required = true, HelpName = "PATH" };
        var width = CommonOptions.WithHelp(PlainNumber.OptionalInteger("--width"), "raw YUV width", "N");
        var height = CommonOptions.WithHelp(PlainNumber.OptionalInteger("--height"), "raw YUV height", "N");
        var pixFmt = new Option<string?>("--pix-fmt") { Description = "raw YUV pixel format (default yuv420p)", HelpName = "FMT" };
        var model = CommonOptions.SaliencyModel(" (default: default)");
        var colorMatrix = CommonOptions.ColorMatrix();
        var normalization = CommonOptions.SaliencyNormalization();
        var sidecar = new Option<string?>("--sidecar") { Description = "the clip's saliency sidecar to reuse or write (default: a temporary one)", HelpName = "PATH" };
        var sidecarMode = CommonOptions.SidecarMode();
        var strength = CommonOptions.WithHelp(PlainNumber.Real("--strength", 6), "offset = clamp(round(-strength * (2s - 1)), -12, 12): fully salient blocks get -strength", "S");
        var ctu = CommonOptions.WithHelp(PlainNumber.Integer("--ctu", 64), "block edge in pixels, 8 to 128, for every layout but --svt-roi-map (always 64); 16 matches x264/x265, 8 VP9", "N");
        var levels = CommonOptions.WithHelp(PlainNumber.Integer("--levels", 5), "offset levels for --addroi and --svt-roi-map: 3, 5 or 7 (the other layouts keep every offset)", "N");
        var segments = new Option<bool>("--segments") { Description = "one map per plan segment (scene cuts, mask changes; aggregated masks), as vmaf-tune encodes, instead of every frame's own mask" };
        var aggregator = new Option<string>("--aggregator") { Description = "with --segments: temporal reducer of each segment's sampled masks", DefaultValueFactory = _ => AggregatorNames.Mean }.AcceptOnlyFromAmong([.. AggregatorNames.All]);
        var addroiEncoder = new Option<string>("--addroi-encoder") { Description = "qoffset scale of --addroi: libx264 (QP/51 at 8 bits), libx265 (QP/51) or libvpx-vp9 (VP9 q/63)", DefaultValueFactory = _ => "libx264" }.AcceptOnlyFromAmong("libx264", "libx265", "libvpx-vp9");
        var addroi = new Option<string?>("--addroi") { Description = "ffmpeg filter script of addroi filters (-filter_script:v FILE), read by libx264, libx265 and libvpx-vp9; frames with equal maps share a split/trim/concat branch", HelpName = "FILE" };
        var svt = new Option<string?>("--svt-roi-map") { Description = "SVT-AV1 roi-map text for SvtAv1EncApp --roi-map-file (SVT-AV1 1.6 and newer; unverified here, 1.4.1 has no ROI)", HelpName = "FILE" };
        var json = new Option<string?>("--grid-json") { Description = "neutral grid as JSON (every frame's offsets by block row), for other tools", HelpName = "FILE" };
        var csv = new Option<string?>("--grid-csv") { Description = "neutral grid as CSV: frame,row,col,x,y,width,height,qp_offset", HelpName = "FILE" };
        var seedQpfile = new Option<string?>("--seed-qpfile") { Description = "seed 000's ASCII grid ('# vmaf-roi qpfile (x265, --qpfile-style)'); compatibility only: read by no encoder (x265's --qpfile is frame-level)", HelpName = "FILE" };
        var seedInt8 = new Option<string?>("--seed-int8") { Description = "seed 000's raw int8 bytes, row-major; compatibility only: read by no encoder", HelpName = "FILE" };
        var quiet = CommonOptions.Quiet();
        var command = new Command("qp", "Per-frame per-block QP offsets from saliency, in the layouts encoders read (addroi script, SVT-AV1 roi map), a neutral grid (JSON, CSV) and seed 000's two layouts.")
        {
            input, width, height, pixFmt, model, colorMatrix, normalization, sidecar, sidecarMode, strength, ctu, levels, segments, aggregator, addroiEncoder,
            addroi, svt, json, csv, seedQpfile, seedInt8, quiet,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            TextWriter stderr = parse.InvocationConfiguration.Error;
            QpSidecarResult result = CommandProgress.Run(stderr, CommandProgress.ShouldShow(stderrIsTerminal, parse.GetValue(quiet)), (progress, note) => QpSidecars.Run(
                new QpSidecarRequest
                {
                    Input = parse.GetRequiredValue(input),
                    ReaderOptions = new FrameReaderOptions
                    {
                        Width = parse.GetValue(width),
                        Height = parse.GetValue(height),
                        Format = parse.GetValue(pixFmt) is { } f ? YuvFormat.Parse(f) : null,
                    },
                    Model = parse.GetValue(model) ?? SaliencyModels.DefaultName,
                    ColorMatrix = SaliencyOptions.ParseColorMatrix(parse.GetValue(colorMatrix)!),
                    Normalization = SaliencyOptions.ParseNormalization(parse.GetValue(normalization)!),
                    Sidecar = parse.GetValue(sidecar),
                    SidecarMode = CommonOptions.SidecarCacheMode(parse.GetValue(sidecarMode)),
                    Strength = parse.GetValue(strength),
                    Ctu = parse.GetValue(ctu),
                    Levels = parse.GetValue(levels),
                    Segments = parse.GetValue(segments),
                    Plan = new PlanOptions { Aggregator = AggregatorSpec.Create(parse.GetValue(aggregator)!) },
                    AddroiEncoder = parse.GetValue(addroiEncoder)!,
                    AddroiPath = parse.GetValue(addroi),
                    SvtRoiMapPath = parse.GetValue(svt),
                    GridJsonPath = parse.GetValue(json),
                    GridCsvPath = parse.GetValue(csv),
                    SeedQpfilePath = parse.GetValue(seedQpfile),
                    SeedInt8Path = parse.GetValue(seedInt8),
                    Progress = progress,
                    Log = text => note($"{RoiCommand.ToolName}: {text}"),
                },
                cancellationToken));
            TextWriter output = parse.InvocationConfiguration.Output;
            foreach ((string flag, string path) in result.Outputs)
            {
                output.WriteLine($"{flag.TrimStart('-')}: {path} ({result.Frames} frames{(flag == "--addroi" ? $", {result.AddroiBranches} branch{(result.AddroiBranches == 1 ? string.Empty : "es")}" : string.Empty)})");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
