using System.CommandLine;
using VmafRoi.Cli;
using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters;
using VmafRoi.Tuning;

namespace VmafRoi.Tools.Tune;

/// <summary><c>vmaf-tune</c>: saliency-aware encoding and an ROI-aware CRF search.</summary>
public static class TuneCommand
{
    public const string ToolName = "vmaf-tune";

    /// <summary>The root command; progress is drawn on stderr only when <paramref name="stderrIsTerminal"/>.</summary>
    public static RootCommand Create(bool stderrIsTerminal = false) => new("Saliency-aware encoding through what each encoder really honours, and an ROI-aware target-quality CRF search.")
    {
        RecommendSaliencyCommand.Create(stderrIsTerminal),
        CrfSearchCommand.Create(stderrIsTerminal),
    };

    /// <summary>Runs the tool in-process (tests call this; no child process).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal = false, CancellationToken cancellationToken = default) =>
        CliHost.Run(ToolName, Create(stderrIsTerminal), args, stdout, stderr, cancellationToken: cancellationToken);
}

/// <summary>
/// <c>vmaf-tune recommend-saliency</c>: one saliency-aware encode (seed 002), with the encoder's real mechanism, a check
/// that the plan took effect, and with <c>--verify</c> a plain encode at the same size scored beside it.
/// </summary>
public static class RecommendSaliencyCommand
{
    public static Command Create(bool stderrIsTerminal)
    {
        var options = new EncodeOptions();
        var output = new Option<string>("--output") { Description = "the encoded file (written atomically; the container follows its extension)", Required = true, HelpName = "PATH" };
        var crf = CommonOptions.WithHelp(PlainNumber.Real("--crf", 23), "base quality before ROI offsets", "CRF");
        var report = new Option<string?>("--report") { Description = "write the JSON report to this file (atomically) instead of stdout", HelpName = "PATH" };
        var verify = new Option<bool>("--verify") { Description = "also encode plainly at the same size (CRF matched to ±2 %) and score both: VMAF, ROI-VMAF, PSNR inside and outside the salient region" };
        var tolerance = CommonOptions.WithHelp(PlainNumber.Real("--verify-tolerance", 0.02), "size tolerance of the matched plain encode", "F");
        var command = new Command("recommend-saliency", "Encode with saliency ROI through the encoder's real mechanism; fails (exit 81) when the encoder skipped the plan.")
        {
            output, crf, report, verify, tolerance,
        };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, options, output, crf, report, verify, tolerance, stderrIsTerminal, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parse, EncodeOptions options, Option<string> output, Option<double> crf, Option<string?> report, Option<bool> verify, Option<double> tolerance, bool stderrIsTerminal, CancellationToken cancellationToken)
    {
        TextWriter stderr = parse.InvocationConfiguration.Error;
        string? reportPath = parse.GetValue(report);
        SaliencyEncodeReport result = CommandProgress.Run(stderr, CommandProgress.ShouldShow(stderrIsTerminal, parse.GetValue(options.Quiet)), (progress, note) =>
        {
            SaliencyEncodeRequest request = options.ToRequest(parse, parse.GetRequiredValue(output), parse.GetValue(crf), saliencyAware: true, progress, text => note($"{TuneCommand.ToolName}: {text}"));
            if (reportPath is not null && reportPath != "-")
            {
                Yuv.IO.AtomicFile.CheckTarget(reportPath, "--report", request.Source, request.Output);
            }

            using SaliencyEncodeSession session = SaliencyEncoder.Start(request, cancellationToken);
            if (!session.Keep)
            {
                return session.Report with { Output = null };
            }

            SaliencyEncodeVerify? comparison = null;
            if (parse.GetValue(verify))
            {
                if (session.Report.SaliencyAware)
                {
                    ScoreSetup scoring = options.ToScoring(parse, request, session.Prepared.SaliencyModel, session.Prepared.Sidecar) with { Source = session.Prepared.Source, SourceOptions = session.Prepared.ReaderOptions };
                    comparison = MatchedSizeVerifier.Verify(session, scoring, new VerifyOptions { SizeTolerance = parse.GetValue(tolerance), Log = request.Log }, cancellationToken);
                }
                else
                {
                    request.Log?.Invoke("note: --verify skipped: a plain encode has nothing to compare");
                }
            }

            session.Commit(cancellationToken);
            return session.Report with { Verify = comparison };
        });

        ResultWriter.Write(ContractJson.Serialize(result), reportPath, parse.InvocationConfiguration.Output, cancellationToken);
        if (result.SaliencyAware && !result.RoiApplied && result.Output is null)
        {
            throw new RoiNotAppliedException(
                $"{result.Encoder} did not apply the saliency ROI plan (see the encoder's lines above); no encode was kept. Pass --saliency-fallback-plain to keep a plain encode instead",
                string.Empty);
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>vmaf-tune crf-search</c>: the highest CRF that meets a VMAF or ROI-VMAF target, with or without saliency ROI.</summary>
public static class CrfSearchCommand
{
    public static Command Create(bool stderrIsTerminal)
    {
        var options = new EncodeOptions();
        var targetRoi = CommonOptions.WithHelp(PlainNumber.OptionalReal("--target-vmaf-roi"), "find the highest CRF whose ROI-VMAF is at least T", "T");
        var targetVmaf = CommonOptions.WithHelp(PlainNumber.OptionalReal("--target-vmaf"), "find the highest CRF whose full-frame VMAF is at least T", "T");
        var noSaliency = new Option<bool>("--no-saliency") { Description = "search plain encodes (no ROI plan)" };
        var comparePlain = new Option<bool>("--compare-plain") { Description = "also search without ROI and report the bitrate the saliency plan saves at the same target" };
        var samples = CommonOptions.WithHelp(PlainNumber.Integer("--samples", 3), "segments sampled from the clip", "N");
        var sampleSeconds = CommonOptions.WithHelp(PlainNumber.Real("--sample-seconds", 2), "length of each sample", "S");
        var maxProbes = CommonOptions.WithHelp(PlainNumber.Integer("--max-probes", 8), "most encodes per search", "N");
        var startCrf = CommonOptions.WithHelp(PlainNumber.OptionalReal("--start-crf"), "CRF of the first probe (default: the encoder's usual CRF)", "CRF");
        var output = CommonOptions.Output();
        var command = new Command("crf-search", "Find the highest CRF whose encode meets a VMAF or ROI-VMAF target, from sampled segments, with the search trace.")
        {
            targetRoi, targetVmaf, noSaliency, comparePlain, samples, sampleSeconds, maxProbes, startCrf, output,
        };
        options.AddTo(command);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(targetRoi) is null) == (result.GetValue(targetVmaf) is null))
            {
                result.AddError("give exactly one of --target-vmaf-roi and --target-vmaf");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            TextWriter stderr = parse.InvocationConfiguration.Error;
            string? outputPath = parse.GetValue(output);
            CrfSearchReport report = CommandProgress.Run(stderr, CommandProgress.ShouldShow(stderrIsTerminal, parse.GetValue(options.Quiet)), (progress, note) =>
            {
                bool aware = !parse.GetValue(noSaliency);
                SaliencyEncodeRequest encode = options.ToRequest(parse, "search.mkv", 0, aware, progress, text => note($"{TuneCommand.ToolName}: {text}"));
                if (outputPath is not null && outputPath != "-")
                {
                    Yuv.IO.AtomicFile.CheckTarget(outputPath, "--output", encode.Source);
                }

                return CrfSearch.Run(
                    new CrfSearchRequest
                    {
                        Encode = encode,
                        Target = parse.GetValue(targetRoi) ?? parse.GetValue(targetVmaf)!.Value,
                        TargetKind = parse.GetValue(targetRoi) is not null ? TargetKinds.VmafRoi : TargetKinds.Vmaf,
                        ComparePlain = parse.GetValue(comparePlain),
                        Samples = parse.GetValue(samples),
                        SampleSeconds = parse.GetValue(sampleSeconds),
                        MaxProbes = parse.GetValue(maxProbes),
                        StartCrf = parse.GetValue(startCrf),
                        Scoring = options.ToScoring(parse, encode, null, null),
                    },
                    cancellationToken);
            });

            ResultWriter.Write(ContractJson.Serialize(report), outputPath, parse.InvocationConfiguration.Output, cancellationToken);
            if (!report.Result.TargetMet)
            {
                throw new QualityGateFailedException($"no CRF of {report.Encoder} reached {report.TargetKind} {report.Target.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} (the lowest probed, {report.Result.Crf.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, scored {report.Result.PredictedScore.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}); the report was written");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
