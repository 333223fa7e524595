using VmafRoi.Contracts;
using VmafRoi.EncoderAdapters.Adapters;
using VmafRoi.EncoderAdapters.Encoding;
using VmafRoi.TestShared;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.EncoderAdapters.Tests;

/// <summary>
/// Every way an encoder here leaves an ROI plan out, from roi-encoders.md, with real encodes: each exits 0, so each must
/// be caught from its stderr (or, where the encoder says nothing, never be used).
/// </summary>
public sealed class DetectionTests
{
    [Theory]
    [InlineData("libx264", "ultrafast", null)]
    [InlineData("libx264", "medium", "psnr")]
    [InlineData("libx265", "ultrafast", null)]
    [InlineData("libx265", "superfast", null)]
    [InlineData("libx265", "medium", "grain")]
    public void A_preset_or_tune_that_turns_aq_off_makes_x26x_skip_the_plan_unless_aq_is_forced(string encoder, string preset, string? tune)
    {
        using var folder = new TempFolder();

        using (SaliencyEncodeSession unforced = SaliencyEncoder.Start(Encodes.Request(folder, encoder, preset, tune, forceAq: false)))
        {
            Assert.False(unforced.Report.RoiApplied);
            Assert.False(unforced.Keep);
            Assert.Contains(unforced.Warnings, line => line.Contains("Adaptive quantization must be enabled to use ROI encoding, skipping ROI", StringComparison.Ordinal));
        }

        using SaliencyEncodeSession forced = SaliencyEncoder.Start(Encodes.Request(folder, encoder, preset, tune, forceAq: true));
        Assert.True(forced.Report.RoiApplied, string.Join('\n', forced.Warnings));
        Assert.Empty(forced.Warnings);
        Assert.NotEqual(Encodes.Plain(forced, folder), File.ReadAllBytes(forced.EncodedFile));
    }

    [Theory]
    [InlineData("-deadline", "good")]
    [InlineData("-cpu-used", "4")]
    [InlineData("-aq-mode", "3")]
    public void Vp9_outside_realtime_cpu_used_5_and_aq_mode_0_skips_the_plan(string option, string value)
    {
        using var folder = new TempFolder();
        using SaliencyEncodeSession session = SaliencyEncoder.Start(Encodes.Request(folder, "libvpx-vp9", extra: [option, value]));

        Assert.False(session.Report.RoiApplied);
        Assert.Contains(session.Warnings, line => line.Contains("ROI is only enabled when aq_mode is 0, cpu_used >= 5 and deadline is REALTIME, so skipping ROI", StringComparison.Ordinal));
    }

    [Fact]
    public void Vp9_in_its_roi_mode_applies_the_plan()
    {
        using var folder = new TempFolder();
        using SaliencyEncodeSession session = SaliencyEncoder.Start(Encodes.Request(folder, "libvpx-vp9"));

        Assert.True(session.Report.RoiApplied, string.Join('\n', session.Warnings));
        Assert.Equal("addroi", session.Report.RoiMechanism);
    }

    public static TheoryData<string, string[], string> RejectedOptions => new()
    {
        // More than 7 distinct non-zero offsets: VP9 keeps 7 and drops the rest.
        { "libvpx-vp9", ["-deadline", "realtime", "-cpu-used", "6", "-aq-mode", "0", "-crf", "35", "-b:v", "0", "-filter_script:v", "{nine}"], "ROI only supports 8 segments" },
        // The seed's own paths: frame-level or unknown options that ffmpeg only warns about.
        { "libx264", ["-x264-params", "qpfile=frames.txt"], "Error parsing option" },
        { "libx265", ["-x265-params", "qpfile=frames.txt"], "Unknown option: qpfile" },
        { "libsvtav1", ["-svtav1-params", "roi-map-file=roi.txt"], "Error parsing option roi-map-file" },
    };

    [Theory]
    [MemberData(nameof(RejectedOptions))]
    public void An_option_the_encoder_rejects_is_caught_from_its_warning(string encoder, string[] options, string expected)
    {
        using var folder = new TempFolder();
        string nine = folder.File("nine.filter");
        File.WriteAllText(nine, string.Join(',', Enumerable.Range(1, 9).Select(i => $"addroi=x={(i - 1) * 16}:y=0:w=16:h=16:qoffset=-{i}/51").Append("addroi=x=0:y=0:w=iw:h=ih:qoffset=4/51")));
        string[] arguments = ["-hide_banner", "-nostats", "-loglevel", "info", "-y", "-f", "yuv4mpegpipe", "-i", "pipe:0", "-c:v", encoder, .. options.Select(o => o.Replace("{nine}", nine, StringComparison.Ordinal)), "-f", "matroska", folder.File("out.mkv")];

        EncoderRun run = EncoderProcess.Run(Ffmpeg.FfmpegPath(), arguments, stdin => File.OpenRead(Encodes.Clip).CopyTo(stdin), "test encode");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Log.Warnings, line => line.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("libsvtav1", "-preset", "12")]
    [InlineData("libaom-av1", "-cpu-used", "8")]
    public void Av1_encoders_ignore_addroi_silently_so_their_route_is_the_prefilter(string encoder, string option, string value)
    {
        using var folder = new TempFolder();
        string script = folder.File("roi.filter");
        File.WriteAllText(script, "addroi=x=48:y=16:w=80:h=96:qoffset=-8/51,addroi=x=0:y=0:w=iw:h=ih:qoffset=8/51");
        byte[] Encode(bool roi)
        {
            string file = folder.File($"{roi}.ivf");
            string[] arguments = ["-hide_banner", "-nostats", "-y", "-f", "yuv4mpegpipe", "-i", "pipe:0", .. roi ? new[] { "-filter_script:v", script } : [], "-c:v", encoder, option, value, "-f", "ivf", file];
            EncoderRun run = EncoderProcess.Run(Ffmpeg.FfmpegPath(), arguments, stdin => File.OpenRead(Encodes.Clip).CopyTo(stdin), "test encode");
            Assert.Empty(run.Log.Warnings);
            return File.ReadAllBytes(file);
        }

        // Bit-identical, and not a word: no stderr check could catch it.
        Assert.Equal(Encode(roi: false), Encode(roi: true));
        Assert.Equal(RoiMechanisms.Prefilter, EncoderCatalog.Find(encoder)!.Mechanism);
    }

    [Theory]
    [InlineData("libsvtav1", "12")]
    [InlineData("libaom-av1", "8")]
    public void The_prefilter_route_changes_the_encode_and_reports_itself(string encoder, string preset)
    {
        using var folder = new TempFolder();
        using SaliencyEncodeSession session = SaliencyEncoder.Start(Encodes.Request(folder, encoder, preset, crf: 40) with { Prefilter = new Prefilter.PrefilterOptions { Threshold = 0.5f, Strength = 1 } });

        Assert.True(session.Report.RoiApplied);
        Assert.Equal("prefilter", session.Report.RoiMechanism);
        Assert.Empty(session.Report.Plan!.OffsetsUsed);
        Assert.NotEqual(Encodes.Plain(session, folder), File.ReadAllBytes(session.EncodedFile));
    }

    [Fact]
    public void Svt_av1_here_has_no_roi_map_file_so_that_route_is_never_taken()
    {
        // Installed (Debian's svt-av1 is 1.4.1) it rejects the option outright (roi-encoders.md: rc=1); absent, there is no app route either.
        if (ExternalTool.TryFind(SvtAv1App.Name) is { } app)
        {
            ProcessResult rejected = ExternalTool.Run(app, ["--roi-map-file", "roi.txt", "-i", "none.y4m", "-b", "none.ivf"]);
            Assert.NotEqual(0, rejected.ExitCode);
        }

        Assert.Null(SvtAv1App.FindWithRoiMap());
        Assert.Equal(RoiMechanisms.Prefilter, new SvtAv1Adapter().Mechanism);
    }

    [Fact]
    public void An_encoder_without_a_route_is_the_seeds_usage_error_unless_a_plain_encode_is_allowed()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<UsageException>(() => SaliencyEncoder.Start(Encodes.Request(folder, "libvvenc")));
        Assert.Equal(ExitCodes.Usage, ExitCodeMapper.From(error));
        Assert.StartsWith("saliency ROI is not implemented for encoder 'libvvenc'.\nSupported encoders: libx264, libx265, libvpx-vp9, libsvtav1, libaom-av1\n", error.Message, StringComparison.Ordinal);

        var notes = new List<string>();
        using SaliencyEncodeSession plain = SaliencyEncoder.Start(Encodes.Request(folder, "mpeg4") with { FallbackPlain = true, Log = notes.Add });
        Assert.False(plain.Report.SaliencyAware);
        Assert.Equal("none", plain.Report.RoiMechanism);
        Assert.Null(plain.Report.Plan);
        Assert.Contains(notes, n => n.StartsWith("ERROR: saliency ROI is not implemented for encoder 'mpeg4'", StringComparison.Ordinal));
    }
}
