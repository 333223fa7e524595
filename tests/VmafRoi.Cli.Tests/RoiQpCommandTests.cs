using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.Roi;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.Cli.Tests;

/// <summary><c>vmaf-roi qp</c>: every layout, for every frame, from exact masks.</summary>
public sealed class RoiQpCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_layout_holds_every_frame_and_the_addroi_script_encodes()
    {
        const int Frames = 8;
        string clip = NaturalClips.Carphone(Frames);
        string model = TestModels.Write(_temp, "box", TestModels.BoxMask(176, 144, 48, 32, 112, 96));
        string F(string name) => _temp.File(name);

        (int code, string stdout, string stderr) = Run(
            "qp", "--input", clip, "--saliency-model", model, "--ctu", "16",
            "--addroi", F("a.filter"), "--svt-roi-map", F("svt.txt"), "--grid-json", F("g.json"), "--grid-csv", F("g.csv"), "--seed-qpfile", F("s.txt"), "--seed-int8", F("s.bin"));

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains($"addroi: {F("a.filter")} ({Frames} frames, 1 branch)", stdout);

        // 11x9 blocks of 16: inside the box every block is fully salient, so -6 (strength 6); outside +6.
        Assert.Equal(Frames * 11 * 9, new FileInfo(F("s.bin")).Length);
        string[] qpfile = File.ReadAllLines(F("s.txt"));
        Assert.Equal(Frames * (2 + 9), qpfile.Length);
        Assert.Equal("# frame=0 ctu=16 cols=11 rows=9 strength=6", qpfile[1]);
        Assert.Equal("6 6 6 -6 -6 -6 -6 6 6 6 6", qpfile[2 + 3]);
        Assert.Equal(1 + (Frames * 11 * 9), File.ReadAllLines(F("g.csv")).Length);
        using (var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(F("g.json"))))
        {
            Assert.Equal(Frames, json.RootElement.GetProperty("frames").GetArrayLength());
        }

        // The map never changes, so SVT-AV1 gets one line (3x3 blocks of 64, qindex of the snapped offsets).
        Assert.Single(File.ReadAllLines(F("svt.txt")));
        Assert.StartsWith("0 ", File.ReadAllText(F("svt.txt")), StringComparison.Ordinal);

        string encoded = F("a.mp4");
        ProcessResult encode = ExternalTool.Run(Ffmpeg.FfmpegPath(), ["-v", "warning", "-nostdin", "-y", "-i", clip, "-filter_script:v", F("a.filter"), "-c:v", "libx264", encoded]);
        Assert.True(encode.ExitCode == 0 && !encode.StderrTail.Contains("skipping ROI", StringComparison.Ordinal), encode.StderrTail);
        Assert.Equal(Frames.ToString(System.Globalization.CultureInfo.InvariantCulture), ExternalTool.Run(Ffmpeg.FfprobePath(), ["-v", "error", "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", encoded]).StandardOutput.Trim());
    }

    [Fact]
    public void Help_says_the_seed_layouts_are_read_by_no_encoder()
    {
        (_, string stdout, _) = Run("qp", "--help");
        string help = string.Join(' ', stdout.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

        Assert.Contains("--seed-qpfile <FILE> seed 000's ASCII grid ('# vmaf-roi qpfile (x265, --qpfile-style)'); compatibility only: read by no encoder", help);
        Assert.Contains("--seed-int8 <FILE> seed 000's raw int8 bytes, row-major; compatibility only: read by no encoder", help);
        Assert.Contains("[default: 6]", help);
        Assert.Contains("[default: 64]", help);
    }

    [Fact]
    public void No_output_is_a_usage_error_and_a_ctu_out_of_range_is_bad_input()
    {
        string clip = NaturalClips.Carphone(8);

        (int none, _, string noneError) = Run("qp", "--input", clip);
        (int ctu, _, string ctuError) = Run("qp", "--input", clip, "--ctu", "4", "--grid-csv", _temp.File("g.csv"));

        Assert.Equal(ExitCodes.Usage, none);
        Assert.Contains("give at least one output", noneError);
        Assert.Equal(ExitCodes.InvalidInput, ctu);
        Assert.Contains("--ctu must be in [8, 128], got 4", ctuError);
        Assert.False(File.Exists(_temp.File("g.csv")));
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = RoiCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
